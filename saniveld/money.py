"""Money flows as the Geldstromen page shows them: the Sankey, overhead share, clusters, trend.

``money_flows`` is an append-only ledger: the current amount of a flow is the sum of its
entries (post + adjustments + reversals): :func:`saniveld.ledger.positions_query`
(:func:`current_flows` fetches them). The page's aggregates — the Sankey, the overhead share,
the clusters, the trend — are summed, ranked and folded in the database through
:func:`saniveld.ledger.position_sums_query` (the same totals without one group per flow), so
only a few dozen rows come back at any scale; nothing here loads every flow or every actor.

Overhead share (our reading of the 15 % boundary): allocations *out of* the fund administrator
with purpose ``overhead``, divided by the money that came in (allocations from funders). When
no funder allocations are recorded, the fund administrator's total outgoing allocations are
the denominator instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from saniveld.db import schema as s
from saniveld.db.frames import read_frame
from saniveld.ledger import position_sums_query, positions_query

OVERHEAD_LIMIT_PERCENT = Decimal("15")
OVERHEAD_NODE = "__overhead__"
OTHER_COMBOS_PREFIX = "__other__:"
OTHER_CLUSTERS = "__other_clusters__"
OTHER_PARTNERS = "__other_partners__"
ZERO = Decimal("0.00")


def current_flows_query(quarter: str | None = None, stream: str | None = None) -> sa.Select:
    """One row per flow with its current amount: :func:`saniveld.ledger.positions_query`.

    Columns: flow_code, quarter, kind, from_code, to_code, stream, purpose, amount.
    Grouping by the flow's attributes keeps a flow that was reversed and re-posted elsewhere
    under the same code correct: the old group sums to zero and drops out.
    """
    return positions_query(quarter, stream)


def current_flows(conn: sa.Connection, quarter: str | None = None,
                  stream: str | None = None) -> pd.DataFrame:
    """:func:`current_flows_query` as a DataFrame; `amount` holds Decimals."""
    columns = ["flow_code", "quarter", "kind", "from_code", "to_code", "stream", "purpose",
               "amount"]
    frame = read_frame(conn, current_flows_query(quarter, stream), columns)  # Arrow on DuckDB
    frame["amount"] = frame["amount"].map(lambda v: Decimal(v).quantize(Decimal("0.01")))
    return frame


# ---------------------------------------------------------------------------------------------
# Who is who


@dataclass(frozen=True)
class Parties:
    """Codes that money flows name, by kind (from actors, clusters and combos)."""

    names: dict[str, str]
    funders: set[str]
    fund_administrators: set[str]
    clusters: set[str]
    combo_cluster: dict[str, str]  # combo code -> cluster code

    def kind(self, code: str) -> str:
        if code in self.fund_administrators:
            return "fund_administrator"
        if code in self.funders:
            return "funder"
        if code in self.clusters:
            return "cluster"
        if code in self.combo_cluster:
            return "combo"
        return "partner"


NAMED_ACTOR_TYPES = ("funder", "fund_administrator", "organisation", "neighbourhood_initiative")


def parties(conn: sa.Connection) -> Parties:
    """Every code money flows name (loads every cluster and combo: at scale, prefer the
    aggregating functions of this module, which join in the database)."""
    names: dict[str, str] = {}
    funders, administrators = set(), set()
    for code, name, kind in conn.execute(
        sa.select(s.actors.c.actor_code, s.actors.c.name, s.actors.c.actor_type).where(
            s.actors.c.actor_type.in_(NAMED_ACTOR_TYPES)
        )
    ):
        names[code] = name
        if kind == "funder":
            funders.add(code)
        elif kind == "fund_administrator":
            administrators.add(code)
    clusters = set()
    for code, name in conn.execute(sa.select(s.clusters.c.cluster_code, s.clusters.c.name)):
        names[code] = name
        clusters.add(code)
    combo_cluster = {}
    for code, name, cluster in conn.execute(
        sa.select(s.combos.c.combo_code, s.combos.c.name, s.combos.c.cluster_code)
    ):
        names[code] = name
        combo_cluster[code] = cluster
    return Parties(names, funders, administrators, clusters, combo_cluster)


# ---------------------------------------------------------------------------------------------
# The Sankey


@dataclass
class Sankey:
    """Nodes and links of the Sankey. Links carry Decimal amounts; node kinds drive colours."""

    node_codes: list[str] = field(default_factory=list)
    node_labels: list[str] = field(default_factory=list)
    node_kinds: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    values: list[Decimal] = field(default_factory=list)
    combined_combos: int = 0  # combos folded into "overige combi's" nodes
    combined_clusters: int = 0  # clusters folded into the "overige clusters" node

    def is_empty(self) -> bool:
        return not self.values

    def _node(self, code: str, label: str, kind: str) -> int:
        if code not in self.node_codes:
            self.node_codes.append(code)
            self.node_labels.append(label)
            self.node_kinds.append(kind)
        return self.node_codes.index(code)


COMBO_NODES = 18  # combo nodes in one Sankey, shared by the clusters shown (more is unreadable)
CLUSTER_NODES = 12  # clusters with a node of their own; the rest is "overige clusters"
PARTNER_NODES = 12


def sankey(conn: sa.Connection, quarter: str, stream: str | None = None, *,
           combos_per_cluster: int | None = None, other_label: str = "Overige combi's",
           overhead_label: str = "Aansturing en overhead",
           other_clusters_label: str = "Overige clusters",
           other_partners_label: str = "Overige partners") -> Sankey:
    """Allocations of `quarter`: funders → fund administrator → clusters → combos, partners,
    overhead. Allocations with purpose overhead all flow into one overhead node.

    Readable at any scale: the largest :data:`CLUSTER_NODES` clusters and
    :data:`PARTNER_NODES` partners keep their node, the rest becomes "overige clusters" /
    "overige partners" (whose combos are then not drawn); per cluster only the
    `combos_per_cluster` largest combos (default: :data:`COMBO_NODES` shared out) keep a node,
    the rest is one "overige combi's" node per cluster. Ties in size go to the smaller code.
    Partners and combos are ranked on what the diagram draws (a folded cluster's allocations
    are not drawn).

    Grouped, ranked and folded in the database (:func:`sankey_links_query`): only the few
    dozen links of the diagram come back, however large the ledger.
    """
    clusters = conn.execute(sa.select(sa.func.count()).select_from(s.clusters)).scalar_one()
    folded_clusters = max(0, clusters - CLUSTER_NODES)
    if combos_per_cluster is None:
        shown = max(1, clusters - folded_clusters)
        combos_per_cluster = max(1, COMBO_NODES // shown)
    query = sankey_links_query(quarter, stream, combos_per_cluster)
    result = Sankey()
    rows = conn.execute(query).all()
    folded_combos = rows[0].folded_combos
    labels = _node_labels(conn, {code for r in rows for code in (r.source, r.target)})

    def node_for(code: str) -> int:
        if code == OVERHEAD_NODE:
            return result._node(code, overhead_label, "overhead")
        if code == OTHER_CLUSTERS:
            return result._node(code, other_clusters_label, "cluster_other")
        if code == OTHER_PARTNERS:
            return result._node(code, other_partners_label, "partner")
        if code.startswith(OTHER_COMBOS_PREFIX):
            cluster = code[len(OTHER_COMBOS_PREFIX):]
            label = f"{other_label} ({labels.get(cluster, (cluster, ''))[0]})"
            return result._node(code, label, "combo_other")
        name, kind = labels.get(code, (code, "partner"))
        return result._node(code, name, kind)

    for row in rows:
        if row.source is None or row.source == row.target:
            continue  # the query's one row without links carries only the count of folded combos
        result.sources.append(node_for(row.source))
        result.targets.append(node_for(row.target))
        result.values.append(_cents(row.amount))
    if result.is_empty():
        return Sankey()
    result.combined_combos = int(folded_combos or 0)
    result.combined_clusters = folded_clusters
    return result


def _cents(value) -> Decimal:
    return Decimal(value if value is not None else 0).quantize(Decimal("0.01"))


def sankey_links_query(quarter: str, stream: str | None, combos_per_cluster: int) -> sa.Select:
    """The Sankey's links, folded as :func:`sankey` describes: rows (source, target, amount,
    folded_combos), where source and target are node codes (an actor, cluster or combo code, or
    :data:`OVERHEAD_NODE`, :data:`OTHER_CLUSTERS`, :data:`OTHER_PARTNERS`,
    :data:`OTHER_COMBOS_PREFIX` + cluster code) and folded_combos is the number of combos folded
    into "overige combi's" nodes (the same on every row). Largest links first.

    The clusters are ranked first (by what they receive, overhead aside); the allocations *of*
    the folded clusters are then left out before anything else is grouped, so at scale only
    the fund administrator's allocations and those of the clusters shown are summed per link.
    Partners and combos are ranked on what is drawn.
    """
    mf, cl, co = s.money_flows, s.clusters, s.combos
    allocation = mf.c.kind == "allocation"
    cluster_received = (
        position_sums_query(mf.c.to_code.label("code"), quarter=quarter, stream=stream)
        .where(allocation, mf.c.purpose != "overhead",
               mf.c.to_code.in_(sa.select(cl.c.cluster_code)))
        .cte("cluster_received")
    )
    cluster_rank = (
        sa.select(cl.c.cluster_code.label("code"), sa.func.row_number().over(
            order_by=(sa.func.coalesce(cluster_received.c.amount, 0).desc(), cl.c.cluster_code)
        ).label("rank"))
        .select_from(cl.outerjoin(cluster_received, cluster_received.c.code == cl.c.cluster_code))
        .cte("cluster_rank")
    )
    folded_clusters = sa.select(cluster_rank.c.code).where(cluster_rank.c.rank > CLUSTER_NODES)
    target = sa.case((mf.c.purpose == "overhead", sa.literal(OVERHEAD_NODE)), else_=mf.c.to_code)
    links = (
        position_sums_query(mf.c.from_code.label("source"), target.label("target"),
                            quarter=quarter, stream=stream)
        .where(allocation, mf.c.from_code.not_in(folded_clusters))
        .cte("links")
    )
    received = (
        sa.select(links.c.target.label("code"), sa.func.sum(links.c.amount).label("amount"))
        .group_by(links.c.target)
        .subquery("received")
    )
    payers = (sa.select(s.actors.c.actor_code)
              .where(s.actors.c.actor_type.in_(("funder", "fund_administrator")))
              .subquery("payers"))
    targets = (  # what each receiver is: a combo (of which cluster), a cluster, a payer, …
        sa.select(received.c.code, received.c.amount, co.c.cluster_code.label("combo_of"),
                  cl.c.cluster_code.label("cluster"), payers.c.actor_code.label("payer"))
        .select_from(
            received.outerjoin(co, co.c.combo_code == received.c.code)
            .outerjoin(cl, cl.c.cluster_code == received.c.code)
            .outerjoin(payers, payers.c.actor_code == received.c.code))
        .cte("targets")
    )
    partner_rank = (
        sa.select(targets.c.code, sa.func.row_number().over(
            order_by=(targets.c.amount.desc(), targets.c.code)).label("rank"))
        .where(targets.c.code != OVERHEAD_NODE, targets.c.combo_of.is_(None),
               targets.c.cluster.is_(None), targets.c.payer.is_(None))
        .subquery("partner_rank")
    )
    combo_rank = (
        sa.select(targets.c.code, targets.c.combo_of, sa.func.row_number().over(
            partition_by=targets.c.combo_of, order_by=(targets.c.amount.desc(), targets.c.code),
        ).label("rank"))
        .where(targets.c.combo_of.is_not(None), targets.c.cluster.is_(None))
        .subquery("combo_rank")
    )
    folded_combos = (
        sa.select(combo_rank.c.code,
                  (sa.literal(OTHER_COMBOS_PREFIX) + combo_rank.c.combo_of).label("node"))
        .where(combo_rank.c.rank > combos_per_cluster)
        .cte("folded_combos")
    )
    target_node = sa.union_all(
        sa.select(cluster_rank.c.code, sa.literal(OTHER_CLUSTERS).label("node"))
        .where(cluster_rank.c.rank > CLUSTER_NODES),
        sa.select(partner_rank.c.code, sa.literal(OTHER_PARTNERS).label("node"))
        .where(partner_rank.c.rank > PARTNER_NODES),
        sa.select(folded_combos.c.code, folded_combos.c.node),
    ).subquery("target_node")
    source_node = folded_combos.alias("source_node")
    source = sa.func.coalesce(source_node.c.node, links.c.source)
    target = sa.func.coalesce(target_node.c.node, links.c.target)
    drawn = (
        sa.select(source.label("source"), target.label("target"),
                  sa.func.sum(links.c.amount).label("amount"))
        .select_from(
            links.outerjoin(source_node, source_node.c.code == links.c.source)
            .outerjoin(target_node, target_node.c.code == links.c.target))
        .group_by(source, target)
        .subquery("drawn")
    )
    count = (sa.select(sa.func.count().label("folded_combos")).select_from(folded_combos)
             .subquery("n"))
    return (
        sa.select(drawn.c.source, drawn.c.target, drawn.c.amount, count.c.folded_combos)
        .select_from(count.outerjoin(drawn, sa.true()))
        .order_by(drawn.c.amount.desc(), drawn.c.source, drawn.c.target)
    )


def _node_labels(conn: sa.Connection, codes: set[str]) -> dict[str, tuple[str, str]]:
    """{code: (name, kind)} of the actors, clusters and combos among `codes` (and the clusters
    of "overige combi's" nodes); kinds as :meth:`Parties.kind`. Person names never: a person
    (or an unknown code) is a partner named by its code."""
    wanted = {c[len(OTHER_COMBOS_PREFIX):] if c.startswith(OTHER_COMBOS_PREFIX) else c
              for c in codes if c}
    if not wanted:
        return {}
    wanted = sorted(wanted)
    a, cl, co = s.actors, s.clusters, s.combos
    actors = {code: (name, kind) for code, name, kind in conn.execute(
        sa.select(a.c.actor_code, a.c.name, a.c.actor_type)
        .where(a.c.actor_code.in_(wanted), a.c.actor_type.in_(NAMED_ACTOR_TYPES)))}
    clusters = dict(conn.execute(sa.select(cl.c.cluster_code, cl.c.name)
                                 .where(cl.c.cluster_code.in_(wanted))).all())
    combos = dict(conn.execute(sa.select(co.c.combo_code, co.c.name)
                               .where(co.c.combo_code.in_(wanted))).all())
    labels = {}
    for code in set(actors) | set(clusters) | set(combos):
        name = combos.get(code) or clusters.get(code) or actors[code][0]
        actor_type = actors.get(code, (None, None))[1]
        if actor_type in ("fund_administrator", "funder"):
            kind = actor_type
        elif code in clusters:
            kind = "cluster"
        elif code in combos:
            kind = "combo"
        else:
            kind = "partner"
        labels[code] = (name, kind)
    return labels


# ---------------------------------------------------------------------------------------------
# Overhead against its boundary


@dataclass(frozen=True)
class OverheadShare:
    quarter: str
    overhead: Decimal
    total: Decimal
    limit_percent: Decimal = OVERHEAD_LIMIT_PERCENT

    @property
    def share_percent(self) -> Decimal | None:
        if self.total == 0:
            return None
        return (self.overhead * 100 / self.total).quantize(Decimal("0.01"))

    @property
    def breached(self) -> bool | None:
        share = self.share_percent
        return None if share is None else share >= self.limit_percent


def overhead_share(conn: sa.Connection, quarter: str, stream: str | None = None) -> OverheadShare:
    """Overhead allocated by the fund administrator as a share of the money that came in."""
    row = conn.execute(totals_query(quarter, stream)).one_or_none()
    if row is None:
        return OverheadShare(quarter, ZERO, ZERO)
    return _share(row)


def _share(row) -> OverheadShare:
    """The overhead share of one row of :func:`totals_query`: against the funders' allocations
    when there are any, else against the fund administrator's outgoing allocations."""
    total = row.incoming if row.incoming != 0 else row.allocated
    return OverheadShare(row.quarter, _cents(row.overhead), _cents(total))


