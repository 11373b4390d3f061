"""The quarterly review: notes, decisions, initiatives, follow-ups, closing and restatement."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

import levers_fixture
from saniveld.db import summary
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.levers import review as rv


@pytest.fixture
def engine_with_data(any_engine):
    """The fixture on DuckDB and on PostgreSQL in turn."""
    with db.transaction(any_engine) as c:
        levers_fixture.load(c)
    return any_engine


def test_notes_and_decisions_keep_who_and_when(engine_with_data):
    with db.transaction(engine_with_data) as c:
        first = rv.add_note(c, "2025-Q2", "diagnostic", "Waarom daalt de bezetting?", "ambtenaar1")
        second = rv.record_decision(c, "2025-Q2", "boundaries", "Coördinator voor cluster E werven", "ambtenaar2")
    with db.connect(engine_with_data) as c:
        review = rv.get_review(c, "2025-Q2")
        notes = rv.list_notes(c, "2025-Q2")
    assert review.status == "draft" and review.closed_at is None
    assert [n.note_id for n in notes] == [first, second]
    assert [(n.lever, n.kind, n.written_by) for n in notes] == [
        ("diagnostic", "note", "ambtenaar1"), ("boundaries", "decision", "ambtenaar2")]
    assert notes[0].body == "Waarom daalt de bezetting?"
    assert isinstance(notes[0].written_at, datetime)


@pytest.mark.parametrize(
    "args, message",
    [
        (("2025-Q2", "money", "x", "u"), "lever"),
        (("2025-Q2", "diagnostic", "   ", "u"), "missing"),
        (("2025-Q2", "diagnostic", "x", ""), "missing"),
        (("2025-5", "diagnostic", "x", "u"), "quarter"),
        (("2025-Q2", "diagnostic", "x" * 10_001, "u"), "too long"),
    ],
)
def test_bad_note_is_refused_and_changes_nothing(engine_with_data, args, message):
    with pytest.raises(rv.ReviewError, match=message):
        with db.transaction(engine_with_data) as c:
            rv.add_note(c, *args)
    with db.connect(engine_with_data) as c:
        assert c.execute(sa.select(sa.func.count()).select_from(s.review_notes)).scalar() == 0
        assert c.execute(sa.select(sa.func.count()).select_from(s.reviews)).scalar() == 0


def test_close_freezes_snapshot_and_refuses_further_notes(engine_with_data):
    with db.transaction(engine_with_data) as c:
        rv.add_note(c, "2025-Q2", "beliefs", "Goed gesprek", "ambtenaar1")
        closed = rv.close_review(c, "2025-Q2", "ambtenaar1")
    assert closed.status == "closed" and closed.closed_by == "ambtenaar1" and closed.closed_at
    with db.connect(engine_with_data) as c:
        count = c.execute(sa.select(sa.func.count()).select_from(s.review_snapshots)).scalar()
        assert count == 20 + 3 * 12  # network + clusters N, Z, E
        report = rv.review_report(c, "2025-Q2")
    by_key = {(i.current.code, i.current.scope_code): i for i in report.indicators}
    combos = by_key[("combos_active", None)]
    assert combos.is_frozen and combos.frozen_value == 4 and not combos.restated
    # 7 / 38 * 100 = 18.42105263157... frozen to 8 places
    assert by_key[("experiences_per_100_residents", None)].frozen_value == Decimal("18.42105263")
    assert not by_key[("experiences_per_100_residents", None)].restated
    assert by_key[("spending_rate", "E")].frozen_value is None  # empty stays empty
    assert report.review.status == "closed" and len(report.notes) == 1
    assert len(report.beliefs.principles) == 3
    with pytest.raises(rv.ReviewError, match="closed"):
        with db.transaction(engine_with_data) as c:
            rv.add_note(c, "2025-Q2", "beliefs", "Te laat", "ambtenaar1")
    with pytest.raises(rv.ReviewError, match="closed"):
        with db.transaction(engine_with_data) as c:
            rv.close_review(c, "2025-Q2", "ambtenaar1")


def test_later_data_shows_both_reviewed_and_current_value(engine_with_data):
    with db.transaction(engine_with_data) as c:
        rv.close_review(c, "2025-Q2", "ambtenaar1")
    with db.transaction(engine_with_data) as c:  # a combo that turns out to have started in Q2
        c.execute(s.combos.insert(), {"combo_code": "C7", "name": "C7", "cluster_code": "E",
                                      "combo_type": "fact", "started_on": datetime(2025, 5, 1).date(),
                                      "ended_on": None, "residents": 2})
        summary.rebuild(c)
    with db.connect(engine_with_data) as c:
        report = rv.review_report(c, "2025-Q2")
    by_key = {(i.current.code, i.current.scope_code): i for i in report.indicators}
    network = by_key[("combos_active", None)]
    assert network.restated and network.frozen_value == 4 and network.current.value == 5
    assert network.shown_value == 4
    cluster_e = by_key[("combos_active", "E")]
    assert cluster_e.restated and cluster_e.frozen_value == 0 and cluster_e.current.value == 1
    assert not by_key[("combos_active", "N")].restated


def test_draft_report_shows_current_values(engine_with_data):
    with db.connect(engine_with_data) as c:
        report = rv.review_report(c, "2025-Q2")
    assert report.review is None
    first = report.indicators[0]
    assert not first.is_frozen and not first.restated and first.shown_value == first.current.value


def test_initiatives_and_followups(engine_with_data):
    with db.transaction(engine_with_data) as c:
        a = rv.add_initiative(c, "Coördinator cluster E", "netwerkmanager", "2025-Q2", "ambtenaar1",
                              responds_to="clusters_without_coordinator", description="Werving")
        b = rv.add_initiative(c, "Later idee", "P3", "2025-Q3", "ambtenaar1")
        rv.add_followup(c, a, "2025-Q2", "in_progress", "Vacature uit", "manager")
        rv.add_followup(c, a, "2025-Q3", "done", "Aangesteld", "manager")
    with db.connect(engine_with_data) as c:
        in_q2 = rv.list_initiatives(c, "2025-Q2")
        everything = rv.list_initiatives(c)
    assert [i.initiative_id for i in in_q2] == [a]
    assert [i.initiative_id for i in everything] == [a, b]
    first = in_q2[0]
    assert first.status == "done" and first.responds_to == "clusters_without_coordinator"
    assert [(f.quarter, f.status, f.written_by) for f in first.followups] == [
        ("2025-Q2", "in_progress", "manager"), ("2025-Q3", "done", "manager")]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: rv.add_initiative(c, "", "o", "2025-Q2", "u"), "missing"),
        (lambda c: rv.add_initiative(c, "t", "o", "2025-Q2", "u", responds_to="nope"), "unknown"),
        (lambda c: rv.add_initiative(c, "t", "o", "Q2", "u"), "quarter"),
        (lambda c: rv.add_followup(c, 999, "2025-Q2", "done", "x", "u"), "does not exist"),
    ],
)
def test_bad_initiative_input_is_refused(engine_with_data, call, message):
    with pytest.raises(rv.ReviewError, match=message):
        with db.transaction(engine_with_data) as c:
            call(c)


def test_followup_checks_status_and_quarter(engine_with_data):
    with db.transaction(engine_with_data) as c:
        a = rv.add_initiative(c, "t", "o", "2025-Q2", "u")
    for status, quarter, message in (("finished", "2025-Q2", "unknown"), ("done", "2025-Q1", "before")):
        with pytest.raises(rv.ReviewError, match=message):
            with db.transaction(engine_with_data) as c:
                rv.add_followup(c, a, quarter, status, "x", "u")
    with db.connect(engine_with_data) as c:
        assert rv.list_initiatives(c)[0].status == "open"
        assert rv.list_initiatives(c)[0].followups == ()
