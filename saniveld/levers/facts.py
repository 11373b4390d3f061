"""The raw aggregates behind the indicators, computed in the database (portable SQL).

Each *facet* is one GROUP BY query for one quarter, grouped by cluster where the indicator has a
cluster scope; the network figure is the sum over clusters (every combo belongs to exactly one
cluster) or, for money, its own aggregate. Results are small plain dicts; the arithmetic of the
indicators lives in :mod:`saniveld.levers.indicators`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld import settings
from saniveld.db import schema as s
from saniveld.quarters import Quarter

ZERO = Decimal("0")
INFORMAL_TYPES = ("informal_carer", "volunteer")


def combo_active(combos: sa.Table | sa.Alias, quarter: Quarter) -> sa.ColumnElement[bool]:
    """Active in Q: started on or before Q's last day and not ended before Q's first day."""
    return sa.and_(
        combos.c.started_on <= quarter.last_day,
        sa.or_(combos.c.ended_on.is_(None), combos.c.ended_on >= quarter.first_day),
    )


def assignment_active_at_end(quarter: Quarter) -> sa.ColumnElement[bool]:
    """A role assignment active on Q's last day."""
    ra = s.role_assignments
    return sa.and_(
        ra.c.started_on <= quarter.last_day,
        sa.or_(ra.c.ended_on.is_(None), ra.c.ended_on >= quarter.last_day),
    )


def _flag(condition) -> sa.Case:
    return sa.case((condition, 1), else_=0)


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


def combo_facet(conn: sa.Connection, quarter: Quarter) -> dict[str, ComboCounts]:
    """Per cluster: active combos, new combos, residents of active combos."""
    c = s.combos
    active = combo_active(c, quarter)
    rows = conn.execute(
        sa.select(
            c.c.cluster_code,
            sa.func.sum(_flag(active)),
            sa.func.sum(_flag(c.c.started_on.between(quarter.first_day, quarter.last_day))),
            sa.func.sum(sa.case((active, c.c.residents), else_=0)),
        ).group_by(c.c.cluster_code)
    ).all()
    return {
        code: ComboCounts(active=int(a or 0), new=int(n or 0), residents=int(r or 0))
        for code, a, n, r in rows
    }


def member_facet(conn: sa.Connection, quarter: Quarter, counts: dict[str, ComboCounts]) -> None:
    """Per cluster: active combos with an informal carer/volunteer, an experience expert, a resource group."""
    m = s.combo_members
    per_combo = (
        sa.select(
            m.c.combo_code,
            sa.func.max(_flag(m.c.member_type.in_(INFORMAL_TYPES))).label("informal"),
            sa.func.max(_flag(m.c.member_type == "experience_expert")).label("expert"),
            sa.func.max(_flag(m.c.resource_group.is_(True))).label("resource_group"),
        )
        .group_by(m.c.combo_code)
        .subquery("per_combo")
    )
    c = s.combos
    rows = conn.execute(
        sa.select(
            c.c.cluster_code,
            sa.func.sum(per_combo.c.informal),
            sa.func.sum(per_combo.c.expert),
            sa.func.sum(per_combo.c.resource_group),
        )
        .select_from(c.join(per_combo, per_combo.c.combo_code == c.c.combo_code))
        .where(combo_active(c, quarter))
        .group_by(c.c.cluster_code)
    ).all()
    for code, informal, expert, resource in rows:
        entry = counts.setdefault(code, ComboCounts())
        entry.informal, entry.expert, entry.resource_group = int(informal or 0), int(expert or 0), int(resource or 0)


def experience_facet(conn: sa.Connection, quarter: Quarter) -> dict[str, Counter]:
    """Per cluster: experiences in Q counted by (dimension, organised_by)."""
    e, c = s.experiences, s.combos
    rows = conn.execute(
        sa.select(c.c.cluster_code, e.c.dimension, e.c.organised_by, sa.func.count())
        .select_from(e.join(c, c.c.combo_code == e.c.combo_code))
        .where(e.c.occurred_on.between(quarter.first_day, quarter.last_day))
        .group_by(c.c.cluster_code, e.c.dimension, e.c.organised_by)
    ).all()
    out: dict[str, Counter] = defaultdict(Counter)
    for code, dimension, organised_by, n in rows:
        out[code][(dimension, organised_by)] += int(n)
    return dict(out)


@dataclass
class MoneyFacts:
    """Money in one quarter, per cluster (`cluster`) and for the whole network."""

    spending_all: Decimal = ZERO
    alloc_to_combos: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    alloc_to_organisations: Decimal = ZERO
    spending_by_combos: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    care_spending_by_combos: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    alloc_by_purpose: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    alloc_from_funders: Decimal = ZERO
    to_inactive_combos: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    to_inactive_network: Decimal = ZERO
    alloc_by_cluster: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    alloc_to_cluster: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))


