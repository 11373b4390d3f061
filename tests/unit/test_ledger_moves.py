"""Moves, undo, the quarter lock and the what-if, on DuckDB and PostgreSQL (see flows_fixture)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saniveld import access, audit, ledger
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import LedgerRefused, Move, VersionConflict

from tests.unit.flows_fixture import ADMIN, COORD, NM, Q, count, load, positions

D = Decimal


@pytest.fixture
def book(any_engine):
    load(any_engine)
    return any_engine


def do_move(engine, frm, to, amount, reason="herverdeling", **kw):
    with db.transaction(engine) as conn:
        return ledger.move(conn, Q, frm, to, amount, reason, NM, **kw)


def test_move_between_combos_adjusts_both_flows(book):
    result = do_move(book, "C1", "C2", "250.00")
    assert result.version == 2 and not result.replayed  # the import made version 1
    with db.connect(book) as conn:
        pos = positions(conn)
        assert pos[("NOORD", "C1")] == D("150.00")  # 400 - 250
        assert pos[("NOORD", "C2")] == D("400.00")  # 150 + 250
        hist = ledger.history(conn, Q, source="move")
        assert sorted(zip(hist.flow_code, hist.entry_type, hist.amount)) == [
            ("F5", "adjustment", D("-250.00")), ("F6", "adjustment", D("250.00"))]
        assert set(hist.posted_by) == {"nina"} and set(hist.reason) == {"herverdeling"}
        assert set(hist.corrects_entry_id) == {5, 6}  # the import's entries of F5 and F6
        assert audit.entries(conn)[-1].action == "move_money"


def test_move_between_clusters_keeps_the_sender(book):
    do_move(book, "NOORD", "ZUID", "50")
    with db.connect(book) as conn:
        pos = positions(conn)
    assert pos[("FA", "NOORD")] == D("550.00") and pos[("FA", "ZUID")] == D("350.00")
    assert sum(v for (frm, _), v in pos.items() if frm == "FA") == D("1000.00")  # 550 + 350 + 100


def test_move_to_a_new_recipient_posts_a_new_flow(book):
    do_move(book, "C1", "ORG1", "400", posting_key="k-new")  # F5 used up: a reversal
    with db.connect(book) as conn:
        flows = ledger.current_flows(conn, Q)
        new = flows[flows.to_code == "ORG1"]
        assert list(new.from_code) == ["NOORD"] and list(new.amount) == [D("400.00")]
        assert new.flow_code.iloc[0].startswith("MV-2025Q1-")
        assert "F5" not in set(flows.flow_code)
        hist = ledger.history(conn, Q, source="move")
        assert sorted(hist.entry_type) == ["post", "reversal"]


def test_move_draws_on_the_largest_allocation_first(book):
    # FA received F1 (1000, from FND) and F4 (100, itself) and allocates 1000: 100 to spare
    do_move(book, "FA", "ORG1", "100")
    with db.connect(book) as conn:
        pos = positions(conn)
    assert pos[("FND", "FA")] == D("900.00") and pos[("FND", "ORG1")] == D("100.00")
    assert pos[("FA", "FA")] == D("100.00")
    with pytest.raises(LedgerRefused, match="FA zou in 2025-Q1 € 1.000,00 toewijzen terwijl het maar € 999,99"):
        do_move(book, "FA", "ORG1", "0.01")


@pytest.mark.parametrize(("frm", "to", "amount", "reason", "message"), [
    ("C1", "C2", "-5", "r", "groter dan nul"),
    ("C1", "C2", "0", "r", "groter dan nul"),
    ("C1", "C2", "1.001", "r", "twee decimalen"),
    ("C1", "C2", "tien", "r", "geen bedrag"),
    ("C1", "C2", "", "r", "Vul een bedrag in"),
    ("C1", "C2", "5", "  ", "reden is verplicht"),
    ("C1", "C1", "5", "r", "Van en naar zijn gelijk"),
    ("C1", "C2", "400.01", "r", "C1 ontving in 2025-Q1 € 400,00"),
    ("C1", "CX", "5", "r", "Combi CX is niet actief in 2025-Q1 (beëindigd op 31-12-2024)"),
    ("C1", "NOPE", "5", "r", "Onbekende ontvanger 'NOPE'"),
    ("NOORD", "ZUID", "60", "r", "NOORD zou in 2025-Q1 € 550,00 toewijzen terwijl het maar € 540,00 ontving"),
])
def test_refusals_write_nothing(book, frm, to, amount, reason, message):
    with db.connect(book) as conn:
        entries_before = count(conn, s.money_flows)
    with pytest.raises(LedgerRefused, match=re.escape(message)):
        do_move(book, frm, to, amount, reason)
    with db.connect(book) as conn:
        assert count(conn, s.money_flows) == entries_before
        assert ledger.quarter_state(conn, Q).version == 1


def test_dutch_amounts_are_understood(book):
    assert ledger.parse_amount("1.234,56") == D("1234.56")
    assert ledger.parse_amount("12,5") == D("12.50")
    do_move(book, "C1", "C2", "12,50")
    with db.connect(book) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("162.50")


def test_stale_version_is_a_conflict(book):
    do_move(book, "C1", "C2", "10", expect_version=1)
    with pytest.raises(VersionConflict) as caught:
        do_move(book, "C1", "C2", "10", expect_version=1)
    assert caught.value.current == 2 and caught.value.expected == 1
    with db.connect(book) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("160.00")  # only the first one


def test_conflict_through_commit_move_comes_with_a_fresh_preview(book):
    ledger.commit_move(book, Q, Move("C1", "C2", "10", "eerste"), NM, expect_version=1)
    with pytest.raises(VersionConflict) as caught:
        ledger.commit_move(book, Q, Move("C1", "C2", "20", "tweede"), NM, expect_version=1)
    fresh = caught.value.preview
    assert fresh is not None and fresh.version == 2
    # the fresh preview starts from the state after the first move: C2 160 + 20
    with db.connect(book) as conn:
        assert audit.entries(conn)[-1].outcome == "refused"
    assert not fresh.problems


def test_same_key_twice_is_recorded_once(book):
    first = do_move(book, "C1", "C2", "10", posting_key="dubbelklik")
    again = do_move(book, "C1", "C2", "10", posting_key="dubbelklik")
    assert again.replayed and again.entry_ids == first.entry_ids and again.version == first.version
    # a retry that carries the version seen before the first commit is a replay, not a conflict
    retry = do_move(book, "C1", "C2", "10", posting_key="dubbelklik", expect_version=1)
    assert retry.replayed
    with db.connect(book) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("160.00")


def test_undo_reverses_and_is_recorded_once(book):
    done = do_move(book, "C1", "C2", "250")
    with db.transaction(book) as conn:
        undone = ledger.undo(conn, done.posting_key, "vergissing", NM)
        again = ledger.undo(conn, done.posting_key, "vergissing", NM)
    assert again.replayed and again.entry_ids == undone.entry_ids
    with db.connect(book) as conn:
        pos = positions(conn)
        assert pos[("NOORD", "C1")] == D("400.00") and pos[("NOORD", "C2")] == D("150.00")
        hist = ledger.history(conn, Q, source="undo")
        assert sorted(zip(hist.flow_code, hist.entry_type, hist.amount)) == [
            ("F5", "adjustment", D("250.00")), ("F6", "reversal", D("-250.00"))]
        moved = ledger.history(conn, Q, source="move")
        assert set(moved.undone_by) == {f"undo:{done.posting_key}"}


def test_undo_is_refused_when_the_money_moved_on(book):
    first = do_move(book, "C1", "C2", "250")  # C2 now 400
    do_move(book, "C2", "C3", "400")  # all of it onwards
    with db.transaction(book) as conn, pytest.raises(LedgerRefused, match="Stroom F6 zou negatief worden"):
        ledger.undo(conn, first.posting_key, "te laat", NM)


def test_undo_of_an_import_is_refused(book):
    with db.transaction(book) as conn, pytest.raises(LedgerRefused, match="alleen verschuivingen"):
        ledger.undo(conn, "import:1", "nee", NM)


def test_lock_refuses_moves_and_only_an_admin_reopens(book):
    with db.transaction(book) as conn, pytest.raises(access.Forbidden):
        ledger.lock_quarter(conn, Q, COORD)
    with db.transaction(book) as conn:
        assert ledger.lock_quarter(conn, Q, NM) is True
        assert ledger.lock_quarter(conn, Q, NM) is False
    with pytest.raises(LedgerRefused, match="afgesloten door nina"):
        do_move(book, "C1", "C2", "5")
    with db.transaction(book) as conn, pytest.raises(access.Forbidden):
        ledger.reopen_quarter(conn, Q, NM, "fout")
    with db.transaction(book) as conn, pytest.raises(LedgerRefused, match="reden"):
        ledger.reopen_quarter(conn, Q, ADMIN, "")
    with db.transaction(book) as conn:
        assert ledger.reopen_quarter(conn, Q, ADMIN, "correctie na review") is True
    do_move(book, "C1", "C2", "5")
    with db.connect(book) as conn:
        log = [(e.action, e.username, e.detail) for e in audit.entries(conn)]
        reopen = [row for row in log if row[0] == "reopen_quarter"]
        assert reopen and reopen[0][1] == "ada" and "correctie na review" in reopen[0][2]
        assert ("lock_quarter", "nina", None) in log
        assert audit.verify(conn) == []


def test_a_coordinator_may_not_move_money(book):
    with db.transaction(book) as conn, pytest.raises(access.Forbidden):
        ledger.move(conn, Q, "C1", "C2", "5", "r", COORD)


def test_preview_writes_nothing_and_shows_before_and_after(book):
    with db.connect(book) as conn:
        before_entries, before_postings = count(conn, s.money_flows), count(conn, s.ledger_postings)
        data_version = db.data_version(conn)
    what = ledger.preview(book, Q, [Move("NOORD", "ZUID", "50"), Move("C1", "CX", "5")])
    assert what.version == 1 and not what.ok
    assert len(what.problems) == 1 and "Verschuiving 2" in what.problems[0] and "CX" in what.problems[0]
    noord = next(b for b in what.balances if b.cluster_code == "NOORD")
    zuid = next(b for b in what.balances if b.cluster_code == "ZUID")
    assert (noord.received_before, noord.received_after, noord.balance_after) == (D("600"), D("550"), D("0"))
    assert (zuid.received_after, zuid.balance_before, zuid.balance_after) == (D("350"), D("0"), D("50"))
    overhead = what.indicator("overhead_share")
    assert overhead.before == overhead.after == D("10")  # 100 overhead / 1000 from the funder
    cost = what.indicator("cost_per_resident", "NOORD")
    assert cost.before == cost.after == D(200) / D(30)  # care spent by NOORD's combos / residents of C1, C2
    assert not what.new_breaches
    with db.connect(book) as conn:
        assert count(conn, s.money_flows) == before_entries
        assert count(conn, s.ledger_postings) == before_postings
        assert db.data_version(conn) == data_version
        assert ledger.quarter_state(conn, Q).version == 1


def test_preview_of_a_clean_move_is_ok(book):
    what = ledger.preview(book, Q, [Move("C1", "C2", "100")])
    assert what.ok and what.problems == ()
    rate = what.indicator("spending_rate", "NOORD")
    assert rate.before == rate.after  # allocations within the cluster: its total is unchanged


def test_preview_on_a_locked_quarter_says_so(book):
    with db.transaction(book) as conn:
        ledger.lock_quarter(conn, Q, NM)
    what = ledger.preview(book, Q, [Move("C1", "C2", "1")])
    assert what.locked and not what.ok and "afgesloten" in what.problems[0]


def test_preview_equals_computing_before_and_after_really_committing(book):
    """The fast preview (cached "before", precomputed facts with fresh money "after") gives the
    very values of a plain compute_all_indicators on the data before and after the move."""
    from saniveld import cache
    from saniveld.ledger.whatif import cluster_totals
    from saniveld.levers import compute_all_indicators

    cache.clear()
    cache.warm(book)  # the precomputed aggregates are there, as on a running server
    moves = [Move("NOORD", "ZUID", "50"), Move("C1", "C3", "100")]
    what = ledger.preview(book, Q, moves)
    assert what.ok
    with db.connect(book) as conn:
        plain_before, totals_before = compute_all_indicators(conn, Q), cluster_totals(conn, Q)
    with db.transaction(book) as conn:
        ledger.move(conn, Q, "NOORD", "ZUID", "50", "herverdeling", NM)
        ledger.move(conn, Q, "C1", "C3", "100", "herverdeling", NM)
    with db.connect(book) as conn:
        plain_after, totals_after = compute_all_indicators(conn, Q), cluster_totals(conn, Q)
    assert {b.cluster_code: (b.received_before, b.allocated_before) for b in what.balances} == totals_before
    assert {b.cluster_code: (b.received_after, b.allocated_after) for b in what.balances} == totals_after
    key = lambda r: (r.code, r.scope_code)  # noqa: E731
    assert {key(r): (r.value, r.breached) for r in plain_before} == \
        {key(i): (i.before, i.breached_before) for i in what.indicators}
    assert {key(r): (r.value, r.breached) for r in plain_after} == \
        {key(i): (i.after, i.breached_after) for i in what.indicators}
    # and it did change: NOORD's combos spent 200 of 550 allocated to them, after the move of
    # 100 from C1 to C3 (ZUID) 200 of 450
    rate = what.indicator("spending_rate", "NOORD")
    places = D("0.000001")
    assert (rate.before * 550 / 200).quantize(places) == (rate.after * 450 / 200).quantize(places)
    assert rate.before != rate.after
    noord = next(b for b in what.balances if b.cluster_code == "NOORD")
    assert (noord.received_before, noord.received_after) == (D("600"), D("550"))
    # C1 -> C3 keeps the sender: NOORD still allocates 550 (400 - 100 to C1, 150 to C2, 100 to C3)
    assert (noord.allocated_before, noord.allocated_after) == (D("550"), D("550"))
    cache.clear()


@pytest.mark.parametrize("moves", [
    [("FA", "ORG1", "50")],  # the funder's flow to FA redirected: money to a partner (network-wide)
    [("NOORD", "C3", "50")],  # FA's flow to NOORD redirected to a combo of ZUID
    [("C2", "C1", "150"), ("NOORD", "ZUID", "20")],  # a flow used up, then a cluster to a cluster
])
def test_preview_recomputing_only_the_touched_scopes_equals_committing(book, moves):
    """The preview adds the scratch entries' money to the precomputed facts and computes only the
    network and the touched clusters again: every value equals a full computation after a commit."""
    from saniveld import cache
    from saniveld.ledger.whatif import cluster_totals
    from saniveld.levers import compute_all_indicators

    cache.clear()
    cache.warm(book)
    what = ledger.preview(book, Q, [Move(f, t, a) for f, t, a in moves])
    assert what.problems == ()
    with db.transaction(book) as conn:
        for f, t, a in moves:
            ledger.move(conn, Q, f, t, a, "herverdeling", NM)
    with db.connect(book) as conn:
        plain_after, totals_after = compute_all_indicators(conn, Q), cluster_totals(conn, Q)
    assert {b.cluster_code: (b.received_after, b.allocated_after) for b in what.balances} == totals_after
    assert {(r.code, r.scope_code): (r.value, r.breached) for r in plain_after} == \
        {(i.code, i.scope_code): (i.after, i.breached_after) for i in what.indicators}
    cache.clear()


# -- property: accepted moves redirect money, they never create or destroy it -----------------

CODES = ["FA", "NOORD", "ZUID", "C1", "C2", "C3", "ORG1", "CX"]
moves_strategy = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(CODES),
              st.decimals(min_value=D("0.01"), max_value=D("700"), places=2)),
    min_size=1, max_size=8,
)


def sender_totals(conn) -> dict[tuple, Decimal]:
    mf = s.money_flows
    rows = conn.execute(sa.select(mf.c.from_code, mf.c.stream, mf.c.purpose, sa.func.sum(mf.c.amount))
                        .where(mf.c.quarter == Q, mf.c.kind == "allocation")
                        .group_by(mf.c.from_code, mf.c.stream, mf.c.purpose)).all()
    return {(f, st_, p): D(v) for f, st_, p, v in rows if v}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(proposed=moves_strategy)
def test_accepted_moves_keep_every_senders_total(engine, proposed):
    with db.connect(engine) as conn:
        empty = count(conn, s.clusters) == 0
    if empty:  # hypothesis runs every example on the same engine
        load(engine)
    with db.connect(engine) as conn:
        trans = conn.begin()
        try:
            totals = sender_totals(conn)
            accepted = 0
            for frm, to, amount in proposed:
                try:
                    ledger.move(conn, Q, frm, to, amount, "eigenschap", NM)
                    accepted += 1
                except LedgerRefused:
                    pass
            assert sender_totals(conn) == totals
            flows = ledger.current_flows(conn, Q)
            assert (flows.amount > 0).all()
            assert ledger.quarter_state(conn, Q).version == 1 + accepted
            for code in ("NOORD", "ZUID"):  # clusters never allocate more than they receive
                alloc = flows[(flows.kind == "allocation")]
                assert alloc[alloc.from_code == code].amount.sum() <= alloc[alloc.to_code == code].amount.sum()
            assert "CX" not in set(flows.to_code)
        finally:
            trans.rollback()


def test_a_write_while_the_preview_reads_is_not_mixed_into_it(book, monkeypatch):
    """Someone commits a move while a preview reads: the preview reads one snapshot, so it shows
    before and after of the data as it was when it began, at that version (it used to start
    again on the newer data; now it never mixes the two, and writes nothing to find out).
    Committing the previewed move with that version is then the usual conflict, which comes
    with a fresh preview of the newer data."""
    from saniveld import cache
    from saniveld.ledger import whatif

    cache.clear()
    cache.warm(book)
    real_state = whatif._state
    interfered = []

    def state_then_someone_commits(conn, quarter):
        seen = real_state(conn, quarter)
        if not interfered:  # once: NOORD's 600 become 570, ZUID's 300 become 330
            interfered.append(ledger.commit_move(book, Q, Move("NOORD", "ZUID", "30", "elders"), NM))
        return seen

    monkeypatch.setattr(whatif, "_state", state_then_someone_commits)
    what = ledger.preview(book, Q, [Move("NOORD", "ZUID", "20")])
    assert interfered and what.ok
    assert what.version == 1 and interfered[0].version == 2
    noord = next(b for b in what.balances if b.cluster_code == "NOORD")
    assert (noord.received_before, noord.received_after) == (D("600"), D("580"))
    zuid = next(b for b in what.balances if b.cluster_code == "ZUID")
    assert (zuid.received_before, zuid.received_after) == (D("300"), D("320"))
    monkeypatch.undo()
    with pytest.raises(VersionConflict) as caught:
        ledger.commit_move(book, Q, Move("NOORD", "ZUID", "20", "herverdeling"), NM, expect_version=what.version)
    fresh = caught.value.preview
    assert fresh is not None and fresh.version == 2
    noord = next(b for b in fresh.balances if b.cluster_code == "NOORD")
    assert (noord.received_before, noord.received_after) == (D("570"), D("550"))
    cache.clear()


def test_a_preview_inside_the_callers_transaction_sees_its_writes_and_caches_none_of_them(book):
    """A caller in a transaction of its own (an uncommitted move in it) previews on that data —
    on both backends, now that a preview writes nothing (DuckDB has no savepoints) — and nothing
    of it reaches the cache."""
    from saniveld import cache
    from saniveld.levers import compute_all_indicators

    cache.clear()
    cache.warm(book)
    key = lambda r: (r.code, r.scope_code)  # noqa: E731
    with db.connect(book) as conn:
        outer = conn.begin()
        ledger.move(conn, Q, "NOORD", "ZUID", "50", "nog niet bevestigd", NM)
        uncommitted = compute_all_indicators(conn, Q)
        what = ledger.preview(conn, Q, [Move("C1", "C3", "100")])
        assert what.ok and what.version == 2  # the version the caller's move made
        assert {key(i): i.before for i in what.indicators} == {key(r): r.value for r in uncommitted}
        ledger.move(conn, Q, "C1", "C3", "100", "herverdeling", NM)
        assert {key(i): i.after for i in what.indicators} == \
            {key(r): r.value for r in compute_all_indicators(conn, Q)}
        noord = next(b for b in what.balances if b.cluster_code == "NOORD")
        assert (noord.received_before, noord.received_after) == (D("550"), D("550"))
        outer.rollback()
    with db.connect(book) as conn:
        committed = compute_all_indicators(conn, Q)
    assert {key(r): r.value for r in cache.cached_all_indicators(book, Q)} == {key(r): r.value for r in committed}
    assert ledger.preview(book, Q, []).version == 1
    cache.clear()


@pytest.mark.parametrize("moves, scopes", [
    ([("C1", "C3", "100")], {None, "NOORD", "ZUID"}),  # combos of two clusters
    ([("C2", "C1", "150")], {None, "NOORD"}),  # within one cluster
    ([("NOORD", "ZUID", "20")], {None, "NOORD", "ZUID"}),  # a cluster to a cluster
    ([("FA", "ORG1", "50")], None),  # money to a partner: a network-wide sum moves, every scope
])
def test_above_every_scope_up_to_the_what_if_lists_only_the_scopes_a_move_can_change(
        book, monkeypatch, moves, scopes):
    """A national network (more clusters than EVERY_SCOPE_UP_TO, here lowered to 1 for the
    fixture's three): the preview computes and lists the network and the touched clusters alone,
    each with the values of the every-scope preview; every cluster it leaves out is the same
    before and after there; the balances are every cluster's as before."""
    from saniveld import cache
    from saniveld.ledger import whatif

    proposed = [Move(f, t, a) for f, t, a in moves]
    cache.clear()
    every = ledger.preview(book, Q, proposed)
    assert {i.scope_code for i in every.indicators} == {None, "NOORD", "ZUID"}  # the fixture's two
    monkeypatch.setattr(whatif, "EVERY_SCOPE_UP_TO", 1)
    for warm in (False, True):  # on an empty cache and with every quarter's facts precomputed
        cache.clear()
        if warm:
            cache.warm(book)
        few = ledger.preview(book, Q, proposed)
        assert few.problems == () and few.balances == every.balances
        listed = {i.scope_code for i in few.indicators}
        assert listed == (scopes if scopes is not None else {i.scope_code for i in every.indicators})
        by_key = {(i.code, i.scope_code): (i.before, i.after, i.breached_before, i.breached_after)
                  for i in every.indicators}
        assert {(i.code, i.scope_code): (i.before, i.after, i.breached_before, i.breached_after)
                for i in few.indicators} == {k: v for k, v in by_key.items() if k[1] in listed}
        left_out = [i for i in every.indicators if i.scope_code not in listed]
        assert all(i.before == i.after and i.breached_before == i.breached_after for i in left_out)
        assert {i.scope_code for i in left_out} == {None, "NOORD", "ZUID"} - listed
    nothing = ledger.preview(book, Q, [])  # nothing planned: the network alone, unchanged
    assert {i.scope_code for i in nothing.indicators} == {None}
    assert all(i.before == i.after for i in nothing.indicators)
    cache.clear()
