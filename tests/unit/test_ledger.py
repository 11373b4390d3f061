"""The ledger core: postings, idempotency, the quarter lock, current positions."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import LedgerEntry, LedgerRefused


def post(flow, amount, quarter="2025-Q1", to="NOORD", entry_type="post", corrects=None):
    return LedgerEntry(flow, quarter, "allocation", "FA", to, Decimal(amount), "wmo", "care", entry_type, corrects)


def test_postings_and_current_positions(engine):
    with db.transaction(engine) as conn:
        ids = ledger.append_posting(conn, posting_key="p1", posted_by="test", reason="start", source="import",
                                    entries=[post("F1", "100.00"), post("F2", "40.00", "2025-Q2")])
        assert ids == [1, 2]
        ledger.append_posting(conn, posting_key="p2", posted_by="test", reason="correctie",
                              entries=[post("F1", "-30.00", entry_type="adjustment", corrects=1)])
        ledger.append_posting(conn, posting_key="p3", posted_by="test", reason="weg", source="move",
                              entries=[post("F2", "-40.00", "2025-Q2", entry_type="reversal", corrects=2)])
    with engine.connect() as conn:
        flows = ledger.current_flows(conn)
        assert list(flows["flow_code"]) == ["F1"]          # F2 nets to zero: gone
        assert flows["amount"].tolist() == [Decimal("70.00")]  # 100.00 - 30.00
        assert flows["first_entry_id"].tolist() == [1]
        assert ledger.current_flows(conn, "2025-Q2").empty
        versions = dict(conn.execute(sa.select(s.quarters.c.quarter, s.quarters.c.version)).all())
        assert versions == {"2025-Q1": 2, "2025-Q2": 2}


def test_same_posting_key_twice_writes_once(engine):
    with db.transaction(engine) as conn:
        first = ledger.append_posting(conn, posting_key="k", posted_by="a", reason="r", entries=[post("F1", "5.00")])
        again = ledger.append_posting(conn, posting_key="k", posted_by="a", reason="r", entries=[post("F1", "5.00")])
        assert first == again
        assert conn.execute(sa.select(sa.func.count()).select_from(s.money_flows)).scalar_one() == 1


def test_locked_quarter_refuses_postings(engine):
    with db.transaction(engine) as conn:
        conn.execute(s.quarters.insert(), {"quarter": "2025-Q1", "version": 0, "locked": True})
    with db.transaction(engine) as conn:
        with pytest.raises(LedgerRefused, match="2025-Q1"):
            ledger.append_posting(conn, posting_key="x", posted_by="a", reason="r", entries=[post("F1", "5.00")])
        assert conn.execute(sa.select(sa.func.count()).select_from(s.ledger_postings)).scalar_one() == 0


@pytest.mark.parametrize("entry", [post("F1", "-5.00"), post("F1", "5.00", entry_type="reversal", corrects=1),
                                   post("F1", "5.001")])
def test_entries_of_the_wrong_shape_are_refused(engine, entry):
    with db.transaction(engine) as conn:
        with pytest.raises(LedgerRefused):
            ledger.append_posting(conn, posting_key="x", posted_by="a", reason="r", entries=[entry])
