"""The raw aggregates behind the indicators, computed in the database (portable SQL).

Each *facet* is one GROUP BY query over a set of quarters at once (the quarter asked for and the
one before it, or every quarter of a series), grouped by quarter and by cluster where the
indicator has a cluster scope. The quarters travel as a small VALUES table (quarter, first_day,
last_day) joined to the data, so "active in Q" is evaluated per quarter inside the database.
The network figure is the sum over clusters (every combo belongs to exactly one cluster) or,
for money, its own aggregate. Results are small plain dicts keyed by quarter (``YYYY-Qn``); the
arithmetic of the indicators lives in :mod:`saniveld.levers.indicators`.

A facet can also be asked for one scope alone (``scope``): the network (``None``: one entry per
quarter, under the key ``None``, the sum over every cluster, summed in the database) or one
cluster (its entry alone). The default, :data:`EVERY_CLUSTER`, gives every cluster its own entry.
A scope's indicators from a scoped facet are the very same values as from the full one (the
same counts and cent sums), read back as a row per quarter (and sum) instead of a row per
quarter and cluster: at L, 2,983 clusters.

Experiences, combo members and money are read from the summary tables (saniveld.db.summary:
the base tables aggregated once, kept current by every write path), not from the tens of
millions of rows of the base tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

import sqlalchemy as sa

from saniveld import settings
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.db.summary import combo_active, quarter_table  # noqa: F401 (used here and by callers)
from saniveld.db.frames import arrow_table
from saniveld.quarters import Quarter

ZERO = Decimal("0")
INFORMAL_TYPES = summary.INFORMAL_TYPES


class _EveryCluster:
    """The default scope of a facet: every cluster, each its own entry."""

    def __repr__(self) -> str:
        return "EVERY_CLUSTER"


EVERY_CLUSTER = _EveryCluster()  # a facet's scope: this, None (the network alone) or a cluster code


def _scoped(column: sa.ColumnElement, scope) -> tuple[sa.ColumnElement, list, list]:
    """For a facet keyed by the cluster in `column`: (the key it selects, the keys it groups by
    besides the quarter, its conditions) at `scope` (see the module's docstring)."""
    if scope is EVERY_CLUSTER:
        return column, [column], []
    if scope is None:  # summed over every cluster in the database: one row per quarter
        return sa.cast(sa.null(), s.CODE), [], []
    return column, [column], [column == scope]


def assignment_active_at_end(qt) -> sa.ColumnElement[bool]:
    """A role assignment running on Q's last day."""
    ra = s.role_assignments
    return sa.and_(
        ra.c.started_on <= qt.c.last_day,
        sa.or_(ra.c.ended_on.is_(None), ra.c.ended_on >= qt.c.last_day),
    )


def _flag(condition) -> sa.Case:
    return sa.case((condition, 1), else_=0)


def _int_sum(column) -> sa.Cast:
    """SUM of integer counts as a BIGINT (DuckDB's SUM of BIGINT is a 128-bit integer, which
    comes back through Arrow as a Decimal per value: several times slower to read)."""
    return sa.cast(sa.func.sum(column), sa.BigInteger)


def _rows(conn: sa.Connection, query: sa.Select) -> list[tuple]:
    """The rows of `query` as plain tuples: on DuckDB through Arrow, a column at a time (no
    SQLAlchemy Row per row: several times faster for the 100k-row facets at L); else as usual."""
    if conn.dialect.name != "duckdb":
        return conn.execute(query).all()
    table = arrow_table(conn, query)
    return list(zip(*(column.to_pylist() for column in table.columns)))


def cluster_codes(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.select(s.clusters.c.cluster_code).order_by(s.clusters.c.cluster_code)).scalars())


def inhabitants(conn: sa.Connection) -> int | None:
    return conn.execute(sa.select(s.municipality.c.inhabitants)).scalar_one_or_none()


@dataclass
class ComboCounts:
    active: int = 0
    new: int = 0
    residents: int = 0
    informal: int = 0
    expert: int = 0
    resource_group: int = 0


