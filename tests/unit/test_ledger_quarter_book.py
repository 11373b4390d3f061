"""The quarter book reads only the positions of the codes a move touches (national scale)."""

from __future__ import annotations

from decimal import Decimal

from saniveld.db import engine as db
import pytest

from saniveld.ledger import LedgerEntry, LedgerRefused
from saniveld.ledger.checks import Move, QuarterBook
from tests.unit.flows_fixture import Q, load


def test_a_move_reads_only_the_positions_of_its_codes(engine):
    load(engine)
    with db.connect(engine) as conn:
        book = QuarterBook(conn, Q)
        entries = book.plan(Move("C1", "C2", Decimal("100.00"), "r"), "web:test")
        book.check(entries)
        # C1 and C2 received F5 and F6 from NOORD; NOORD only redirects what it allocates (its
        # balance cannot get worse: not read), the funder's and ZUID's flows are never read.
        assert sorted(k[0] for k in book.positions) == ["F5", "F6"]
        # F5 (NOORD->C1, 400) gives 100; F6 (NOORD->C2) already exists and grows by it.
        assert [(e.flow_code, e.amount) for e in entries] == [("F5", Decimal("-100.00")), ("F6", Decimal("100.00"))]


def test_check_reads_the_balance_of_a_code_the_entries_make_allocate_more(engine):
    """Entries that make ZUID allocate 50 more than the 300 it received are refused, though no
    position of ZUID was read before the check (the check reads what can get worse)."""
    load(engine)
    with db.connect(engine) as conn:
        f7 = next(p for p in QuarterBook(conn, Q).received("C3") if p.flow_code == "F7")
        book = QuarterBook(conn, Q)
        more = LedgerEntry("F7", Q, "allocation", "ZUID", "C3", Decimal("50.00"), f7.stream, f7.purpose,
                           "adjustment", f7.first_entry_id)
        with pytest.raises(LedgerRefused, match="ZUID zou in .* toewijzen terwijl het maar"):
            book.check([more])
        less = LedgerEntry("F7", Q, "allocation", "ZUID", "C3", Decimal("-50.00"), f7.stream, f7.purpose,
                           "adjustment", f7.first_entry_id)
        QuarterBook(conn, Q).check([less])  # allocating less is never refused
