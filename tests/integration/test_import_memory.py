"""The import within a memory budget: DuckDB's memory_limit, the scratch workspace, spilling."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from saniveld import settings
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.package.errors import PackageInvalid
from saniveld.package.importer import import_package
from saniveld.package.reader import read_package, workspace_memory_limit
from saniveld.package.sample import write_package


def memory_limit(conn) -> str:
    return conn.execute(sa.text("SELECT current_setting('memory_limit')")).scalar_one()


@pytest.mark.parametrize(
    "text, expected",
    [("2GB", 2_000_000_000), ("1.5 GiB", 1_610_612_736), ("512mb", 512_000_000), ("1000000", 1_000_000),
     ("64 KiB", 65_536)],
)
def test_parse_size(text, expected):
    assert settings.parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "two GB", "2 GBs", "-1GB"])
def test_parse_size_refuses_what_is_not_a_size(text):
    with pytest.raises(ValueError, match="not a memory size"):
        settings.parse_size(text)


def test_memory_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("SANIVELD_DUCKDB_MEMORY_LIMIT", "300MiB")
    assert settings.duckdb_memory_limit() == 300 * 2**20
    monkeypatch.setenv("SANIVELD_DUCKDB_MEMORY_LIMIT", "1KB")  # never below 64 MiB
    assert settings.duckdb_memory_limit() == 64 * 2**20


def test_default_memory_limit_is_at_most_2gb_and_a_quarter_of_the_machine(monkeypatch):
    monkeypatch.delenv("SANIVELD_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.setattr(settings, "machine_memory", lambda: 24 * 10**9)
    assert settings.duckdb_memory_limit() == 2 * 10**9
    monkeypatch.setattr(settings, "machine_memory", lambda: 4 * 10**9)
    assert settings.duckdb_memory_limit() == 10**9


def test_duckdb_connections_get_the_memory_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("SANIVELD_DUCKDB_MEMORY_LIMIT", "300MiB")
    for make in (db.command_engine, db.server_engine):
        eng = make(f"duckdb:///{tmp_path / (make.__name__ + '.duckdb')}")
        with db.connect(eng) as conn:
            assert memory_limit(conn) == "300.0 MiB"
        eng.dispose()


def test_workspace_is_a_scratch_file_with_half_the_budget_and_is_removed(monkeypatch, tmp_path):
    monkeypatch.setenv("SANIVELD_DUCKDB_MEMORY_LIMIT", "400MiB")
    monkeypatch.setenv("SANIVELD_TEMP_DIR", str(tmp_path / "scratch"))  # created when missing
    assert workspace_memory_limit() == 200 * 2**20
    ws = read_package(write_package(tmp_path / "pkg"))
    try:
        assert ws.folder.parent == tmp_path / "scratch"
        assert (ws.folder / "workspace.duckdb").is_file()
        assert ws.db.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "200.0 MiB"
        assert ws.db.execute("SELECT current_setting('temp_directory')").fetchone()[0] == str(ws.folder / "spill")
        assert ws.db.execute("SELECT count(*) FROM pkg_actors").fetchone()[0] == 7
    finally:
        ws.close()
    assert list((tmp_path / "scratch").iterdir()) == []


def test_import_under_the_smallest_budget_fills_the_database_and_leaves_no_scratch(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("SANIVELD_DUCKDB_MEMORY_LIMIT", "64MiB")
    monkeypatch.setenv("SANIVELD_TEMP_DIR", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    seen = []

    def progress(stage, done, total):  # while comparing and writing, the target has the other half
        if done in (2, 3):
            with engine.connect() as conn:
                seen.append(memory_limit(conn))

    result = import_package(engine, write_package(tmp_path / "pkg"), progress=progress)
    assert result.ledger_entries == 6 and result.files["actors"].inserted == 7
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(s.money_flows)).scalar_one() == 6
        assert memory_limit(conn) == "64.0 MiB"  # the whole budget back after the import
    assert seen == ["32.0 MiB", "32.0 MiB"]
    assert list((tmp_path / "scratch").iterdir()) == []


def test_rejected_package_leaves_the_file_unchanged_and_no_scratch(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("SANIVELD_TEMP_DIR", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    import_package(engine, write_package(tmp_path / "pkg"))
    engine.dispose()
    before = hashlib.sha256(Path(engine.url.database).read_bytes()).hexdigest()
    bad = write_package(tmp_path / "bad")
    text = (bad / "money_flows.csv").read_text().splitlines()
    text[1] = "F-0001,2025-Q1,allocation,FUND-WMO,FA,vijf,wmo,care"  # not an amount: refused
    (bad / "money_flows.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(PackageInvalid):
        import_package(engine, bad)
    engine.dispose()
    assert hashlib.sha256(Path(engine.url.database).read_bytes()).hexdigest() == before
    assert list((tmp_path / "scratch").iterdir()) == []