def combo_facet(conn: sa.Connection, quarters: list[Quarter],
                scope=EVERY_CLUSTER) -> dict[str, dict[str, ComboCounts]]:
    """Per quarter and cluster: active combos, new combos, residents of active combos, and the
    active combos with an informal carer/volunteer, an experience expert, a member in a
    resource group — one query. `scope`: every cluster, the network alone or one cluster.

    Read from ``combo_summary`` (combos counted per cluster and quarters of start and end:
    saniveld.db.summary): a combo is active in Q when it started in Q or before and did not end
    before Q, and new when it started in Q (it is then active too).
    """
    cs, qi = s.combo_summary, summary.quarter_index_table(quarters)
    active = sa.and_(cs.c.start_index <= qi.c.idx, sa.or_(cs.c.end_index.is_(None), cs.c.end_index >= qi.c.idx))
    key, by, where = _scoped(cs.c.cluster_code, scope)
    rows = _rows(conn,
        sa.select(
            qi.c.quarter,
            key,
            _int_sum(cs.c.combos),
            _int_sum(sa.case((cs.c.start_index == qi.c.idx, cs.c.combos), else_=0)),
            *(_int_sum(cs.c[k]) for k in ("residents", "informal", "expert", "resource_group")),
        )
        .select_from(cs.join(qi, active))
        .where(*where)
        .group_by(qi.c.quarter, *by)
    )
    out: dict[str, dict[str, ComboCounts]] = defaultdict(dict)
    for quarter, code, active, new, residents, informal, expert, resource in rows:
        out[quarter][code] = ComboCounts(
            active=int(active), new=int(new or 0), residents=int(residents or 0),
            informal=int(informal or 0), expert=int(expert or 0), resource_group=int(resource or 0))
    return out


@dataclass
class ExperienceCounts:
    """Experiences of one cluster in one quarter: per dimension, and how many were organised by
    the residents themselves or their network (``organised_by`` self / network)."""

    by_dimension: Counter = field(default_factory=Counter)
    own: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_dimension.values())


OWN_ORGANISERS = summary.OWN_ORGANISERS


def experience_facet(conn: sa.Connection, quarters: list[Quarter],
                     scope=EVERY_CLUSTER) -> dict[str, dict[str, ExperienceCounts]]:
    """Per quarter and cluster: experiences counted by dimension, and those organised by the
    residents themselves or their network.

    Read from ``experience_summary`` (experiences already counted per calendar quarter and
    cluster, per dimension and organised by the residents or their network: saniveld.db.summary);
    one row per (quarter, cluster) with a count per dimension (a fixed list, checked by the schema).
    `scope`: every cluster, the network alone or one cluster.
    """
    es = s.experience_summary
    wanted = {str(q) for q in quarters}
    dimensions = sorted(s.DIMENSIONS)  # alphabetical: the order the counts were always kept in
    if len(wanted) <= 8:  # a quarter and the one before: exactly those
        where = sa.or_(*(sa.and_(es.c.year == q.year, es.c.quarter_number == q.number) for q in set(quarters)))
    else:  # a series: the years (the few extra quarters are dropped below)
        where = es.c.year.in_(sorted({q.year for q in quarters}))
    key, by, scoped = _scoped(es.c.cluster_code, scope)
    keys = [es.c.year, es.c.quarter_number]
    sums = [_int_sum(es.c[d]) for d in dimensions]
    rows = _rows(conn, sa.select(*keys, key, *sums, _int_sum(es.c.own)).where(where, *scoped)
                 .group_by(*keys, *by))
    out: dict[str, dict[str, ExperienceCounts]] = defaultdict(dict)
    for y, n, code, *counts, own in sorted(rows, key=lambda r: r[2] or ""):
        quarter = f"{int(y)}-Q{int(n)}"
        if quarter in wanted:
            by_dimension = Counter({d: int(k) for d, k in zip(dimensions, counts) if k})
            out[quarter][code] = ExperienceCounts(by_dimension, int(own or 0))
    return out


def _per_cluster() -> defaultdict:
    return defaultdict(lambda: ZERO)


