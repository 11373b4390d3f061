"""cluster_view.py on the small hand-made network (tests/unit/pages_fixture.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pages_fixture import insert_small_network
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
