"""The quarter book reads only the positions of the codes a move touches (national scale)."""

from __future__ import annotations

from decimal import Decimal

from saniveld.db import engine as db
from saniveld.ledger.checks import Move, QuarterBook
from tests.unit.flows_fixture import Q, load


def test_a_move_reads_only_the_positions_of_its_codes(engine):
    load(engine)
    with db.connect(engine) as conn:
        book = QuarterBook(conn, Q)
        entries = book.plan(Move("C1", "C2", Decimal("100.00"), "r"), "web:test")
        book.check(entries)
        # C1 and C2 received F5 and F6 from NOORD; NOORD's own flows are read by check (its
        # balance), the funder's and ZUID's are never read.
        assert sorted(k[0] for k in book.positions) == ["F2", "F5", "F6"]
        # F5 (NOORD->C1, 400) gives 100; F6 (NOORD->C2) already exists and grows by it.
        assert [(e.flow_code, e.amount) for e in entries] == [("F5", Decimal("-100.00")), ("F6", Decimal("100.00"))]