@dataclass
class MoneyFacts:
    """Money in one quarter, per cluster (dict keys) and for the whole network."""

    spending_all: Decimal = ZERO
    alloc_to_combos: dict[str, Decimal] = field(default_factory=_per_cluster)
    alloc_to_organisations: Decimal = ZERO
    spending_by_combos: dict[str, Decimal] = field(default_factory=_per_cluster)
    care_spending_by_combos: dict[str, Decimal] = field(default_factory=_per_cluster)
    alloc_by_purpose: dict[str, Decimal] = field(default_factory=_per_cluster)
    alloc_from_funders: Decimal = ZERO
    to_inactive_combos: dict[str, Decimal] = field(default_factory=_per_cluster)
    to_inactive_network: Decimal = ZERO
    alloc_by_cluster: dict[str, Decimal] = field(default_factory=_per_cluster)
    alloc_to_cluster: dict[str, Decimal] = field(default_factory=_per_cluster)

    # the fields that sum per cluster (keys: cluster codes); the others are network-wide
    PER_CLUSTER = ("alloc_to_combos", "spending_by_combos", "care_spending_by_combos",
                   "to_inactive_combos", "alloc_by_cluster", "alloc_to_cluster")

    def plus(self, other: "MoneyFacts") -> "MoneyFacts":
        """A new MoneyFacts with every sum of `other` added to this one's (neither is changed):
        the money of a set of ledger entries plus that of more entries, exactly (Decimal)."""
        out = MoneyFacts()
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, dict):
                total = getattr(out, name)
                total.update(mine)  # a copy at C speed (thousands of clusters), then the few more
                for key, amount in theirs.items():
                    total[key] += amount
            else:
                setattr(out, name, mine + theirs)
        return out

    def clusters(self) -> set[str]:
        """The clusters with a sum of their own here (keys of the per-cluster fields)."""
        return set().union(*(getattr(self, name).keys() for name in self.PER_CLUSTER))

    def network_wide_zero(self) -> bool:
        """True when every network-wide sum (not per cluster) is zero."""
        return all(not any(getattr(self, name).values()) if isinstance(getattr(self, name), dict)
                   else getattr(self, name) == 0
                   for name in self.__dataclass_fields__ if name not in self.PER_CLUSTER)


# The layout of one classified ledger row, as :func:`money_facet` selects it (grouped, with the
# sum of its entries' amounts) and as :func:`money_row` makes it for an entry held in memory (a
# what-if's planned entries): :func:`money_of_rows` turns either into the money facts, so the
# what-if and the review can never disagree on the arithmetic.
MONEY_ROW = (
    "quarter", "kind", "purpose",
    "from_combo_cluster", "from_inactive", "to_combo_cluster", "to_inactive",
    "from_type", "to_type", "from_cluster", "to_cluster",
    "amount",
)
# the actor types money_facet joins (a funder paying, an organisation receiving)
_FROM_TYPE, _TO_TYPE = "funder", "organisation"


def money_facet(conn: sa.Connection, quarters: list[Quarter],
                only: sa.ColumnElement[bool] | None = None, scope=EVERY_CLUSTER) -> dict[str, MoneyFacts]:
    """The quarters' ledger entries summed per class of what their ends are.

    Each entry's end (from/to) is a combo (its cluster, and whether it is active in the entry's
    quarter), an actor (its type) and a cluster; the sum per class is all the indicators need.
    Amounts are signed ledger entries, so a plain SUM is the current position. The sums are
    read from ``ledger_summary`` (classified once by saniveld.db.summary, kept current by every
    posting) instead of classifying every entry again.
    `only`: a condition on ``money_flows`` keeping some entries (the sums of those alone):
    classified from the ledger itself (:func:`saniveld.db.summary.ledger_select`, rows of layout
    :data:`MONEY_ROW`) and summed by :func:`money_of_rows`, the arithmetic the what-if applies to
    its planned entries (and which the summary's SQL sums are tested against).
    `scope` (from the summary only): every cluster, the network alone or one cluster — the
    per-cluster sums of that scope alone (see :func:`_money_from_summary`); the network-wide
    sums are always there.
    """
    if only is None:  # the sums kept current by every posting (saniveld.db.summary)
        return _money_from_summary(conn, quarters, scope)
    if scope is not EVERY_CLUSTER:
        raise ValueError("money_facet: a scope is read from the summary only (without only=)")
    return money_of_rows(_rows(conn, summary.ledger_select(quarters, only)))


@dataclass(frozen=True)
class CodeEnd:
    """What one end (from or to code) of a ledger entry is, as :func:`money_facet`'s joins see
    it: a combo (its cluster and period), an actor (its type), a cluster — or none of them."""

    combo_cluster: str | None = None  # set when the code is a combo
    combo_started: dt.date | None = None
    combo_ended: dt.date | None = None
    actor_type: str | None = None
    cluster: bool = False

    def inactive_in(self, quarter: Quarter) -> int | None:
        """money_facet's ``inactive``: None for no combo, 0 when active in `quarter`, else 1."""
        if self.combo_cluster is None:
            return None
        active = (self.combo_started is not None and self.combo_started <= quarter.last_day
                  and (self.combo_ended is None or self.combo_ended >= quarter.first_day))
        return 0 if active else 1


