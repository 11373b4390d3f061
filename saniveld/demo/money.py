"""Money flows, quarter by quarter: funders → fund administrator → clusters, partners and
overhead → combos, as allocations and (a little lower) spending. Integer cents throughout.

Every funder allocation carries purpose ``care``: overhead and innovation are each allocated
once further down (overhead by the fund administrator, innovation by the clusters), so that
"allocations with purpose overhead ÷ allocations from funders" is the overhead share.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from saniveld.db.schema import COMBO_TYPES as TYPE_ORDER
from saniveld.demo import vocab as v
from saniveld.demo.plan import RNG_CLUSTER_MONEY, RNG_NETWORK_MONEY, Cluster, Plan, active_days, rng_for
from saniveld.demo.writer import apportion, split_cents
from saniveld.quarters import Quarter

FA = v.FUND_ADMINISTRATOR[0]
FUNDER_OF = {s: code for code, _, streams in v.FUNDERS for s in streams}
# stream percentages per combo type, as an array [type, stream]
TYPE_STREAM_PCT = np.array(
    [[v.COMBO_TYPES[t]["streams"].get(s, 0) for s in v.STREAMS] for t in TYPE_ORDER], dtype=np.int64
)


def euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class FlowCodes:
    """MF-2025Q1-0000001, numbered per quarter in writing order (≤ 7 digits)."""

    def __init__(self, quarter: Quarter):
        self.prefix = f"MF-{quarter.year}Q{quarter.number}-"
        self.n = 0

    def take(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:07d}"


def stream_weights(cluster: Cluster, q: Quarter) -> np.ndarray:
    """Money weight of each combo per stream in quarter q: [combo, stream] (0 when inactive)."""
    days = active_days(cluster, q.first_day, q.last_day)
    return (cluster.points * days)[:, None] * TYPE_STREAM_PCT[cluster.types]


def network_flows(plan: Plan, qi: int, codes: FlowCodes) -> tuple[list[tuple], dict[tuple[int, str], int]]:
    """Rows of the funders and the fund administrator in quarter qi, and each cluster's budget."""
    q = v.QUARTERS[qi]
    rng = rng_for(plan.seed, RNG_NETWORK_MONEY, qi)
    label = str(q)
    rows: list[tuple] = []
    spend: list[tuple] = []

    def flow(kind: str, src: str, dst: str, cents: int, stream: str, purpose: str, parts: int = 1) -> None:
        for amount in split_cents(cents, parts):
            rows.append((codes.take(), label, kind, src, dst, euros(amount), stream, purpose))

    def allocate_and_spend(src: str, dst: str, cents: int, stream: str, purpose: str, permille: tuple[int, int]) -> None:
        if cents <= 0:
            return
        flow("allocation", src, dst, cents, stream, purpose)
        used = cents * int(rng.integers(permille[0], permille[1] + 1)) // 1000
        if used > 0 and dst != FA:  # spending is recorded by organisations and combos
            spend.append(("spending", src, dst, used, stream, purpose))

    total = plan.scale.inhabitants * (v.CENTS_PER_INHABITANT_FIRST + qi * v.CENTS_PER_INHABITANT_STEP)
    weights_by_cluster = [stream_weights(c, q).sum(axis=0) for c in plan.clusters]
    budgets: dict[tuple[int, str], int] = {}
    region_size = [0] * plan.scale.regions
    for c in plan.clusters:
        region_size[c.region] += 1
    for si, s in enumerate(v.STREAMS):
        funding = total * v.STREAM_SHARE_BP[s] * int(rng.integers(985, 1016)) // 10_000_000
        flow("allocation", FUNDER_OF[s], FA, funding, s, "care", parts=3)  # monthly tranches
        overhead = funding * v.OVERHEAD_BP[qi] // 10_000
        own = overhead * v.OVERHEAD_SELF_BP // 10_000
        allocate_and_spend(FA, FA, own, s, "overhead", (960, 1000))
        allocate_and_spend(FA, v.NETWORK_OFFICE[0], overhead - own, s, "overhead", (930, 995))
        partners = [p for p in plan.partners if p.streams.get(s)]
        partner_total = funding * v.PARTNER_BP[s] // 10_000
        shares = apportion(partner_total, [p.points * p.streams[s] * region_size[p.region] for p in partners])
        for p, cents in zip(partners, shares):
            allocate_and_spend(FA, p.code, cents, s, "care", (920, 990))
        reserve = funding * v.FA_RESERVE_BP // 10_000
        to_clusters = funding - overhead - sum(shares) - reserve
        for c, cents in zip(plan.clusters, apportion(to_clusters, [int(w[si]) for w in weights_by_cluster])):
            if cents > 0:
                flow("allocation", FA, c.code, cents, s, "care")
                budgets[(c.index, s)] = cents
    for kind, src, dst, cents, s, purpose in spend:
        flow(kind, src, dst, cents, s, purpose)
    return rows, budgets


def cluster_flows(plan: Plan, qi: int, cluster: Cluster, budgets: dict[tuple[int, str], int], codes: FlowCodes) -> list[tuple]:
    """A cluster's allocations to its combos (care per stream, innovation for a few) and their spending."""
    q = v.QUARTERS[qi]
    label = str(q)
    rng = rng_for(plan.seed, RNG_CLUSTER_MONEY, qi, cluster.index)
    weights = stream_weights(cluster, q)
    m = len(cluster.types)
    care = np.zeros((m, len(v.STREAMS)), dtype=object)
    innovation = [0] * m
    for si, s in enumerate(v.STREAMS):
        budget = budgets.get((cluster.index, s), 0)
        if budget <= 0:
            continue
        reserve = budget * int(rng.integers(50, 251)) // 10_000
        pot = budget - reserve
        if s == "wmo":
            candidates = np.flatnonzero(weights[:, si] > 0)
            if len(candidates):
                k = max(1, len(candidates) * 8 // 100)
                chosen = np.sort(rng.choice(candidates, size=k, replace=False))
                innovation_pot = budget * int(rng.integers(250, 451)) // 10_000
                for i, cents in zip(chosen, apportion(innovation_pot, [int(cluster.points[i]) for i in chosen])):
                    innovation[int(i)] = cents
                pot -= innovation_pot
        for i, cents in enumerate(apportion(pot, [int(w) for w in weights[:, si]])):
            care[i, si] = cents
    rows: list[tuple] = []
    used = rng.integers(900, 991, size=(m, len(v.STREAMS) + 1))
    for i in range(m):
        combo = cluster.combo_code(i)
        allocations = [(s, "care", int(care[i, si]), int(used[i, si])) for si, s in enumerate(v.STREAMS)]
        allocations.append(("wmo", "innovation", innovation[i], int(used[i, -1])))
        allocations = [a for a in allocations if a[2] > 0]
        for s, purpose, cents, _ in allocations:
            rows.append((codes.take(), label, "allocation", cluster.code, combo, euros(cents), s, purpose))
        for s, purpose, cents, permille in allocations:
            spent = cents * permille // 1000
            if spent > 0:
                rows.append((codes.take(), label, "spending", cluster.code, combo, euros(spent), s, purpose))
    return rows
