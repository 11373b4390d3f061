"""money.py on the small hand-made network (tests/unit/pages_fixture.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pages_fixture import insert_small_network
from saniveld import money
from saniveld.db import engine as db


@pytest.fixture
def conn(engine):
    with db.transaction(engine) as c:
        insert_small_network(c)
    with db.connect(engine) as c:
        yield c


def _links(sankey):
    return {
        (sankey.node_codes[s], sankey.node_codes[t]): v
        for s, t, v in zip(sankey.sources, sankey.targets, sankey.values)
    }


def test_current_flows_sum_adjustments_and_drop_reversed_flows(conn):
    flows = money.current_flows(conn, "2025-Q2")
    amounts = dict(zip(flows["flow_code"], flows["amount"]))
    assert len(amounts) == 11  # F1–F11; F12 was reversed to zero
    assert "F12" not in amounts
    assert amounts["F4"] == Decimal("350.00")  # 400 - 50
    assert all(isinstance(v, Decimal) for v in amounts.values())


def test_sankey_runs_from_funders_through_the_fund_administrator_to_combos(conn):
    sankey = money.sankey(conn, "2025-Q2")
    assert _links(sankey) == {
        ("GEM", "FA"): Decimal("1000.00"),
        ("ZK", "FA"): Decimal("500.00"),
        ("FA", "NOORD"): Decimal("600.00"),
        ("FA", "ZUID"): Decimal("350.00"),
        ("FA", "ORG2"): Decimal("300.00"),
        ("FA", money.OVERHEAD_NODE): Decimal("120.00"),
        ("NOORD", "C1"): Decimal("400.00"),
        ("NOORD", "C2"): Decimal("150.00"),
        ("ZUID", "C3"): Decimal("300.00"),
    }
    kinds = dict(zip(sankey.node_codes, sankey.node_kinds))
    assert kinds["GEM"] == "funder" and kinds["FA"] == "fund_administrator"
    assert kinds["NOORD"] == "cluster" and kinds["C1"] == "combo" and kinds["ORG2"] == "partner"
    assert sankey.combined_combos == 0


def test_sankey_folds_small_combos_into_one_node_per_cluster(conn):
    sankey = money.sankey(conn, "2025-Q2", combos_per_cluster=1)
    links = _links(sankey)
    assert links[("NOORD", "C1")] == Decimal("400.00")
    assert links[("NOORD", money.OTHER_COMBOS_PREFIX + "NOORD")] == Decimal("150.00")
    assert ("NOORD", "C2") not in links
    assert sankey.combined_combos == 1
    label = sankey.node_labels[sankey.node_codes.index(money.OTHER_COMBOS_PREFIX + "NOORD")]
    assert label == "Overige combi's (Noord)"


def test_sankey_filters_by_funding_stream(conn):
    assert _links(money.sankey(conn, "2025-Q2", "wlz")) == {
        ("ZK", "FA"): Decimal("500.00"),
        ("FA", "ZUID"): Decimal("350.00"),
        ("FA", "ORG2"): Decimal("300.00"),
        ("ZUID", "C3"): Decimal("300.00"),
    }


def test_sankey_of_a_quarter_without_flows_is_empty(conn):
    assert money.sankey(conn, "2024-Q1").is_empty()


def test_overhead_share_against_the_fifteen_percent_boundary(conn):
    q2 = money.overhead_share(conn, "2025-Q2")
    assert (q2.overhead, q2.total) == (Decimal("120.00"), Decimal("1500.00"))
    assert q2.share_percent == Decimal("8.00") and q2.breached is False
    q1 = money.overhead_share(conn, "2025-Q1")
    assert q1.share_percent == Decimal("12.50")
    assert money.overhead_share(conn, "2024-Q1").share_percent is None


def test_allocation_versus_spending_per_cluster(conn):
    frame = money.by_cluster(conn, "2025-Q2")
    assert frame.to_dict("records") == [
        {"cluster_code": "NOORD", "name": "Noord", "allocated": Decimal("600.00"),
         "spent": Decimal("380.00")},
        {"cluster_code": "ZUID", "name": "Zuid", "allocated": Decimal("350.00"),
         "spent": Decimal("310.00")},
    ]


def test_trend_over_quarters(conn):
    frame = money.trend(conn)
    assert frame.to_dict("records") == [
        {"quarter": "2025-Q1", "incoming": Decimal("800.00"), "allocated": Decimal("100.00"),
         "spent": Decimal("200.00"), "overhead_percent": Decimal("12.50")},
        {"quarter": "2025-Q2", "incoming": Decimal("1500.00"), "allocated": Decimal("1370.00"),
         "spent": Decimal("690.00"), "overhead_percent": Decimal("8.00")},
    ]


def test_flows_around_one_party(conn):
    assert money.flows_of(conn, "NOORD", "2025-Q2") == {
        "received": Decimal("600.00"), "passed_on": Decimal("550.00"), "spent": Decimal("0.00"),
    }
    assert money.flows_of(conn, "C1", "2025-Q2")["spent"] == Decimal("380.00")


def test_sankey_folds_the_smaller_clusters_and_leaves_out_their_combos(conn, monkeypatch):
    monkeypatch.setattr(money, "CLUSTER_NODES", 1)
    sankey = money.sankey(conn, "2025-Q2")
    links = _links(sankey)
    assert links[("FA", "NOORD")] == Decimal("600.00")
    assert links[("FA", money.OTHER_CLUSTERS)] == Decimal("350.00")  # Zuid, the smaller
    assert ("ZUID", "C3") not in links and "C3" not in sankey.node_codes
    assert sankey.combined_clusters == 1


def test_by_default_the_combo_nodes_are_shared_out_over_the_clusters(conn, monkeypatch):
    monkeypatch.setattr(money, "COMBO_NODES", 2)  # 2 clusters: one combo node each
    links = _links(money.sankey(conn, "2025-Q2"))
    assert links[("NOORD", "C1")] == Decimal("400.00")
    assert links[("NOORD", money.OTHER_COMBOS_PREFIX + "NOORD")] == Decimal("150.00")
