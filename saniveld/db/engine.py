"""Engines and connections: one place that knows how to reach the database.

DuckDB allows one read-write *process* per file. A second process gets "Could not set lock on
file"; we wait a short while (``[database] lock_wait_seconds``) and then raise
:class:`DatabaseBusy` with a message a user can act on. Short-lived commands use
:func:`command_engine` (no pool: the file lock is released as soon as the command is done);
the web server keeps its connections (:func:`server_engine`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

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


def duckdb_memory_setting(limit: int) -> str:
    """The ``SET memory_limit`` statement for ``limit`` bytes."""
    return f"SET memory_limit = '{max(limit // 2**20, 1)}MiB'"


def _limit_duckdb_memory(dbapi_connection, _record) -> None:
    """Bound DuckDB's memory (settings.duckdb_memory_limit); beyond it, it spills to ``<file>.tmp``.

    The limit belongs to the database instance all connections to the file share; a lower
    limit already set (an import running, saniveld.package.importer) is left alone.
    """
    limit = settings.duckdb_memory_limit()
    current = dbapi_connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    try:
        lower_already = settings.parse_size(current) <= limit
    except ValueError:  # a form we do not know: set ours
        lower_already = False
    if not lower_already:
        dbapi_connection.execute(duckdb_memory_setting(limit))


def _cache_compiled_statements(engine: sa.Engine) -> None:
    """Let SQLAlchemy reuse the SQL it compiled for a statement of the same shape.

    duckdb-engine leaves SQLAlchemy's compiled-statement cache off (``supports_statement_cache
    = False``: it never declared its dialect tested for it), so every query was compiled anew:
    about half the CPU time of a small query, e.g. the session lookup of every web request
    (4.4 → 2.5 ms). The dialect is PostgreSQL's compiler with DuckDB types added for DDL only;
    the statements we run are plain Core selects, inserts, updates and deletes with bound
    parameters, which that compiler caches on PostgreSQL every day.
    """
    engine.dialect._supports_statement_cache = True


# DuckDB keeps one database instance per file per process, shared by its connections. Opening
# the file in one thread while another closes its last connection (or opens it too) can race
# in that instance cache: "Unique file handle conflict: … is already attached". Opening and
# closing DuckDB connections is therefore one thread at a time (cheap: a pooled engine opens
# a handful in its life, and a command engine's open of a live instance takes microseconds).
_duckdb_open_close = threading.Lock()


def _serialise_duckdb_open_close(engine: sa.Engine) -> None:
    dialect = engine.dialect

    def connect(_dialect, _record, cargs, cparams):
        with _duckdb_open_close:
            return dialect.connect(*cargs, **cparams)

    close = dialect.do_close

    def do_close(dbapi_connection) -> None:
        with _duckdb_open_close:
            close(dbapi_connection)

    sa.event.listen(engine, "do_connect", connect)
    dialect.do_close = do_close


def _make_engine(url: str, pooled: bool) -> sa.Engine:
    url = settings.normalise_db_url(url)
    if is_duckdb(url):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if not pooled:
            engine = sa.create_engine(url, poolclass=NullPool)
        else:
            engine = sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False)
        _serialise_duckdb_open_close(engine)
        sa.event.listen(engine, "connect", _limit_duckdb_memory)
        _cache_compiled_statements(engine)
        return engine
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
    """One transaction: committed when the block ends, rolled back entirely on any error.
    What the block registered with :func:`after_commit` runs once the commit has happened."""
    with connect(engine, wait) as conn:
        hooks: list[Callable[[], None]] = []
        conn.info[_AFTER_COMMIT] = hooks
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop(_AFTER_COMMIT, None)  # conn.info lives on with the pooled connection
    for hook in hooks:
        hook()


_AFTER_COMMIT = "saniveld.after_commit"


def after_commit(conn: sa.Connection, hook: Callable[[], None]) -> bool:
    """Run `hook` once the transaction of `conn` has committed, when that transaction is one
    of :func:`transaction` (False, and nothing registered, for any other connection)."""
    hooks = conn.info.get(_AFTER_COMMIT)
    if hooks is None:
        return False
    hooks.append(hook)
    return True


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
        if REVIEW_VERSION not in existing:  # new and existing databases alike
            conn.execute(schema.meta.insert(), {"key": REVIEW_VERSION, "value": "0"})
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


DATA_VERSION = "data_version"
REVIEW_VERSION = "review_version"


def _meta_value(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == key)).scalar_one_or_none()


def _meta_int(conn: sa.Connection, key: str) -> int:
    return int(_meta_value(conn, key) or 0)


def _bump(conn: sa.Connection, key: str) -> int:
    current = _meta_value(conn, key)
    new = int(current or 0) + 1
    if current is None:  # a database whose schema was created before the row existed
        conn.execute(schema.meta.insert(), {"key": key, "value": str(new)})
    else:
        conn.execute(schema.meta.update().where(schema.meta.c.key == key).values(value=str(new)))
    return new


def data_version(conn: sa.Connection) -> int:
    """A number that changes on every write to the network data or the ledger (cache key)."""
    return _meta_int(conn, DATA_VERSION)


def bump_data_version(conn: sa.Connection) -> int:
    """Increase the data version inside the caller's transaction; returns the new version."""
    return _bump(conn, DATA_VERSION)


def review_version(conn: sa.Connection) -> int:
    """A number that changes on every review write (notes, decisions, initiatives, follow-ups,
    closing a review): what the review page shows besides the indicators is keyed on it too.

    Separate from the data version so that a note does not throw away the indicator cache
    (saniveld.cache): review writes never change an indicator's current value.
    """
    return _meta_int(conn, REVIEW_VERSION)


def bump_review_version(conn: sa.Connection) -> int:
    """Increase the review version inside the caller's transaction; returns the new version."""
    return _bump(conn, REVIEW_VERSION)


def schema_exists(conn: sa.Connection) -> bool:
    return sa.inspect(conn).has_table("meta")