def money_facet(conn: sa.Connection, quarter: Quarter) -> MoneyFacts:
    """One scan of the quarter's ledger entries, classified by what their ends are.

    Each entry's end (from/to) is looked up as a combo (with its cluster and whether it is
    active in Q), an actor (its type) and a cluster; the sum per class is all the indicators need.
    """
    mf = s.money_flows
    cf, ct = s.combos.alias("from_combo"), s.combos.alias("to_combo")
    af, at = s.actors.alias("from_actor"), s.actors.alias("to_actor")
    lf, lt = s.clusters.alias("from_cl"), s.clusters.alias("to_cl")

    def inactive(alias):
        return sa.case((alias.c.combo_code.is_(None), None), (combo_active(alias, quarter), 0), else_=1)

    columns = [
        mf.c.kind,
        mf.c.purpose,
        cf.c.cluster_code.label("from_combo_cluster"),
        inactive(cf).label("from_inactive"),
        ct.c.cluster_code.label("to_combo_cluster"),
        inactive(ct).label("to_inactive"),
        af.c.actor_type.label("from_type"),
        at.c.actor_type.label("to_type"),
        lf.c.cluster_code.label("from_cluster"),
        lt.c.cluster_code.label("to_cluster"),
        mf.c.amount,
    ]
    source = (
        mf.outerjoin(cf, cf.c.combo_code == mf.c.from_code)
        .outerjoin(ct, ct.c.combo_code == mf.c.to_code)
        .outerjoin(af, af.c.actor_code == mf.c.from_code)
        .outerjoin(at, at.c.actor_code == mf.c.to_code)
        .outerjoin(lf, lf.c.cluster_code == mf.c.from_code)
        .outerjoin(lt, lt.c.cluster_code == mf.c.to_code)
    )
    # classify each entry in a subquery, group outside it (no bound parameters in GROUP BY)
    entries = sa.select(*columns).select_from(source).where(mf.c.quarter == str(quarter)).subquery("e")
    keys = [c for c in entries.c if c.name != "amount"]
    rows = conn.execute(sa.select(*keys, sa.func.sum(entries.c.amount)).group_by(*keys)).all()
    facts = MoneyFacts()
    for (kind, purpose, from_combo, from_inactive, to_combo, to_inactive, from_type, to_type,
         from_cluster, to_cluster, amount) in rows:
        amount = Decimal(amount or 0)
        if kind == "spending":
            facts.spending_all += amount
            if from_combo is not None:
                facts.spending_by_combos[from_combo] += amount
                if purpose == "care":
                    facts.care_spending_by_combos[from_combo] += amount
        else:
            facts.alloc_by_purpose[purpose] += amount
            if from_type == "funder":
                facts.alloc_from_funders += amount
            if to_combo is not None:
                facts.alloc_to_combos[to_combo] += amount
            if to_type == "organisation":
                facts.alloc_to_organisations += amount
            if from_cluster is not None:
                facts.alloc_by_cluster[from_cluster] += amount
            if to_cluster is not None:
                facts.alloc_to_cluster[to_cluster] += amount
        # money to or by a combo not active in Q: counted once per entry, once per cluster touched
        touched = {code for code, flag in ((from_combo, from_inactive), (to_combo, to_inactive)) if flag == 1}
        if touched:
            facts.to_inactive_network += amount
            for code in touched:
                facts.to_inactive_combos[code] += amount
    return facts


def budget_year_to_date(conn: sa.Connection, quarter: Quarter) -> Decimal:
    """Allocations from funders from the first quarter of Q's year up to and including Q."""
    mf, a = s.money_flows, s.actors
    total = conn.execute(
        sa.select(sa.func.sum(mf.c.amount))
        .select_from(mf.join(a, a.c.actor_code == mf.c.from_code))
        .where(
            a.c.actor_type == "funder",
            mf.c.kind == "allocation",
            mf.c.quarter >= str(quarter.year_start),
            mf.c.quarter <= str(quarter),
        )
    ).scalar_one_or_none()
    return Decimal(total or 0)


@dataclass
class RoleFacts:
    required_slots: int
    filled_slots: int
    missing_coordinator: int
    holders: int  # persons with >= 1 assignment active at the end of Q
    multiple_holders: int  # of whom with >= 2


def role_facet(conn: sa.Connection, quarter: Quarter, clusters: list[str]) -> RoleFacts:
    """Role slots filled at the end of Q, coordinators per cluster, and role concentration."""
    ra, a = s.role_assignments, s.actors
    active = assignment_active_at_end(quarter)
    filled = set(
        conn.execute(
            sa.select(ra.c.role_code, ra.c.scope, ra.c.scope_code)
            .where(active, ra.c.scope.in_(("network", "cluster")))
            .distinct()
        ).all()
    )
    roles = settings.roles()
    coordinator = settings.coordinator_role_code()
    required = filled_count = 0
    for role in roles:
        if role.required_at == "network":
            required += 1
            filled_count += (role.code, "network", None) in filled
        else:
            required += len(clusters)
            filled_count += sum((role.code, "cluster", c) in filled for c in clusters)
    missing = sum((coordinator, "cluster", c) not in filled for c in clusters)
    per_person = (
        sa.select(ra.c.actor_code, sa.func.count().label("n"))
        .select_from(ra.join(a, a.c.actor_code == ra.c.actor_code))
        .where(active, a.c.actor_type == "person")
        .group_by(ra.c.actor_code)
        .subquery("per_person")
    )
    holders, multiple = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(_flag(per_person.c.n >= 2)))
    ).one()
    return RoleFacts(required, filled_count, missing, int(holders or 0), int(multiple or 0))

