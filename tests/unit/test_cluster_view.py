"""cluster_view.py on the small hand-made network (tests/unit/pages_fixture.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pages_fixture import insert_small_network
from saniveld.db import summary
from saniveld import cluster_view
from saniveld.db import engine as db


@pytest.fixture
def conn(engine):
    with db.transaction(engine) as c:
        insert_small_network(c)
    with db.connect(engine) as c:
        yield c


def test_combo_rows_of_a_cluster(conn):
    rows = cluster_view.combo_rows(conn, "NOORD", "2025-Q2")
    assert [r["combo_code"] for r in rows] == ["C1", "C2"]
    c1, c2 = rows
    assert (c1["combo_type"], c1["residents"], c1["members"]) == ("wijkteam", 40, 3)
    assert (c1["member_professional"], c1["member_resident"], c1["member_informal_carer"],
            c1["member_volunteer"]) == (1, 1, 1, 0)
    assert c1["resource_group"] == 1
    assert (c1["experiences"], c1["exp_mental_wellbeing"], c1["exp_participation"]) == (2, 1, 1)
    assert (c1["allocated"], c1["spent"]) == (Decimal("400.00"), Decimal("380.00"))
    assert (c2["member_professional"], c2["resource_group"], c2["exp_meaningfulness"]) == (2, 0, 1)
    assert (c2["allocated"], c2["spent"]) == (Decimal("150.00"), Decimal("0.00"))


def test_only_combos_active_in_the_quarter(conn):
    assert [r["combo_code"] for r in cluster_view.combo_rows(conn, "ZUID", "2025-Q2")] == ["C3"]
    assert [r["combo_code"] for r in cluster_view.combo_rows(conn, "ZUID", "2025-Q1")] == [
        "C3", "C4"]
    assert cluster_view.combo_rows(conn, "WEST", "2025-Q2") == []


def test_combo_detail(conn):
    d = cluster_view.combo_detail(conn, "C3", "2025-Q2")
    assert (d.name, d.cluster_code, d.combo_type, d.residents) == ("Huisarts Zuid", "ZUID",
                                                                  "huisarts", 25)
    assert d.professionals == [("Dirk", "huisarts")]
    assert d.members_by_type == {"professional": 1, "volunteer": 1}
    assert d.resource_group == 1
    assert d.experiences_by_organiser == {"network": 1}
    assert [(f["flow_code"], f["kind"], f["amount"]) for f in d.flows] == [
        ("F11", "spending", Decimal("310.00")), ("F9", "allocation", Decimal("300.00"))]
    assert (d.flows[1]["from_name"], d.flows[1]["to_name"]) == ("Zuid", "Huisarts Zuid")
    assert d.notes == []
    assert cluster_view.combo_detail(conn, "NOPE", "2025-Q2") is None


def test_clusters_and_names(conn):
    assert cluster_view.clusters(conn) == [("NOORD", "Noord"), ("ZUID", "Zuid")]
    assert cluster_view.cluster_name(conn, "ZUID") == "Zuid"
    assert cluster_view.cluster_name(conn, "WEST") is None


def test_type_rows_sum_the_combos_per_type(conn):
    rows = cluster_view.combo_rows(conn, "ZUID", "2025-Q1")  # C3 huisarts, C4 beschermd wonen
    rows.append({**rows[0], "combo_code": "X", "residents": 5, "allocated": Decimal("1.00")})
    summed = cluster_view.type_rows(rows)
    assert [(r["combo_type"], r["combos"], r["residents"]) for r in summed] == [
        ("beschermd_wonen", 1, 8), ("huisarts", 2, 30)]
    assert summed[1]["member_professional"] == 2 and summed[1]["allocated"] == Decimal("1.00")


# ---------------------------------------------------------------------------------------------
# The grid's SQL on both backends: aggregation, paging, sorting, filtering, hidden small counts

# Five more combos in NOORD (all wijkteam, no members, no money), to page through:
EXTRA = [("N1", "Extra Een", 5), ("N2", "Extra Twee", 30), ("N3", "Extra Drie", 30),
         ("N4", "Extra Vier", 18), ("N5", "Extra 100%", 7)]


@pytest.fixture
def grid_conn(any_engine):
    import datetime as dt

    from saniveld.db import schema as s

    with db.transaction(any_engine) as c:
        insert_small_network(c)
        c.execute(s.combos.insert(), [
            {"combo_code": code, "name": name, "cluster_code": "NOORD", "combo_type": "wijkteam",
             "started_on": dt.date(2024, 1, 1), "ended_on": None, "residents": residents}
            for code, name, residents in EXTRA])
        summary.rebuild(c)
    with db.connect(any_engine) as c:
        yield c


def _codes(page):
    return [r["combo_code"] for r in page.rows]


def test_combo_rows_are_aggregated_in_the_database_on_both_backends(grid_conn):
    rows = {r["combo_code"]: r for r in cluster_view.combo_rows(grid_conn, "NOORD", "2025-Q2")}
    assert sorted(rows) == ["C1", "C2", "N1", "N2", "N3", "N4", "N5"]
    c1, c2, n1 = rows["C1"], rows["C2"], rows["N1"]
    # C1: P1 professional, R1 resident, R2 informal carer in the resource group; E1, E2 in Q2
    # (E3 is in Q1); F7 allocates 400, F10 spends 380.
    assert (c1["members"], c1["member_professional"], c1["member_resident"],
            c1["member_informal_carer"], c1["resource_group"]) == (3, 1, 1, 1, 1)
    assert (c1["experiences"], c1["exp_mental_wellbeing"], c1["exp_participation"]) == (2, 1, 1)
    assert (c1["allocated"], c1["spent"]) == (Decimal("400.00"), Decimal("380.00"))
    # C2: P3 and P1 professionals, R3 resident; E5; F8 allocates 150, nothing spent.
    assert (c2["members"], c2["member_professional"], c2["exp_meaningfulness"]) == (3, 2, 1)
    assert (c2["allocated"], c2["spent"]) == (Decimal("150.00"), Decimal("0.00"))
    assert (n1["members"], n1["experiences"], n1["allocated"], n1["residents"]) == (
        0, 0, Decimal("0.00"), 5)
    zuid = cluster_view.combo_rows(grid_conn, "ZUID", "2025-Q2")  # C3: F9 300, F11 310
    assert [(r["combo_code"], r["allocated"], r["spent"]) for r in zuid] == [
        ("C3", Decimal("300.00"), Decimal("310.00"))]
    assert cluster_view.combo_count(grid_conn, "NOORD", "2025-Q2") == 7


def test_page_two_of_a_sorted_grid(grid_conn):
    # residents, most first, ties by code: C1 40, N2 30, N3 30, N4 18, C2 12, N5 7, N1 5
    by_residents = (cluster_view.Sort("residents", descending=True),)
    page = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", start=3, end=6, sort=by_residents)
    assert _codes(page) == ["N4", "C2", "N5"] and page.total == 7
    last = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", start=6, end=9, sort=by_residents)
    assert _codes(last) == ["N1"] and last.total == 7
    beyond = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", start=20, end=30)
    assert (beyond.rows, beyond.total) == ([], 7)


def test_a_page_is_never_larger_than_the_maximum(grid_conn, monkeypatch):
    monkeypatch.setattr(cluster_view, "MAX_PAGE_ROWS", 2)
    page = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", start=0, end=10**6)
    assert _codes(page) == ["C1", "C2"] and page.total == 7


def test_filters_in_the_database(grid_conn):
    F = cluster_view.Filter
    page = lambda *filters: cluster_view.grid_page(  # noqa: E731
        grid_conn, "NOORD", "2025-Q2", filters=filters)
    assert _codes(page(F("name", "contains", "noord"))) == ["C1", "C2"]
    assert _codes(page(F("name", "contains", "100%"))) == ["N5"]  # % is a character, not a wildcard
    assert _codes(page(F("name", "startsWith", "extra t"))) == ["N2"]
    assert _codes(page(F("residents", "inRange", 10, 20))) == ["C2", "N4"]
    assert _codes(page(F("allocated", "greaterThan", "200"))) == ["C1"]  # euros
    assert _codes(page(F("residents", "lessThan", 10), F("name", "endsWith", "een"))) == ["N1"]
    assert _codes(page((F("residents", "equals", 5), F("residents", "equals", 40)))) == ["C1", "N1"]
    assert page(F("residents", "lessThan", {"x": 1}), F("nope", "equals", 1)).total == 7  # ignored


def test_small_counts_hidden_from_sort_and_filter(grid_conn):
    # Hidden below 10: N1 (5) and N5 (7) read as unknown; they sort first (ascending), by code.
    page = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", hide_below=10,
                                  sort=(cluster_view.Sort("residents"),))
    assert _codes(page) == ["N1", "N5", "C2", "N4", "N2", "N3", "C1"]
    assert [r["residents"] for r in page.rows][:3] == [None, None, 12]
    hidden = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", hide_below=10,
                                    filters=(cluster_view.Filter("residents", "lessThan", 10),))
    assert (hidden.rows, hidden.total) == ([], 0)


def test_counts_per_type_sorted_by_label(grid_conn):
    page = cluster_view.grid_page(grid_conn, "NOORD", "2025-Q2", by_type=True,
                                  type_labels={"fact": "Zeta", "wijkteam": "Alpha"},
                                  sort=(cluster_view.Sort("type_label"),))
    # wijkteam: C1 + N1..N5 = 6 combos, 40+5+30+30+18+7 = 130 residents; fact: C2, 12.
    assert [(r["combo_code"], r["combos"], r["residents"], r["allocated"]) for r in page.rows] == [
        ("type:wijkteam", 6, 130, Decimal("400.00")), ("type:fact", 1, 12, Decimal("150.00"))]
    assert page.total == 2
