"""What-if: the effect of proposed moves on every boundary and indicator, before anything is written.

:func:`preview` writes the moves as ledger entries inside a transaction that is always rolled
back (a SAVEPOINT when the caller's transaction is open, on PostgreSQL), and computes the
indicators with :func:`saniveld.levers.compute_all_indicators` before and after — the very code
the dashboard uses, so the preview cannot disagree with what the review will show. The scratch
entries get random negative entry ids and a ``preview:`` posting key, and the quarter's version
and the data version are not touched: a preview never conflicts with a real change, never
consumes a sequence number and never commits.

Speed (the editor previews on every click): "before" is the cached result of the quarter
(:func:`saniveld.cache.cached_all_indicators`, keyed on the database version, read before the
scratch transaction begins), and "after" recomputes only the money: the precomputed aggregates
(:func:`saniveld.cache.facts`) with the ledger and budget queried again inside the scratch
transaction (:meth:`saniveld.levers.indicators.FactsLoader.with_fresh_money`) — a move writes
money_flows only. A caller's open transaction (PostgreSQL) may hold writes the cache must never
see: then both are computed inside it, as before.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld import cache
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.ledger import FLOW_COLUMNS, LedgerEntry, LedgerRefused, utc_now
from saniveld.ledger.checks import Move, QuarterBook, check_move
from saniveld.ledger.moves import quarter_state
from saniveld.levers.facts import MoneyFacts, budget_year_to_date, money_facet
from saniveld.levers.indicators import IndicatorResult, compute_all_indicators, recompute_scopes
from saniveld.quarters import Quarter

ZERO = Decimal("0")
# Shown whether or not they change (issue 6); every boundary is shown too.
FOCUS = ("overhead_share", "cost_per_resident", "spending_rate")


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
    indicators: tuple[IndicatorChange, ...] = ()
    balances: tuple[ClusterBalance, ...] = field(default_factory=tuple)

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


def _write_scratch(conn: sa.Connection, key: str, quarter: str, entries: list[LedgerEntry]) -> list[int]:
    at = utc_now()
    conn.execute(s.ledger_postings.insert(), {"posting_key": key, "quarter": quarter, "posted_by": "preview",
                                               "posted_at": at, "reason": "preview", "source": "move"})
    ids = []
    for entry in entries:
        entry_id = -secrets.randbelow(2**62) - 1
        row = {f: getattr(entry, f) for f in FLOW_COLUMNS}
        row.update(entry_id=entry_id, entry_type=entry.entry_type, corrects_entry_id=entry.corrects_entry_id,
                   posting_key=key, posted_by="preview", posted_at=at, reason="preview")
        conn.execute(s.money_flows.insert(), row)
        ids.append(entry_id)
    summary.add_entries(conn, ids, {e.quarter for e in entries})  # as a real posting (rolled back)
    return ids


def _after_scratch(conn: sa.Connection, facts, before: list[IndicatorResult], q: Quarter,
                   keys: list[str]) -> tuple[list[IndicatorResult], dict]:
    """The indicators and cluster totals after the scratch postings `keys`, from the loaded
    `facts` (committed data) plus the money of the scratch entries alone.

    Every money aggregate is a sum of ledger entries, so the sums after the moves are the
    precomputed sums plus the sums of the scratch entries (one small query: they are the only
    entries with a negative id). Only the network and the clusters whose sums those entries
    touch are computed again; every other cluster keeps its results (the same aggregates give
    the same values), unless a network-wide sum moved (then every cluster is computed).
    """
    mf = s.money_flows
    only = sa.and_(mf.c.entry_id < 0, mf.c.posting_key.in_(keys))
    money = money_facet(conn, [q], only=only)
    budget = {k: v for k, v in budget_year_to_date(conn, [q], only=only).items() if v}
    fresh = facts.with_money_added(money, budget)
    delta = money.get(str(q), MoneyFacts())
    touched = delta.clusters() if delta.network_wide_zero() and not budget else None
    return recompute_scopes(before, q, fresh, touched), _totals_of(fresh, q)


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
    required for a preview. Give an engine (a connection of its own is used) or a connection;
    on DuckDB the connection must not be inside a transaction (it has no savepoints), and
    SQLAlchemy begins one on the first statement: use a fresh connection or call ``commit()``.
    """
    if isinstance(conn, sa.Engine):
        with db.connect(conn) as own:
            return preview(own, quarter, moves)
    facts = before = unchanged = None
    if conn.in_transaction():
        if conn.dialect.name == "duckdb":
            raise RuntimeError("preview needs a connection outside a transaction on DuckDB (no savepoints)")
        scratch = conn.begin_nested()
    else:
        # committed data only: the cached results of the quarter and the precomputed aggregates
        # (both keyed on the database version), read in a transaction of their own
        q = Quarter.parse(str(quarter))
        try:
            seen = cache.database_version(conn)
            before = cache.cached_all_indicators(conn.engine, str(q), conn=conn)
            facts = cache.facts(conn.engine, conn=conn)
            made_on, unchanged = cache.cached(conn.engine, ("whatif_unchanged", str(q)),
                                              lambda _c: (before, _changes(before, before)), conn=conn)
            if made_on is not before:  # a write came between the two reads: not these results'
                unchanged = None
        finally:
            conn.rollback()  # end the (read-only) transaction SQLAlchemy began
        scratch = conn.begin()
        if cache.database_version(conn) != seen:  # a write came meanwhile: the cached results are
            before = facts = unchanged = None     # not of the data the moves are planned on
    try:
        state = quarter_state(conn, quarter)
        if before is None:
            before = compute_all_indicators(conn, quarter)
        if facts is not None and facts.covers(q):
            totals_before = _totals_of(facts, q)
        else:
            totals_before = cluster_totals(conn, quarter)
        problems: list[str] = []
        if state.locked:
            problems.append(f"Kwartaal {quarter} is afgesloten; er kan niets worden geboekt. / "
                            f"Quarter {quarter} is locked.")
        book, keys = QuarterBook(conn, quarter), []
        for number, proposed in enumerate(moves, start=1):
            try:
                m = check_move(quarter, proposed, need_reason=False)
                key = f"preview:{uuid.uuid4().hex}"
                entries = book.plan(m, key)
                book.check(entries)
                book.apply(entries, _write_scratch(conn, key, quarter, entries))
                keys.append(key)
            except LedgerRefused as exc:
                problems.append(f"Verschuiving {number}: {exc}" if len(moves) > 1 else str(exc))
        if not keys:
            after, totals_after = before, totals_before
        elif facts is None:
            after, totals_after = compute_all_indicators(conn, quarter), cluster_totals(conn, quarter)
        elif facts.covers(q, q.previous()):  # only the scratch entries' money, added to the facts
            after, totals_after = _after_scratch(conn, facts, before, q, keys)
        else:  # only the money moved: the rest from the precomputed aggregates
            fresh = facts.with_fresh_money(conn, [q, q.previous()])
            after, totals_after = compute_all_indicators(None, q, loader=fresh), _totals_of(fresh, q)
    finally:
        scratch.rollback()
    balances = tuple(
        ClusterBalance(code, *totals_before[code], *totals_after.get(code, totals_before[code]))
        for code in sorted(totals_before)
    )
    return WhatIf(quarter, state.version, state.locked, tuple(moves), tuple(problems),
                  _changes(before, after, unchanged), balances)
