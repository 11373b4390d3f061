"""The indicator cache (saniveld/cache.py): same answers as the levers, kept per database version,
and never stale after a write — an import (data_version), a ledger posting, or a review write
(review_version: only what shows the review is computed again).

Fixture: levers_fixture.py (quarter 2025-Q2); expected values worked out by hand there.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

import levers_fixture
from saniveld import cache, ledger
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.levers import (
    UnknownCluster,
    available_quarters,
    compute_all_indicators,
    compute_indicators,
    indicator_definitions,
    indicator_series,
    indicator_series_all,
)

D = Decimal


@pytest.fixture
def engine(any_engine):
    with db.transaction(any_engine) as conn:
        levers_fixture.load(conn)
    cache.clear()
    yield any_engine
    cache.clear()


def values(results):
    return {r.code: r.value for r in results}


def test_cached_indicators_equal_the_computed_ones(engine):
    network = cache.cached_indicators(engine, "2025-Q2")
    assert values(network)["combos_active"] == 4  # C1, C2, C3, C6
    assert values(network)["experiences_per_1000_inhabitants"] == D("3.5")  # 7 / 2000 * 1000
    assert values(cache.cached_indicators(engine, "2025-Q2", "Z"))["residents_supported"] == 20  # C6
    with db.connect(engine) as conn:
        assert network == compute_indicators(conn, "2025-Q2")
        assert cache.cached_indicators(engine, "2025-Q2", "N") == compute_indicators(conn, "2025-Q2", "N")
    with pytest.raises(UnknownCluster):
        cache.cached_indicators(engine, "2025-Q2", "NOPE")


def test_a_second_call_is_a_hit(engine):
    first = cache.cached_all_indicators(engine, "2025-Q2")
    misses = cache.stats["misses"]
    again = cache.cached_all_indicators(engine, "2025-Q2")
    assert again is first
    assert cache.stats["misses"] == misses and cache.stats["hits"] >= 1


def test_a_write_with_data_version_invalidates(engine):
    assert values(cache.cached_indicators(engine, "2025-Q2"))["experiences_per_1000_inhabitants"] == D("3.5")
    with db.transaction(engine) as conn:
        conn.execute(s.experiences.insert(), {"experience_code": "E10", "combo_code": "C1",
                                              "occurred_on": date(2025, 5, 5), "dimension": "participation",
                                              "organised_by": "self"})
        summary.rebuild(conn)
        db.bump_data_version(conn)
    # 8 experiences in Q2 now: 8 / 2000 * 1000 = 4
    assert values(cache.cached_indicators(engine, "2025-Q2"))["experiences_per_1000_inhabitants"] == D("4")


def test_a_ledger_posting_invalidates_even_without_data_version(engine):
    # funders' allocations 2025-Q1..Q2: a1 10000-1000 + a2 2000 + a11 5000-5000 + q1a 4000 = 15000
    assert values(cache.cached_indicators(engine, "2025-Q2"))["budget_envelope"] == D("15000.00")
    with db.transaction(engine) as conn:  # what ledger.append_posting writes (it bumps the quarter)
        conn.execute(s.money_flows.insert(), dict(
            entry_id=100, flow_code="a12", quarter="2025-Q2", kind="allocation", from_code="FUN2",
            to_code="ADM", amount=D("500.00"), stream="wmo", purpose="care", entry_type="post",
            corrects_entry_id=None, posting_key="fixture", posted_by="test",
            posted_at=levers_fixture.NOW, reason="test"))
        summary.add_entries(conn, [100], ["2025-Q2"])  # as ledger.append_posting does
        ledger.touch_quarters(conn, ["2025-Q2"])
    assert values(cache.cached_indicators(engine, "2025-Q2"))["budget_envelope"] == D("15500.00")


def test_precomputed_facts_give_the_same_results_and_series(engine):
    cache.warm(engine)
    with db.connect(engine) as conn:
        for quarter in ("2025-Q1", "2025-Q2", "2025-Q3"):
            assert cache.cached_all_indicators(engine, quarter) == compute_all_indicators(conn, quarter)
        for d in indicator_definitions():
            if "network" in d.scopes:
                assert cache.cached_series(engine, d.code) == indicator_series(conn, d.code)
            if "cluster" in d.scopes:
                assert cache.cached_series(engine, d.code, "Z") == indicator_series(conn, d.code, "Z")
        assert cache.cached_series_all(engine, "Z") == indicator_series_all(conn, "Z")
    # by hand: residents of Z's active combos per quarter (C4 7; C6 20; C5 4 + C6 20)
    assert cache.cached_series(engine, "residents_supported", "Z") == [
        ("2024-Q4", 7), ("2025-Q1", 7), ("2025-Q2", 20), ("2025-Q3", 24)]
    with pytest.raises(LookupError):
        cache.cached_series(engine, "no_such_code")
    with pytest.raises(ValueError):
        cache.cached_series(engine, "overhead_share", "N")


def test_reviewed_indicators_from_the_cache_lay_the_snapshot_over_the_current_values(engine):
    from saniveld.levers import review

    with db.transaction(engine) as conn:
        review.close_review(conn, "2025-Q2", "anna")
    with db.transaction(engine) as conn:  # later data: one more experience in Q2 (8 / 2000 * 1000 = 4)
        conn.execute(s.experiences.insert(), {"experience_code": "E10", "combo_code": "C1",
                                              "occurred_on": date(2025, 5, 5), "dimension": "participation",
                                              "organised_by": "self"})
        summary.rebuild(conn)
        db.bump_data_version(conn)
    shown = {ri.current.code: ri for ri in cache.cached_reviewed_indicators(engine, "2025-Q2")}
    rate = shown["experiences_per_1000_inhabitants"]
    assert rate.current.value == D("4") and rate.frozen_value == D("3.5") and rate.restated
    with db.connect(engine) as conn:
        assert cache.cached_reviewed_indicators(engine, "2025-Q2", "Z") == review.reviewed_indicators(
            conn, "2025-Q2", "Z")


def test_a_note_keeps_the_facts_and_a_close_shows_at_once(engine):
    from saniveld.levers import review

    facts = cache.facts(engine)
    results = cache.cached_all_indicators(engine, "2025-Q2")
    reviewed = cache.cached_reviewed_indicators(engine, "2025-Q2")
    assert not any(ri.is_frozen for ri in reviewed)
    shown = cache.cached(engine, ("part",), lambda c: len(review.list_notes(c, "2025-Q2")), review=True)
    assert shown == 0
    with db.transaction(engine) as conn:
        review.add_note(conn, "2025-Q2", "diagnostic", "Waarom?", "anna")
    assert cache.facts(engine) is facts and cache.cached_all_indicators(engine, "2025-Q2") is results
    assert cache.cached(engine, ("part",), lambda c: len(review.list_notes(c, "2025-Q2")), review=True) == 1
    with db.transaction(engine) as conn:
        review.close_review(conn, "2025-Q2", "anna")
    frozen = {ri.current.code: ri for ri in cache.cached_reviewed_indicators(engine, "2025-Q2")}
    rate = frozen["experiences_per_1000_inhabitants"]  # 7 / 2000 * 1000, frozen as it was
    assert rate.is_frozen and rate.frozen_value == D("3.5") and not rate.restated
    assert cache.facts(engine) is facts


def test_a_ledger_posting_drops_the_facts_and_the_review_parts(engine):
    facts = cache.facts(engine)
    results = cache.cached_all_indicators(engine, "2025-Q2")
    part = cache.cached(engine, ("part",), lambda c: object(), review=True)
    with db.transaction(engine) as conn:  # what ledger.append_posting writes (it bumps the quarter)
        conn.execute(s.money_flows.insert(), dict(
            entry_id=100, flow_code="a12", quarter="2025-Q2", kind="allocation", from_code="FUN2",
            to_code="ADM", amount=D("500.00"), stream="wmo", purpose="care", entry_type="post",
            corrects_entry_id=None, posting_key="fixture", posted_by="test",
            posted_at=levers_fixture.NOW, reason="test"))
        summary.add_entries(conn, [100], ["2025-Q2"])  # as ledger.append_posting does
        ledger.touch_quarters(conn, ["2025-Q2"])
    assert cache.facts(engine) is not facts
    assert cache.cached_all_indicators(engine, "2025-Q2") is not results
    assert cache.cached(engine, ("part",), lambda c: object(), review=True) is not part
    # 15000 before (see the posting test above) + 500
    assert values(cache.cached_indicators(engine, "2025-Q2"))["budget_envelope"] == D("15500.00")


def test_warming_in_the_background_fills_the_cache(engine):
    cache.warm_in_background(engine, "2025-Q2").join(timeout=60)
    misses = cache.stats["misses"]
    assert values(cache.cached_indicators(engine, "2025-Q2"))["combos_active"] == 4
    cache.cached_series_all(engine)
    assert cache.stats["misses"] == misses  # both were there already


def test_warming_never_raises(tmp_path, caplog):
    broken = db.command_engine(f"duckdb:///{tmp_path / 'no_schema.duckdb'}")  # no tables at all
    thread = cache.warm_in_background(broken)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert "cache.warm failed" in caplog.text
    broken.dispose()


def test_keep_warm_refills_after_a_write(engine):
    import time

    warmer = cache.keep_warm(engine, interval=0.05)
    deadline = time.monotonic() + 60
    while cache.stats["misses"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    with db.transaction(engine) as conn:
        db.bump_data_version(conn)
    misses = cache.stats["misses"]
    while cache.stats["misses"] == misses and time.monotonic() < deadline:  # warmed again
        time.sleep(0.05)
    time.sleep(0.5)
    warmer.stop.set()
    warmer.join(timeout=60)
    assert not warmer.is_alive()
    hits = cache.stats["hits"]
    cache.cached_series_all(engine)
    assert cache.stats["hits"] == hits + 1


def test_the_precomputed_facts_plus_the_money_of_more_entries_equal_the_facts_after_them(engine):
    from saniveld.levers import facts as f
    from saniveld.quarters import Quarter

    loader = cache.facts(engine)
    q2 = Quarter.parse("2025-Q2")
    with db.connect(engine) as conn:
        with conn.begin() as scratch:  # a move inside a transaction that is rolled back
            conn.execute(s.money_flows.insert(), dict(
                entry_id=101, flow_code="a13", quarter="2025-Q2", kind="allocation", from_code="FUN2",
                to_code="ADM", amount=D("500.00"), stream="wmo", purpose="care", entry_type="post",
                corrects_entry_id=None, posting_key="fixture", posted_by="test",
                posted_at=levers_fixture.NOW, reason="test"))
            summary.add_entries(conn, [101], ["2025-Q2"])  # as ledger.append_posting does (rolled back below)
            only = s.money_flows.c.entry_id == 101  # the sums of the new entry alone, added
            added = loader.with_money_added(f.money_facet(conn, [q2], only=only),
                                            f.budget_year_to_date(conn, [q2], only=only))
            after = compute_all_indicators(None, q2, loader=added)
            assert after == compute_all_indicators(conn, q2)
            # by hand: the funders' allocations up to Q2 were 15000; 500 more
            assert values(r for r in after if r.scope_code is None)["budget_envelope"] == D("15500.00")
            scratch.rollback()


def test_warm_runs_every_registered_warmer_with_the_quarters_it_warmed(engine, monkeypatch, caplog):
    monkeypatch.setattr(cache, "_warmers", [])
    calls = []

    def broken(_engine, quarters):
        raise RuntimeError("kapot")

    def remember(seen_engine, quarters):
        calls.append((seen_engine, quarters))

    cache.add_warmer(broken)
    assert cache.add_warmer(remember) is remember
    cache.add_warmer(remember)  # once per function
    cache.warm(engine, "2025-Q2")
    cache.warm(engine)  # the two latest quarters, newest first
    with db.connect(engine) as conn:
        latest = available_quarters(conn)[-2:][::-1]
    assert calls == [(engine, ["2025-Q2"]), (engine, latest)]
    assert "kapot" in caplog.text and "broken" in caplog.text  # logged; the next warmer still ran


def test_the_what_if_warmer_prepares_the_first_preview(engine):
    from saniveld.ledger import whatif

    cache.warm(engine)
    whatif.warm(engine, ["2025-Q2"])
    misses = cache.stats["misses"]
    what = ledger.preview(engine, "2025-Q2", [])
    assert cache.stats["misses"] == misses  # "before" was there: nothing computed
    assert {(i.code, i.scope_code): i.before for i in what.indicators} == \
        {(r.code, r.scope_code): r.value for r in cache.cached_all_indicators(engine, "2025-Q2")}


# -- the version without a query: DuckDB through a pooled engine (the web server's) ---------------


@pytest.fixture
def server_engine(tmp_path):
    """A pooled DuckDB engine, as ``saniveld run`` has: this process holds the file."""
    url = f"duckdb:///{tmp_path / 'server.duckdb'}"
    eng = db.server_engine(url)
    db.create_schema(eng)
    with db.transaction(eng) as conn:
        levers_fixture.load(conn)
    cache.clear()
    yield eng
    cache.clear()
    eng.dispose()
    db._server_engines.pop(url, None)


def checkouts(engine) -> list:
    """A list that grows by one whenever a connection is taken from `engine`'s pool."""
    taken: list = []
    sa.event.listen(engine, "checkout", lambda *_: taken.append(1))
    return taken


