"""network.py on the small hand-made network (tests/unit/pages_fixture.py), quarter 2025-Q2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pages_fixture import insert_small_network
from saniveld import network
from saniveld.db import engine as db


@pytest.fixture
def conn(engine):
    with db.transaction(engine) as c:
        insert_small_network(c)
    with db.connect(engine) as c:
        yield c


def _edges(g):
    return {(e.source, e.target) for e in g.edges}


def test_full_graph_holds_active_combos_partners_and_coordinators(conn):
    g = network.graph(conn, "2025-Q2")
    assert g.level == "full" and g.hidden_combos == 0
    assert [n.id for n in g.nodes] == [
        "fund_administrator:FA", "cluster:NOORD", "coordinator:NOORD:P2", "cluster:ZUID",
        "combo:C1", "partner:ORG1", "combo:C3", "combo:C2", "partner:ORG2",
    ]  # C4 ended on 31 March; ZUID has no coordinator in Q2; combos by residents, largest first
    assert _edges(g) == {
        ("fund_administrator:FA", "cluster:NOORD"), ("coordinator:NOORD:P2", "cluster:NOORD"),
        ("fund_administrator:FA", "cluster:ZUID"), ("cluster:NOORD", "combo:C1"),
        ("partner:ORG1", "combo:C1"), ("cluster:ZUID", "combo:C3"), ("cluster:NOORD", "combo:C2"),
        ("partner:ORG1", "combo:C2"), ("partner:ORG2", "combo:C2"),
    }
    nodes = {n.id: n for n in g.nodes}
    assert (nodes["cluster:NOORD"].combos, nodes["cluster:NOORD"].residents) == (2, 52)
    assert nodes["combo:C1"].resource_group is True and nodes["combo:C2"].resource_group is False
    assert nodes["combo:C2"].combo_type == "fact" and nodes["combo:C2"].residents == 12


def test_a_large_network_starts_at_cluster_level(conn):
    g = network.graph(conn, "2025-Q2", limit=20)
    assert g.level == "clusters"
    assert [n.id for n in g.nodes] == [
        "fund_administrator:FA", "cluster:NOORD", "coordinator:NOORD:P2", "cluster:ZUID",
    ]
    assert g.size <= 20


def test_drilling_into_a_cluster_keeps_the_largest_combos_within_the_limit(conn):
    g = network.graph(conn, "2025-Q2", cluster="NOORD", limit=12)
    assert g.level == "cluster"
    assert [n.id for n in g.nodes] == [
        "fund_administrator:FA", "cluster:NOORD", "coordinator:NOORD:P2", "combo:C1",
        "partner:ORG1",
    ]
    assert g.hidden_combos == 1 and g.size <= 12


def test_filter_by_combo_type(conn):
    g = network.graph(conn, "2025-Q2", combo_type="fact")
    assert [n.code for n in g.nodes if n.kind == "combo"] == ["C2"]
    counts = {n.code: n.combos for n in g.nodes if n.kind == "cluster"}
    assert counts == {"NOORD": 1, "ZUID": 0}


def test_unknown_cluster_gives_an_empty_graph(conn):
    assert network.graph(conn, "2025-Q2", cluster="WEST").is_empty()


def test_combo_details(conn):
    d = network.node_details(conn, "combo:C1", "2025-Q2")
    assert (d.name, d.cluster_code) == ("Wijkteam Noord", "NOORD")
    assert d.members_by_type == {"informal_carer": 1, "professional": 1, "resident": 1}
    assert d.facts["resource_group"] == 1 and d.facts["residents"] == 40
    assert d.experiences == 2
    assert d.experiences_by_dimension == {"mental_wellbeing": 1, "participation": 1}
    assert d.money == {"received": Decimal("400.00"), "passed_on": Decimal("0.00"),
                       "spent": Decimal("380.00")}


def test_cluster_details(conn):
    d = network.node_details(conn, "cluster:NOORD", "2025-Q2")
    assert d.facts == {"combos": 2, "residents": 52, "coordinators": ["Bas"]}
    assert d.members_by_type == {"informal_carer": 1, "professional": 3, "resident": 2}
    assert d.experiences == 3
    assert d.money["received"] == Decimal("600.00") and d.money["passed_on"] == Decimal("550.00")


def test_partner_and_coordinator_details(conn):
    d = network.node_details(conn, "partner:ORG2", "2025-Q2")
    assert d.facts == {"actor_type": "organisation", "people": 1, "combos": 2}
    assert d.money["received"] == Decimal("300.00")
    person = network.node_details(conn, "coordinator:NOORD:P2", "2025-Q2")
    assert (person.name, person.facts["function"]) == ("Bas", "manager")
    assert network.node_details(conn, "combo:NOPE", "2025-Q2") is None
    assert network.node_details(conn, "bogus", "2025-Q2") is None


def test_too_many_combos_for_any_drawing_stay_at_cluster_level(conn):
    g = network.graph(conn, "2025-Q2", limit=10)  # 2 clusters and 3 combos: 12 > 10
    assert g.level == "clusters"
    assert [n.kind for n in g.nodes] == ["fund_administrator", "cluster", "coordinator", "cluster"]


def test_with_very_many_clusters_coordinators_then_the_smallest_clusters_go(conn):
    g = network.graph(conn, "2025-Q2", limit=5)  # FA + 2 clusters + 2 edges = 5 without Bas
    assert [n.id for n in g.nodes] == ["fund_administrator:FA", "cluster:NOORD", "cluster:ZUID"]
    g = network.graph(conn, "2025-Q2", limit=3)  # room for one cluster: NOORD has most combos
    assert [n.id for n in g.nodes] == ["fund_administrator:FA", "cluster:NOORD"]
    assert g.hidden_clusters == 1 and g.size == 3


def test_clusters_outside_the_viewers_detail_show_counts_only(conn):
    g = network.graph(conn, "2025-Q2", detail_clusters={"ZUID"})
    assert [n.id for n in g.nodes if n.kind == "combo"] == ["combo:C3"]
    noord = next(n for n in g.nodes if n.id == "cluster:NOORD")
    assert (noord.combos, noord.residents) == (2, 52)  # still counted
    assert g.hidden_combos == 0
    assert [n.kind for n in network.graph(conn, "2025-Q2", cluster="NOORD",
                                          detail_clusters=set()).nodes] == [
        "fund_administrator", "cluster", "coordinator"]
