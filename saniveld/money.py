"""Money flows as the Geldstromen page shows them: the Sankey, overhead share, clusters, trend.

``money_flows`` is an append-only ledger: the current amount of a flow is the sum of its
entries (post + adjustments + reversals). :func:`current_flows_query` is the one place that
sums them; everything here reads through it.

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
from saniveld.ledger import positions_query

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


def parties(conn: sa.Connection) -> Parties:
    names: dict[str, str] = {}
    funders, administrators = set(), set()
    for code, name, kind in conn.execute(
        sa.select(s.actors.c.actor_code, s.actors.c.name, s.actors.c.actor_type).where(
            s.actors.c.actor_type.in_(("funder", "fund_administrator", "organisation",
                                       "neighbourhood_initiative"))
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
    the rest is one "overige combi's" node per cluster.
    """
    who = parties(conn)
    flows = current_flows(conn, quarter, stream)
    flows = flows[flows["kind"] == "allocation"]
    result = Sankey()
    if flows.empty:
        return result
    flows = flows.assign(target=flows["to_code"], source=flows["from_code"])
    flows.loc[flows["purpose"] == "overhead", "target"] = OVERHEAD_NODE
    folded_clusters = _smallest(flows, who.clusters, CLUSTER_NODES)
    partners = {c for c in flows["target"] if who.kind(c) == "partner" and c != OVERHEAD_NODE}
    folded_partners = _smallest(flows, partners, PARTNER_NODES)
    if folded_clusters:
        combos_of_folded = flows["source"].isin(folded_clusters)
        flows = flows[~combos_of_folded]
        flows.loc[flows["target"].isin(folded_clusters), "target"] = OTHER_CLUSTERS
    flows.loc[flows["target"].isin(folded_partners), "target"] = OTHER_PARTNERS
    if combos_per_cluster is None:
        shown = max(1, len(who.clusters) - len(folded_clusters))
        combos_per_cluster = max(1, COMBO_NODES // shown)

    keep: set[str] = set()
    to_combos = flows[flows["target"].map(who.combo_cluster.__contains__)]
    folded = set()
    for cluster, group in to_combos.groupby(to_combos["target"].map(who.combo_cluster)):
        ranked = group.groupby("target")["amount"].sum().sort_values(ascending=False)
        keep.update(ranked.index[:combos_per_cluster])
        folded.update(ranked.index[combos_per_cluster:])
    result.combined_combos = len(folded)

    def node_for(code: str) -> int:
        if code == OVERHEAD_NODE:
            return result._node(code, overhead_label, "overhead")
        if code == OTHER_CLUSTERS:
            return result._node(code, other_clusters_label, "cluster_other")
        if code == OTHER_PARTNERS:
            return result._node(code, other_partners_label, "partner")
        if code in folded:
            cluster = who.combo_cluster[code]
            label = f"{other_label} ({who.names.get(cluster, cluster)})"
            return result._node(OTHER_COMBOS_PREFIX + cluster, label, "combo_other")
        return result._node(code, who.names.get(code, code), who.kind(code))

    links: dict[tuple[int, int], Decimal] = {}
    for row in flows.itertuples():
        if row.source == row.target:
            continue
        key = (node_for(row.source), node_for(row.target))
        links[key] = links.get(key, ZERO) + row.amount
    for (src, dst), amount in links.items():
        result.sources.append(src)
        result.targets.append(dst)
        result.values.append(amount)
    result.combined_clusters = len(folded_clusters)
    return result


def _smallest(flows: pd.DataFrame, codes: set[str], keep: int) -> set[str]:
    """The codes beyond the `keep` largest receivers (by allocations received)."""
    if len(codes) <= keep:
        return set()
    received = flows[flows["target"].isin(codes)].groupby("target")["amount"].sum()
    ranked = sorted(codes, key=lambda c: (-received.get(c, ZERO), c))
    return set(ranked[keep:])


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


def _overhead_from(flows: pd.DataFrame, who: Parties, quarter: str) -> OverheadShare:
    allocations = flows[flows["kind"] == "allocation"]
    from_fa = allocations[allocations["from_code"].isin(who.fund_administrators)]
    overhead = sum(from_fa.loc[from_fa["purpose"] == "overhead", "amount"], ZERO)
    incoming = allocations[allocations["from_code"].isin(who.funders)]
    total = sum(incoming["amount"], ZERO) if not incoming.empty else sum(from_fa["amount"], ZERO)
    return OverheadShare(quarter, overhead, total)


def overhead_share(conn: sa.Connection, quarter: str, stream: str | None = None) -> OverheadShare:
    """Overhead allocated by the fund administrator as a share of the money that came in."""
    return _overhead_from(current_flows(conn, quarter, stream), parties(conn), quarter)


# ---------------------------------------------------------------------------------------------
# Clusters and the trend


def by_cluster(conn: sa.Connection, quarter: str, stream: str | None = None) -> pd.DataFrame:
    """Per cluster: allocated (allocations to the cluster itself) and spent (spending flows to
    or from the cluster or one of its combos, each counted once). Columns: cluster_code, name,
    allocated, spent (Decimals), in cluster-code order; every cluster is listed."""
    who = parties(conn)
    flows = current_flows(conn, quarter, stream)
    allocated: dict[str, Decimal] = {}
    spent: dict[str, Decimal] = {}
    for r in flows.itertuples():
        if r.kind == "allocation":
            if r.to_code in who.clusters:
                allocated[r.to_code] = allocated.get(r.to_code, ZERO) + r.amount
            continue
        owner = _cluster_of(r.to_code, who) or _cluster_of(r.from_code, who)
        if owner is not None:
            spent[owner] = spent.get(owner, ZERO) + r.amount
    rows = [{"cluster_code": c, "name": who.names.get(c, c), "allocated": allocated.get(c, ZERO),
             "spent": spent.get(c, ZERO)} for c in sorted(who.clusters)]
    return pd.DataFrame(rows, columns=["cluster_code", "name", "allocated", "spent"])


def _cluster_of(code: str, who: Parties) -> str | None:
    if code in who.clusters:
        return code
    return who.combo_cluster.get(code)


def trend(conn: sa.Connection, stream: str | None = None) -> pd.DataFrame:
    """Per quarter with flows: incoming (funders' allocations), allocated onwards by the fund
    administrator, spent, and the overhead share in percent. Oldest first; summed in the
    database (one row per quarter comes back, however large the ledger)."""
    cf = current_flows_query(None, stream).subquery()
    a = s.actors
    allocation = cf.c.kind == "allocation"

    def total(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, cf.c.amount), else_=0)), 0)

    query = (
        sa.select(
            cf.c.quarter,
            total(sa.and_(allocation, a.c.actor_type == "funder")).label("incoming"),
            total(sa.and_(allocation, a.c.actor_type == "fund_administrator")).label("allocated"),
            total(cf.c.kind == "spending").label("spent"),
            total(sa.and_(allocation, a.c.actor_type == "fund_administrator",
                          cf.c.purpose == "overhead")).label("overhead"),
        )
        .select_from(cf.outerjoin(a, a.c.actor_code == cf.c.from_code))
        .group_by(cf.c.quarter)
        .order_by(cf.c.quarter)
    )
    rows = []
    cent = Decimal("0.01")
    for quarter, incoming, allocated, spent, overhead in conn.execute(query):
        incoming, allocated, spent, overhead = (Decimal(v).quantize(cent) for v in
                                                (incoming, allocated, spent, overhead))
        share = OverheadShare(quarter, overhead, incoming if incoming else allocated)
        rows.append({"quarter": quarter, "incoming": incoming, "allocated": allocated,
                     "spent": spent, "overhead_percent": share.share_percent})
    return pd.DataFrame(rows, columns=["quarter", "incoming", "allocated", "spent",
                                       "overhead_percent"])


def flows_of(conn: sa.Connection, code: str, quarter: str | None) -> dict[str, Decimal]:
    """Money around one party in a quarter: allocated to it, allocated by it, spent by/at it."""
    flows = current_flows(conn, quarter)
    alloc = flows[flows["kind"] == "allocation"]
    spend = flows[flows["kind"] == "spending"]
    return {
        "received": sum(alloc.loc[(alloc["to_code"] == code) & (alloc["from_code"] != code),
                                  "amount"], ZERO),
        "passed_on": sum(alloc.loc[(alloc["from_code"] == code) & (alloc["to_code"] != code),
                                   "amount"], ZERO),
        "spent": sum(spend.loc[(spend["to_code"] == code) | (spend["from_code"] == code),
                               "amount"], ZERO),
    }
