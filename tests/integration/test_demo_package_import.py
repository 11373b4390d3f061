"""The committed Saniveld demo package (data/demo) imports cleanly and round-trips byte for byte."""

from __future__ import annotations

from saniveld import settings
from saniveld.db import engine as db
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package

DEMO = settings.PROJECT_ROOT / "data" / "demo"


def test_demo_package_imports_and_round_trips(tmp_path):
    first = db.command_engine(f"duckdb:///{tmp_path / 'a.duckdb'}")
    result = import_package(first, DEMO)
    assert result.files["money_flows"].inserted == result.files["money_flows"].rows > 0
    assert not import_package(first, DEMO).changed
    export_package(first, tmp_path / "out1")
    second = db.command_engine(f"duckdb:///{tmp_path / 'b.duckdb'}")
    import_package(second, tmp_path / "out1")
    export_package(second, tmp_path / "out2")
    for path in sorted(DEMO.glob("*.csv")):
        assert (tmp_path / "out1" / path.name).read_bytes() == path.read_bytes(), path.name
        assert (tmp_path / "out2" / path.name).read_bytes() == path.read_bytes(), path.name
    first.dispose()
    second.dispose()
