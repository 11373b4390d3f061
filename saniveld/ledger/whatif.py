"""What-if: the effect of proposed moves on every boundary and indicator, before anything is written.

:func:`preview` writes nothing at all. It plans the moves' ledger entries in memory (the
:class:`~saniveld.ledger.checks.QuarterBook` that checks every write's invariants, on the
quarter's positions read from the database) and derives "after" from "before": every money
aggregate is a sum of ledger entries, so the sums after the moves are the sums before plus the
sums of the planned entries, classified by :func:`saniveld.levers.facts.money_row` and summed by
:func:`saniveld.levers.facts.money_of_rows` — the very function behind the precomputed money
facts, so the preview cannot disagree with what the review will show. Only the network and the
clusters whose sums the entries touch are computed again
(:func:`saniveld.levers.indicators.recompute_scopes`); above :data:`EVERY_SCOPE_UP_TO` clusters
only those are computed at all, before and after (:func:`~saniveld.levers.indicators.
compute_scopes`), so a national preview never builds every cluster's results.

Everything one preview reads comes from one snapshot: a transaction of its own (REPEATABLE READ
on PostgreSQL; DuckDB's transactions are snapshots), always rolled back. "Before" — the
quarter's results, the precomputed aggregates and the cluster totals — is cached per (quarter,
data version) (:func:`saniveld.cache.cached`), stamped with the database version it was made
from and used only when that is the snapshot's version. The preview carries the quarter's
version it read: committing the moves with it after someone else changed the quarter is a
:class:`~saniveld.ledger.moves.VersionConflict` (with a fresh preview). In a caller's open
transaction (it may hold writes the cache must never see) "before" is computed inside that
transaction, on either backend.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld import cache
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import LedgerEntry, LedgerRefused
from saniveld.ledger.checks import Move, QuarterBook, check_move
from saniveld.ledger.moves import QuarterState, quarter_state
from saniveld.levers.facts import MoneyFacts, budget_of_rows, money_of_rows, money_row
from saniveld.levers.indicators import (
    FactsLoader,
    IndicatorResult,
    compute_all_indicators,
    compute_scopes,
    recompute_scopes,
)
from saniveld.quarters import Quarter

ZERO = Decimal("0")
# Shown whether or not they change (issue 6); every boundary is shown too.
FOCUS = ("overhead_share", "cost_per_resident", "spending_rate")
# A what-if lists every cluster's indicators up to this many clusters; above it, the network's
# and those of the clusters the moves touch (the others cannot change: see WhatIf.indicators).
EVERY_SCOPE_UP_TO = 25


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator at one scope, before and after the moves."""

    code: str
    name_nl: str
    name_en: str
    unit: str
    lever: str
    scope: str
    scope_code: str | None
    before: Decimal | None
    after: Decimal | None
    limit: Decimal | None = None
    comparison: str | None = None
    breached_before: bool | None = None
    breached_after: bool | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.breached_before != self.breached_after

    @property
    def newly_breached(self) -> bool:
        return bool(self.breached_after) and not self.breached_before

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class ClusterBalance:
    """What a cluster received and allocated in the quarter, before and after."""

    cluster_code: str
    received_before: Decimal
    allocated_before: Decimal
    received_after: Decimal
    allocated_after: Decimal

    @property
    def balance_before(self) -> Decimal:
        return self.received_before - self.allocated_before

    @property
    def balance_after(self) -> Decimal:
        return self.received_after - self.allocated_after


