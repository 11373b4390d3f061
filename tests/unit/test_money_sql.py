"""money.py's aggregation in the database, on DuckDB and PostgreSQL (the `any_engine` fixture).

A small network with three clusters, four partners (one of them a person) and a tie between
two combos, so that folding clusters, partners and combos can be checked with hand-computed
values. Every expected value below is worked out by hand from FLOWS (see the comments).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from saniveld import cache, money
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.ledger import LedgerEntry, append_posting

D = Decimal
OTHER = money.OTHER_COMBOS_PREFIX

ACTORS = [("FA", "Fondsbeheer", "fund_administrator"), ("GEM", "Gemeente", "funder"),
          ("ZK", "Zorgkantoor", "funder"), ("ORG1", "Org Een", "organisation"),
          ("ORG2", "Org Twee", "organisation"), ("ORG3", "Buurt Drie", "neighbourhood_initiative"),
          ("P1", "Piet Geheim", "person")]
CLUSTERS = [("A", "Alfa"), ("B", "Beta"), ("C", "Gamma")]
COMBOS = [("A1", "Combi A1", "A"), ("A2", "Combi A2", "A"), ("A3", "Combi A3", "A"),
          ("B1", "Combi B1", "B"), ("B2", "Combi B2", "B"), ("C1", "Combi C1", "C")]

FLOWS = [
    # flow, quarter, kind, from, to, amount, stream, purpose
    ("G1", "2025-Q3", "allocation", "GEM", "FA", "2000.00", "wmo", "care"),
    ("G2", "2025-Q3", "allocation", "ZK", "FA", "1000.00", "wlz", "care"),
    ("G3", "2025-Q3", "allocation", "FA", "A", "900.00", "wmo", "care"),
    ("G4", "2025-Q3", "allocation", "FA", "B", "700.00", "wmo", "care"),  # adjusted -100 → 600
    ("G5", "2025-Q3", "allocation", "FA", "C", "300.00", "wlz", "care"),
    ("G6", "2025-Q3", "allocation", "FA", "ORG1", "200.00", "wlz", "care"),
    ("G7", "2025-Q3", "allocation", "FA", "ORG2", "150.00", "wlz", "care"),
    ("G8", "2025-Q3", "allocation", "FA", "ORG3", "50.00", "wmo", "care"),
    ("G9", "2025-Q3", "allocation", "FA", "P1", "40.00", "wmo", "care"),
    ("G10", "2025-Q3", "allocation", "FA", "ORG1", "100.00", "wmo", "overhead"),
    ("G11", "2025-Q3", "allocation", "FA", "FA", "80.00", "wmo", "overhead"),
    ("G12", "2025-Q3", "allocation", "A", "A1", "500.00", "wmo", "care"),
    ("G13", "2025-Q3", "allocation", "A", "A2", "250.00", "wmo", "care"),
    ("G14", "2025-Q3", "allocation", "A", "A3", "100.00", "wmo", "care"),
    ("G15", "2025-Q3", "allocation", "B", "B1", "300.00", "wmo", "care"),
    ("G16", "2025-Q3", "allocation", "B", "B2", "300.00", "wmo", "care"),
    ("G17", "2025-Q3", "allocation", "C", "C1", "250.00", "wlz", "care"),
    ("G18", "2025-Q3", "allocation", "FA", "A2", "60.00", "wmo", "innovation"),
    ("G19", "2025-Q3", "spending", "A1", "A1", "450.00", "wmo", "care"),
    ("G20", "2025-Q3", "spending", "B2", "ORG2", "200.00", "wmo", "care"),
    ("G21", "2025-Q3", "spending", "ORG1", "C1", "70.00", "wlz", "care"),
    ("G22", "2025-Q3", "spending", "FA", "ORG1", "30.00", "wlz", "care"),
    ("G23", "2025-Q3", "allocation", "FA", "C", "999.00", "wlz", "care"),  # reversed to zero
    ("H1", "2025-Q2", "allocation", "GEM", "FA", "500.00", "wmo", "care"),
    ("H2", "2025-Q2", "allocation", "FA", "FA", "100.00", "wmo", "overhead"),
    ("H3", "2025-Q2", "spending", "A1", "A1", "40.00", "wmo", "care"),
    ("K1", "2025-Q4", "allocation", "FA", "A", "180.00", "zvw", "care"),  # no funder in Q4
    ("K2", "2025-Q4", "allocation", "FA", "FA", "20.00", "zvw", "overhead"),
]


def _insert(conn) -> None:
    conn.execute(s.clusters.insert(), [{"cluster_code": c, "name": n} for c, n in CLUSTERS])
    conn.execute(s.actors.insert(), [{"actor_code": c, "name": n, "actor_type": t}
                                     for c, n, t in ACTORS])
    conn.execute(s.combos.insert(), [
        {"combo_code": c, "name": n, "cluster_code": cl, "combo_type": "wijkteam",
         "started_on": __import__("datetime").date(2024, 1, 1), "residents": 10}
        for c, n, cl in COMBOS])
    summary.rebuild(conn)  # written directly above, not through a write path
    entries = [LedgerEntry(f, q, k, a, b, D(x), st, p) for f, q, k, a, b, x, st, p in FLOWS]
    ids = dict(zip([e.flow_code for e in entries],
                   append_posting(conn, posting_key="fixture", entries=entries,
                                  posted_by="test", reason="fixture", source="import")))

    def correct(code, amount, entry_type):
        base = next(e for e in entries if e.flow_code == code)
        fix = LedgerEntry(*[getattr(base, f) for f in ("flow_code", "quarter", "kind", "from_code",
                                                        "to_code")], D(amount), base.stream,
                          base.purpose, entry_type, ids[code])
        append_posting(conn, posting_key=f"fix-{code}", entries=[fix], posted_by="test",
                       reason="fix")

    correct("G4", "-100.00", "adjustment")
    correct("G23", "-999.00", "reversal")


@pytest.fixture
def engine(any_engine):
    with db.transaction(any_engine) as conn:
        _insert(conn)
    return any_engine


@pytest.fixture
def conn(engine):
    with db.connect(engine) as c:
        yield c


def _links(sankey):
    return {(sankey.node_codes[a], sankey.node_codes[b]): v
            for a, b, v in zip(sankey.sources, sankey.targets, sankey.values)}


def test_sankey_without_folding(conn):
    sankey = money.sankey(conn, "2025-Q3")
    assert _links(sankey) == {
        ("GEM", "FA"): D("2000.00"), ("ZK", "FA"): D("1000.00"),
        ("FA", "A"): D("900.00"), ("FA", "B"): D("600.00"), ("FA", "C"): D("300.00"),
        ("FA", "ORG1"): D("200.00"), ("FA", "ORG2"): D("150.00"), ("FA", "ORG3"): D("50.00"),
        ("FA", "P1"): D("40.00"),
        ("FA", money.OVERHEAD_NODE): D("180.00"),  # 100 to ORG1 + 80 to itself, both overhead
        ("A", "A1"): D("500.00"), ("A", "A2"): D("250.00"), ("A", "A3"): D("100.00"),
        ("FA", "A2"): D("60.00"),
        ("B", "B1"): D("300.00"), ("B", "B2"): D("300.00"), ("C", "C1"): D("250.00"),
    }
    nodes = dict(zip(sankey.node_codes, zip(sankey.node_labels, sankey.node_kinds)))
    assert nodes["FA"] == ("Fondsbeheer", "fund_administrator")
    assert nodes["GEM"] == ("Gemeente", "funder")
    assert nodes["C"] == ("Gamma", "cluster") and nodes["A2"] == ("Combi A2", "combo")
    assert nodes["ORG3"] == ("Buurt Drie", "partner")
    assert nodes["P1"] == ("P1", "partner")  # a person is never named
    assert (sankey.combined_combos, sankey.combined_clusters) == (0, 0)
    assert all(isinstance(v, Decimal) for v in sankey.values)


def test_sankey_folds_clusters_partners_and_combos_in_the_database(conn, monkeypatch):
    monkeypatch.setattr(money, "CLUSTER_NODES", 2)
    monkeypatch.setattr(money, "PARTNER_NODES", 2)
    sankey = money.sankey(conn, "2025-Q3", combos_per_cluster=1)
    # Clusters by received: A 900, B 600, C 300 → C folds and its combo C1 is not drawn.
    # Partners: ORG1 200, ORG2 150 stay; ORG3 50 + P1 40 = 90 fold.
    # Combos (one per cluster): A1 500 stays, A2 (250 + 60) and A3 fold; B1/B2 tie at 300:
    # the smaller code B1 stays.
    assert _links(sankey) == {
        ("GEM", "FA"): D("2000.00"), ("ZK", "FA"): D("1000.00"),
        ("FA", "A"): D("900.00"), ("FA", "B"): D("600.00"),
        ("FA", money.OTHER_CLUSTERS): D("300.00"),
        ("FA", "ORG1"): D("200.00"), ("FA", "ORG2"): D("150.00"),
        ("FA", money.OTHER_PARTNERS): D("90.00"),
        ("FA", money.OVERHEAD_NODE): D("180.00"),
        ("A", "A1"): D("500.00"), ("A", OTHER + "A"): D("350.00"),
        ("FA", OTHER + "A"): D("60.00"),
        ("B", "B1"): D("300.00"), ("B", OTHER + "B"): D("300.00"),
    }
    assert (sankey.combined_combos, sankey.combined_clusters) == (3, 1)
    labels = dict(zip(sankey.node_codes, sankey.node_labels))
    assert labels[OTHER + "A"] == "Overige combi's (Alfa)"
    assert labels[money.OTHER_CLUSTERS] == "Overige clusters"


def test_sankey_shares_the_combo_nodes_out_over_the_clusters_shown(conn, monkeypatch):
    monkeypatch.setattr(money, "COMBO_NODES", 5)  # 3 clusters: 5 // 3 = one combo each
    sankey = money.sankey(conn, "2025-Q3")
    links = _links(sankey)
    assert links[("A", OTHER + "A")] == D("350.00")
    assert links[("C", "C1")] == D("250.00")  # alone in its cluster: nothing to fold
    assert sankey.combined_combos == 3


def test_sankey_of_one_stream_and_of_an_empty_quarter(conn):
    assert _links(money.sankey(conn, "2025-Q3", "wlz")) == {
        ("ZK", "FA"): D("1000.00"), ("FA", "C"): D("300.00"), ("FA", "ORG1"): D("200.00"),
        ("FA", "ORG2"): D("150.00"), ("C", "C1"): D("250.00"),
    }
    empty = money.sankey(conn, "2024-Q1")
    assert empty.is_empty() and empty.combined_clusters == 0


def test_overhead_share(conn):
    q3 = money.overhead_share(conn, "2025-Q3")
    assert (q3.overhead, q3.total, q3.share_percent) == (D("180.00"), D("3000.00"), D("6.00"))
    q2 = money.overhead_share(conn, "2025-Q2")
    assert q2.share_percent == D("20.00") and q2.breached is True
    # Q4 has no funder allocations: against the fund administrator's own 180 + 20
    q4 = money.overhead_share(conn, "2025-Q4")
    assert (q4.overhead, q4.total, q4.share_percent) == (D("20.00"), D("200.00"), D("10.00"))
    wlz = money.overhead_share(conn, "2025-Q3", "wlz")
    assert (wlz.overhead, wlz.total) == (D("0.00"), D("1000.00"))
    assert money.overhead_share(conn, "2024-Q1").share_percent is None


def test_by_cluster(conn):
    # spent: A1→A1 450 (A); B2→ORG2 200 (B, by its sender); ORG1→C1 70 (C); FA→ORG1 30: none
    assert money.by_cluster(conn, "2025-Q3").to_dict("records") == [
        {"cluster_code": "A", "name": "Alfa", "allocated": D("900.00"), "spent": D("450.00")},
        {"cluster_code": "B", "name": "Beta", "allocated": D("600.00"), "spent": D("200.00")},
        {"cluster_code": "C", "name": "Gamma", "allocated": D("300.00"), "spent": D("70.00")},
    ]
    assert money.by_cluster(conn, "2025-Q4", "zvw").to_dict("records")[0]["allocated"] == D("180.00")
    assert money.by_cluster(conn, "2024-Q1")["allocated"].tolist() == [D("0.00")] * 3


def test_trend(conn):
    # Q3 allocated by FA: 900+600+300+200+150+50+40+100+80+60 = 2480; spent 450+200+70+30 = 750
    assert money.trend(conn).to_dict("records") == [
        {"quarter": "2025-Q2", "incoming": D("500.00"), "allocated": D("100.00"),
         "spent": D("40.00"), "overhead_percent": D("20.00")},
        {"quarter": "2025-Q3", "incoming": D("3000.00"), "allocated": D("2480.00"),
         "spent": D("750.00"), "overhead_percent": D("6.00")},
        {"quarter": "2025-Q4", "incoming": D("0.00"), "allocated": D("200.00"),
         "spent": D("0.00"), "overhead_percent": D("10.00")},
    ]
    assert money.trend(conn, "wlz")["incoming"].tolist() == [D("1000.00")]


def test_flows_of(conn):
    assert money.flows_of(conn, "A", "2025-Q3") == {
        "received": D("900.00"), "passed_on": D("850.00"), "spent": D("0.00")}
    assert money.flows_of(conn, "ORG1", "2025-Q3") == {  # 200 care + 100 overhead; 70 + 30
        "received": D("300.00"), "passed_on": D("0.00"), "spent": D("100.00")}
    assert money.flows_of(conn, "FA", "2025-Q3") == {  # FA→FA 80 is neither in nor out
        "received": D("3000.00"), "passed_on": D("2400.00"), "spent": D("30.00")}


def test_page_results_are_cached_until_the_next_write(engine):
    cache.clear()
    calls = []

    def compute(conn):
        calls.append(1)
        return money.overhead_share(conn, "2025-Q3")

    first = cache.cached(engine, ("test-money", "2025-Q3"), compute)
    again = cache.cached(engine, ("test-money", "2025-Q3"), compute)
    assert again is first and len(calls) == 1
    with db.transaction(engine) as conn:  # a posting: the quarter's version moves
        append_posting(conn, posting_key="more", posted_by="test", reason="more", entries=[
            LedgerEntry("G30", "2025-Q3", "allocation", "FA", "FA", D("120.00"), "wmo", "overhead")])
    after = cache.cached(engine, ("test-money", "2025-Q3"), compute)
    assert len(calls) == 2 and after.overhead == D("300.00")
    cache.clear()


def test_position_sums_equal_the_sums_of_the_positions(conn):
    """ledger.position_sums_query sums entries without forming positions: the same totals."""
    from saniveld.ledger import position_sums_query, positions_query

    mf = s.money_flows
    by_position: dict[tuple, Decimal] = {}
    for p in conn.execute(positions_query()).mappings():
        key = (p["quarter"], p["kind"], p["to_code"])
        by_position[key] = by_position.get(key, D("0")) + p["amount"]
    sums = {(r.quarter, r.kind, r.to_code): r.amount for r in conn.execute(
        position_sums_query(mf.c.quarter, mf.c.kind, mf.c.to_code))}
    assert sums == {k: v for k, v in by_position.items() if v != 0}
    assert sums[("2025-Q3", "allocation", "B")] == D("600.00")  # 700 - 100
    assert sums[("2025-Q3", "allocation", "C")] == D("300.00")  # the 999 was reversed
    parts = conn.execute(
        position_sums_query(mf.c.quarter, quarter="2025-Q3", stream="wlz",
                            parts={"care": mf.c.purpose == "care", "to_c": mf.c.to_code == "C"})
    ).one()
    # wlz in Q3: 1000 + 300 + 200 + 150 + 250 allocated, 70 + 30 spent; all care
    assert (parts.care, parts.to_c) == (D("2000.00"), D("300.00"))
