"""The network as a graph: the fund administrator, clusters, combos, partners and coordinators.

:func:`graph` returns nodes and edges ready for a drawing (no Dash here). When the whole
network would be more than `limit` elements (nodes + edges), it starts at *cluster level* —
one node per cluster with its counts — and a cluster filter drills down into that cluster.
:func:`node_details` answers "what is this node": members by type, experiences, money.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from saniveld import money, settings
from saniveld.db import schema as s
from saniveld.quarters import Quarter

ELEMENT_LIMIT = 1500


@dataclass(frozen=True)
class Node:
    id: str  # "<kind>:<code>"
    kind: str  # fund_administrator | cluster | combo | partner | coordinator
    code: str
    label: str
    cluster_code: str | None = None
    combo_type: str | None = None
    residents: int = 0
    resource_group: bool = False
    combos: int = 0  # cluster nodes: number of combos


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # funds | contains | partner_of | coordinates


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    level: str = "full"  # full | clusters | cluster
    hidden_combos: int = 0  # combos left out to stay under the element limit
    hidden_clusters: int = 0  # clusters left out (only with very many clusters)

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.edges)

    def is_empty(self) -> bool:
        return not self.nodes


def node_id(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def _active_combos(quarter: str | None) -> sa.Select:
    c = s.combos
    query = sa.select(c.c.combo_code, c.c.name, c.c.cluster_code, c.c.combo_type, c.c.residents)
    if quarter is not None:
        q = Quarter.parse(quarter)
        query = query.where(c.c.started_on <= q.last_day,
                            sa.or_(c.c.ended_on.is_(None), c.c.ended_on >= q.first_day))
    return query


def _as_of(quarter: str | None):
    return Quarter.parse(quarter).last_day if quarter else None


def coordinators(conn: sa.Connection, quarter: str | None,
                 cluster: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Cluster code → [(actor code, name)] carrying the coordinator role at the quarter's end
    (of every cluster, or of `cluster` only)."""
    ra, a = s.role_assignments, s.actors
    query = (
        sa.select(ra.c.scope_code, a.c.actor_code, a.c.name)
        .join(a, a.c.actor_code == ra.c.actor_code)
        .where(ra.c.role_code == settings.coordinator_role_code(), ra.c.scope == "cluster")
        .order_by(ra.c.scope_code, a.c.actor_code)
    )
    if cluster is not None:
        query = query.where(ra.c.scope_code == cluster)
    day = _as_of(quarter)
    if day is not None:
        query = query.where(ra.c.started_on <= day,
                            sa.or_(ra.c.ended_on.is_(None), ra.c.ended_on >= day))
    else:
        query = query.where(ra.c.ended_on.is_(None))
    out: dict[str, list[tuple[str, str]]] = {}
    for cluster, code, name in conn.execute(query):
        if (code, name) not in out.setdefault(cluster, []):
            out[cluster].append((code, name))
    return out


