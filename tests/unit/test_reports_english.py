"""The quarterly report in English (`lang="en"`, `saniveld report --lang en`): PDF and Excel
read back.

The network is the levers fixture (tests/unit/levers_fixture.py), quarter 2025-Q2, its review
written and closed, as in test_reports.py. Expected values are worked out by hand from the
fixture's rows (see test_reports.py for the rows), written in English number format:

- experiences in Q2: 7; inhabitants 2000 → 7 / 2000 × 1000 = 3.5 per 1000 inhabitants;
- residents of combos active in Q2: 10 + 5 + 3 + 20 = 38 → 7 / 38 × 100 = 18.42 → "18.4";
- organised by self or network: 5 of 7 = 71.43 % → "71.4%";
- overhead: 1500 of the funders' 9000 + 2000 = 11000 → 13.64 % → "13.6%", within the 15 %
  boundary; the funders' money received in the Wmo stream: 9000 + 2000 = "€11,000";
- the network's reference point for residents supported is 3600 (config/indicators.toml)
  → "3,600".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import reports_fixture
from reports_fixture import pdf_pages, report, sheet_rows
import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld import access, audit
from saniveld.cli.app import app
from saniveld.db import engine as db
from saniveld.reports import ReportError, render
from saniveld.reports.content import gather

Q = "2025-Q2"
ADMIN = access.Principal("cli:test", "admin")
FUNDER = access.Principal("fin1", "funder", funder_code="FUN1")
OFFICIAL = access.Principal("amb", "official")
INDICATORS_TOML = Path(__file__).resolve().parents[2] / "config" / "indicators.toml"


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    return reports_fixture.reviewed_database(tmp_path_factory.mktemp("reports_en"))


@pytest.fixture(scope="module")
def english_pdf(url) -> bytes:
    return report(url, ADMIN, "pdf", lang="en", charts=False)


@pytest.fixture(scope="module")
def english_xlsx(url) -> bytes:
    return report(url, ADMIN, "xlsx", lang="en")


def _english_names() -> dict[str, tuple[str, str]]:
    """code → (name_en, name_nl), straight from config/indicators.toml."""
    with INDICATORS_TOML.open("rb") as handle:
        entries = tomllib.load(handle)["indicators"]
    return {e["code"]: (e["name_en"], e["name_nl"]) for e in entries}


# -- the PDF ----------------------------------------------------------------------------------


def test_english_pdf_headings_and_parts(english_pdf):
    text = " ".join(pdf_pages(english_pdf))
    for part in ("Quarterly report Q2 2025", "Report for the municipal council and funders",
                 "1. What we stand for", "2. The resilience flywheel", "3. Boundaries",
                 "4. Diagnostic indicators (the whole network)", "5. Money flows and overhead",
                 "Per funding stream (totals)", "6. Resilience combos per cluster",
                 "7. Supporting roles and vacancies",
                 "8. The review: conversation, decisions and initiatives",
                 "Appendix: the indicators explained", "Initiatives and follow-up",
                 "in response to: Clusters without a coordinator"):
        assert part in text, part
    for dutch in ("Kwartaalrapportage", "Waar we voor staan", "Grenzen", "Bijlage", "IJkpunt",
                  "pagina", "Gemeente Testveld", "kwartaal 2025", "binnen de grens",
                  "geen ijkpunt", "Beweging"):
        assert dutch not in text, dutch


def test_english_pdf_every_page_has_header_and_page_x_of_y(english_pdf):
    pages = pdf_pages(english_pdf)
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert "Municipality of Testveld" in page
        assert "Q2 2025" in page
        # a closed review: "Adopted <day> <English month> <year>"
        assert re.search(r"Adopted \d{1,2} (January|February|March|April|May|June|July|August|"
                         r"September|October|November|December) \d{4}", page)
        assert f"page {number} of {len(pages)}" in page


def test_english_pdf_values_in_english_number_format(english_pdf):
    text = " ".join(pdf_pages(english_pdf))
    names = _english_names()
    assert f"{names['experiences_per_1000_inhabitants'][0]} Value: 3.5 " in text
    assert f"{names['experiences_per_100_residents'][0]} Value: 18.4 " in text
    assert "Value: 71.4% " in text
    assert f"{names['residents_supported'][0]} Value: 38 · Reference point: 3,600" in text
    # the overhead boundary and the money per stream
    assert "Share of steering and overhead: 13.6%, within the boundary." in text
    assert re.search(r"Wmo €11,000 €", text)
    # Dutch number formats are gone
    for dutch in ("3,5 ", "18,4", "71,4", "13,6", "€ 11.000", "3.600"):
        assert dutch not in text, dutch


def test_english_pdf_indicator_names_and_explanations_from_config(english_pdf):
    text = " ".join(pdf_pages(english_pdf))
    with INDICATORS_TOML.open("rb") as handle:
        entries = tomllib.load(handle)["indicators"]
    for entry in entries:  # the appendix explains every indicator
        assert entry["name_en"] in text, entry["code"]
        explanation = re.sub(r"\s+", " ", entry["explanation_en"])
        assert explanation in text, entry["code"]
        if entry["name_nl"] != entry["name_en"]:
            assert entry["name_nl"] not in text, entry["code"]


def test_english_pdf_boundary_words(english_pdf):
    text = " ".join(pdf_pages(english_pdf))
    # overhead 13.6% against "below 15.0%": within; cluster E has no coordinator: crossed
    assert "below 15.0% within the boundary" in text
    assert "Clusters without a coordinator 1 equal to 0 boundary crossed" in text
    assert "(below the reference point)" in text and "(above the reference point)" in text


def test_english_funder_pdf_names_other_funders_in_aggregate(url):
    text = " ".join(pdf_pages(report(url, FUNDER, "pdf", lang="en", charts=False)))
    assert "Report for Gemeente" in text
    assert "Money flows of Gemeente are shown in detail" in text
    # combos per cluster: Z has 20 residents and 3 experiences (< 10); the total row in English
    assert re.search(r"Cluster Z 1 1 1 20 < 10", text)
    assert re.search(r"Total 4 2 2 38 ", text)


def test_english_draft_is_dated_in_english(url):
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        content = gather(conn, OFFICIAL, "2025-Q1", lang="en", today=dt.date(2025, 4, 2))
    engine.dispose()
    pages = pdf_pages(render(content, "pdf", charts=False))
    assert all("Draft, 2 April 2025" in page for page in pages)
    assert "has not been closed yet" in pages[0]


def test_unknown_language_is_refused(url):
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        with pytest.raises(ReportError):
            gather(conn, ADMIN, Q, lang="fr")
    engine.dispose()


# -- the workbook -------------------------------------------------------------------------------


def test_english_xlsx_sheets_and_headers(english_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(english_xlsx))
    assert wb.sheetnames == ["Indicators", "Indicator series", "Money flows", "Combos per cluster",
                             "Roles", "About this report"]
    header = [c.value for c in wb["Indicators"][1]]
    assert header[:8] == ["Code", "Indicator", "Kind", "Scope", "Unit", "Value",
                          "Value now (after corrections)", "Reference point"]
    assert [c.value for c in wb["Money flows"][1]] == [
        "Quarter", "Kind", "Stream", "Purpose", "From", "To", "Detail or total", "Amount"]
    assert [c.value for c in wb["Roles"][1]] == ["Role", "Where", "Required", "Carried by", "Vacancy"]
    assert wb.properties.title == "Quarterly report Q2 2025"


def test_english_xlsx_values_and_labels(english_xlsx):
    names = _english_names()
    indicators = {r["Code"]: r for r in sheet_rows(english_xlsx, "Indicators")}
    per_1000 = indicators["experiences_per_1000_inhabitants"]
    assert per_1000["Indicator"] == names["experiences_per_1000_inhabitants"][0]
    assert (per_1000["Value"], per_1000["Reference point"]) == (3.5, 80)
    assert (per_1000["Kind"], per_1000["Scope"], per_1000["Unit"]) == (
        "reference point", "network", "per 1000 inhabitants")
    assert indicators["overhead_share"]["Boundary crossed"] == "no"
    assert indicators["clusters_without_coordinator"]["Boundary crossed"] == "yes"
    series = [r for r in sheet_rows(english_xlsx, "Indicator series") if r["Code"] == "combos_active"]
    assert [r["Quarter (text)"] for r in series] == ["Q4 2024", "Q1 2025", "Q2 2025"]
    money = [r for r in sheet_rows(english_xlsx, "Money flows") if r["Quarter"] == Q]
    assert {r["Detail or total"] for r in money} <= {"detail", "total"}
    assert {r["Kind"] for r in money} == {"allocation", "spending"}
    about = {r["Item"]: r["Value"] for r in sheet_rows(english_xlsx, "About this report")}
    assert about["Quarter"] == "Q2 2025" and about["Cluster"] == "whole network"
    assert about["Prepared for"] == "administrator"


def test_english_funder_xlsx_other_funders(url):
    xlsx = report(url, FUNDER, "xlsx", lang="en")
    money = [r for r in sheet_rows(xlsx, "Money flows") if r["Quarter"] == Q]
    own = [r for r in money if r["From"] == "Gemeente" and r["To"] == "Fondsbeheerder"]
    assert [(r["Kind"], r["Purpose"], r["Detail or total"], r["Amount"]) for r in own] == [
        ("allocation", "care", "detail", 9000)]
    other = [r for r in money if r["Amount"] == 2000 and r["To"] == "Fondsbeheerder"]
    assert [(r["From"], r["Detail or total"]) for r in other] == [("Other funders", "total")]


def test_english_export_is_audited_with_its_language(url):
    report(url, OFFICIAL, "xlsx", lang="en", charts=False)
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        last = audit.entries(conn, limit=1)[0]
        assert audit.verify(conn) == []
    engine.dispose()
    assert (last.username, last.action, last.outcome) == ("amb", "export_report", "ok")
    assert last.object == "kwartaalrapportage-2025-Q2-en.xlsx"
    assert "lang=en" in last.detail


# -- the command --------------------------------------------------------------------------------

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_cli_lang_en_writes_english_workbook(url, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run("report", "--quarter", Q, "--format", "xlsx", "--lang", "en", "--out", out,
                 "--db", url)
    assert result.exit_code == 0, result.output
    about = sheet_rows(out.read_bytes(), "About this report")
    assert about[0] == {"Item": "Municipality", "Value": "Testveld"}


def test_cli_default_stays_dutch(url, tmp_path):
    out = tmp_path / "r.xlsx"
    result = run("report", "--quarter", Q, "--format", "xlsx", "--out", out, "--db", url)
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "Indicatoren"


def test_cli_unknown_language_exit_2(url, tmp_path):
    out = tmp_path / "r.pdf"
    result = run("report", "--quarter", Q, "--format", "pdf", "--lang", "fr", "--out", out,
                 "--db", url)
    assert result.exit_code == 2, result.output
    assert not out.exists()


def test_english_charts_are_specified_in_english(url):
    """The chart specifications (drawn by Chromium only with charts=True) speak English: labels,
    number separators, and so a closed quarter keeps English images under keys of their own."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    from saniveld.reports import pdf

    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        english = gather(conn, ADMIN, Q, lang="en")
        dutch = gather(conn, ADMIN, Q)
    engine.dispose()
    keys, figs = pdf._figures(english)
    specs = {k: json.dumps(f.to_plotly_json(), cls=PlotlyJSONEncoder) for k, f in zip(keys, figs)}
    assert "Resilience<br>experiences" in specs["flywheel"]
    assert "<b>3.5</b>" in specs["flywheel"]  # 7 experiences / 2000 inhabitants × 1000
    assert "Steering and overhead" in specs["overhead"]
    assert {f.layout.separators for f in figs} - {None} == {".,"}  # decimal point, comma
    dutch_specs = dict(zip(*pdf._figures(dutch)))
    assert dutch_specs["flywheel"].to_plotly_json() != figs[keys.index("flywheel")].to_plotly_json()


def test_english_sankey_labels(url):
    """The Sankey's own labels (overhead, folded combos) are English too."""
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        content = gather(conn, ADMIN, Q, lang="en")
    engine.dispose()
    [(title, sankey)] = content.sankeys
    assert title == "Money flows"
    assert "Steering and overhead" in sankey.node_labels
    assert "Combos" in sankey.node_labels
    assert not {"Aansturing en overhead", "Combi's"} & set(sankey.node_labels)
