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
