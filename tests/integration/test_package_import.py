"""Import and export on a real DuckDB file: all or nothing, idempotency, the ledger, round trips."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.package.errors import PackageInvalid
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package
from saniveld.package.sample import sample, write_package
from saniveld.package.spec import FILES


def file_hash(engine) -> str:
    return hashlib.sha256(Path(engine.url.database).read_bytes()).hexdigest()


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, for comparing a database before and after."""
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr)
                for t in s.metadata.sorted_tables}


def ledger_rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(s.money_flows.c.flow_code, s.money_flows.c.quarter, s.money_flows.c.to_code,
                      s.money_flows.c.amount, s.money_flows.c.entry_type, s.money_flows.c.corrects_entry_id)
            .order_by(s.money_flows.c.entry_id)).all()]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture
def package(tmp_path) -> Path:
    return write_package(tmp_path / "pkg")


def test_import_fills_every_table(engine, package):
    result = import_package(engine, package)
    assert {n: c.inserted for n, c in result.files.items()} == {
        "municipality": 1, "clusters": 2, "actors": 7, "combos": 2, "combo_members": 3,
        "role_assignments": 2, "money_flows": 6, "experiences": 2,
    }
    assert result.ledger_entries == 6 and result.data_version == 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(s.municipality)).one() == (1, "Saniveld", 18000, 10)
        combo = conn.execute(sa.select(s.combos).where(s.combos.c.combo_code == "CMB-Z-001")).one()
        assert combo.ended_on == date(2025, 6, 30) and combo.residents == 12
        assert conn.execute(sa.select(s.combo_members.c.resource_group)
                            .where(s.combo_members.c.actor_code == "P-001")).scalar_one() is True
        network = conn.execute(sa.select(s.role_assignments).where(s.role_assignments.c.scope == "network")).one()
        assert network.scope_code is None and network.ended_on == date(2025, 12, 31)
        q1 = ledger.current_flows(conn, "2025-Q1")
        # 500000.00 + 300000.00 + 60000.50 + 250000.00
        assert q1["amount"].sum() == Decimal("1110000.50")
        postings = conn.execute(sa.select(s.ledger_postings.c.quarter, s.ledger_postings.c.source)
                                .order_by(s.ledger_postings.c.quarter)).all()
        assert postings == [("2025-Q1", "import"), ("2025-Q2", "import")]
        assert conn.execute(sa.select(s.quarters.c.quarter, s.quarters.c.version)
                            .order_by(s.quarters.c.quarter)).all() == [("2025-Q1", 1), ("2025-Q2", 1)]
        assert db.data_version(conn) == 1


def test_import_creates_the_schema_when_missing(db_url, package):
    eng = db.command_engine(db_url)
    import_package(eng, package)
    with eng.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(s.actors)).scalar_one() == 7
    eng.dispose()


def test_reimport_is_a_no_op(engine, package):
    import_package(engine, package)
    before = dump(engine)
    result = import_package(engine, package)
    assert not result.changed and result.ledger_entries == 0
    assert all(c.unchanged == c.rows and c.inserted == c.updated == c.deleted == 0 for c in result.files.values())
    assert dump(engine) == before


def test_changes_update_rows_and_flow_changes_go_into_the_ledger(engine, tmp_path, package):
    import_package(engine, package)
    data = sample()
    data["money_flows"][0]["amount"] = "450000.00"   # F-0001: amount only -> adjustment -50000.00
    data["money_flows"][1]["to_code"] = "ZUID"       # F-0002: other receiver -> reversal + post
    del data["money_flows"][2]                       # F-0003: gone -> reversal
    data["combos"][0]["cluster_code"] = "ZUID"       # a combo moves to another cluster
    data["actors"][4]["organisation_code"] = ""      # a person leaves her organisation
    del data["combo_members"][2]                     # a member leaves
    result = import_package(engine, write_package(tmp_path / "changed", data))
    assert (result.files["money_flows"].updated, result.files["money_flows"].deleted) == (2, 1)
    assert (result.files["combos"].updated, result.files["combo_members"].deleted) == (1, 1)
    assert result.ledger_entries == 4 and result.data_version == 2
    assert ledger_rows(engine)[6:] == [
        ("F-0002", "2025-Q1", "NOORD", Decimal("-300000.00"), "reversal", 2),
        ("F-0003", "2025-Q1", "FA", Decimal("-60000.50"), "reversal", 3),
        ("F-0001", "2025-Q1", "FA", Decimal("-50000.00"), "adjustment", 1),
        ("F-0002", "2025-Q1", "ZUID", Decimal("300000.00"), "post", None),
    ]
    with engine.connect() as conn:
        flows = ledger.current_flows(conn)
        assert list(flows["flow_code"]) == ["F-0001", "F-0002", "F-0004", "F-0005", "F-0006"]
        assert flows.set_index("flow_code").loc["F-0001", "amount"] == Decimal("450000.00")
        assert flows.set_index("flow_code").loc["F-0002", "to_code"] == "ZUID"
        assert conn.execute(sa.select(s.combos.c.cluster_code).where(s.combos.c.combo_code == "CMB-N-001")).scalar_one() == "ZUID"
        assert conn.execute(sa.select(s.actors.c.organisation_code).where(s.actors.c.actor_code == "P-001")).scalar_one() is None
        assert conn.execute(sa.select(s.quarters.c.version).where(s.quarters.c.quarter == "2025-Q1")).scalar_one() == 2
    out = tmp_path / "out"
    export_package(engine, out)
    assert files_of(out) == files_of(tmp_path / "changed")