@dataclass(frozen=True)
class WhatIf:
    """The outcome of :func:`preview`."""

    quarter: str
    version: int  # the quarter's version the preview was made on (commit with it)
    locked: bool
    moves: tuple[Move, ...]
    problems: tuple[str, ...] = ()  # moves that would be refused, with the reason
    # every scope's indicators up to EVERY_SCOPE_UP_TO clusters (or when a network-wide sum
    # moves); above that the network's and those of the clusters the moves touch: every other
    # cluster's are the same before and after (a national network has thousands)
    indicators: tuple[IndicatorChange, ...] = ()
    balances: tuple[ClusterBalance, ...] = field(default_factory=tuple)  # every cluster

    @property
    def boundaries(self) -> list[IndicatorChange]:
        return [i for i in self.indicators if i.lever == "boundary"]

    @property
    def breached_before(self) -> list[IndicatorChange]:
        return [i for i in self.boundaries if i.breached_before]

    @property
    def breached_after(self) -> list[IndicatorChange]:
        return [i for i in self.boundaries if i.breached_after]

    @property
    def new_breaches(self) -> list[IndicatorChange]:
        return [i for i in self.boundaries if i.newly_breached]

    @property
    def ok(self) -> bool:
        """Every move accepted and no boundary newly breached."""
        return not self.problems and not self.new_breaches and not self.locked

    @property
    def affected(self) -> list[IndicatorChange]:
        """The focus indicators, every boundary, and anything else that changed."""
        return [i for i in self.indicators if i.code in FOCUS or i.lever == "boundary" or i.changed]

    def indicator(self, code: str, scope_code: str | None = None) -> IndicatorChange | None:
        return next((i for i in self.indicators if i.code == code and i.scope_code == scope_code), None)


def cluster_totals(conn: sa.Connection, quarter: str) -> dict[str, tuple[Decimal, Decimal]]:
    """Per cluster: (allocations received, allocations made) in the quarter."""
    mf, cl = s.money_flows, s.clusters
    out = {code: (ZERO, ZERO) for code in conn.execute(sa.select(cl.c.cluster_code)).scalars()}
    for side, column in (("to", mf.c.to_code), ("from", mf.c.from_code)):
        rows = conn.execute(
            sa.select(column, sa.func.sum(mf.c.amount))
            .where(mf.c.quarter == quarter, mf.c.kind == "allocation", column.in_(list(out)))
            .group_by(column)
        ).all()
        for code, amount in rows:
            received, allocated = out[code]
            out[code] = (Decimal(amount or 0), allocated) if side == "to" else (received, Decimal(amount or 0))
    return out


def _totals_of(loader, quarter: Quarter) -> dict[str, tuple[Decimal, Decimal]]:
    """:func:`cluster_totals` from a loader's money facts (received: allocations to the cluster,
    allocated: allocations by it) — the same sums, without a query of their own."""
    money = loader.of(quarter).money
    return {code: (money.alloc_to_cluster.get(code, ZERO), money.alloc_by_cluster.get(code, ZERO))
            for code in loader.clusters}


class _Before:
    """What a preview of a quarter starts from, all of one database version: the aggregates of
    every cluster (quarter and the one before) and the cluster totals. Every scope's results,
    and their "unchanged" changes, only when a preview lists every scope (:meth:`every`)."""

    def __init__(self, version: tuple, loader: FactsLoader, totals: dict[str, tuple[Decimal, Decimal]],
                 quarter: Quarter, results: list[IndicatorResult] | None = None):
        self.version = version  # cache.database_version of the data it was made from
        self.loader = loader  # loaded aggregates covering the quarter and the one before
        self.totals = totals  # cluster_totals of the quarter
        self.quarter = quarter
        self._every = None if results is None else (results, _changes(results, results))
        self._network: list[IndicatorResult] | None = None
        self._lock = threading.Lock()

    def scopes(self, clusters: set[str]) -> list[IndicatorResult]:
        """The network's results (worked out once: its overallocation reads every cluster) and
        those of `clusters`, as :func:`compute_scopes` gives them."""
        with self._lock:
            if self._network is None:
                self._network = compute_scopes(self.quarter, self.loader, ())
        return self._network + compute_scopes(self.quarter, self.loader, clusters, network=False)

    @property
    def every_scope(self) -> bool:
        """True when a preview lists every scope (:func:`_lists_every_scope`)."""
        return _lists_every_scope(self.loader)

    def every(self) -> tuple[list[IndicatorResult], tuple[IndicatorChange, ...]]:
        """(compute_all_indicators of the quarter, _changes(results, results)), worked out from
        the loaded aggregates when first asked (once: "before" is shared through the cache)."""
        with self._lock:
            if self._every is None:
                results = compute_all_indicators(None, self.quarter, loader=self.loader)
                self._every = (results, _changes(results, results))
            return self._every


def _lists_every_scope(loader: FactsLoader) -> bool:
    """True up to EVERY_SCOPE_UP_TO clusters: a preview then lists every scope."""
    return len(loader.clusters) <= EVERY_SCOPE_UP_TO


