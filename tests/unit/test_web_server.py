"""`saniveld run`: the demo database on first start, and refusing unsafe configurations."""

from __future__ import annotations

import sys
import types

import pytest
import sqlalchemy as sa

from saniveld import overview
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.web import server


def _name(db_url):
    engine = db.command_engine(db_url)
    try:
        with db.connect(engine) as conn:
            return overview.municipality_name(conn)
    finally:
        engine.dispose()


@pytest.fixture
def demo_dir(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "municipality.csv").write_text("name,inhabitants\nSaniveld,18000\n")
    return folder


@pytest.fixture
def stand_ins(monkeypatch):
    """Stand-ins for the importer and the user store (other parts of the project), writing
    real rows into the real database so that the orchestration can be observed."""
    calls = []

    def import_package(engine, path):
        calls.append(path)
        with db.transaction(engine) as conn:
            name, inhabitants = (path / "municipality.csv").read_text().splitlines()[1].split(",")
            conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": name,
                                                   "inhabitants": int(inhabitants)})

    def create_demo_users(conn):
        assert isinstance(conn, sa.Connection)
        return {"gemeente": "Wachtwoord-1", "beheer": "Wachtwoord-2"}

    monkeypatch.setitem(sys.modules, "saniveld.package.importer",
                        types.SimpleNamespace(import_package=import_package))
    monkeypatch.setitem(sys.modules, "saniveld.users",
                        types.SimpleNamespace(create_demo_users=create_demo_users))
    return calls


def test_first_start_imports_the_demo_and_prints_the_passwords_once(db_url, demo_dir, stand_ins,
                                                                    capsys):
    assert server.load_demo(db_url, demo_dir) is True
    assert _name(db_url) == "Saniveld"
    printed = capsys.readouterr().err
    assert "gemeente  Wachtwoord-1" in printed and "beheer  Wachtwoord-2" in printed

    assert server.load_demo(db_url, demo_dir) is False  # the database has data now
    assert stand_ins == [demo_dir]
    assert "Wachtwoord" not in capsys.readouterr().err


def test_without_the_importer_the_dashboard_starts_empty(db_url, demo_dir, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "saniveld.package.importer", None)
    assert server.load_demo(db_url, demo_dir) is False
    assert "nog niet beschikbaar" in capsys.readouterr().err
    assert _name(db_url) is None


def test_without_a_demo_package_the_dashboard_starts_empty(db_url, tmp_path, stand_ins, capsys):
    assert server.load_demo(db_url, tmp_path / "absent") is False
    assert "Geen demopakket gevonden" in capsys.readouterr().err
    assert stand_ins == []


def test_without_the_user_store_the_demo_is_still_imported(db_url, demo_dir, stand_ins,
                                                          monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "saniveld.users", None)
    assert server.load_demo(db_url, demo_dir) is True
    assert "gebruikersbeheer is nog niet beschikbaar" in capsys.readouterr().err


def test_a_configured_database_is_never_filled_with_the_demo(monkeypatch):
    assert server.uses_default_database(None) is True
    assert server.uses_default_database("duckdb:///elsewhere.duckdb") is False
    monkeypatch.setenv("SANIVELD_DB_URL", "duckdb:///elsewhere.duckdb")
    assert server.uses_default_database(None) is False


def test_serve_refuses_production_without_a_secret(db_url, monkeypatch, capsys):
    monkeypatch.setenv("SANIVELD_ENV", "production")
    with pytest.raises(SystemExit) as stopped:
        server.serve("127.0.0.1", 0, db_url=db_url)
    assert stopped.value.code == 2
    assert "SANIVELD_SECRET_KEY" in capsys.readouterr().err