def money_row(quarter: Quarter, kind: str, purpose: str, from_code: str, frm: CodeEnd,
              to_code: str, to: CodeEnd, amount: Decimal) -> tuple:
    """One entry held in memory as a row of layout :data:`MONEY_ROW` (what money_facet's query
    makes of it), for :func:`money_of_rows`."""
    return (
        str(quarter), kind, purpose,
        frm.combo_cluster, frm.inactive_in(quarter), to.combo_cluster, to.inactive_in(quarter),
        frm.actor_type if frm.actor_type == _FROM_TYPE else None,
        to.actor_type if to.actor_type == _TO_TYPE else None,
        from_code if frm.cluster else None, to_code if to.cluster else None,
        Decimal(amount),
    )


def money_of_rows(rows: Iterable[tuple]) -> dict[str, MoneyFacts]:
    """The money facts per quarter of classified ledger rows (layout :data:`MONEY_ROW`; each
    row one entry or the sum of a group of alike entries): the one place of this arithmetic."""
    out: dict[str, MoneyFacts] = defaultdict(MoneyFacts)
    for (quarter, kind, purpose, from_combo, from_inactive, to_combo, to_inactive, from_type,
         to_type, from_cluster, to_cluster, amount) in rows:
        facts = out[quarter]
        amount = ZERO if amount is None else Decimal(amount)
        if kind == "spending":
            facts.spending_all += amount
            # the combo that used the money: the receiving combo itself (to_code), else the
            # paying combo (a combo paying an organisation)
            spender = to_combo if to_combo is not None else from_combo
            if spender is not None:
                facts.spending_by_combos[spender] += amount
                if purpose == "care":
                    facts.care_spending_by_combos[spender] += amount
        else:
            facts.alloc_by_purpose[purpose] += amount
            if from_type == _FROM_TYPE:
                facts.alloc_from_funders += amount
            if to_combo is not None:
                facts.alloc_to_combos[to_combo] += amount
            if to_type == _TO_TYPE:
                facts.alloc_to_organisations += amount
            if from_cluster is not None:
                facts.alloc_by_cluster[from_cluster] += amount
            if to_cluster is not None:
                facts.alloc_to_cluster[to_cluster] += amount
        # money to or by a combo not active in Q: counted once per entry, once per cluster touched
        if from_inactive == 1 or to_inactive == 1:
            facts.to_inactive_network += amount
            if from_inactive == 1:
                facts.to_inactive_combos[from_combo] += amount
            if to_inactive == 1 and not (from_inactive == 1 and to_combo == from_combo):
                facts.to_inactive_combos[to_combo] += amount
    return out


def budget_of_rows(rows: Iterable[tuple], quarters: list[Quarter]) -> dict[str, Decimal]:
    """:func:`budget_year_to_date`'s sums for classified rows (layout :data:`MONEY_ROW`): per
    quarter of `quarters`, the rows' allocations from funders from the first quarter of its year
    up to it (what those entries add to the budget envelope)."""
    per_quarter: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row[1] == "allocation" and row[7] == _FROM_TYPE:
            per_quarter[row[0]] += Decimal(row[-1])
    return _year_to_date(per_quarter, quarters)


def _money_parts() -> list[tuple[str, sa.ColumnElement[bool], sa.ColumnElement | None]]:
    """(MoneyFacts field, which summary rows it sums, per which key — None: network-wide): the
    classification of :func:`money_facet`'s loop, in SQL."""
    ls = s.ledger_summary
    spending, allocation = ls.c.kind == "spending", ls.c.kind != "spending"
    # the combo that used the money: the receiving combo itself, else the paying combo
    spender = sa.func.coalesce(ls.c.to_combo_cluster, ls.c.from_combo_cluster)
    from_inactive = sa.func.coalesce(ls.c.from_inactive, 0) == 1
    to_inactive = sa.func.coalesce(ls.c.to_inactive, 0) == 1
    return [
        ("spending_all", spending, None),
        ("spending_by_combos", sa.and_(spending, spender.is_not(None)), spender),
        ("care_spending_by_combos", sa.and_(spending, spender.is_not(None), ls.c.purpose == "care"), spender),
        ("alloc_by_purpose", allocation, ls.c.purpose),
        ("alloc_from_funders", sa.and_(allocation, ls.c.from_type == "funder"), None),
        ("alloc_to_combos", sa.and_(allocation, ls.c.to_combo_cluster.is_not(None)), ls.c.to_combo_cluster),
        ("alloc_to_organisations", sa.and_(allocation, ls.c.to_type == "organisation"), None),
        ("alloc_by_cluster", sa.and_(allocation, ls.c.from_cluster.is_not(None)), ls.c.from_cluster),
        ("alloc_to_cluster", sa.and_(allocation, ls.c.to_cluster.is_not(None)), ls.c.to_cluster),
        # money to or by a combo not active in Q: once per entry, once per cluster touched
        ("to_inactive_network", sa.or_(from_inactive, to_inactive), None),
        ("to_inactive_combos", from_inactive, ls.c.from_combo_cluster),
        ("to_inactive_combos",
         sa.and_(to_inactive, sa.not_(sa.and_(from_inactive, ls.c.to_combo_cluster == ls.c.from_combo_cluster))),
         ls.c.to_combo_cluster),
    ]