def graph(conn: sa.Connection, quarter: str | None = None, *, cluster: str | None = None,
          combo_type: str | None = None, limit: int = ELEMENT_LIMIT,
          detail_clusters: set[str] | None = None) -> Graph:
    """The network in `quarter` (combos active in it), optionally one cluster and one combo type.

    Full detail when it fits in `limit` elements or a cluster is chosen; otherwise cluster
    level. Within a cluster, the largest combos (by residents) are kept when they do not fit.
    `detail_clusters` (None: all) are the clusters whose combos may be drawn one by one; the
    others show only their counts on the cluster node (the viewer's permission, decided by
    the caller).
    """
    cm = s.combos
    where = []
    if combo_type:
        where.append(cm.c.combo_type == combo_type)
    if cluster is not None:
        where.append(cm.c.cluster_code == cluster)
    active = _active_combos(quarter).where(*where).subquery("active")
    # Counts per cluster in the database: the combos one by one are fetched only when drawn.
    per_cluster, residents = Counter(), Counter()
    for code, n, people in conn.execute(
        sa.select(active.c.cluster_code, sa.func.count(), sa.func.sum(active.c.residents))
        .group_by(active.c.cluster_code)
    ):
        per_cluster[code], residents[code] = n, int(people or 0)
    clusters_query = sa.select(s.clusters.c.cluster_code, s.clusters.c.name)
    if cluster is not None:
        clusters_query = clusters_query.where(s.clusters.c.cluster_code == cluster)
    clusters = conn.execute(clusters_query.order_by(s.clusters.c.cluster_code)).all()
    if not clusters:
        return Graph()
    fund = conn.execute(sa.select(s.actors.c.actor_code, s.actors.c.name).where(
        s.actors.c.actor_type == "fund_administrator").order_by(s.actors.c.actor_code)).first()
    coords = coordinators(conn, quarter, cluster)
    # Too many combos for any drawing: skip the member queries and stay at cluster level.
    too_many = cluster is None and len(clusters) * 3 + 2 * sum(per_cluster.values()) > limit
    combos = [] if too_many else [r._asdict() for r in conn.execute(
        sa.select(active).order_by(active.c.cluster_code, active.c.combo_code))]
    resource = set() if too_many else _combos_with_resource_group(conn, cluster)
    partners = {} if too_many else _partners_by_combo(conn, cluster)

    result = Graph()
    if fund is not None:
        result.nodes.append(Node(node_id("fund_administrator", fund.actor_code),
                                 "fund_administrator", fund.actor_code, fund.name))
    for code, name in clusters:
        result.nodes.append(Node(node_id("cluster", code), "cluster", code, name,
                                 cluster_code=code, residents=residents[code],
                                 combos=per_cluster[code]))
        if fund is not None:
            result.edges.append(Edge(node_id("fund_administrator", fund.actor_code),
                                     node_id("cluster", code), "funds"))
        for actor, person in coords.get(code, []):
            result.nodes.append(Node(node_id("coordinator", f"{code}:{actor}"), "coordinator",
                                     actor, person, cluster_code=code))
            result.edges.append(Edge(node_id("coordinator", f"{code}:{actor}"),
                                     node_id("cluster", code), "coordinates"))
    if too_many:
        result.level = "clusters"
        return _within_limit(result, limit)

    if detail_clusters is not None:
        combos = [c for c in combos if c["cluster_code"] in detail_clusters]
    a = s.actors
    organisations = conn.execute(sa.select(sa.func.count()).where(
        a.c.actor_type == "organisation")).scalar_one()
    linked = sorted({p for c in combos for p in partners.get(c["combo_code"], ())})
    partner_names = {}
    for chunk in range(0, len(linked), 1000):  # only the partners of the combos drawn
        partner_names.update(conn.execute(sa.select(a.c.actor_code, a.c.name).where(
            a.c.actor_type == "organisation", a.c.actor_code.in_(linked[chunk:chunk + 1000]))).all())
    full_size = result.size + 2 * len(combos) + sum(
        2 * len(partners.get(c["combo_code"], ())) for c in combos) + organisations
    if cluster is None and full_size > limit:
        result.level = "clusters"
        return _within_limit(result, limit)
    result.level = "cluster" if cluster is not None else "full"

    room = limit - result.size
    kept = sorted(combos, key=lambda c: (-c["residents"], c["combo_code"]))
    added_partners: set[str] = set()
    shown = 0
    for c in kept:
        links = [p for p in partners.get(c["combo_code"], ()) if p in partner_names]
        cost = 2 + sum(1 if p in added_partners else 2 for p in links)
        if cost > room:
            break
        room -= cost
        shown += 1
        cid = node_id("combo", c["combo_code"])
        result.nodes.append(Node(cid, "combo", c["combo_code"], c["name"],
                                 cluster_code=c["cluster_code"], combo_type=c["combo_type"],
                                 residents=c["residents"],
                                 resource_group=c["combo_code"] in resource))
        result.edges.append(Edge(node_id("cluster", c["cluster_code"]), cid, "contains"))
        for p in links:
            if p not in added_partners:
                added_partners.add(p)
                result.nodes.append(Node(node_id("partner", p), "partner", p, partner_names[p]))
            result.edges.append(Edge(node_id("partner", p), cid, "partner_of"))
    result.hidden_combos = len(combos) - shown
    return result


def _in_cluster(query: sa.Select, cluster: str | None) -> sa.Select:
    if cluster is None:
        return query
    m, c = s.combo_members, s.combos
    return query.join(c, c.c.combo_code == m.c.combo_code).where(c.c.cluster_code == cluster)