def an_experience(conn, code: str = "E10") -> None:
    conn.execute(s.experiences.insert(), {"experience_code": code, "combo_code": "C1",
                                          "occurred_on": date(2025, 5, 5), "dimension": "participation",
                                          "organised_by": "self"})
    summary.rebuild(conn, ["experience_summary"])  # as every write path keeps it current
    db.bump_data_version(conn)


def rate(engine) -> Decimal:
    return values(cache.cached_indicators(engine, "2025-Q2"))["experiences_per_1000_inhabitants"]


def test_a_hit_on_a_duckdb_server_engine_opens_no_connection(server_engine):
    first = cache.cached_all_indicators(server_engine, "2025-Q2")
    part = cache.cached(server_engine, ("part",), lambda c: object(), review=True)
    cluster = cache.cached_indicators(server_engine, "2025-Q2", "Z")
    taken = checkouts(server_engine)
    assert cache.cached_all_indicators(server_engine, "2025-Q2") is first
    assert cache.cached(server_engine, ("part",), lambda c: object(), review=True) is part
    assert cache.cached_indicators(server_engine, "2025-Q2", "Z") == cluster
    assert taken == []


def test_a_hit_reads_the_version_again_after_the_recheck_time(server_engine, monkeypatch):
    cache.cached_all_indicators(server_engine, "2025-Q2")
    monkeypatch.setattr(cache, "VERSION_RECHECK_SECONDS", 0.0)
    taken = checkouts(server_engine)
    cache.cached_all_indicators(server_engine, "2025-Q2")
    assert taken == [1]


