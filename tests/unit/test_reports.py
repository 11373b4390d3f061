"""Quarterly reports (saniveld/reports, saniveld report): PDF and Excel read back.

The network is the levers fixture (tests/unit/levers_fixture.py), quarter 2025-Q2, with its
review written and closed. Expected values are worked out by hand from the fixture's rows:

- experiences in Q2: E1–E7 = 7 (N: E1, E2, E3, E4 = 4; Z: E5, E6, E7 = 3); inhabitants 2000
  → 7 / 2000 × 1000 = 3,5 per 1000 inhabitants;
- residents of combos active in Q2: C1 10 + C2 5 + C3 3 (N = 18) + C6 20 (Z) = 38
  → 7 / 38 × 100 = 18,42 → "18,4" per 100 residents;
- organised by self or network: E1, E2, E4, E6, E7 = 5 of 7 = 71,43 % → "71,4 %";
- overhead: a3 1500 (a11 reversed) of funders' 9000 (a1 after its −1000 adjustment) + 2000 (a2)
  = 13,64 % → "13,6 %", below the 15 % boundary.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import levers_fixture
import reports_fixture
from reports_fixture import pdf_pages, report, sheet_rows
from saniveld.db import summary
import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld import access, audit, formatting
from saniveld.cli.app import app
from saniveld.db import engine as db
from saniveld.db import schema
from saniveld.levers import review as rv
from saniveld.levers.indicators import compute_indicators
from saniveld.reports import ReportError
from saniveld.reports.content import gather

Q = "2025-Q2"
ADMIN = access.Principal("cli:test", "admin")
FUNDER = access.Principal("fin1", "funder", funder_code="FUN1")
COORDINATOR_N = access.Principal("coord", "coordinator", cluster_code="N")
OFFICIAL = access.Principal("amb", "official")


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    return reports_fixture.reviewed_database(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def council_pdf(url) -> bytes:
    return report(url, ADMIN, "pdf")


@pytest.fixture(scope="module")
def funder_pdf(url) -> bytes:
    return report(url, FUNDER, "pdf", charts=False)


# -- the PDF ----------------------------------------------------------------------------------


def test_pdf_values_in_dutch_format_match_the_indicators(url, council_pdf):
    text = " ".join(pdf_pages(council_pdf))
    for expected in ("Veerkracht-ervaringen per 1000 inwoners", "3,5", "18,4", "71,4 %", "13,6 %",
                     "binnen de grens"):
        assert expected in text
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        results = compute_indicators(conn, Q)
    engine.dispose()
    for r in results:
        if r.lever == "diagnostic":
            assert f"{r.name_nl} Waarde: {formatting.indicator_value(r.value, r.unit)}" in text, r.code


def test_pdf_every_page_has_municipality_quarter_date_and_page_number(council_pdf):
    pages = pdf_pages(council_pdf)
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert "Gemeente Testveld" in page
        assert "2e kwartaal 2025" in page
        assert re.search(r"Vastgesteld \d{1,2} \w+ \d{4}", page)
        assert f"pagina {number} van {len(pages)}" in page


def test_pdf_holds_every_part_in_neutral_language(council_pdf):
    text = " ".join(pdf_pages(council_pdf))
    for part in ("Waar we voor staan", "veerkracht-vliegwiel", "Grenzen", "Diagnostische indicatoren",
                 "Geldstromen en overhead", "Dragende rollen en vacatures", "De review",
                 "Bijlage: de indicatoren uitgelegd", "Een houding van open leiderschap in elke rol.",
                 "Minder ervaringen in cluster Zuid: waarom?", "Cluster Zuid krijgt een coördinator.",
                 "Coördinator voor Zuid", "Vacature uitgezet.", "onder het ijkpunt"):
        assert part in text, part
    # a boundary is crossed in the fixture: cluster E has no coordinator at the end of Q2
    assert "grens overschreden" in text
    for word in ("mislukt", "niet gehaald", "failed", "onvoldoende"):
        assert word not in text.lower()


def _kept_images(url) -> int:
    engine = db.command_engine(url)
    try:
        with db.connect(engine) as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(schema.rendered_figures)).scalar_one()
    finally:
        engine.dispose()


def test_same_closed_quarter_gives_the_same_bytes(url, council_pdf):
    """Byte equality, PDF (charts included) and Excel; the charts were kept the first time."""
    kept = _kept_images(url)
    assert kept >= 10  # flywheel, one chart per diagnostic indicator, Sankey, overhead
    assert report(url, ADMIN, "pdf") == council_pdf
    assert _kept_images(url) == kept  # nothing drawn anew
    assert report(url, FUNDER, "xlsx") == report(url, FUNDER, "xlsx")


# -- the funder's report: own money in detail, small counts suppressed --------------------------


def test_funder_pdf_suppresses_small_counts(funder_pdf):
    text = " ".join(pdf_pages(funder_pdf))
    assert "Rapportage voor Gemeente" in text
    # combos per cluster: N 4 and Z 3 experiences, 7 in total: all shown as "< 10"
    row_n = re.search(r"Cluster N 3 1 1 18 (\S+ ?\S*)", text)
    assert row_n and row_n.group(1).startswith("< 10")
    assert re.search(r"Cluster Z 1 1 1 20 < 10", text)


def test_funder_xlsx_suppression_and_money_detail(url):
    xlsx = report(url, FUNDER, "xlsx")
    combos = {r["Clustercode"]: r for r in sheet_rows(xlsx, "Combi's per cluster")}
    assert combos["N"]["Veerkracht-ervaringen"] == "< 10"
    assert combos["Z"]["Veerkracht-ervaringen"] == "< 10"
    assert combos["N"]["Ondersteunde bewoners"] == 18 and combos["Z"]["Ondersteunde bewoners"] == 20
    money = [r for r in sheet_rows(xlsx, "Geldstromen") if r["Kwartaal"] == Q]
    own = [r for r in money if r["Van"] == "Gemeente" and r["Naar"] == "Fondsbeheerder"]
    assert own == [{"Kwartaal": Q, "Soort": "toewijzing", "Stroom": "Wmo", "Doel": "zorg",
                    "Van": "Gemeente", "Naar": "Fondsbeheerder", "Detail of opgeteld": "detail",
                    "Bedrag": 9000}]
    other = [r for r in money if r["Bedrag"] == 2000 and r["Naar"] == "Fondsbeheerder"]
    assert [(r["Van"], r["Detail of opgeteld"]) for r in other] == [("Andere financiers", "opgeteld")]
    assert not any(r["Van"] == "Zorgverzekeraar" for r in money)


def test_official_sees_money_in_aggregate(url):
    xlsx = report(url, OFFICIAL, "xlsx")
    money = [r for r in sheet_rows(xlsx, "Geldstromen") if r["Kwartaal"] == Q]
    assert {r["Detail of opgeteld"] for r in money} == {"opgeteld"}
    # N → C1 4000 and N → C2 2500 are one aggregate row: combos in cluster N
    to_n = [r for r in money if r["Van"] == "Cluster N" and r["Soort"] == "toewijzing"]
    assert [(r["Naar"], r["Bedrag"]) for r in to_n] == [("Combi's in Cluster N", 6500)]


def test_coordinator_sees_own_cluster_counts_exactly(url):
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        content = gather(conn, COORDINATOR_N, Q, cluster="N")
    engine.dispose()
    combos = content.combos.set_index("cluster_code")
    assert combos.loc["N", "experiences"] == 4
    assert combos.loc["Z", "experiences"] == "< 10"


def test_xlsx_sheets_headers_frozen_and_filtered(url):
    xlsx = report(url, ADMIN, "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Indicatoren", "Indicatorreeksen", "Geldstromen", "Combi's per cluster",
                             "Rollen", "Over dit rapport"]
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    indicators = {r["Code"]: r for r in sheet_rows(xlsx, "Indicatoren")}
    assert indicators["experiences_per_1000_inhabitants"]["Waarde"] == 3.5
    assert indicators["experiences_per_1000_inhabitants"]["IJkpunt"] == 80
    assert indicators["experiences_per_100_residents"]["Waarde"] == pytest.approx(18.4211)
    assert indicators["overhead_share"]["Grens overschreden"] == "nee"
    assert wb["Geldstromen"]["H2"].number_format == '"€" #,##0.00'
    series = [r for r in sheet_rows(xlsx, "Indicatorreeksen") if r["Code"] == "combos_active"]
    # C1, C3, C4 active in 2024-Q4 and 2025-Q1; C1, C2, C3, C6 in 2025-Q2
    assert [(r["Kwartaal"], r["Waarde"]) for r in series] == [("2024-Q4", 3), ("2025-Q1", 3), (Q, 4)]
    roles = sheet_rows(xlsx, "Rollen")
    assert ("(In)richtend manager", "Netwerk", "ja") in [(r["Rol"], r["Waar"], r["Vacature"]) for r in roles]


def test_export_is_audited(url):
    report(url, OFFICIAL, "xlsx")
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        last = audit.entries(conn, limit=1)[0]
        assert audit.verify(conn) == []
    engine.dispose()
    assert (last.username, last.user_role, last.action, last.outcome) == (
        "amb", "official", "export_report", "ok")
    assert last.object == "kwartaalrapportage-2025-Q2.xlsx"


def test_refusals_and_unknowns(url):
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        with pytest.raises(access.Forbidden):
            gather(conn, FUNDER, Q, funder="FUN2")  # another funder's report
        with pytest.raises(access.Forbidden):
            gather(conn, OFFICIAL, Q, funder="FUN1")
        with pytest.raises(ReportError):
            gather(conn, ADMIN, "2031-Q1")
        with pytest.raises(ReportError):
            gather(conn, ADMIN, Q, cluster="NOPE")
    engine.dispose()


# -- the command --------------------------------------------------------------------------------

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_cli_writes_report(url, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run("report", "--quarter", Q, "--format", "xlsx", "--out", out, "--db", url)
    assert result.exit_code == 0, result.output
    assert sheet_rows(out.read_bytes(), "Over dit rapport")[0] == {"Onderdeel": "Gemeente", "Waarde": "Testveld"}


@pytest.mark.parametrize("args", [
    ["--quarter", "2031-Q1"],
    ["--quarter", "kwartaal 2"],
    ["--quarter", Q, "--cluster", "NOPE"],
    ["--quarter", Q, "--funder", "NOPE"],
    ["--quarter", Q, "--user", "nobody"],
])
def test_cli_refuses_unknown_input_exit_2(url, tmp_path, args):
    out = tmp_path / "r.pdf"
    result = run("report", *args, "--format", "pdf", "--out", out, "--db", url)
    assert result.exit_code == 2, result.output
    assert not out.exists()


def test_cli_funder_user_may_not_take_another_funders_report(url, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run("report", "--quarter", Q, "--funder", "FUN2", "--user", "fin1", "--format", "xlsx",
                 "--out", out, "--db", url)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        last = audit.entries(conn, limit=1)[0]
    engine.dispose()
    assert (last.username, last.action, last.outcome) == ("fin1", "export_report", "refused")


def test_cli_funder_user_gets_own_report(url, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run("report", "--quarter", Q, "--user", "fin1", "--format", "xlsx", "--out", out,
                 "--db", url)
    assert result.exit_code == 0, result.output
    about = {r["Onderdeel"]: r["Waarde"] for r in sheet_rows(out.read_bytes(), "Over dit rapport")}
    assert about["Opgesteld voor"] == "financier Gemeente"
    assert Decimal(str(sheet_rows(out.read_bytes(), "Indicatoren")[0]["Waarde"])) == Decimal("3.5")


def test_open_quarter_is_a_dated_concept(url):
    import datetime as dt

    from saniveld.reports import render

    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        content = gather(conn, OFFICIAL, "2025-Q1", today=dt.date(2025, 4, 2))
    engine.dispose()
    assert content.closed is False and content.report_date == dt.date(2025, 4, 2)
    pages = pdf_pages(render(content, "pdf", charts=False))
    assert all("Concept, 2 april 2025" in page for page in pages)
    assert "nog niet afgesloten" in pages[0]


def test_an_open_quarters_charts_are_not_kept(url, council_pdf):
    """An open quarter changes with every write: its charts are drawn for each report."""
    kept = _kept_images(url)
    pdf = report(url, OFFICIAL, "pdf", quarter="2025-Q1")
    assert pdf.startswith(b"%PDF")
    assert _kept_images(url) == kept


def test_closed_quarter_keeps_its_frozen_values_when_data_changes_later(engine):
    """Closed with 7 experiences (3,5 per 1000); an 8th recorded afterwards (4,0 per 1000)."""
    from datetime import date

    from saniveld.db import schema as s
    from saniveld.reports import render

    with db.transaction(engine) as conn:
        levers_fixture.load(conn)
        rv.close_review(conn, Q, "amb")
    with db.connect(engine) as conn:
        before = render(gather(conn, ADMIN, Q), "xlsx")
    with db.transaction(engine) as conn:
        conn.execute(s.experiences.insert(), {"experience_code": "E10", "combo_code": "C1",
                                              "occurred_on": date(2025, 5, 5),
                                              "dimension": "participation", "organised_by": "self"})
        summary.rebuild(conn)
    with db.connect(engine) as conn:
        content = gather(conn, ADMIN, Q)
    line = next(d for d in content.diagnostics if d.code == "experiences_per_1000_inhabitants")
    assert (line.value, line.current_value) == (Decimal("3.5"), Decimal("4"))
    assert line.series[-1] == (Q, Decimal("3.5"))
    text = " ".join(pdf_pages(render(content, "pdf", charts=False)))
    assert "Waarde: 3,5 (bij de review; met latere gegevens nu 4,0)" in text
    after = render(content, "xlsx")
    row = next(r for r in sheet_rows(after, "Indicatoren") if r["Code"] == "experiences_per_1000_inhabitants")
    assert (row["Waarde"], row["Waarde nu (na correcties)"]) == (3.5, 4)
    assert before != after