def _before(conn: sa.Connection, q: Quarter, version: tuple, engine: sa.Engine | None) -> _Before:
    """"Before" from what `conn` sees (its data: `version`). `engine`: use the cache's
    precomputed aggregates and results (only when `conn` sees committed data alone)."""
    if engine is not None:  # the quarter's aggregates (and results) as the review has them
        loader = cache.quarter_facts(engine, str(q), conn=conn)
    else:
        loader = FactsLoader(conn, [q, q.previous()]).load_all()
    results = None
    if _lists_every_scope(loader):  # every scope is listed: ready now
        results = (cache.cached_all_indicators(engine, str(q), conn=conn) if engine is not None
                   else compute_all_indicators(None, q, loader=loader))
    return _Before(version, loader, _totals_of(loader, q), q, results)


_STATE_SQL = (  # the database version and the quarter's version and lock, in one round trip
    f"SELECT {cache.DATA_VERSION_SQL}, "
    "(SELECT q.version FROM quarters q WHERE q.quarter = ?), (SELECT q.locked FROM quarters q WHERE q.quarter = ?)"
)


def _state(conn: sa.Connection, quarter: str) -> tuple[tuple[int, int, int], QuarterState]:
    """(:func:`saniveld.cache.database_version`, :func:`~saniveld.ledger.moves.quarter_state`)
    read together (one plain query: no statement to compile)."""
    sql = _STATE_SQL if conn.dialect.name == "duckdb" else _STATE_SQL.replace("?", "%s")
    data_version, total, n, version, locked = conn.exec_driver_sql(sql, (quarter, quarter)).one()
    state = QuarterState(quarter, int(version or 0), bool(locked))
    if state.locked:  # who locked it (the message names them): rare, a query of its own
        state = quarter_state(conn, quarter)
    return (int(data_version or 0), int(total), int(n)), state


def _begin_snapshot(conn: sa.Connection) -> None:
    """Begin a read-only snapshot on `conn` (outside a transaction): every read until the
    rollback sees the same committed data."""
    conn.begin()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _planned(book: QuarterBook, quarter: str, moves: list[Move]) -> tuple[list[LedgerEntry], list[str]]:
    """The entries of the accepted moves (planned in order, each on the positions the earlier
    ones leave) and a message per refused move."""
    entries, problems, made_up = [], [], 0
    for number, proposed in enumerate(moves, start=1):
        try:
            m = check_move(quarter, proposed, need_reason=False)
            planned = book.plan(m, f"preview:{uuid.uuid4().hex}")
            book.check(planned)
        except LedgerRefused as exc:
            problems.append(f"Verschuiving {number}: {exc}" if len(moves) > 1 else str(exc))
            continue
        book.apply(planned, [-(made_up + i + 1) for i in range(len(planned))])
        made_up += len(planned)
        entries += planned
    return entries, problems


def _after(book: QuarterBook, base: _Before, q: Quarter,
           entries: list[LedgerEntry]) -> tuple[tuple[IndicatorChange, ...], dict]:
    """The indicators' changes and the cluster totals after `entries`: their money (classified
    and summed as the precomputed money facts are) added to "before"'s; only the network and
    the clusters whose sums they touch are computed again, unless a network-wide sum moved
    (then every cluster: the untouched ones would compute to the very same values)."""
    rows = [money_row(q, e.kind, e.purpose, e.from_code, book.end_of(e.from_code), e.to_code,
                      book.end_of(e.to_code), e.amount) for e in entries]
    money = money_of_rows(rows)
    budget = {k: v for k, v in budget_of_rows(rows, [q]).items() if v}
    fresh = base.loader.with_money_added(money, budget)
    delta = money.get(str(q), MoneyFacts())
    touched = delta.clusters() if delta.network_wide_zero() and not budget else None
    return _changes_after(base, q, fresh, touched), _totals_of(fresh, q)


