"""The reports' test database: the levers fixture (levers_fixture.py) with quarter 2025-Q2's
review written and closed, and two users (a funder bound to FUN1, an official)."""

from __future__ import annotations

from pathlib import Path

import levers_fixture
from saniveld import users
from saniveld.db import engine as db
from saniveld.levers import review as rv

Q = "2025-Q2"
PASSWORD = "een-lang-wachtwoord-123"


def reviewed_database(folder: Path) -> str:
    """A DuckDB file in `folder` holding the fixture and Q's closed review; its URL."""
    url = f"duckdb:///{folder / 'saniveld.duckdb'}"
    engine = db.command_engine(url)
    db.create_schema(engine)
    with db.transaction(engine) as conn:
        levers_fixture.load(conn)
        rv.add_note(conn, Q, "diagnostic", "Minder ervaringen in cluster Zuid: waarom?", "amb")
        rv.record_decision(conn, Q, "boundaries", "Cluster Zuid krijgt een coördinator.", "amb")
        initiative = rv.add_initiative(conn, "Coördinator voor Zuid", "netwerkmanager", Q, "amb",
                                       responds_to="clusters_without_coordinator")
        rv.add_followup(conn, initiative, Q, "in_progress", "Vacature uitgezet.", "amb")
        users.add_user(conn, "fin1", "funder", PASSWORD, funder_code="FUN1")
        users.add_user(conn, "amb", "official", PASSWORD)
        rv.close_review(conn, Q, "amb")
    engine.dispose()
    return url
