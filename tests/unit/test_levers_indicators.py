"""Every indicator on the hand-made fixture (levers_fixture.py), network and cluster scope.

Expected values are worked out by hand; the arithmetic is in the comment next to each literal.
Quarter under test: 2025-Q2; previous: 2025-Q1.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import levers_fixture
from saniveld.db import engine as db
from saniveld.levers import (
    UnknownCluster,
    all_indicator_series,
    available_quarters,
    compute_all_indicators,
    compute_indicators,
    indicator_series,
    results_frame,
    series_loader,
)
from saniveld.levers.facts import EVERY_CLUSTER
from saniveld.quarters import Quarter

D = Decimal


@pytest.fixture
def conn(any_engine):
    """The fixture on DuckDB and on PostgreSQL in turn (the same portable SQL)."""
    with db.transaction(any_engine) as c:
        levers_fixture.load(c)
    with db.connect(any_engine) as c:
        yield c


def values(results):
    return {r.code: r.value for r in results}


def close(actual, expected, places=10):
    assert actual is not None, "expected a value, got an empty one"
    assert abs(actual - D(expected)) < D(10) ** -places, f"{actual} != {expected}"


# -- network scope, 2025-Q2 ----------------------------------------------------------------------

def test_network_experiences(conn):
    v = values(compute_indicators(conn, "2025-Q2"))
    # E1..E7 lie in Q2 (E7 belongs to the ended C4 but still counts) = 7; 7 / 2000 * 1000
    assert v["experiences_per_1000_inhabitants"] == D("3.5")
    # residents of active combos C1+C2+C3+C6 = 10+5+3+20 = 38; 7 / 38 * 100 = 18.42105263...
    close(v["experiences_per_100_residents"], "18.42105263157894736842")
    # self or network: E1, E2, E4, E6, E7 = 5 of 7 -> 71.4285714...
    close(v["self_or_network_share"], "71.42857142857142857143")
    # dimensions 2,2,1,1,1 of 7: H = 4/7 ln(7/2) + 3/7 ln 7 = 1.549827; / ln 6 = 0.8649743855
    close(v["dimension_balance"], "0.8649743855", places=9)


def test_network_combos_and_members(conn):
    v = values(compute_indicators(conn, "2025-Q2"))
    assert v["combos_active"] == 4  # C1, C2 (starts on Q's last day), C3 (ends on Q's first day), C6
    assert v["new_combos"] == 2  # C2, C6
    assert v["residents_supported"] == 38  # 10 + 5 + 3 + 20
    assert v["informal_member_share"] == 50  # C1 (informal carer), C3 (volunteer): 2 / 4
    assert v["experience_expert_share"] == 25  # C2: 1 / 4 (C4's expert: C4 is not active)
    assert v["resource_group_share"] == 50  # C1 (M1), C6 (M2): 2 / 4


def test_network_roles(conn):
    v = values(compute_indicators(conn, "2025-Q2"))
    # slots: 4 network roles + 2 cluster roles x 3 clusters = 10. Filled at 2025-06-30:
    # leider (P1), netwerkpartner (ORG1), coordinator N (P1, ends on the last day),
    # coordinator Z (P2, starts on the last day), buurt N (INIT) = 5 -> 50 %
    assert v["role_coverage"] == 50
    # persons active at the end: P1 (2 assignments), P2 (1), P3 (1, combo scope) -> 1 / 3
    close(v["role_concentration"], "33.33333333333333333333")
    assert v["clusters_without_coordinator"] == 1  # E


def test_network_money(conn):
    v = values(compute_indicators(conn, "2025-Q2"))
    # spending 3000+500+200+600+700+50+300 = 5350; allocations to combos 4000+2500+700+100 = 7300
    # plus to organisations 800 = 8100; 5350 / 8100 * 100 = 66.0493827...
    close(v["spending_rate"], "66.04938271604938271605")
    # care spending by combos 3000 (C1) + 500 (C2 pays ORG1) + 600 + 50 + 300 (N -> C3, used by C3)
    # = 4450; / 38 residents = 117.1052631...
    close(v["cost_per_resident"], "117.1052631578947368421")
    # from funders: a1 10000-1000 + a2 2000 + a11 5000-5000 = 11000
    # innovation a6 800 / 11000 * 100 = 7.2727...
    close(v["innovation_share"], "7.272727272727272727273")
    # overhead a3 1500 (+ a11 reversed to 0) / 11000 * 100 = 13.6363...
    close(v["overhead_share"], "13.63636363636363636364")
    # funder allocations 2025-Q1 4000 + 2025-Q2 11000 (2024-Q4 not in this year)
    assert v["budget_envelope"] == D("15000.00")
    # a10 (100 to ended C4) + s6 (50 spent by C4, from = to = C4, counted once)
    assert v["funds_to_ended_combos"] == D("150.00")
    # N: allocates 4000+2500 = 6500, receives 6000 -> 500; Z: 800 - 1000 -> 0; E: 0
    assert v["cluster_overallocation"] == D("500.00")


def test_boundaries_say_breached_and_diagnostics_do_not(conn):
    by_code = {r.code: r for r in compute_indicators(conn, "2025-Q2")}
    assert by_code["overhead_share"].breached is False  # 13.6 < 15
    assert by_code["overhead_share"].limit == 15
    assert by_code["budget_envelope"].breached is False  # 15000 <= 10,000,000
    assert by_code["funds_to_ended_combos"].breached is True  # 150 != 0
    assert by_code["clusters_without_coordinator"].breached is True  # 1 != 0
    assert by_code["cluster_overallocation"].breached is True  # 500 != 0
    diagnostic = [r for r in by_code.values() if r.lever == "diagnostic"]
    assert len(diagnostic) == 15 and all(r.breached is None and r.limit is None for r in diagnostic)


# -- cluster scope -------------------------------------------------------------------------------

def test_cluster_n(conn):
    v = values(compute_indicators(conn, "2025-Q2", cluster="N"))
    assert v["combos_active"] == 3 and v["new_combos"] == 1 and v["residents_supported"] == 18
    close(v["experiences_per_100_residents"], "22.22222222222222222222")  # E1-E4: 4 / 18 * 100
    assert v["self_or_network_share"] == 75  # E1, E2, E4 of 4
    close(v["dimension_balance"], "0.5802792109", places=9)  # 2,1,1 of 4: 1.5 ln 2 / ln 6
    close(v["informal_member_share"], "66.66666666666666666667")  # C1, C3 of 3
    close(v["experience_expert_share"], "33.33333333333333333333")  # C2 of 3
    close(v["resource_group_share"], "33.33333333333333333333")  # C1 of 3
    close(v["spending_rate"], "61.53846153846153846154")  # (3000+500+200+300) / (4000+2500) * 100
    close(v["cost_per_resident"], "211.1111111111111111111")  # (3000+500+300) / 18
    assert v["funds_to_ended_combos"] == 0
    # network-only indicators are not given at cluster scope
    assert "role_coverage" not in v and "overhead_share" not in v
    assert "experiences_per_1000_inhabitants" not in v and "budget_envelope" not in v
    assert len(v) == 12


def test_cluster_z(conn):
    v = values(compute_indicators(conn, "2025-Q2", cluster="Z"))
    assert v["combos_active"] == 1 and v["new_combos"] == 1 and v["residents_supported"] == 20
    assert v["experiences_per_100_residents"] == 15  # E5, E6, E7: 3 / 20 * 100
    close(v["self_or_network_share"], "66.66666666666666666667")  # E6, E7 of 3
    close(v["dimension_balance"], "0.6131471928", places=9)  # 1,1,1: ln 3 / ln 6
    assert v["informal_member_share"] == 0 and v["experience_expert_share"] == 0
    assert v["resource_group_share"] == 100  # C6 of 1
    assert v["spending_rate"] == D("81.25")  # (600+50) / (700+100) * 100
    assert v["cost_per_resident"] == D("32.5")  # (600+50) / 20
    assert v["funds_to_ended_combos"] == D("150.00")  # a10 100 + s6 50


def test_empty_cluster_gives_empty_values_not_errors(conn):
    v = values(compute_indicators(conn, "2025-Q2", cluster="E"))
    assert v["combos_active"] == 0 and v["residents_supported"] == 0
    for code in ("experiences_per_100_residents", "self_or_network_share", "dimension_balance",
                 "informal_member_share", "experience_expert_share", "resource_group_share",
                 "spending_rate", "cost_per_resident"):
        assert v[code] is None, code
    assert v["funds_to_ended_combos"] == 0


def test_zero_inhabitants_and_no_funder_money_give_empty_values(any_engine):
    with db.transaction(any_engine) as c:
        levers_fixture.load(c, inhabitants=0)
    with db.connect(any_engine) as c:
        v = values(compute_indicators(c, "2026-Q1"))
    assert v["experiences_per_1000_inhabitants"] is None
    assert v["overhead_share"] is None and v["innovation_share"] is None
    # 2026-Q1: active are C1, C2, C5, C6 (C3 and C4 ended) -> residents 10+5+4+20 = 39, no experiences
    assert v["combos_active"] == 4 and v["residents_supported"] == 39
    assert v["experiences_per_100_residents"] == 0 and v["self_or_network_share"] is None


def test_previous_quarter_and_movement(conn):
    by_code = {r.code: r for r in compute_indicators(conn, "2025-Q2")}
    # Q1: active C1, C3, C4 = 3 -> Q2: 4
    assert by_code["combos_active"].previous == 3 and by_code["combos_active"].movement == "up"
    # Q1: E8 only: 1 / 2000 * 1000 = 0.5
    assert by_code["experiences_per_1000_inhabitants"].previous == D("0.5")
    # Q1 roles: leider, manager (P2), raadgever (P4), partner, coordinator N, buurt N = 6 of 10
    assert by_code["role_coverage"].previous == 60 and by_code["role_coverage"].movement == "down"
    assert by_code["clusters_without_coordinator"].previous == 2  # Z and E at 2025-03-31
    # Q1 money: 4000 from funders, no overhead -> 0 %
    assert by_code["overhead_share"].previous == 0
    # Q1 has no allocations to combos or organisations: spending rate empty, movement unknown
    assert by_code["spending_rate"].previous is None and by_code["spending_rate"].movement is None


def test_reference_in_force_and_deviation(conn):
    by_code = {r.code: r for r in compute_indicators(conn, "2025-Q2")}
    r = by_code["experiences_per_1000_inhabitants"]
    # config: 80 agreed 2025-01-15, 100 agreed 2025-07-01 -> at 2025-06-30 the first is in force
    assert r.reference == 80 and str(r.reference_agreed_on) == "2025-01-15"
    assert "Zorgkantoor" in r.reference_parties
    assert r.deviation == D("-76.5")  # 3.5 - 80
    assert by_code["overhead_share"].reference is None  # boundaries have a limit, not a reference


def test_unknown_cluster_and_bad_quarter(conn):
    with pytest.raises(UnknownCluster, match="X"):
        compute_indicators(conn, "2025-Q2", cluster="X")
    with pytest.raises(ValueError, match="YYYY-Qn"):
        compute_indicators(conn, "2025-5")


def test_compute_all_matches_per_scope(conn):
    everything = compute_all_indicators(conn, "2025-Q2")
    assert len(everything) == 20 + 3 * 12  # network + three clusters
    for cluster in (None, "N", "Z", "E"):
        mine = [r for r in everything if r.scope_code == cluster]
        assert mine == compute_indicators(conn, "2025-Q2", cluster=cluster)


@pytest.mark.parametrize("quarter", ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
def test_one_scope_from_its_own_aggregates_equals_it_among_every_scope(conn, quarter):
    """compute_indicators reads the aggregates of its scope alone (the network summed in the
    database, or one cluster's rows); compute_all_indicators every cluster's: the same results."""
    everything = compute_all_indicators(conn, quarter)
    for cluster in (None, "N", "Z", "E"):
        alone = compute_indicators(conn, quarter, cluster=cluster)
        assert alone == [r for r in everything if r.scope_code == cluster]
        assert all(r.quarter == quarter for r in alone) and alone


def test_a_series_from_its_scopes_aggregates_equals_the_one_from_every_clusters(conn):
    every = series_loader(conn).load_all()
    for cluster in (None, "N", "Z", "E"):
        alone = series_loader(conn, scope=cluster).load_all()
        assert alone.scope == cluster and every.scope is EVERY_CLUSTER
        assert all_indicator_series(None, cluster, loader=alone) == all_indicator_series(None, cluster, loader=every)
    # by hand: the network's overallocation in 2025-Q2 (N 6500 - 6000 = 500, Z 800 - 1000 -> 0)
    network = series_loader(conn, scope=None).load_all()
    assert network.overallocation["2025-Q2"] == D("500.00")
    assert dict(all_indicator_series(None, None, loader=network)["cluster_overallocation"])["2025-Q2"] == D("500.00")


def test_aggregates_of_one_scope_are_refused_for_another(conn):
    alone = series_loader(conn, scope="N").load_all()
    with pytest.raises(ValueError, match="scope"):
        all_indicator_series(None, "Z", loader=alone)
    with pytest.raises(ValueError, match="scope"):
        alone.of(Quarter.parse("2025-Q2")).value("combos_active", None)
    # compute_all_indicators never takes them for every cluster's: it queries instead
    assert not alone.covers(Quarter.parse("2025-Q1"), Quarter.parse("2025-Q2"))
    assert alone.covers(Quarter.parse("2025-Q1"), Quarter.parse("2025-Q2"), scope="N")
    assert compute_all_indicators(conn, "2025-Q2", loader=alone) == compute_all_indicators(conn, "2025-Q2")


def test_available_quarters_and_series(conn):
    # money from 2024-Q4 to 2025-Q2, experiences from 2025-Q1 to 2025-Q3
    assert available_quarters(conn) == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]
    assert indicator_series(conn, "combos_active") == [
        ("2024-Q4", 3),  # C1, C3, C4
        ("2025-Q1", 3),  # C1, C3, C4
        ("2025-Q2", 4),  # C1, C2, C3, C6
        ("2025-Q3", 4),  # C1, C2, C5 (starts 2025-07-01), C6
    ]
    assert indicator_series(conn, "residents_supported", cluster="Z") == [
        ("2024-Q4", 7), ("2025-Q1", 7), ("2025-Q2", 20), ("2025-Q3", 24),  # Q3: C5 4 + C6 20
    ]
    with pytest.raises(LookupError):
        indicator_series(conn, "no_such_code")
    with pytest.raises(ValueError):
        indicator_series(conn, "overhead_share", cluster="N")


def test_results_frame(conn):
    frame = results_frame(compute_indicators(conn, "2025-Q2", cluster="Z"))
    assert len(frame) == 12
    assert {"code", "value", "reference", "unit", "lever", "scope", "breached", "previous"} <= set(frame.columns)
    row = frame.set_index("code").loc["cost_per_resident"]
    assert row["value"] == D("32.5") and row["scope"] == "cluster" and row["scope_code"] == "Z"
    assert row["comparison"] is None and row["reference"] == 375  # diagnostic: no limit
    empty = results_frame(compute_indicators(conn, "2025-Q2", cluster="E")).set_index("code")
    assert empty.loc["cost_per_resident", "value"] is None  # no residents: None, not NaN


def test_money_of_entries_in_memory_equals_the_money_facet(conn):
    """The what-if classifies ledger entries held in memory (facts.money_row, with what each code
    is from a QuarterBook) and sums them with the same money_of_rows as the money facet's query:
    done for every entry of the fixture, one at a time, that gives the facet's every sum — ended,
    not yet started and new combos, clusters, funders, an organisation, corrections included."""
    import sqlalchemy as sa

    from saniveld.db import schema as s
    from saniveld.ledger.checks import QuarterBook
    from saniveld.levers import facts
    from saniveld.quarters import Quarter

    quarters = [Quarter.parse(q) for q in ("2024-Q4", "2025-Q1", "2025-Q2")]
    mf = s.money_flows
    entries = conn.execute(sa.select(mf.c.quarter, mf.c.kind, mf.c.purpose, mf.c.from_code, mf.c.to_code,
                                     mf.c.amount)).all()
    assert len(entries) == len(levers_fixture.POSTS) + len(levers_fixture.CORRECTIONS)
    book = QuarterBook(conn, "2025-Q2")
    rows = [facts.money_row(Quarter.parse(q), kind, purpose, frm, book.end_of(frm), to, book.end_of(to), amount)
            for q, kind, purpose, frm, to, amount in entries]
    assert all(len(row) == len(facts.MONEY_ROW) for row in rows)
    in_memory, from_sql = facts.money_of_rows(rows), facts.money_facet(conn, quarters)
    assert set(in_memory) == set(from_sql) == {"2024-Q4", "2025-Q1", "2025-Q2"}
    for quarter in from_sql:
        mine, theirs = in_memory[quarter], from_sql[quarter]
        for name in facts.MoneyFacts.__dataclass_fields__:
            a, b = getattr(mine, name), getattr(theirs, name)
            if isinstance(b, dict):  # a sum of zero may be there or not
                a, b = ({k: v for k, v in d.items() if v} for d in (a, b))
            assert a == b, (quarter, name)
    assert in_memory["2025-Q2"].to_inactive_network != 0  # the ended combo C4 is in it
    assert facts.budget_of_rows(rows, quarters) == facts.budget_year_to_date(conn, quarters)