def _within_limit(result: Graph, limit: int) -> Graph:
    """Cluster level with very many clusters: drop the coordinators, then the smallest clusters."""
    if result.size <= limit:
        return result
    result.nodes = [n for n in result.nodes if n.kind != "coordinator"]
    result.edges = [e for e in result.edges if e.kind != "coordinates"]
    if result.size <= limit:
        return result
    clusters = sorted((n for n in result.nodes if n.kind == "cluster"),
                      key=lambda n: (-n.combos, n.code))
    keep = {n.id for n in clusters[: max(0, (limit - 1) // 2)]}
    result.hidden_clusters = len(clusters) - len(keep)
    result.nodes = [n for n in result.nodes if n.kind != "cluster" or n.id in keep]
    result.edges = [e for e in result.edges if e.target in keep]
    return result


def _combos_with_resource_group(conn: sa.Connection, cluster: str | None) -> set[str]:
    m = s.combo_members
    query = sa.select(m.c.combo_code).where(m.c.resource_group.is_(True)).distinct()
    return set(conn.execute(_in_cluster(query, cluster)).scalars())


def _partners_by_combo(conn: sa.Connection, cluster: str | None) -> dict[str, list[str]]:
    """Combo → partner organisations whose people are members of it."""
    m, a = s.combo_members, s.actors
    query = _in_cluster(
        sa.select(m.c.combo_code, a.c.organisation_code).join(a, a.c.actor_code == m.c.actor_code)
        .where(a.c.organisation_code.is_not(None)).distinct()
        .order_by(m.c.combo_code, a.c.organisation_code), cluster)
    out: dict[str, list[str]] = {}
    for combo, org in conn.execute(query):
        out.setdefault(combo, []).append(org)
    return out


# ---------------------------------------------------------------------------------------------
# Node details


@dataclass
class NodeDetails:
    kind: str
    code: str
    name: str
    cluster_code: str | None = None
    facts: dict[str, object] = field(default_factory=dict)  # combo_type, residents, combos, …
    members_by_type: dict[str, int] = field(default_factory=dict)
    experiences: int = 0  # in the quarter
    experiences_by_dimension: dict[str, int] = field(default_factory=dict)
    money: dict[str, object] = field(default_factory=dict)  # received, passed_on, spent


def node_details(conn: sa.Connection, node: str, quarter: str | None) -> NodeDetails | None:
    """Details of a node id from :func:`graph` (``combo:C1``), or None if it does not exist."""
    kind, _, code = node.partition(":")
    if kind == "coordinator":
        code = code.partition(":")[2]
        kind = "person"
    handler = {"combo": _combo, "cluster": _cluster, "partner": _actor,
               "fund_administrator": _actor, "person": _actor}.get(kind)
    return handler(conn, kind, code, quarter) if handler else None


def _members(conn, combo_codes) -> dict[str, int]:
    m = s.combo_members
    rows = conn.execute(sa.select(m.c.member_type, sa.func.count()).where(
        m.c.combo_code.in_(combo_codes)).group_by(m.c.member_type)).all()
    return {t: n for t, n in sorted(rows)}


def _experiences(conn, combo_codes, quarter) -> dict[str, int]:
    e = s.experiences
    query = sa.select(e.c.dimension, sa.func.count()).where(e.c.combo_code.in_(combo_codes))
    if quarter:
        q = Quarter.parse(quarter)
        query = query.where(e.c.occurred_on.between(q.first_day, q.last_day))
    return {d: n for d, n in sorted(conn.execute(query.group_by(e.c.dimension)).all())}


def _combo(conn, kind, code, quarter):
    c = s.combos
    row = conn.execute(sa.select(c).where(c.c.combo_code == code)).mappings().first()
    if row is None:
        return None
    by_dim = _experiences(conn, [code], quarter)
    rg = conn.execute(sa.select(sa.func.count()).where(
        s.combo_members.c.combo_code == code, s.combo_members.c.resource_group.is_(True))).scalar()
    return NodeDetails(
        "combo", code, row["name"], row["cluster_code"],
        facts={"combo_type": row["combo_type"], "residents": row["residents"],
               "resource_group": rg, "started_on": row["started_on"], "ended_on": row["ended_on"]},
        members_by_type=_members(conn, [code]), experiences=sum(by_dim.values()),
        experiences_by_dimension=by_dim, money=money.flows_of(conn, code, quarter),
    )


def _cluster(conn, kind, code, quarter):
    name = conn.execute(sa.select(s.clusters.c.name).where(
        s.clusters.c.cluster_code == code)).scalar()
    if name is None:
        return None
    combos = conn.execute(_active_combos(quarter).where(s.combos.c.cluster_code == code)).all()
    codes = [r.combo_code for r in combos]
    by_dim = _experiences(conn, codes, quarter)
    coords = coordinators(conn, quarter).get(code, [])
    return NodeDetails(
        "cluster", code, name, code,
        facts={"combos": len(codes), "residents": sum(r.residents for r in combos),
               "coordinators": [n for _, n in coords]},
        members_by_type=_members(conn, codes), experiences=sum(by_dim.values()),
        experiences_by_dimension=by_dim, money=money.flows_of(conn, code, quarter),
    )


def _actor(conn, kind, code, quarter):
    a = s.actors
    row = conn.execute(sa.select(a).where(a.c.actor_code == code)).mappings().first()
    if row is None:
        return None
    facts: dict[str, object] = {"actor_type": row["actor_type"]}
    if row["function"]:
        facts["function"] = row["function"]
    if row["actor_type"] == "organisation":
        facts["people"] = conn.execute(sa.select(sa.func.count()).where(
            a.c.organisation_code == code)).scalar()
        m = s.combo_members
        facts["combos"] = conn.execute(
            sa.select(sa.func.count(sa.distinct(m.c.combo_code)))
            .join(a, a.c.actor_code == m.c.actor_code).where(a.c.organisation_code == code)
        ).scalar()
    return NodeDetails(row["actor_type"], code, row["name"], facts=facts,
                       money=money.flows_of(conn, code, quarter))