def test_a_flow_put_back_after_removal_is_posted_again(engine, tmp_path, package):
    import_package(engine, package)
    data = sample()
    del data["money_flows"][5]
    import_package(engine, write_package(tmp_path / "without", data))
    import_package(engine, package)
    assert ledger_rows(engine)[6:] == [
        ("F-0006", "2025-Q2", "FA", Decimal("-75000.00"), "reversal", 6),
        ("F-0006", "2025-Q2", "FA", Decimal("75000.00"), "post", None),
    ]


def test_bad_package_changes_nothing_even_with_the_error_on_the_last_line(engine, tmp_path, package):
    import_package(engine, package)
    data = sample()
    data["money_flows"][0]["amount"] = "1.00"  # a valid change ...
    data["experiences"].append({"experience_code": "E-9999", "combo_code": "CMB-N-001",
                                "occurred_on": "2025-13-01", "dimension": "participation",
                                "organised_by": "self"})  # ... and a bad last row of the last file
    bad = write_package(tmp_path / "bad", data)
    before_rows, before_bytes = dump(engine), file_hash(engine)
    with pytest.raises(PackageInvalid) as raised:
        import_package(engine, bad)
    assert [str(e) for e in raised.value.errors] == [
        "experiences.csv:4: occurred_on: '2025-13-01' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-03-31"
    ]
    assert "Het datapakket bevat 1 fout(en); er is niets veranderd." in str(raised.value)
    assert dump(engine) == before_rows
    assert file_hash(engine) == before_bytes


def test_change_in_a_locked_quarter_is_refused_and_nothing_changes(engine, tmp_path, package):
    import_package(engine, package)
    with db.transaction(engine) as conn:
        conn.execute(s.quarters.update().where(s.quarters.c.quarter == "2025-Q1").values(locked=True))
    data = sample()
    data["clusters"][0]["name"] = "Noord (nieuw)"   # would be written before the flows
    data["money_flows"][3]["amount"] = "1.00"
    before = dump(engine)
    with pytest.raises(PackageInvalid) as raised:
        import_package(engine, write_package(tmp_path / "locked", data))
    assert [str(e) for e in raised.value.errors] == [
        "money_flows.csv:5: quarter: F-0004: kwartaal 2025-Q1 is afgesloten; geldstromen in dit kwartaal "
        "kunnen niet meer veranderen"
    ]
    assert dump(engine) == before


def test_removing_a_combo_with_notes_is_refused(engine, tmp_path, package):
    import_package(engine, package)
    with db.transaction(engine) as conn:
        conn.execute(s.combo_notes.insert(), {"combo_code": "CMB-Z-001", "body": "goed gesprek",
                                              "written_by": "coordinator", "written_at": ledger.utc_now()})
    data = sample()
    data["combos"] = data["combos"][:1]
    data["combo_members"] = data["combo_members"][:2]
    data["experiences"] = data["experiences"][:1]
    before = dump(engine)
    with pytest.raises(PackageInvalid) as raised:
        import_package(engine, write_package(tmp_path / "fewer", data))
    assert [str(e) for e in raised.value.errors] == [
        "combos.csv:0: combo_code: 'CMB-Z-001' ontbreekt in het pakket maar wordt in het dashboard nog gebruikt "
        "(notities bij de combo / notes on the combo); zet de regel terug"
    ]
    assert dump(engine) == before


