"""Schema migrations (Alembic), from the first schema version on.

``saniveld init`` and every start bring the database to the newest revision: an empty
database gets every revision in order, an installed one only the revisions it lacks, so an
upgrade never loses data. The revisions live in ``saniveld/db/migrations/versions/``; a test
checks that the newest revision produces exactly the tables of :mod:`saniveld.db.schema`.

To change the schema: edit schema.py, then draft a revision from the difference against an
up-to-date PostgreSQL database (``draft_revision(conn, "what changes")``), read and correct it
(sequences and PostgreSQL-only keys are not drafted), and run the suite: a test checks that
the migrated database matches schema.py. ``saniveld init`` applies new revisions.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.ddl.impl import DefaultImpl
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per revision is noise at start


class DuckDBImpl(DefaultImpl):  # registered with Alembic by being defined
    """Alembic's DDL implementation for DuckDB (standard SQL DDL, transactional)."""

    __dialect__ = "duckdb"
    transactional_ddl = True


def config(conn: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """The newest revision."""
    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn: sa.Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    """Apply every revision the database lacks, in order, inside the caller's transaction."""
    command.upgrade(config(conn), revision)


def stamp(conn: sa.Connection, revision: str = "head") -> None:
    command.stamp(config(conn), revision)


def bring_up_to_date(conn: sa.Connection) -> None:
    """Upgrade to the newest revision. A database made before migrations existed (every
    table of schema version 1, no Alembic version) is first stamped at revision 0001."""
    if current(conn) is None and sa.inspect(conn).has_table("meta"):
        stamp(conn, "0001")
    upgrade(conn)


def draft_revision(conn: sa.Connection, message: str) -> Path:
    """Write a draft revision from the difference between the database and schema.py."""
    script = command.revision(config(conn), message=message, autogenerate=True)
    return Path(script.path)
