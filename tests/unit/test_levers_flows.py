"""current_flows_subquery: one row per flow with the sum of its ledger entries."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

import levers_fixture
from saniveld.db import engine as db
from saniveld.levers import current_flows_subquery


def test_current_position_is_the_sum_of_entries_and_reversed_flows_vanish(engine):
    with db.transaction(engine) as c:
        levers_fixture.load(c)
    flows = current_flows_subquery()
    with db.connect(engine) as c:
        rows = {r.flow_code: r for r in c.execute(sa.select(flows))}
    assert rows["a1"].amount == Decimal("9000.00")  # post 10000 + adjustment -1000
    assert "a11" not in rows  # post 5000 + reversal -5000 = 0
    assert rows["s7"].amount == Decimal("300.00") and rows["s7"].kind == "spending"
    assert len(rows) == len(levers_fixture.POSTS) - 1
