"""Resilience experiences per combo and quarter: more of them over time, and more of them
organised by residents themselves or their own network."""

from __future__ import annotations

from datetime import date

import numpy as np

from saniveld.db.schema import COMBO_TYPES as TYPE_ORDER
from saniveld.db.schema import DIMENSIONS, ORGANISED_BY
from saniveld.demo import vocab as v
from saniveld.demo.plan import RNG_EXPERIENCES, Cluster, Plan, active_days, rng_for
from saniveld.demo.scales import DemoError

DIMENSION_CDF = np.cumsum(np.array([v.DIMENSION_WEIGHTS[t] for t in TYPE_ORDER], dtype=np.float64), axis=1) / 100
RATE = np.array([v.COMBO_TYPES[t]["rate"] for t in TYPE_ORDER], dtype=np.float64) / 1000
SHIFT = np.array([v.ORGANISED_SHIFT[t] for t in TYPE_ORDER], dtype=np.float64)
DAY = {}  # ordinal → date, filled lazily (a few hundred days)


def _day(ordinal: int) -> date:
    d = DAY.get(ordinal)
    if d is None:
        d = DAY[ordinal] = date.fromordinal(ordinal)
    return d


def organised_cdf(qi: int) -> np.ndarray:
    """Cumulative (self, network, professional) percent per combo type in quarter qi."""
    last = len(v.QUARTERS) - 1
    self_pct = v.ORGANISED_FIRST[0] + (v.ORGANISED_LAST[0] - v.ORGANISED_FIRST[0]) * qi / last
    network_pct = v.ORGANISED_FIRST[1] + (v.ORGANISED_LAST[1] - v.ORGANISED_FIRST[1]) * qi / last
    network = np.clip(network_pct + SHIFT, 1, 90)
    return np.stack([np.full_like(network, self_pct), self_pct + network, np.full_like(network, 100.0)], axis=1) / 100


class ExperienceCodes:
    """EXP-00000001, … across the whole package (≤ 8 digits)."""

    def __init__(self):
        self.n = 0

    def take(self, k: int) -> list[str]:
        if self.n + k >= 10**8:
            raise DemoError("more experiences than experience codes (EXP- + 8 digits)")
        codes = [f"EXP-{i:08d}" for i in range(self.n + 1, self.n + k + 1)]
        self.n += k
        return codes


def cluster_experiences(plan: Plan, qi: int, cluster: Cluster, codes: ExperienceCodes) -> list[tuple]:
    q = v.QUARTERS[qi]
    rng = rng_for(plan.seed, RNG_EXPERIENCES, qi, cluster.index)
    days = active_days(cluster, q.first_day, q.last_day)
    quarter_days = (q.last_day - q.first_day).days + 1
    growth = 1 + 0.05 * qi
    lam = cluster.residents * RATE[cluster.types] * growth * days / quarter_days
    counts = rng.poisson(lam)
    n = int(counts.sum())
    if n == 0:
        return []
    combo = np.repeat(np.arange(len(counts)), counts)
    lo = np.maximum(cluster.started, q.first_day.toordinal())[combo]
    hi = np.minimum(cluster.ended, q.last_day.toordinal())[combo]
    day = rng.integers(lo, hi + 1)
    types = cluster.types[combo]
    dimension = (rng.random(n)[:, None] > DIMENSION_CDF[types]).sum(axis=1)
    organised = (rng.random(n)[:, None] > organised_cdf(qi)[types]).sum(axis=1)
    order = np.lexsort((day, combo))
    combo_codes = [cluster.combo_code(i) for i in range(len(counts))]
    return [
        (code, combo_codes[c], _day(d), DIMENSIONS[dim], ORGANISED_BY[org])
        for code, c, d, dim, org in zip(
            codes.take(n),
            combo[order].tolist(),
            day[order].tolist(),
            np.minimum(dimension[order], 5).tolist(),
            np.minimum(organised[order], 2).tolist(),
        )
    ]
