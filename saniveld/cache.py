"""Indicator results remembered per (database, quarter, scope, data version).

Computing every indicator of a quarter scans the ledger and the experiences; a page that
shows them should not do that on every click. The cache keys each entry on the database's
*version*: ``meta.data_version`` (bumped by every import and data write) together with the
ledger's quarter versions (``quarters.version``, bumped by every posting). When either moves, the
entries of the older version are dropped on the next call: nothing stale is ever served, and no
write path needs to know about the cache. Reading the version is one small query (about a
millisecond of database time, a few of the interpreter's).

Review writes (notes, decisions, initiatives, closing a review) bump ``meta.review_version``
instead: they change no indicator, so the precomputed facts and results stay. What shows the
review itself (the frozen values of a closed review, the review page's rendered parts) is cached
with ``review=True``: keyed on the review version as well, read in the same query.

**The version without a query (DuckDB, a pooled engine).** A DuckDB file has one writing
process, and a pooled engine (the web server's, ``db.server_engine``) keeps its connections and
so the file's lock: every write to the file then happens in this process, through SQLAlchemy.
Every commit in the process moves a *generation* counter (class-level SQLAlchemy listeners on
every engine and pool: before the commit, and again once the committed connection begins its
next transaction or goes back to the pool, so a reader that read the version between the two
reads it again), as does a pool that opens a connection after holding none (another process
may have had the file meanwhile). The version read last is trusted, without a query and without
a connection, while the engine's pool holds a connection, the generation has not moved since the
transaction it was read in began, and for at most :data:`VERSION_RECHECK_SECONDS`; a hit then
costs a dictionary lookup. So nothing
stale is served after a write in this process, and none can happen elsewhere while the server
holds the file (the seconds bound what a write that bypassed SQLAlchemy could leave). This holds
for ``review=True`` entries too: review writes commit like any other, and the review version is
read in the same query. A miss reads the version again on the connection that computes the
value, so a value is always keyed on the version of the snapshot it was computed from.
PostgreSQL (other processes write too) and NullPool engines (``db.command_engine``: the lock goes
with each connection) read the version on every call. A write outside SQLAlchemy (DuckDB's own
API on the same file) should call :func:`changed`.

    from saniveld.cache import cached_indicators, cached_series
    results = cached_indicators(engine, "2025-Q3")            # network
    results = cached_indicators(engine, "2025-Q3", "NOORD")   # one cluster
    points = cached_series(engine, "spending_rate")           # [(quarter, value), …]
    warm_in_background(engine)                                # server start, after an import

Values are shared between callers: treat them as read-only (IndicatorResult is frozen).
One process, many threads: a lock guards the store, and a value is computed by one thread at
a time (others asking for the same key wait for it instead of computing it again).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from saniveld.db import engine as db

MAX_ENTRIES = 256
VERSION_RECHECK_SECONDS = 1.0  # a version read without a write since is trusted this long
log = logging.getLogger(__name__)

_lock = threading.Lock()
_store: "OrderedDict[tuple, Any]" = OrderedDict()
_versions: dict[str, tuple] = {}
_computing: dict[tuple, threading.Lock] = {}
stats = {"hits": 0, "misses": 0}

# Plain SQL, the same on DuckDB and PostgreSQL: compiled once by the driver, not per call
# (duckdb_engine has no SQLAlchemy statement cache). Tables: saniveld.db.schema meta, quarters.
# DATA_VERSION_SQL: the three columns of :func:`database_version`, for a query that reads more
# beside them (the what-if reads its quarter's version and lock in the same round trip).
DATA_VERSION_SQL = (
    "(SELECT m.value FROM meta m WHERE m.key = 'data_version'), "
    "(SELECT COALESCE(SUM(q.version), 0) FROM quarters q), "
    "(SELECT COUNT(*) FROM quarters q)"
)
_VERSION_SQL = f"SELECT {DATA_VERSION_SQL}, (SELECT m.value FROM meta m WHERE m.key = 'review_version')"


def versions(conn: sa.Connection) -> tuple[tuple[int, int, int], int]:
    """(:func:`database_version`, the review version) in one round trip."""
    data_version, total, n, review_version = conn.exec_driver_sql(_VERSION_SQL).one()
    return (int(data_version or 0), int(total), int(n)), int(review_version or 0)


def database_version(conn: sa.Connection) -> tuple[int, int, int]:
    """(data_version, sum of the ledger's quarter versions, number of quarters): moves on every
    data write (not on review writes: see :func:`versions`).

    One round trip; the data version is meta's ``data_version`` (see saniveld.db.engine).
    """
    return versions(conn)[0]


_database_keys: "weakref.WeakKeyDictionary[sa.Engine, str]" = weakref.WeakKeyDictionary()


def _database_key(engine: sa.Engine) -> str:
    key = _database_keys.get(engine)
    if key is None:
        key = _database_keys[engine] = engine.url.render_as_string(hide_password=True)
    return key


# -- the version without a query (see the module's docstring) -----------------------------------

_generation = 0  # moves on every commit in this process and on every new DuckDB connection
_BEGUN = "saniveld.cache.generation_at_begin"  # on a connection: the generation its transaction began in
_COMMITTED = "saniveld.cache.committed"  # on a connection: committed, not yet moved on since
# database -> (generation, (version, review version), when read): the last version read
_watched: dict[str, tuple[int, tuple, float]] = {}


_generation_lock = threading.Lock()  # two bumps at once must never leave it where it was


def changed() -> None:
    """Read the version again on the next call (a write that bypassed SQLAlchemy)."""
    global _generation
    with _generation_lock:
        _generation += 1


def _on_commit(conn: sa.Connection) -> None:
    conn.info[_COMMITTED] = True
    changed()


def _on_begin(conn: sa.Connection) -> None:
    info = conn.info
    if info.pop(_COMMITTED, False):  # committed, now the next transaction: the commit is done
        changed()
    info[_BEGUN] = _generation


def _on_checkin(_dbapi_connection, record) -> None:
    if record is not None and record.info.pop(_COMMITTED, False):  # the commit is done
        changed()


sa.event.listen(sa.Engine, "commit", _on_commit)
sa.event.listen(sa.Engine, "begin", _on_begin)
sa.event.listen(sa.pool.Pool, "checkin", _on_checkin)


class _Holding:
    """How many DuckDB connections an engine's pool holds open: while one is, this process
    holds the file (its lock); when the pool opens one after holding none, another process may
    have written meanwhile, so the generation moves."""

    def __init__(self, engine: sa.Engine):
        pool = engine.pool  # the listeners go with the pool when engine.dispose() recreates it
        counts = [getattr(pool, name, None) for name in ("checkedin", "checkedout")]
        self.open = sum(count() for count in counts) if all(counts) else 0  # opened before us
        self.lock = threading.Lock()
        sa.event.listen(pool, "connect", self._opened)
        sa.event.listen(pool, "close", self._closed)
        sa.event.listen(pool, "close_detached", self._closed_detached)
        sa.event.listen(pool, "detach", self._closed)  # no longer the pool's to count

    def _opened(self, _dbapi_connection, _record) -> None:
        with self.lock:
            self.open += 1
            first = self.open == 1
        if first:
            changed()

    def _closed(self, _dbapi_connection, _record) -> None:
        with self.lock:
            self.open = max(0, self.open - 1)

    def _closed_detached(self, _dbapi_connection) -> None:
        pass  # counted when it was detached


_holdings: "weakref.WeakKeyDictionary[sa.Engine, _Holding | None]" = weakref.WeakKeyDictionary()


def _holding(engine: sa.Engine) -> "_Holding | None":
    """The connection count of a pooled DuckDB engine (None for any other engine)."""
    try:
        return _holdings[engine]
    except KeyError:
        pass
    with _lock:
        if engine not in _holdings:
            pooled_duckdb = engine.dialect.name == "duckdb" and not isinstance(engine.pool, NullPool)
            _holdings[engine] = _Holding(engine) if pooled_duckdb else None
        return _holdings[engine]


def _trusts_memory(engine: sa.Engine) -> bool:
    """DuckDB through a pool that holds a connection: this process holds the file."""
    holding = _holding(engine)
    return holding is not None and holding.open > 0


def _watch(conn: sa.Connection, found: tuple) -> None:
    """Remember `found` (read on `conn`) as the version of the generation its transaction began in."""
    engine = conn.engine
    if _trusts_memory(engine):
        began = conn.info.get(_BEGUN)
        database = _database_key(engine)
        seen = _watched.get(database)
        if began is not None and (seen is None or began >= seen[0]):  # never an older snapshot's
            _watched[database] = (began, found, time.monotonic())


def _remembered(database: str) -> tuple | None:
    """(version, review version) read since the last commit, less than the recheck time ago."""
    seen = _watched.get(database)
    if seen is not None and seen[0] == _generation and time.monotonic() - seen[2] < VERSION_RECHECK_SECONDS:
        return seen[1]
    return None


def clear() -> None:
    """Forget everything (tests, benchmarks)."""
    with _lock:
        _store.clear()
        _versions.clear()
        _watched.clear()
        stats.update(hits=0, misses=0)


@contextmanager
def _reading(engine: sa.Engine, conn: sa.Connection | None) -> Iterator[sa.Connection]:
    """`conn` when the caller has one open, else a connection of our own."""
    if conn is not None:
        yield conn
    else:
        with db.connect(engine) as own:
            yield own


def _lookup(database: str, version: tuple, full_key: tuple):
    """(True, value) on a hit; drops the database's entries of an older version first."""
    with _lock:
        if _versions.get(database) != version:  # a write happened: drop that database's entries
            for old in [k for k in _store if k[0] == database]:
                del _store[old]
            _versions[database] = version
        if full_key in _store:
            _store.move_to_end(full_key)
            stats["hits"] += 1
            return True, _store[full_key]
        return False, None


def _keep(database: str, version: tuple, full_key: tuple, value) -> None:
    with _lock:
        if _versions.get(database) == version:
            _store[full_key] = value
            while len(_store) > MAX_ENTRIES:  # least recently used first; every quarter's facts stay longest
                oldest = next((k for k in _store if k[2:] != ("facts",)), None)
                if oldest is None:
                    _store.popitem(last=False)
                else:
                    del _store[oldest]


def cached(engine: sa.Engine, key: tuple, compute: Callable[[sa.Connection], Any],
           conn: sa.Connection | None = None, review: bool = False) -> Any:
    """`compute(conn)` for `key`, remembered until the database version changes.

    `review`: the value shows the review too (notes, a closed review's frozen values): keyed on
    the review version as well, so a review write makes it computed again (entries of an older
    review version are left to age out). `conn`: a connection the caller already holds, else
    one is taken from `engine` — only on a miss, or when the version has to be read (see the
    module's docstring: on a DuckDB server engine a hit without `conn` opens no connection; with
    `conn` the version is read through it, so a caller sees the writes of its own transaction).
    While one thread computes a key, others asking for it wait and share it.
    """
    database = _database_key(engine)
    # A caller's own connection may hold writes of its open transaction: read the version
    # through it. Without one, a DuckDB server engine trusts the version it read last.
    if conn is None and _trusts_memory(engine):
        known = _remembered(database)
        if known is not None:
            hit, value = _lookup(database, known[0], _full_key(database, known, key, review))
            if hit:
                return value
    own = conn is None
    with _reading(engine, conn) as conn:
        found = versions(conn)
        if own:  # never a caller's connection: its open transaction may hold uncommitted writes
            _watch(conn, found)
        version, full_key = found[0], _full_key(database, found, key, review)
        hit, value = _lookup(database, version, full_key)
        if hit:
            return value
        with _lock:
            gate = _computing.setdefault(full_key, threading.Lock())
        try:
            with gate:
                hit, value = _lookup(database, version, full_key)  # computed while we waited
                if hit:
                    return value
                with _lock:
                    stats["misses"] += 1
                value = compute(conn)
                _keep(database, version, full_key, value)
                return value
        finally:
            with _lock:
                if not gate.locked():
                    _computing.pop(full_key, None)


def _full_key(database: str, found: tuple, key: tuple, review: bool) -> tuple:
    version, review_version = found
    return (database, version, *key) + ((("review_version", review_version),) if review else ())


def peek(engine: sa.Engine, key: tuple, version: tuple):
    """What :func:`cached` keeps for `key` (not review-keyed) at data `version` (as
    :func:`database_version` reads it), or None — without a query: for a caller that has read
    the version already in its own snapshot (the what-if)."""
    with _lock:
        return _store.get((_database_key(engine), version, *key))


def facts(engine: sa.Engine, conn: sa.Connection | None = None):
    """The aggregates of every available quarter (a loaded FactsLoader), computed once per version.

    This is the precomputation: once it is there, every quarter's indicators and every series
    are arithmetic on it, without a query.
    """
    from saniveld.levers import series_loader

    return cached(engine, ("facts",), lambda c: series_loader(
        c, quarters=quarters_with_data(engine, c)).load_all(), conn=conn)


def quarters_with_data(engine: sa.Engine, conn: sa.Connection | None = None) -> list[str]:
    """:func:`saniveld.overview.quarters_with_data` (the available quarters), cached: the header's
    quarter picker and the aggregates over every quarter ask it once per version. Read-only."""
    from saniveld import overview

    return cached(engine, ("quarters_with_data",), overview.quarters_with_data, conn=conn)


def scope_facts(engine: sa.Engine, cluster: str | None, conn: sa.Connection | None = None):
    """The aggregates of every available quarter for one scope alone (the network, or one
    cluster: a loaded, scoped FactsLoader), computed once per version: what the review page of
    that scope needs when :func:`facts` (every cluster's) is not there yet."""
    from saniveld.levers import series_loader

    return cached(engine, ("facts", "scope", cluster), lambda c: series_loader(
        c, scope=cluster, quarters=quarters_with_data(engine, c)).load_all(), conn=conn)


def _facts_for(engine: sa.Engine, cluster: str | None, version: tuple):
    """Aggregates already computed that hold `cluster`'s scope: every cluster's, else the
    scope's own; None when neither is cached."""
    every = peek(engine, ("facts",), version)
    return every if every is not None else peek(engine, ("facts", "scope", cluster), version)


def warm(engine: sa.Engine, quarter: str | None = None) -> None:
    """Precompute what the review page needs: every quarter's aggregates, the network's series,
    and the indicators of `quarter` (default: the two latest quarters, the page's first view).

    Meant for a background thread (:func:`warm_in_background`) after an import or at server
    start; safe to call any time (a part already cached is not computed again).
    """
    from saniveld.levers import available_quarters

    facts(engine)
    cached_series_all(engine)
    if quarter is not None:
        wanted = [quarter]
    else:
        with db.connect(engine) as conn:
            wanted = available_quarters(conn)[-2:][::-1]
    for q in wanted:
        _by_scope(engine, q, None)  # every scope's results, indexed by scope
        cached_indicators(engine, q)
    _run_warmers(engine, wanted)


def warm_in_background(engine: sa.Engine, quarter: str | None = None) -> threading.Thread:
    """:func:`warm` in a daemon thread; any error is logged, never raised (a server keeps running).

    Give the engine the pages read through (the server's, ``app.server.config
    ["SANIVELD_ENGINE"]``): the cache is keyed on its database, and on DuckDB a second engine
    in the same process could not open the file.
    """
    def run():
        try:
            warm(engine, quarter)
        except Exception:  # noqa: BLE001 - warming is an optimisation: log it, never crash
            log.warning("cache.warm failed (the pages compute on demand instead)", exc_info=True)

    thread = threading.Thread(target=run, name="saniveld-cache-warm", daemon=True)
    thread.start()
    return thread


_warming: dict[str, dict] = {}  # database -> {"again": bool} while warm_soon's thread runs


def warm_soon(engine: sa.Engine) -> None:
    """:func:`warm` in the background right after a write of this process (a money move, an
    undo, a lock), at most one at a time per database: asked again while one runs, it runs once
    more when that one ends (and then sees the newest data). So the next view after a write —
    at L a what-if after a commit — finds the quarter's figures ready or being computed, instead
    of waiting for :func:`keep_warm`'s next look. Errors are logged, never raised.
    """
    database = _database_key(engine)
    with _lock:
        running = _warming.get(database)
        if running is not None:
            running["again"] = True
            return
        state = _warming[database] = {"again": False}

    def run():
        while True:
            try:
                warm(engine)
            except Exception:  # noqa: BLE001 - an optimisation: log it, never crash
                log.warning("cache.warm failed (the pages compute on demand instead)", exc_info=True)
            with _lock:
                if not state["again"]:
                    _warming.pop(database, None)
                    return
                state["again"] = False

    threading.Thread(target=run, name="saniveld-cache-warm-soon", daemon=True).start()


def keep_warm(engine: sa.Engine, interval: float = 30.0,
              stop: threading.Event | None = None) -> threading.Thread:
    """Warm now, then again whenever the database version moves (checked every `interval` s).

    For a running server (``saniveld run``): the cache is filled at start without blocking it,
    and refilled after any write — an upload on the /data page, a CLI import into the same
    PostgreSQL database by another process, a posting. One tiny query per interval; errors
    are logged and the thread carries on (it never takes the server down). Setting `stop`
    (also on the returned thread as ``.stop``) ends it.
    """
    stop = stop or threading.Event()

    def run():
        seen = None
        while not stop.is_set():
            try:
                with db.connect(engine) as conn:
                    version = database_version(conn)
                if version != seen:
                    warm(engine)
                    seen = version
            except Exception:  # noqa: BLE001 - an optimisation: log it, try again later
                log.warning("cache.warm failed (the pages compute on demand instead)", exc_info=True)
            stop.wait(interval)

    thread = threading.Thread(target=run, name="saniveld-cache-keep-warm", daemon=True)
    thread.stop = stop
    thread.start()
    return thread


def cached_all_indicators(engine: sa.Engine, quarter: str, conn: sa.Connection | None = None) -> list:
    """Every indicator of `quarter`, network and every cluster (compute_all_indicators), cached.

    Uses the precomputed aggregates of :func:`facts` when they are there (no query), else asks
    the database for this quarter and the one before only.
    """
    from saniveld.levers import compute_all_indicators

    def compute(c):
        return compute_all_indicators(c, quarter, loader=quarter_facts(engine, quarter, c))

    return cached(engine, ("all_indicators", str(quarter)), compute, conn=conn)


def quarter_facts(engine: sa.Engine, quarter: str, conn: sa.Connection | None = None):
    """Every cluster's aggregates covering `quarter` and the one before (a loaded FactsLoader):
    :func:`facts` when that is cached (warmed), else those of the two quarters alone, cached
    (for :func:`cached_all_indicators` and the what-if's "before": loaded once, not twice)."""
    from saniveld.levers import FactsLoader
    from saniveld.quarters import Quarter

    def compute(c):
        every = peek(engine, ("facts",), database_version(c))
        q = Quarter.parse(str(quarter))
        if every is not None and every.covers(q, q.previous()):
            return every
        return FactsLoader(c, [q, q.previous()]).load_all()

    return cached(engine, ("facts", "quarter", str(quarter)), compute, conn=conn)


def _by_scope(engine: sa.Engine, quarter: str, conn: sa.Connection | None) -> dict:
    def compute(c):
        scopes: dict = {}
        for r in cached_all_indicators(engine, quarter, conn=c):
            scopes.setdefault(r.scope_code, []).append(r)
        return scopes

    return cached(engine, ("by_scope", str(quarter)), compute, conn=conn)


def cached_indicators(engine: sa.Engine, quarter: str, cluster: str | None = None,
                      conn: sa.Connection | None = None) -> list:
    """The indicators of one scope in `quarter`: the network (cluster None) or one cluster.

    Taken from every scope's results when those are cached (:func:`cached_all_indicators`,
    warmed), else computed for this scope alone — from the precomputed aggregates of
    :func:`facts` when they are there, else from this scope's aggregates alone (at L a fraction
    of a second, where every cluster's take seconds: the first view on an empty cache).
    Raises :class:`saniveld.levers.UnknownCluster` for a cluster that does not exist.
    """
    from saniveld.levers import UnknownCluster, compute_indicators

    def compute(c):
        version = database_version(c)
        every = peek(engine, ("by_scope", str(quarter)), version)
        if every is None:
            return compute_indicators(c, quarter, cluster, loader=_facts_for(engine, cluster, version))
        if cluster is not None and cluster not in every:
            raise UnknownCluster(f"cluster '{cluster}' bestaat niet / does not exist")
        return every.get(cluster, [])

    return list(cached(engine, ("indicators", str(quarter), cluster), compute, conn=conn))


def cached_reviewed_indicators(engine: sa.Engine, quarter: str, cluster: str | None = None,
                               conn: sa.Connection | None = None) -> list:
    """:func:`saniveld.levers.review.reviewed_indicators` on the cached results: the scope's
    current values with, for a closed review, the frozen snapshot laid over them (cached on the
    review version too: closing a review shows at once, the current results stay cached)."""
    from saniveld.levers import review

    def compute(c):
        current = cached_indicators(engine, quarter, cluster, conn=c)
        return review.reviewed_indicators(c, quarter, cluster, current=current)

    return list(cached(engine, ("reviewed", str(quarter), cluster), compute, conn=conn, review=True))


def cached_series_all(engine: sa.Engine, cluster: str | None = None,
                      conn: sa.Connection | None = None) -> dict:
    """{code: [(quarter, value), …]} for every indicator of the scope, cached (a drop-in for
    :func:`saniveld.levers.indicator_series_all` without `codes`; treat it as read-only).

    Arithmetic on the precomputed aggregates of :func:`facts` when they are there (warmed),
    else on the aggregates of this scope alone over every quarter (:func:`scope_facts`, kept
    for the scope's indicators of a quarter too).
    """
    from saniveld.levers import all_indicator_series

    def compute(c):
        loader = peek(engine, ("facts",), database_version(c))
        return all_indicator_series(c, cluster, loader=loader or scope_facts(engine, cluster, c))

    return cached(engine, ("series", cluster), compute, conn=conn)


def cached_series(engine: sa.Engine, code: str, cluster: str | None = None,
                  conn: sa.Connection | None = None) -> list:
    """(quarter, value) of indicator `code` over every available quarter, cached.

    Every indicator's series of one scope is computed at once from :func:`facts`, so the next
    indicator on the same page is a cache hit. Unknown code or scope: the errors of
    :func:`saniveld.levers.indicator_series` (LookupError, ValueError, UnknownCluster).
    """
    from saniveld.levers import indicator_series

    every = cached_series_all(engine, cluster, conn=conn)
    if code in every:
        return every[code]
    with _reading(engine, conn) as c:  # not an indicator of this scope: indicator_series says why
        return indicator_series(c, code, cluster)


# -- warmers: what other modules prepare when the cache is warmed ------------------------------

_warmers: list[Callable[[sa.Engine, list[str]], None]] = []


def add_warmer(fn: Callable[[sa.Engine, list[str]], None]) -> Callable[[sa.Engine, list[str]], None]:
    """Register `fn(engine, quarters)`, run at the end of every :func:`warm` with the quarters it
    warmed (newest first), e.g. the money editor's what-if for those quarters; once per
    function. Usable as a decorator. A warmer that fails is logged; the others still run."""
    with _lock:
        if fn not in _warmers:
            _warmers.append(fn)
    return fn


def _run_warmers(engine: sa.Engine, quarters: list[str]) -> None:
    with _lock:
        todo = list(_warmers)
    for fn in todo:
        try:
            fn(engine, list(quarters))
        except Exception:  # noqa: BLE001 - warming is an optimisation: the rest still runs
            log.warning("cache warmer %s failed (computed on demand instead)", getattr(fn, "__name__", fn),
                        exc_info=True)