def test_a_command_engine_and_postgresql_read_the_version_on_every_call(any_engine):
    cache.clear()
    with db.transaction(any_engine) as conn:
        levers_fixture.load(conn)
    first = cache.cached_all_indicators(any_engine, "2025-Q2")
    taken = checkouts(any_engine)
    assert cache.cached_all_indicators(any_engine, "2025-Q2") is first
    assert taken == [1]  # another process may write between two calls: the version is read
    cache.clear()


def test_a_write_in_this_process_is_seen_at_once_on_a_server_engine(server_engine, tmp_path):
    assert rate(server_engine) == D("3.5")  # 7 / 2000 * 1000
    with db.transaction(server_engine) as conn:
        an_experience(conn)
    assert rate(server_engine) == D("4")  # 8 / 2000 * 1000
    # another engine of this process on the same file (a command), committing by hand
    other = db.command_engine(str(server_engine.url))
    with other.connect() as conn:
        an_experience(conn, "E11")
        conn.commit()
        assert rate(server_engine) == D("4.5")  # before this connection is even closed
    other.dispose()


def test_a_reader_between_the_commit_event_and_the_commit_does_not_keep_the_old_version(server_engine):
    """A version read while a commit is under way (after SQLAlchemy's commit event, before the
    database has committed) is the old one; once the writer is done, it is read again."""
    assert rate(server_engine) == D("3.5")
    seen_during: list = []

    def read_while_committing(conn):
        seen_during.append(rate(server_engine))  # another connection: the old snapshot

    sa.event.listen(server_engine, "commit", read_while_committing)
    with db.transaction(server_engine) as conn:
        an_experience(conn)
    sa.event.remove(server_engine, "commit", read_while_committing)
    assert seen_during == [D("3.5")]
    assert rate(server_engine) == D("4")