def totals_query(quarter: str | None = None, stream: str | None = None) -> sa.Select:
    """Per quarter with flows (oldest first): incoming (allocations by funders), allocated
    (allocations by the fund administrator), spent (every spending flow), overhead (the fund
    administrator's allocations with purpose overhead). Summed in the database: one row per
    quarter comes back, however large the ledger."""
    mf = s.money_flows
    payers = (sa.select(s.actors.c.actor_code, s.actors.c.actor_type)
              .where(s.actors.c.actor_type.in_(("funder", "fund_administrator")))
              .subquery("payers"))
    allocation = mf.c.kind == "allocation"
    administrator = sa.and_(allocation, payers.c.actor_type == "fund_administrator")
    return (
        position_sums_query(mf.c.quarter, quarter=quarter, stream=stream, parts={
            "incoming": sa.and_(allocation, payers.c.actor_type == "funder"),
            "allocated": administrator,
            "spent": mf.c.kind == "spending",
            "overhead": sa.and_(administrator, mf.c.purpose == "overhead"),
        })
        .select_from(mf.outerjoin(payers, payers.c.actor_code == mf.c.from_code))
        .order_by(mf.c.quarter)
    )


# ---------------------------------------------------------------------------------------------
# Clusters and the trend


def by_cluster(conn: sa.Connection, quarter: str, stream: str | None = None) -> pd.DataFrame:
    """Per cluster: allocated (allocations to the cluster itself) and spent (spending flows to
    or from the cluster or one of its combos, each counted once: the receiving side decides).
    Columns: cluster_code, name, allocated, spent (Decimals), in cluster-code order; every
    cluster is listed. Summed in the database, one row per cluster comes back."""
    mf, cl = s.money_flows, s.clusters
    allocated = (
        position_sums_query(mf.c.to_code.label("cluster_code"), quarter=quarter, stream=stream)
        .where(mf.c.kind == "allocation", mf.c.to_code.in_(sa.select(cl.c.cluster_code)))
        .subquery("allocated")
    )
    to_cluster, from_cluster = cl.alias("to_cluster"), cl.alias("from_cluster")
    to_combo, from_combo = s.combos.alias("to_combo"), s.combos.alias("from_combo")
    owner = sa.func.coalesce(to_cluster.c.cluster_code, to_combo.c.cluster_code,
                             from_cluster.c.cluster_code, from_combo.c.cluster_code)
    spent = (
        position_sums_query(owner.label("cluster_code"), quarter=quarter, stream=stream)
        .select_from(
            mf.outerjoin(to_cluster, to_cluster.c.cluster_code == mf.c.to_code)
            .outerjoin(to_combo, to_combo.c.combo_code == mf.c.to_code)
            .outerjoin(from_cluster, from_cluster.c.cluster_code == mf.c.from_code)
            .outerjoin(from_combo, from_combo.c.combo_code == mf.c.from_code))
        .where(mf.c.kind != "allocation")
        .subquery("spent")
    )
    query = (
        sa.select(cl.c.cluster_code, cl.c.name, allocated.c.amount, spent.c.amount)
        .select_from(cl.outerjoin(allocated, allocated.c.cluster_code == cl.c.cluster_code)
                     .outerjoin(spent, spent.c.cluster_code == cl.c.cluster_code))
        .order_by(cl.c.cluster_code)
    )
    rows = [{"cluster_code": code, "name": name, "allocated": _cents(allocated),
             "spent": _cents(spent)} for code, name, allocated, spent in conn.execute(query)]
    return pd.DataFrame(rows, columns=["cluster_code", "name", "allocated", "spent"])


