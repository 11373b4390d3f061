"""Indicator results remembered per (database, quarter, scope, data version).

Computing every indicator of a quarter scans the ledger and the experiences; a page that
shows them should not do that on every click. The cache keys each entry on the database's
*version*: ``meta.data_version`` (bumped by every import and review write) together with the
ledger's quarter versions (``quarters.version``, bumped by every posting). When either moves, the
entries of the older version are dropped on the next call: nothing stale is ever served, and no
write path needs to know about the cache.

    from saniveld.cache import cached_indicators, cached_series
    results = cached_indicators(engine, "2025-Q3")            # network
    results = cached_indicators(engine, "2025-Q3", "NOORD")   # one cluster
    points = cached_series(engine, "spending_rate")           # [(quarter, value), …]

Values are shared between callers: treat them as read-only (IndicatorResult is frozen).
One process, many threads: a lock guards the store; a value being computed twice by two
threads at once is harmless (same inputs, same answer).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema as s

MAX_ENTRIES = 256

_lock = threading.Lock()
_store: "OrderedDict[tuple, Any]" = OrderedDict()
_versions: dict[str, tuple] = {}
stats = {"hits": 0, "misses": 0}


def database_version(conn: sa.Connection) -> tuple[int, int, int]:
    """(data_version, sum of the ledger's quarter versions, number of quarters): moves on every write.

    One round trip; the data version is meta's ``data_version`` (see saniveld.db.engine).
    """
    q = s.quarters
    data = sa.select(s.meta.c.value).where(s.meta.c.key == "data_version").scalar_subquery()
    ledger_sum = sa.select(sa.func.coalesce(sa.func.sum(q.c.version), 0)).scalar_subquery()
    ledger_n = sa.select(sa.func.count()).select_from(q).scalar_subquery()
    data_version, total, n = conn.execute(sa.select(data, ledger_sum, ledger_n)).one()
    return int(data_version or 0), int(total), int(n)


def _database_key(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def clear() -> None:
    """Forget everything (tests, benchmarks)."""
    with _lock:
        _store.clear()
        _versions.clear()
        stats.update(hits=0, misses=0)


def cached(engine: sa.Engine, key: tuple, compute: Callable[[sa.Connection], Any]) -> Any:
    """`compute(conn)` for `key`, remembered until the database version changes."""
    database = _database_key(engine)
    with db.connect(engine) as conn:
        version = database_version(conn)
        full_key = (database, version, *key)
        with _lock:
            if _versions.get(database) != version:  # a write happened: drop that database's entries
                for old in [k for k in _store if k[0] == database]:
                    del _store[old]
                _versions[database] = version
            if full_key in _store:
                _store.move_to_end(full_key)
                stats["hits"] += 1
                return _store[full_key]
            stats["misses"] += 1
        value = compute(conn)
    with _lock:
        if _versions.get(database) == version:
            _store[full_key] = value
            while len(_store) > MAX_ENTRIES:
                _store.popitem(last=False)
    return value


def _peek(engine: sa.Engine, key: tuple, version: tuple):
    with _lock:
        return _store.get((_database_key(engine), version, *key))


def _facts_in(engine: sa.Engine, conn: sa.Connection):
    """The precomputed aggregates of the connection's version: from the store, else loaded now."""
    from saniveld.levers import series_loader

    version = database_version(conn)
    loader = _peek(engine, ("facts",), version)
    if loader is None:
        loader = series_loader(conn).load_all()
        with _lock:
            if _versions.get(_database_key(engine)) == version:
                _store[(_database_key(engine), version, "facts")] = loader
    return loader


def facts(engine: sa.Engine):
    """The aggregates of every available quarter (a loaded FactsLoader), computed once per version.

    This is the precomputation: once it is there, every quarter's indicators and every series
    are arithmetic on it, without a query.
    """
    return cached(engine, ("facts",), lambda conn: _facts_in(engine, conn))


def warm(engine: sa.Engine, quarter: str | None = None) -> None:
    """Precompute what the review page needs: every quarter's aggregates, and `quarter`'s results.

    Meant for a background thread after an import or at server start; safe to call any time.
    """
    facts(engine)
    if quarter is not None:
        cached_all_indicators(engine, quarter)


def cached_all_indicators(engine: sa.Engine, quarter: str) -> list:
    """Every indicator of `quarter`, network and every cluster (compute_all_indicators), cached.

    Uses the precomputed aggregates of :func:`facts` when they are there (no query), else asks
    the database for this quarter and the one before only.
    """
    from saniveld.levers import compute_all_indicators

    def compute(conn):
        loader = _peek(engine, ("facts",), database_version(conn))
        return compute_all_indicators(conn, quarter, loader=loader)

    return cached(engine, ("all_indicators", str(quarter)), compute)


def cached_indicators(engine: sa.Engine, quarter: str, cluster: str | None = None) -> list:
    """The indicators of one scope in `quarter`: the network (cluster None) or one cluster.

    Raises :class:`saniveld.levers.UnknownCluster` for a cluster that does not exist.
    """
    from saniveld.levers import UnknownCluster

    results = cached_all_indicators(engine, quarter)
    scope = [r for r in results if r.scope_code == cluster]
    if cluster is not None and not scope:
        raise UnknownCluster(f"cluster '{cluster}' bestaat niet / does not exist")
    return scope


def cached_series_all(engine: sa.Engine, cluster: str | None = None) -> dict:
    """{code: [(quarter, value), …]} for every indicator of the scope, cached (a drop-in for
    :func:`saniveld.levers.indicator_series_all` without `codes`; treat it as read-only)."""
    from saniveld.levers import all_indicator_series

    return cached(engine, ("series", cluster),
                  lambda conn: all_indicator_series(conn, cluster, loader=_facts_in(engine, conn)))


def cached_series(engine: sa.Engine, code: str, cluster: str | None = None) -> list:
    """(quarter, value) of indicator `code` over every available quarter, cached.

    Every indicator's series of one scope is computed at once from :func:`facts`, so the next
    indicator on the same page is a cache hit. Unknown code or scope: the errors of
    :func:`saniveld.levers.indicator_series` (LookupError, ValueError, UnknownCluster).
    """
    from saniveld.levers import indicator_series

    every = cached_series_all(engine, cluster)
    if code in every:
        return every[code]
    with db.connect(engine) as conn:  # not an indicator of this scope: indicator_series says why
        return indicator_series(conn, code, cluster)
