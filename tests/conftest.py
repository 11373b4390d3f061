"""Shared fixtures: every test gets its own real DuckDB file under pytest's tmp_path."""

from __future__ import annotations

import pytest

from saniveld.db import engine as db


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch):
    """No test reads the developer's database or settings by accident."""
    monkeypatch.delenv("SANIVELD_DB_URL", raising=False)
    monkeypatch.delenv("SANIVELD_SECRET_KEY", raising=False)
    monkeypatch.setenv("SANIVELD_ENV", "development")


@pytest.fixture
def db_url(tmp_path) -> str:
    """URL of a fresh DuckDB file (not yet created)."""
    return f"duckdb:///{tmp_path / 'saniveld.duckdb'}"


@pytest.fixture
def engine(db_url):
    """An engine on a fresh DuckDB file with the schema created."""
    eng = db.command_engine(db_url)
    db.create_schema(eng)
    yield eng
    eng.dispose()


# ---------------------------------------------------------------------------------------------
# PostgreSQL: `make test` starts a throw-away server (scripts/start-postgres.sh) and passes its
# URL in SANIVELD_TEST_PG_URL. Without it the PostgreSQL variants FAIL (never skip): a suite
# that silently drops a backend would report a pass it did not earn.

PG_ENV = "SANIVELD_TEST_PG_URL"


@pytest.fixture
def pg_url(request) -> str:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    import os
    import uuid

    import sqlalchemy as sa

    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.fail(f"{PG_ENV} is not set: run `make test` (it starts PostgreSQL on loopback)")
    name = f"saniveld_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["duckdb", "postgresql"])
def any_db_url(request, tmp_path) -> str:
    """A fresh database URL on each backend in turn: the same test runs on DuckDB and PostgreSQL."""
    if request.param == "duckdb":
        return f"duckdb:///{tmp_path / 'saniveld.duckdb'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_engine(any_db_url):
    """An engine with the schema created, on DuckDB and on PostgreSQL in turn."""
    eng = db.command_engine(any_db_url)
    db.create_schema(eng)
    yield eng
    eng.dispose()
