"""The S demo package is Saniveld as the domain brief and issue 2 describe it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import demo_package_checks as checks
from saniveld import settings
from saniveld.db.schema import COMBO_TYPES, DIMENSIONS, MEMBER_TYPES, ORGANISED_BY
from saniveld.demo import generate
from saniveld.quarters import Quarter, quarter_range

QUARTERS = quarter_range("2024-Q4", "2026-Q3")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pkg(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-S")
    generate(folder, "S")
    return folder


def role_holders(pkg: Path, role: str, scope: str, scope_code: str, day: date) -> list[str]:
    return [
        r["actor_code"]
        for r in checks.read(pkg, "role_assignments")
        if (r["role_code"], r["scope"], r["scope_code"]) == (role, scope, scope_code)
        and date.fromisoformat(r["started_on"]) <= day
        and (not r["ended_on"] or date.fromisoformat(r["ended_on"]) >= day)
    ]


def test_form_and_references(pkg):
    checks.check_form(pkg)
    checks.check_references(pkg)


def test_municipality_and_gps(pkg):
    assert checks.read(pkg, "municipality") == [
        {"name": "Saniveld", "inhabitants": "18000", "general_practitioners": "10"}
    ]
    gps = [a for a in checks.read(pkg, "actors") if a["function"] == "huisarts"]
    assert len(gps) == 10 and all(a["actor_type"] == "person" for a in gps)


def test_three_clusters_each_with_a_coordinator_at_every_quarter_end(pkg):
    assert [c["cluster_code"] for c in checks.read(pkg, "clusters")] == ["CENTRUM", "NOORD", "ZUID"]
    for q in QUARTERS:
        for cluster in ("CENTRUM", "NOORD", "ZUID"):
            assert len(role_holders(pkg, "meewerkend_coordinator", "cluster", cluster, q.last_day)) == 1, (q, cluster)


def test_roles_network_filled_with_a_gap_or_two_elsewhere(pkg):
    network_roles = [r.code for r in settings.roles() if r.required_at == "network"]
    assert len(network_roles) == 4
    for q in QUARTERS:
        for role in network_roles:
            assert role_holders(pkg, role, "network", "", q.last_day), (q, role)
    # ZUID: the coordinator left on 18 April 2025, the next one started on 12 May 2025
    assert role_holders(pkg, "meewerkend_coordinator", "cluster", "ZUID", date(2025, 5, 1)) == []
    # CENTRUM has had no involved neighbourhood since its initiative stopped on 30 June 2025
    assert role_holders(pkg, "betrokken_buurt", "cluster", "CENTRUM", date(2025, 6, 30))
    assert role_holders(pkg, "betrokken_buurt", "cluster", "CENTRUM", date(2025, 7, 1)) == []
    for cluster in ("NOORD", "ZUID"):
        assert role_holders(pkg, "betrokken_buurt", "cluster", cluster, date(2026, 9, 30))
    # some persons carry more than one assignment at once (role concentration)
    active = Counter(
        r["actor_code"] for r in checks.read(pkg, "role_assignments") if not r["ended_on"]
    )
    assert any(n >= 2 for n in active.values())


def test_combos_of_every_type_some_ended(pkg):
    combos = checks.read(pkg, "combos")
    assert 250 <= len(combos) <= 400
    types = Counter(c["combo_type"] for c in combos)
    assert set(types) == set(COMBO_TYPES)
    assert types["fact"] == 1
    ended = [c for c in combos if c["ended_on"]]
    assert 0 < len(ended) < len(combos) // 5
    # new combos start during the eight quarters: the network grows
    assert sum(c["started_on"] >= "2024-10-01" for c in combos) > 20


def test_members_of_every_type_and_resource_groups_on_some_combos(pkg):
    members = checks.read(pkg, "combo_members")
    assert set(m["member_type"] for m in members) == set(MEMBER_TYPES)
    with_group = {m["combo_code"] for m in members if m["resource_group"] == "true"}
    all_combos = {c["combo_code"] for c in checks.read(pkg, "combos")}
    assert 0 < len(with_group) < len(all_combos)
    residents = {m["actor_code"] for m in members if m["member_type"] == "resident"}
    actors = {a["actor_code"]: a for a in checks.read(pkg, "actors")}
    for code in residents:  # pseudonymous: the name only repeats the code
        assert actors[code]["name"] == f"Bewoner {code}"


def test_money_between_8_and_10_million_a_year_and_overhead_below_15_except_2025_q4(pkg):
    per_quarter = checks.check_money(pkg)
    assert sorted(per_quarter) == [str(q) for q in QUARTERS]
    year_2025 = sum(per_quarter[f"2025-Q{n}"]["funding"] for n in range(1, 5))
    assert Decimal("8000000") <= year_2025 <= Decimal("10000000")
    for q in QUARTERS:
        figures = per_quarter[str(q)]
        assert Decimal("2000000") <= figures["funding"] <= Decimal("2500000")
        share = figures["overhead"] / figures["funding"] * 100
        if str(q) == "2025-Q4":
            assert Decimal("15") < share < Decimal("15.5")
        else:
            assert Decimal("13") < share < Decimal("15"), (q, share)
        rate = figures["spending"] / figures["to_combos_and_organisations"] * 100
        assert Decimal("90") < rate < Decimal("100"), (q, rate)


def test_funders_fund_administrator_and_streams(pkg):
    actors = {a["actor_code"]: a for a in checks.read(pkg, "actors")}
    funders = sorted(code for code, a in actors.items() if a["actor_type"] == "funder")
    assert funders == ["FND-GEMEENTE", "FND-ZORGKANTOOR", "FND-ZORGVERZEKERAAR"]
    streams = defaultdict(set)
    flows = checks.read(pkg, "money_flows")
    for f in flows:
        if f["from_code"] in funders:
            assert f["to_code"] == "FA-FONDSBEHEER" and f["kind"] == "allocation"
            streams[f["from_code"]].add(f["stream"])
    assert streams == {
        "FND-GEMEENTE": {"wmo", "jeugdwet"},
        "FND-ZORGKANTOOR": {"wlz"},
        "FND-ZORGVERZEKERAAR": {"zvw"},
    }
    assert {f["purpose"] for f in flows} == {"care", "overhead", "innovation"}
    clusters = {"CENTRUM", "NOORD", "ZUID"}
    assert {f["to_code"] for f in flows if f["from_code"] == "FA-FONDSBEHEER"} >= clusters
    partners = {f["to_code"] for f in flows if f["from_code"] == "FA-FONDSBEHEER" and f["to_code"].startswith("ORG-")}
    assert len(partners) >= 5


def test_experiences_cover_every_dimension_and_self_organised_grows(pkg):
    experiences = checks.read(pkg, "experiences")
    assert set(e["dimension"] for e in experiences) == set(DIMENSIONS)
    assert set(e["organised_by"] for e in experiences) == set(ORGANISED_BY)
    by_quarter = defaultdict(Counter)
    for e in experiences:
        by_quarter[str(Quarter.of(date.fromisoformat(e["occurred_on"])))][e["organised_by"]] += 1
    assert sorted(by_quarter) == [str(q) for q in QUARTERS]

    def self_or_network(q: str) -> float:
        c = by_quarter[q]
        return (c["self"] + c["network"]) / sum(c.values())

    assert self_or_network("2026-Q3") > self_or_network("2024-Q4") + 0.15
    assert sum(by_quarter["2026-Q3"].values()) > sum(by_quarter["2024-Q4"].values())


def test_committed_demo_package_is_a_fresh_generate(pkg):
    committed = REPO / "data" / "demo"
    assert checks.hashes(committed) == checks.hashes(pkg)
