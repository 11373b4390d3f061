"""The reports' test database: the levers fixture (levers_fixture.py) with quarter 2025-Q2's
review written and closed, and two users (a funder bound to FUN1, an official); and the helpers
both report test modules use to make a report and read it back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import levers_fixture
import openpyxl
import pypdf

from saniveld import users
from saniveld.db import engine as db
from saniveld.levers import review as rv
from saniveld.reports import build_report

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


def report(url: str, principal, fmt: str, quarter: str = Q, **kwargs) -> bytes:
    """`build_report` on the database at `url`, committed (its audit row stays)."""
    engine = db.command_engine(url)
    try:
        with db.transaction(engine) as conn:
            return build_report(conn, principal, quarter, fmt, **kwargs)
    finally:
        engine.dispose()


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, white space folded to single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def sheet_rows(xlsx: bytes, name: str) -> list[dict]:
    """The rows of sheet `name` as dicts keyed by its header row."""
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]
