"""Persons, residents, combo members and role assignments, cluster by cluster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from saniveld.db.schema import COMBO_TYPES as TYPE_ORDER
from saniveld.demo import vocab as v
from saniveld.demo.plan import OPEN_END, RNG_PEOPLE, RNG_ROLES, Cluster, Plan, rng_for
from saniveld.demo.scales import DemoError

NETWORK_PERSONS = (
    # code, name, function, partner key, role
    ("P-NET-01", "Marieke Hoekstra", "directeur-bestuurder", "WELZIJN", "uitdragend_leider"),
    ("P-NET-02", "Hamid Bouzid", "netwerkmanager", None, "inrichtend_manager"),
    ("P-NET-03", "Ingrid Wolters", "beleidsadviseur zorg en welzijn", None, "meewerkend_raadgever"),
)


@dataclass
class ClusterPeople:
    persons: list[tuple] = field(default_factory=list)  # actor rows P-<tag>-nnnn
    residents: list[tuple] = field(default_factory=list)  # actor rows R<nnnnn>
    members: list[tuple] = field(default_factory=list)  # combo_members rows in key order
    roles: list[tuple] = field(default_factory=list)  # role_assignments rows


def network_actors(plan: Plan) -> list[tuple]:
    """Funders, the fund administrator, partners, the network office, network persons, initiatives."""
    m = plan.scale.municipality
    rows: list[tuple] = [(code, name.format(m=m), "funder", None, None) for code, name, _ in v.FUNDERS]
    rows.append((v.FUND_ADMINISTRATOR[0], v.FUND_ADMINISTRATOR[1].format(m=m), "fund_administrator", None, None))
    rows.append((v.NETWORK_OFFICE[0], v.NETWORK_OFFICE[1].format(m=m), "organisation", None, None))
    rows += [(p.code, p.name, "organisation", None, None) for p in plan.partners]
    for code, name, function, partner, _ in NETWORK_PERSONS:
        org = plan.partner_code(0, partner) if partner else v.NETWORK_OFFICE[0]
        rows.append((code, name, "person", function, org))
    for c in plan.clusters:
        for j, name in enumerate(initiatives(c, plan.seed)):
            rows.append((f"BI-{c.tag}-{j + 1:02d}", name, "neighbourhood_initiative", None, None))
    return rows


def initiatives(cluster: Cluster, seed: int) -> list[str]:
    rng = rng_for(seed, RNG_ROLES, cluster.index, 0)
    k = int(rng.integers(1, 4))
    picks = rng.choice(len(v.NEIGHBOURHOOD_INITIATIVES), size=k, replace=False)
    short = cluster.name.split("-")[-1]
    return [f"{v.NEIGHBOURHOOD_INITIATIVES[int(i)]} {short}" for i in sorted(picks)]


def network_roles() -> list[tuple]:
    rows = [(code, role, "network", None, v.NETWORK_START, None) for code, *_, role in NETWORK_PERSONS]
    rows.append((v.FUND_ADMINISTRATOR[0], "ondersteunende_netwerkpartner", "network", None, v.NETWORK_START, None))
    return rows


class ResidentCounter:
    """Residents are numbered across the whole package: R00001, R00002, … (≤ 8 digits)."""

    def __init__(self, inhabitants: int):
        self.width = min(8, max(5, len(str(inhabitants))))
        self.next = 1

    def take(self) -> str:
        if self.next >= 10**self.width:
            raise DemoError("more resident members than resident codes (R + 8 digits)")
        code = f"R{self.next:0{self.width}d}"
        self.next += 1
        return code


def cluster_people(plan: Plan, cluster: Cluster, counter: ResidentCounter) -> ClusterPeople:
    """Every person, resident, member and role of one cluster."""
    rng = rng_for(plan.seed, RNG_PEOPLE, cluster.index)
    out = ClusterPeople()
    n = 0

    def person(name: str | None, function: str, org_key: str | None) -> str:
        nonlocal n
        n += 1
        if n >= 10_000:
            raise DemoError(f"cluster {cluster.code}: more than 9999 persons")
        code = f"P-{cluster.tag}-{n:04d}"
        if name is None:
            name = f"{function.capitalize()} {code}"  # pseudonymous: no real-looking name
        org = plan.partner_code(cluster.region, org_key) if org_key else None
        out.persons.append((code, name, "person", function, org))
        return code

    def real_name() -> str:
        return f"{v.FIRST_NAMES[int(rng.integers(len(v.FIRST_NAMES)))]} {v.LAST_NAMES[int(rng.integers(len(v.LAST_NAMES)))]}"

    coordinators = [person(real_name(), "wijkcoördinator", "WELZIJN") for _ in range(2)]
    gps = [person(f"dr. {real_name()}", "huisarts", "HUISARTSEN") for _ in range(cluster.gps)]
    pools: dict[str, list[str]] = {}
    staff = list(v.PROFESSIONALS) + (list(v.FACT_PROFESSIONALS) if cluster.has_fact else [])
    for org_key, function, count in staff:
        pools.setdefault(function, []).extend(person(real_name(), function, org_key) for _ in range(count))
    experts = [person(None, "ervaringsdeskundige", None) for _ in range(v.EXPERIENCE_EXPERTS_PER_CLUSTER)]
    volunteers = [person(None, "vrijwilliger", "VRIJWILLIGERS") for _ in range(v.VOLUNTEERS_PER_CLUSTER)]

    def pick(pool: list[str], lo_hi: tuple[int, int]) -> list[str]:
        k = min(len(pool), int(rng.integers(lo_hi[0], lo_hi[1] + 1)))
        return [pool[int(i)] for i in rng.choice(len(pool), size=k, replace=False)] if k else []

    advisers: list[tuple[str, int]] = []  # (experience expert, combo index) for combo-scope roles
    for i in range(len(cluster.types)):
        ctype = TYPE_ORDER[int(cluster.types[i])]
        functions, count = v.PROFESSIONALS_IN[ctype]
        pool = [p for f in functions for p in pools.get(f, [])]
        professionals = pick(pool, count)
        if ctype == "huisarts":
            professionals = [gps[int(cluster.gp_of[i])]] + professionals
        (e_lo_hi, c_lo_hi, v_lo_hi, r_lo_hi) = v.OTHER_MEMBERS[ctype]
        combo_experts = pick(experts, e_lo_hi)
        carers = [person(None, "mantelzorger", None) for _ in range(int(rng.integers(c_lo_hi[0], c_lo_hi[1] + 1)))]
        combo_volunteers = pick(volunteers, v_lo_hi)
        residents = []
        for _ in range(min(int(cluster.residents[i]), int(rng.integers(r_lo_hi[0], r_lo_hi[1] + 1)))):
            code = counter.take()
            out.residents.append((code, f"Bewoner {code}", "person", None, None))
            residents.append(code)
        resource_group = rng.integers(100) < v.RESOURCE_GROUP_PCT[ctype]
        combo = cluster.combo_code(i)
        members = [(a, "professional", resource_group and j == 0) for j, a in enumerate(professionals)]
        members += [(a, "experience_expert", resource_group) for a in combo_experts]
        members += [(a, "informal_carer", resource_group) for a in carers]
        members += [(a, "volunteer", resource_group) for a in combo_volunteers]
        members += [(a, "resident", resource_group) for a in residents]
        for actor, member_type, in_group in sorted(members):
            out.members.append((combo, actor, member_type, bool(in_group)))
        if ctype == "ervaringsdeskundigen" and combo_experts and rng.integers(100) < 25:
            advisers.append((combo_experts[0], i))
    out.roles = _cluster_roles(plan, cluster, coordinators, advisers)
    return out


def _cluster_roles(plan: Plan, cluster: Cluster, coordinators: list[str], advisers: list[tuple[str, int]]) -> list[tuple]:
    """Coordinator and involved neighbourhood per cluster, with a realistic gap here and there."""
    rng = rng_for(plan.seed, RNG_ROLES, cluster.index, 1)
    rows: list[tuple] = []
    if plan.scale.saniveld:
        coordinator_gap = cluster.code == "ZUID"
        neighbourhood_stops = cluster.code == "CENTRUM"
        gap_quarter = v.QUARTERS[2]  # 2025-Q2
    else:
        coordinator_gap = rng.integers(100) < 4
        neighbourhood_stops = rng.integers(100) < 8
        gap_quarter = v.QUARTERS[int(rng.integers(1, len(v.QUARTERS) - 1))]
    first = coordinators[0]
    if coordinator_gap:
        # the first coordinator leaves and the next one starts a few weeks later, inside one
        # quarter: at every quarter's end the cluster has a coordinator again
        leaves = gap_quarter.first_day + timedelta(days=int(rng.integers(14, 25)))
        starts = leaves + timedelta(days=int(rng.integers(18, 30)))
        if plan.scale.saniveld:
            leaves, starts = date(2025, 4, 18), date(2025, 5, 12)
        rows.append((first, "meewerkend_coordinator", "cluster", cluster.code, v.NETWORK_START, leaves))
        rows.append((coordinators[1], "meewerkend_coordinator", "cluster", cluster.code, starts, None))
    else:
        rows.append((first, "meewerkend_coordinator", "cluster", cluster.code, v.NETWORK_START, None))
    neighbourhood = f"BI-{cluster.tag}-01"
    stop = None
    if neighbourhood_stops:
        stop = date(2025, 6, 30) if plan.scale.saniveld else gap_quarter.last_day
    rows.append((neighbourhood, "betrokken_buurt", "cluster", cluster.code, v.NETWORK_START, stop))
    for expert, i in advisers:
        started = max(date.fromordinal(int(cluster.started[i])), v.NETWORK_START)
        ended = None if cluster.ended[i] == OPEN_END else date.fromordinal(int(cluster.ended[i]))
        if ended is not None and ended < started:
            continue
        rows.append((expert, "meewerkend_raadgever", "combo", cluster.combo_code(i), started, ended))
    return rows
