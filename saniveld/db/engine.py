"""Engines and connections: one place that knows how to reach the database.

DuckDB allows one read-write *process* per file. A second process gets "Could not set lock on
file"; we wait a short while (``[database] lock_wait_seconds``) and then raise
:class:`DatabaseBusy` with a message a user can act on. Short-lived commands use
:func:`command_engine` (no pool: the file lock is released as soon as the command is done);
the web server keeps its connections (:func:`server_engine`).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from saniveld import settings
from saniveld.db import schema


class DatabaseBusy(RuntimeError):
    """Another process holds the DuckDB file lock for longer than we are prepared to wait."""


def is_duckdb(url: str | sa.Engine) -> bool:
    name = url.dialect.name if isinstance(url, sa.Engine) else sa.make_url(url).get_backend_name()
    return name == "duckdb"


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _make_engine(url: str, pooled: bool) -> sa.Engine:
    url = settings.normalise_db_url(url)
    if is_duckdb(url):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if not pooled:
            return sa.create_engine(url, poolclass=NullPool)
        return sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


_server_engines: dict[str, sa.Engine] = {}


def server_engine(url: str | None = None) -> sa.Engine:
    """A pooled engine, kept for the life of the process (the web server)."""
    resolved = settings.db_url(url)
    if resolved not in _server_engines:
        _server_engines[resolved] = _make_engine(resolved, pooled=True)
    return _server_engines[resolved]


def command_engine(url: str | None = None) -> sa.Engine:
    """An engine without a pool, for one command: the DuckDB file lock goes with its connection."""
    return _make_engine(settings.db_url(url), pooled=False)


def _lock_wait_seconds() -> float:
    return float(settings.settings()["database"].get("lock_wait_seconds", 10))


def _retrying(open_connection, engine: sa.Engine, wait: float | None):
    deadline = time.monotonic() + (_lock_wait_seconds() if wait is None else wait)
    delay = 0.05
    while True:
        try:
            return open_connection()
        except sa.exc.DBAPIError as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    "De database is in gebruik door een ander proces (bijvoorbeeld het draaiende "
                    "dashboard). Probeer het zo opnieuw, of doe de wijziging via het dashboard. "
                    f"/ The database is in use by another process. Details: {exc.orig}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def connect(engine: sa.Engine, wait: float | None = None) -> Iterator[sa.Connection]:
    """A connection (no transaction), waiting briefly for a held DuckDB lock."""
    conn = _retrying(engine.connect, engine, wait)
    try:
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def transaction(engine: sa.Engine, wait: float | None = None) -> Iterator[sa.Connection]:
    """One transaction: committed when the block ends, rolled back entirely on any error."""
    with connect(engine, wait) as conn:
        with conn.begin():
            yield conn


def create_schema(engine: sa.Engine) -> None:
    """Bring the database to the newest schema revision and synchronise the roles (idempotent).

    An empty database gets every migration in order; an installed one only those it lacks
    (saniveld.db.migrate), so upgrading keeps the data.
    """
    from saniveld.db import migrate  # Alembic loads only when a schema is created or upgraded

    with transaction(engine) as conn:
        migrate.bring_up_to_date(conn)
        existing = dict(conn.execute(sa.select(schema.meta.c.key, schema.meta.c.value)).all())
        if "schema_version" not in existing:
            conn.execute(
                schema.meta.insert(),
                [
                    {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
                    {"key": "data_version", "value": "0"},
                ],
            )
        elif existing["schema_version"] != str(schema.SCHEMA_VERSION):  # upgraded just now
            conn.execute(schema.meta.update().where(schema.meta.c.key == "schema_version")
                         .values(value=str(schema.SCHEMA_VERSION)))
        if "audit_chain" not in existing:  # the row audit appends queue on (saniveld.audit)
            conn.execute(schema.meta.insert(), {"key": "audit_chain", "value": "0"})
        sync_roles(conn)


def sync_roles(conn: sa.Connection) -> None:
    """Make the roles table mirror config/roles.toml (insert new roles, update names)."""
    have = {r.role_code: r for r in conn.execute(sa.select(schema.roles)).all()}
    for role in settings.roles():
        row = {
            "role_code": role.code,
            "name_nl": role.name_nl,
            "name_en": role.name_en,
            "required_at": role.required_at,
            "is_coordinator": role.is_coordinator,
        }
        current = have.get(role.code)
        if current is None:
            conn.execute(schema.roles.insert(), row)
        elif tuple(current) != tuple(row[c.name] for c in schema.roles.columns):
            conn.execute(
                schema.roles.update().where(schema.roles.c.role_code == role.code).values(**row)
            )


def data_version(conn: sa.Connection) -> int:
    """A number that changes on every write to the network data or the ledger (cache key)."""
    value = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "data_version")
    ).scalar_one_or_none()
    return int(value or 0)


def bump_data_version(conn: sa.Connection) -> int:
    """Increase the data version inside the caller's transaction; returns the new version."""
    new = data_version(conn) + 1
    conn.execute(
        schema.meta.update().where(schema.meta.c.key == "data_version").values(value=str(new))
    )
    return new


def schema_exists(conn: sa.Connection) -> bool:
    return sa.inspect(conn).has_table("meta")