def _changes_after(base: _Before, q: Quarter, fresh: FactsLoader | None,
                   touched: set[str] | None) -> tuple[IndicatorChange, ...]:
    """What :attr:`WhatIf.indicators` lists: every scope (up to EVERY_SCOPE_UP_TO clusters, or
    when every cluster was computed again), else the network and the `touched` clusters only —
    the others are the very same before and after. `fresh` None: nothing planned."""
    if base.every_scope or touched is None:
        before, unchanged = base.every()
        if fresh is None:
            return unchanged
        return _changes(before, recompute_scopes(before, q, fresh, touched), unchanged)
    before = base.scopes(touched)
    after = before if fresh is None else compute_scopes(q, fresh, touched)
    return tuple(_change(b, a) for b, a in zip(before, after))


def _change(b: IndicatorResult, a: IndicatorResult) -> IndicatorChange:
    return IndicatorChange(b.code, b.name_nl, b.name_en, b.unit, b.lever, b.scope, b.scope_code,
                           b.value, a.value, b.limit, b.comparison, b.breached, a.breached)


def _changes(before: list[IndicatorResult], after: list[IndicatorResult],
             unchanged: tuple[IndicatorChange, ...] | None = None) -> tuple[IndicatorChange, ...]:
    """Before and after per indicator and scope. `unchanged`: ``_changes(before, before)``
    made earlier; used where `after` holds the very result of `before` (a scope not computed
    again), so a national quarter's tens of thousands of results are not wrapped again."""
    if unchanged is not None and len(before) == len(after) == len(unchanged):
        return tuple(u if a is b else _change(b, a) for b, a, u in zip(before, after, unchanged))
    later = {(r.code, r.scope_code): r for r in after}
    return tuple(_change(b, later.get((b.code, b.scope_code), b)) for b in before)


def preview(conn: sa.Connection | sa.Engine, quarter: str, moves: list[Move]) -> WhatIf:
    """Evaluate `moves` (in order) on `quarter` without writing anything.

    Moves that would be refused are listed in ``problems`` (and left out); the reason is not
    required for a preview. Give an engine (a connection of its own is used) or a connection:
    outside a transaction it reads in a snapshot of its own (rolled back at the end); inside
    one, in that transaction (and nothing of it is cached).
    """
    if isinstance(conn, sa.Engine):
        with db.connect(conn) as own:
            return preview(own, quarter, moves)
    q = Quarter.parse(str(quarter))
    if conn.in_transaction():  # the caller's writes may not be in the cache: nothing from it
        return _preview(conn, q, moves, None)
    _begin_snapshot(conn)
    try:
        return _preview(conn, q, moves, conn.engine)
    finally:
        conn.rollback()


def _preview(conn: sa.Connection, q: Quarter, moves: list[Move], engine: sa.Engine | None) -> WhatIf:
    quarter = str(q)
    version, state = _state(conn, quarter)
    base = None
    if engine is not None:  # the version was read in this snapshot: a hit costs no query
        base = cache.peek(engine, ("whatif_before", quarter), version) or cache.cached(
            engine, ("whatif_before", quarter), lambda c: _before(c, q, version, engine), conn=conn)
        if base.version != version:  # made from other data than this snapshot's
            base = None
    if base is None:  # a caller's transaction, or a cache of other data: from this snapshot alone
        base = _before(conn, q, version, None)
    problems: list[str] = []
    if state.locked:
        problems.append(f"Kwartaal {quarter} is afgesloten; er kan niets worden geboekt. / "
                        f"Quarter {quarter} is locked.")
    book = QuarterBook(conn, quarter)
    entries, refused = _planned(book, quarter, moves)
    problems += refused
    if entries:
        changes, totals_after = _after(book, base, q, entries)
    else:
        changes, totals_after = _changes_after(base, q, None, set()), base.totals
    balances = tuple(
        ClusterBalance(code, *base.totals[code], *totals_after.get(code, base.totals[code]))
        for code in sorted(base.totals)
    )
    return WhatIf(quarter, state.version, state.locked, tuple(moves), tuple(problems), changes, balances)


def warm(engine: sa.Engine, quarters: list[str] | None = None) -> None:
    """Prepare the previews of `quarters` (default: the two latest): "before" of each, so the
    first preview after a write or a server start costs what every other one does. Run by
    :func:`saniveld.cache.warm` once the money editor registered it (:func:`saniveld.cache.add_warmer`)."""
    if quarters is None:
        from saniveld.levers import available_quarters

        with db.connect(engine) as conn:
            quarters = available_quarters(conn)[-2:][::-1]
    for quarter in quarters:
        preview(engine, quarter, [])