def _money_from_summary(conn: sa.Connection, quarters: list[Quarter],
                        scope=EVERY_CLUSTER) -> dict[str, MoneyFacts]:
    """:func:`money_facet` from ``ledger_summary``: every sum of MoneyFacts is one GROUP BY of
    the summary (all in one UNION ALL), so Python reads one row per field, quarter and cluster
    instead of classifying every row of the summary. Amounts travel as cents (BIGINT: plain
    integers through Arrow, not a Decimal per value). `scope` None: the per-cluster sums summed
    over every cluster (key None; the overallocation per cluster is then
    :func:`overallocation_facet`'s); a cluster code: that cluster's per-cluster sums alone."""
    ls = s.ledger_summary
    wanted = ls.c.quarter.in_(sorted({str(q) for q in quarters}))
    cents = sa.cast(sa.func.sum(ls.c.amount) * 100, sa.BigInteger).label("cents")
    parts = []
    for name, condition, key in _money_parts():
        field_name = sa.literal_column(f"'{name}'", s.CODE).label("field")
        if key is None:
            key, by, where = sa.cast(sa.null(), s.CODE), [], []
        elif name in MoneyFacts.PER_CLUSTER:
            key, by, where = _scoped(sa.cast(key, s.CODE), scope)
        else:  # per something else (the purpose): every key, whatever the scope
            key, by, where = sa.cast(key, s.CODE), [key], []
        parts.append(sa.select(field_name, ls.c.quarter, key.label("k"), cents)
                     .where(wanted, condition, *where).group_by(ls.c.quarter, *by))
    out: dict[str, MoneyFacts] = defaultdict(MoneyFacts)
    for name, quarter, key, amount in _rows(conn, sa.union_all(*parts)):
        facts, amount = out[quarter], Decimal(amount).scaleb(-2)
        total = getattr(facts, name)
        if isinstance(total, dict):
            total[key] += amount
        else:
            setattr(facts, name, total + amount)
    return out


def budget_year_to_date(conn: sa.Connection, quarters: list[Quarter],
                        only: sa.ColumnElement[bool] | None = None) -> dict[str, Decimal]:
    """Per quarter: allocations from funders from the first quarter of its year up to it.
    `only`: a condition on ``money_flows`` keeping some entries (as in :func:`money_facet`)."""
    first, last = min(quarters).year_start, max(quarters)
    if only is None:  # from the summary: entries paid by a funder (from_type)
        ls = s.ledger_summary
        query = (
            sa.select(ls.c.quarter, sa.func.sum(ls.c.amount))
            .where(ls.c.from_type == "funder", ls.c.kind == "allocation",
                   ls.c.quarter >= str(first), ls.c.quarter <= str(last))
            .group_by(ls.c.quarter)
        )
    else:
        mf, a = s.money_flows, s.actors
        query = (
            sa.select(mf.c.quarter, sa.func.sum(mf.c.amount))
            .select_from(mf.join(a, a.c.actor_code == mf.c.from_code))
            .where(a.c.actor_type == "funder", mf.c.kind == "allocation",
                   mf.c.quarter >= str(first), mf.c.quarter <= str(last), only)
            .group_by(mf.c.quarter)
        )
    rows = conn.execute(query).all()
    return _year_to_date({q: Decimal(v or 0) for q, v in rows}, quarters)


def _year_to_date(per_quarter: dict[str, Decimal], quarters: list[Quarter]) -> dict[str, Decimal]:
    out = {}
    for q in quarters:
        total, step = ZERO, q.year_start
        while step <= q:
            total += per_quarter.get(str(step), ZERO)
            step = step.next()
        out[str(q)] = total
    return out


@dataclass
class RoleFacts:
    required_slots: int
    filled_slots: int
    missing_coordinator: int
    holders: int  # persons with >= 1 assignment active at the end of Q
    multiple_holders: int  # of whom with >= 2