def trend(conn: sa.Connection, stream: str | None = None) -> pd.DataFrame:
    """Per quarter with flows: incoming (funders' allocations), allocated onwards by the fund
    administrator, spent, and the overhead share in percent. Oldest first; summed in the
    database (:func:`totals_query`: one row per quarter comes back, however large the ledger)."""
    rows = []
    for row in conn.execute(totals_query(None, stream)):
        rows.append({"quarter": row.quarter, "incoming": _cents(row.incoming),
                     "allocated": _cents(row.allocated), "spent": _cents(row.spent),
                     "overhead_percent": _share(row).share_percent})
    return pd.DataFrame(rows, columns=["quarter", "incoming", "allocated", "spent",
                                       "overhead_percent"])


def flows_of(conn: sa.Connection, code: str, quarter: str | None) -> dict[str, Decimal]:
    """Money around one party in a quarter: allocated to it, allocated by it, spent by/at it."""
    mf = s.money_flows
    cf = (position_sums_query(mf.c.kind, mf.c.from_code, mf.c.to_code, quarter=quarter)
          .where(sa.or_(mf.c.from_code == code, mf.c.to_code == code)).subquery("sums"))
    allocation, spending = cf.c.kind == "allocation", cf.c.kind == "spending"

    def total(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, cf.c.amount), else_=0)), 0)

    received, passed_on, spent = conn.execute(
        sa.select(
            total(sa.and_(allocation, cf.c.to_code == code, cf.c.from_code != code)),
            total(sa.and_(allocation, cf.c.from_code == code, cf.c.to_code != code)),
            total(spending),
        )
    ).one()
    return {"received": _cents(received), "passed_on": _cents(passed_on), "spent": _cents(spent)}
