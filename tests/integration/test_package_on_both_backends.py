"""The import and export on DuckDB and PostgreSQL: same results, same bytes, same ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from saniveld import ledger
from saniveld.db import schema as s
from saniveld.package.errors import PackageInvalid
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package
from saniveld.package.sample import sample, write_package


def files_of(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def dump(engine):
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr)
                for t in s.metadata.sorted_tables}


def test_import_change_remove_and_export(any_engine, tmp_path):
    package = write_package(tmp_path / "pkg")
    assert import_package(any_engine, package).ledger_entries == 6
    assert not import_package(any_engine, package).changed
    export_package(any_engine, tmp_path / "out1")
    assert files_of(tmp_path / "out1") == files_of(package)

    data = sample()
    data["money_flows"][0]["amount"] = "450000.00"
    data["money_flows"][1]["to_code"] = "ZUID"
    data["combos"][0]["cluster_code"] = "ZUID"
    data["actors"] = [a for a in data["actors"] if a["actor_code"] not in ("ORG-WZ", "P-001")]
    data["combo_members"] = [m for m in data["combo_members"] if m["actor_code"] != "P-001"]
    data["role_assignments"] = [r for r in data["role_assignments"] if r["actor_code"] != "P-001"]
    data["money_flows"] = [f for f in data["money_flows"] if f["to_code"] != "ORG-WZ"]
    changed = write_package(tmp_path / "changed", data)
    result = import_package(any_engine, changed)
    # F-0001 adjustment, F-0002 reversal + post, F-0005 (to ORG-WZ) reversal
    assert result.ledger_entries == 4
    with any_engine.connect() as conn:
        flows = ledger.current_flows(conn).set_index("flow_code")
        assert flows.loc["F-0001", "amount"] == Decimal("450000.00")
        assert "F-0005" not in flows.index
    export_package(any_engine, tmp_path / "out2")
    assert files_of(tmp_path / "out2") == files_of(changed)


def test_bad_package_changes_nothing(any_engine, tmp_path):
    import_package(any_engine, write_package(tmp_path / "pkg"))
    data = sample()
    data["clusters"][0]["name"] = "Nieuw"
    data["experiences"][-1]["dimension"] = "geluk"
    before = dump(any_engine)
    with pytest.raises(PackageInvalid):
        import_package(any_engine, write_package(tmp_path / "bad", data))
    assert dump(any_engine) == before