def role_facet(conn: sa.Connection, quarters: list[Quarter]) -> dict[str, RoleFacts]:
    """Per quarter: role slots filled at its end, coordinators per cluster, role concentration.

    Counted in the database: per quarter and role, whether the network slot is filled and in
    how many of the clusters (of the clusters table) the cluster slot is — not every slot read.
    """
    ra, a, qt = s.role_assignments, s.actors, quarter_table(quarters)
    known_cluster = ra.c.scope_code.in_(sa.select(s.clusters.c.cluster_code))
    filled = {
        (quarter, role, scope): int(count)
        for quarter, role, scope, count in conn.execute(
            sa.select(qt.c.quarter, ra.c.role_code, ra.c.scope, sa.func.count(sa.distinct(ra.c.scope_code)))
            .select_from(ra.join(qt, assignment_active_at_end(qt)))
            .where(sa.or_(ra.c.scope == "network", sa.and_(ra.c.scope == "cluster", known_cluster)))
            .group_by(qt.c.quarter, ra.c.role_code, ra.c.scope)
        )
    }
    clusters = conn.execute(sa.select(sa.func.count()).select_from(s.clusters)).scalar_one()
    per_person = (
        sa.select(qt.c.quarter, ra.c.actor_code, sa.func.count().label("k"))
        .select_from(ra.join(a, a.c.actor_code == ra.c.actor_code).join(qt, assignment_active_at_end(qt)))
        .where(a.c.actor_type == "person")
        .group_by(qt.c.quarter, ra.c.actor_code)
        .subquery("per_person")
    )
    concentration = {
        quarter: (int(holders), int(multiple or 0))
        for quarter, holders, multiple in conn.execute(
            sa.select(per_person.c.quarter, sa.func.count(), sa.func.sum(_flag(per_person.c.k >= 2)))
            .group_by(per_person.c.quarter)
        )
    }
    roles, coordinator = settings.roles(), settings.coordinator_role_code()
    out = {}
    for q in quarters:
        key = str(q)
        required = filled_count = 0
        for role in roles:
            if role.required_at == "network":  # a network-scope assignment has no scope code
                required += 1
                filled_count += (key, role.code, "network") in filled
            else:
                required += clusters
                filled_count += filled.get((key, role.code, "cluster"), 0)
        missing = clusters - filled.get((key, coordinator, "cluster"), 0)
        holders, multiple = concentration.get(key, (0, 0))
        out[key] = RoleFacts(required, filled_count, missing, holders, multiple)
    return out


def overallocation_facet(conn: sa.Connection, quarters: list[Quarter]) -> dict[str, Decimal]:
    """Per quarter: the sum over clusters of what each allocated beyond what was allocated to it
    (max(0, allocated by − allocated to) per cluster), in the database — the network's
    ``cluster_overallocation`` without reading a sum per cluster (a network-scoped loader).
    Over every cluster with an allocation either way: one with none adds max(0, 0) = 0."""
    ls = s.ledger_summary
    wanted = ls.c.quarter.in_(sorted({str(q) for q in quarters}))
    # the very rows and keys of MoneyFacts' alloc_by_cluster and alloc_to_cluster
    (by_rows, by_cluster), (to_rows, to_cluster) = (
        next((condition, key) for field_name, condition, key in _money_parts() if field_name == name)
        for name in ("alloc_by_cluster", "alloc_to_cluster"))
    none = sa.cast(sa.literal(0), ls.c.amount.type)
    sides = sa.union_all(
        sa.select(ls.c.quarter, by_cluster.label("cluster"), ls.c.amount.label("by_cluster"),
                  none.label("to_cluster")).where(wanted, by_rows),
        sa.select(ls.c.quarter, to_cluster, none, ls.c.amount).where(wanted, to_rows),
    ).subquery("sides")
    per_cluster = (
        sa.select(sides.c.quarter, (sa.func.sum(sides.c.by_cluster) - sa.func.sum(sides.c.to_cluster)).label("beyond"))
        .group_by(sides.c.quarter, sides.c.cluster)
        .subquery("per_cluster")
    )
    positive = sa.case((per_cluster.c.beyond > 0, per_cluster.c.beyond), else_=0)
    rows = conn.execute(
        sa.select(per_cluster.c.quarter, sa.cast(sa.func.sum(positive) * 100, sa.BigInteger))
        .group_by(per_cluster.c.quarter)
    )
    return {quarter: Decimal(cents or 0).scaleb(-2) for quarter, cents in rows}