def test_a_review_write_shows_at_once_on_a_server_engine(server_engine):
    from saniveld.levers import review

    facts = cache.facts(server_engine)
    notes = lambda c: len(review.list_notes(c, "2025-Q2"))  # noqa: E731
    assert cache.cached(server_engine, ("notes",), notes, review=True) == 0
    with db.transaction(server_engine) as conn:
        review.add_note(conn, "2025-Q2", "diagnostic", "Waarom?", "anna")
    assert cache.cached(server_engine, ("notes",), notes, review=True) == 1
    assert cache.facts(server_engine) is facts  # the review version only


def raw_rebuild_of_experience_summary(engine) -> list[str]:
    """The SQL that keeps experience_summary current (saniveld.db.summary), for a DuckDB
    connection without SQLAlchemy (a write path bypassing it, another process)."""
    query = summary.experience_select()
    insert = s.experience_summary.insert().from_select(list(query.selected_columns.keys()), query)
    compile_as = {"dialect": engine.dialect, "compile_kwargs": {"literal_binds": True}}
    return ["DELETE FROM experience_summary", str(insert.compile(**compile_as))]


def test_a_write_that_bypasses_sqlalchemy_is_seen_after_changed(server_engine):
    assert rate(server_engine) == D("3.5")
    raw = server_engine.raw_connection()  # DuckDB's own connection, no SQLAlchemy events
    try:
        raw.driver_connection.execute(
            "INSERT INTO experiences (experience_code, combo_code, occurred_on, dimension, organised_by) "
            "VALUES ('E12', 'C1', DATE '2025-05-05', 'participation', 'self')")
        for sql in raw_rebuild_of_experience_summary(server_engine):
            raw.driver_connection.execute(sql)
        raw.driver_connection.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'data_version'")
    finally:
        raw.close()
    cache.changed()
    assert rate(server_engine) == D("4")