@pytest.mark.parametrize("fast", [True, False], ids=["arrow", "portable"])
def test_round_trip_is_byte_identical(tmp_path, package, fast):
    first = db.command_engine(f"duckdb:///{tmp_path / 'first.duckdb'}")
    import_package(first, package, fast=fast)
    export_package(first, tmp_path / "export1")
    second = db.command_engine(f"duckdb:///{tmp_path / 'second.duckdb'}")
    import_package(second, tmp_path / "export1", fast=fast)
    export_package(second, tmp_path / "export2")
    assert [p.name for p in sorted((tmp_path / "export1").iterdir())] == sorted(f.filename for f in FILES)
    assert files_of(tmp_path / "export1") == files_of(tmp_path / "export2")
    assert files_of(tmp_path / "export1") == files_of(package)  # the sample is canonical already
    first.dispose()
    second.dispose()


def test_export_after_ledger_history_shows_current_positions(engine, tmp_path, package):
    import_package(engine, package)
    with db.transaction(engine) as conn:
        ledger.append_posting(conn, posting_key="move-1", posted_by="netwerkmanager", reason="herverdeling",
                              source="move", quarter="2025-Q1", entries=[
                                  ledger.LedgerEntry("F-0004", "2025-Q1", "allocation", "NOORD", "CMB-N-001",
                                                     Decimal("-50000.00"), "wmo", "care", "adjustment", 4)])
    export_package(engine, tmp_path / "out")
    text = (tmp_path / "out" / "money_flows.csv").read_text(encoding="utf-8")
    assert "F-0004,2025-Q1,allocation,NOORD,CMB-N-001,200000.00,wmo,care\n" in text


def test_xlsx_import(engine, tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in FILES:
        sheet = book.create_sheet(spec.name)
        sheet.append(list(spec.column_names))
        for row in sample()[spec.name]:
            cells = []
            for col in spec.column_names:
                value = row.get(col, "") or None
                if col in ("started_on", "ended_on", "occurred_on") and value:
                    value = date.fromisoformat(value)          # a real date cell
                elif col in ("inhabitants", "residents", "general_practitioners") and value:
                    value = int(value)                         # a number cell
                elif col == "amount":
                    value = float(value)                       # Excel keeps amounts as numbers
                elif col == "resource_group":
                    value = value == "true"                    # a TRUE/FALSE cell
                cells.append(value)
            sheet.append(cells)
    path = tmp_path / "pakket.xlsx"
    book.save(path)
    result = import_package(engine, path)
    assert result.files["money_flows"].inserted == 6
    export_package(engine, tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(write_package(tmp_path / "expected"))

    sheet = book["combos"]
    sheet["C3"] = "WEST"  # row 3 of the sheet: the second combo
    bad = tmp_path / "fout.xlsx"
    book.save(bad)
    with pytest.raises(PackageInvalid) as raised:
        import_package(engine, bad)
    assert [str(e) for e in raised.value.errors] == ["combos:3: cluster_code: 'WEST' komt niet voor in clusters"]


@pytest.mark.parametrize("fast", [True, False], ids=["arrow", "portable"])
def test_rows_gone_from_the_package_are_removed(engine, tmp_path, package, fast):
    import_package(engine, package, fast=fast)
    data = sample()
    data["actors"] = [a for a in data["actors"] if a["actor_code"] not in ("ORG-WZ", "P-001")]
    data["combo_members"] = [m for m in data["combo_members"] if m["actor_code"] != "P-001"]
    data["role_assignments"] = [r for r in data["role_assignments"] if r["actor_code"] != "P-001"]
    data["money_flows"] = [f for f in data["money_flows"] if f["to_code"] != "ORG-WZ"]
    result = import_package(engine, write_package(tmp_path / "smaller", data), fast=fast)
    assert result.files["actors"].deleted == 2
    assert (result.files["combo_members"].deleted, result.files["role_assignments"].deleted) == (1, 1)
    with engine.connect() as conn:
        codes = conn.execute(sa.select(s.actors.c.actor_code).order_by(s.actors.c.actor_code)).scalars().all()
        assert codes == ["FA", "FUND-WMO", "FUND-ZVW", "P-002", "R0001"]
        assert "F-0005" not in set(ledger.current_flows(conn)["flow_code"])
    export_package(engine, tmp_path / "out")
    assert files_of(tmp_path / "out") == files_of(tmp_path / "smaller")
