"""The shape of the demo network, held in memory: regions, clusters, partners and combos.

Combos are kept as compact numpy arrays per cluster (L has about 300,000 of them); members,
money flows and experiences are produced from this plan cluster by cluster and streamed out.
Every cluster draws from its own random generator (seed, purpose, cluster number), so a
cluster's data does not depend on how the others were generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from saniveld.db.schema import COMBO_TYPES as TYPE_ORDER
from saniveld.demo import vocab as v
from saniveld.demo.scales import DemoError, Scale

# purposes of the per-cluster random generators
RNG_COMBOS, RNG_PEOPLE, RNG_NETWORK_MONEY, RNG_CLUSTER_MONEY, RNG_EXPERIENCES, RNG_ROLES = range(1, 7)
TYPE_INDEX = {t: i for i, t in enumerate(TYPE_ORDER)}
OPEN_END = date(9999, 12, 31).toordinal()


def rng_for(seed: int, *path: int) -> np.random.Generator:
    return np.random.default_rng([seed, *path])


@dataclass
class Cluster:
    index: int
    region: int
    code: str
    name: str
    tag: str  # used in combo and person codes: CMB-<tag>-001, P-<tag>-0001
    gps: int
    has_fact: bool
    # combos, one entry per combo in code order
    types: np.ndarray = field(default=None)  # int8 index into schema.COMBO_TYPES
    residents: np.ndarray = field(default=None)
    started: np.ndarray = field(default=None)  # date ordinal
    ended: np.ndarray = field(default=None)  # date ordinal or OPEN_END
    points: np.ndarray = field(default=None)  # money weight
    gp_of: np.ndarray = field(default=None)  # index of the cluster's GP for huisarts combos, else -1
    combo_width: int = 3

    def combo_code(self, i: int) -> str:
        return f"CMB-{self.tag}-{i + 1:0{self.combo_width}d}"


@dataclass
class Partner:
    code: str
    name: str
    region: int
    key: str  # WELZIJN, GGZ, …
    points: int
    streams: dict[str, int]


@dataclass
class Plan:
    scale: Scale
    seed: int
    clusters: list[Cluster]
    partners: list[Partner]
    region_names: list[str]

    def partner_code(self, region: int, key: str) -> str:
        return f"ORG-{key}" if self.scale.regions == 1 else f"ORG-{region + 1:04d}-{key}"


def build(scale: Scale, seed: int) -> Plan:
    n = scale.clusters
    if n >= 10_000:
        raise DemoError(f"scale {scale.code}: {n} clusters is more than the codes allow (9999)")
    gps = [scale.gps // n + (1 if k < scale.gps % n else 0) for k in range(n)]  # Saniveld: 4, 3, 3
    clusters = []
    for k in range(n):
        region = k // scale.clusters_per_region
        if scale.saniveld:
            code, name, tag = v.SANIVELD_CLUSTERS[k]
        else:
            code, name, tag = f"CL-{k + 1:04d}", f"Wijkcluster {k + 1:04d}", f"{k + 1:04d}"
        has_fact = k % scale.clusters_per_region == 0
        cluster = Cluster(k, region, code, name, tag, gps[k], has_fact)
        _combos(cluster, rng_for(seed, RNG_COMBOS, k))
        clusters.append(cluster)
    region_names = [scale.municipality if scale.regions == 1 else f"regio {r + 1:04d}" for r in range(scale.regions)]
    plan = Plan(scale, seed, clusters, [], region_names)
    for r in range(scale.regions):
        for key, name, points, streams in v.PARTNERS:
            plan.partners.append(
                Partner(plan.partner_code(r, key), name.format(r=region_names[r]), r, key, points, streams)
            )
    return plan


def _combos(cluster: Cluster, rng: np.random.Generator) -> None:
    size = rng.integers(85, 116) / 100
    types: list[int] = []
    gp_of: list[int] = []
    for t in TYPE_ORDER:
        if t == "fact":
            count = 1 if cluster.has_fact else 0
            types += [TYPE_INDEX[t]] * count
            gp_of += [-1] * count
        elif t == "huisarts":
            for g in range(cluster.gps):
                count = int(rng.integers(v.GP_COMBOS_PER_GP[0], v.GP_COMBOS_PER_GP[1] + 1))
                types += [TYPE_INDEX[t]] * count
                gp_of += [g] * count
        else:
            count = max(1, int(round(v.COMBO_TYPES[t]["per_cluster"] * size)) + int(rng.integers(-1, 2)))
            types += [TYPE_INDEX[t]] * count
            gp_of += [-1] * count
    m = len(types)
    cluster.combo_width = max(3, len(str(m)))
    cluster.types = np.array(types, dtype=np.int8)
    cluster.gp_of = np.array(gp_of, dtype=np.int32)
    lo = np.array([v.COMBO_TYPES[TYPE_ORDER[t]]["residents"][0] for t in types])
    hi = np.array([v.COMBO_TYPES[TYPE_ORDER[t]]["residents"][1] for t in types])
    cluster.residents = rng.integers(lo, hi + 1).astype(np.int32)
    new_pct = {"buurtnetwerk": 35, "ervaringsdeskundigen": 35, "huisarts": 25, "fact": 0}
    p_new = np.array([new_pct.get(TYPE_ORDER[t], 12) for t in types]) / 100
    is_new = rng.random(m) < p_new
    old_from = np.array([date(2019, 1, 1).toordinal() if TYPE_ORDER[t] == "wijkteam" else date(2021, 1, 1).toordinal() for t in types])
    old_to = v.NETWORK_START.toordinal() + 29  # 2024-09-30
    new_from, new_to = v.PERIOD_START.toordinal(), date(2026, 8, 31).toordinal()
    started = np.where(is_new, rng.integers(new_from, new_to + 1, m), rng.integers(old_from, old_to + 1))
    end_pct = np.array([0 if TYPE_ORDER[t] == "fact" else 3 if TYPE_ORDER[t] == "wijkteam" else 9 for t in types]) / 100
    ends = rng.random(m) < end_pct
    end_from = np.maximum(started + 90, date(2024, 11, 1).toordinal())
    end_to = date(2026, 9, 15).toordinal()
    ends &= end_from < end_to
    end_day = rng.integers(np.minimum(end_from, end_to - 1), end_to + 1)
    cluster.started = started.astype(np.int32)
    cluster.ended = np.where(ends, end_day, OPEN_END).astype(np.int32)
    points = np.array([v.COMBO_TYPES[TYPE_ORDER[t]]["points"] for t in types], dtype=np.int64)
    cluster.points = points * (cluster.residents.astype(np.int64) + 5) * rng.integers(80, 121, m)


def active_days(cluster: Cluster, first: date, last: date) -> np.ndarray:
    """Days each combo of the cluster is active within [first, last] (0 when not active)."""
    lo = np.maximum(cluster.started, first.toordinal())
    hi = np.minimum(cluster.ended, last.toordinal())
    return np.maximum(hi - lo + 1, 0).astype(np.int64)