def test_a_write_while_the_pool_held_no_connection_is_seen(server_engine):
    """With no connection open the file is not this process's: another may write to it."""
    import duckdb

    assert rate(server_engine) == D("3.5")
    server_engine.dispose()  # the pool holds nothing now
    other = duckdb.connect(server_engine.url.database)  # stands in for another process
    other.execute("INSERT INTO experiences (experience_code, combo_code, occurred_on, dimension, organised_by) "
                  "VALUES ('E12', 'C1', DATE '2025-05-05', 'participation', 'self')")
    for sql in raw_rebuild_of_experience_summary(server_engine):
        other.execute(sql)
    other.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'data_version'")
    other.close()
    assert rate(server_engine) == D("4")
    taken = checkouts(server_engine)
    assert rate(server_engine) == D("4") and taken == []  # holding the file again: no query


def test_a_callers_open_transaction_sees_its_own_write_on_a_server_engine(server_engine):
    assert rate(server_engine) == D("3.5")  # cached: the next call without conn is a memory hit
    with server_engine.connect() as conn:
        an_experience(conn)  # not committed yet
        assert values(cache.cached_indicators(server_engine, "2025-Q2", conn=conn))[
            "experiences_per_1000_inhabitants"] == D("4")  # 8 / 2000 * 1000, read through conn
        conn.rollback()
    assert rate(server_engine) == D("3.5")  # rolled back: the committed figure again


def test_warm_soon_runs_one_warm_at_a_time_and_once_more_when_asked_meanwhile(engine, monkeypatch):
    import threading
    import time

    started, release, calls = threading.Event(), threading.Event(), []

    def slow_warm(seen_engine, quarter=None):
        calls.append(seen_engine)
        started.set()
        release.wait(10)

    monkeypatch.setattr(cache, "warm", slow_warm)
    cache.warm_soon(engine)
    assert started.wait(10)
    cache.warm_soon(engine)  # a burst of writes while the first warm runs …
    cache.warm_soon(engine)
    assert calls == [engine]  # … runs no second warm beside it
    release.set()
    deadline = time.monotonic() + 10
    while cache._warming and time.monotonic() < deadline:
        time.sleep(0.01)
    assert calls == [engine, engine]  # once more after it, for the burst: then done
    assert cache._warming == {}
