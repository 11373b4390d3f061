"""Every write path keeps the summary tables current (saniveld.db.summary), on both backends:
after each, the stored summaries equal a rebuild from the base tables, and the facets read from
them equal the facets computed from the ledger itself."""

from __future__ import annotations

import sqlalchemy as sa

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.db import integrity, summary
from saniveld.db import schema as s
from saniveld.ledger import Move
from saniveld.levers import compute_all_indicators, facts
from saniveld.package.importer import import_package
from saniveld.package.sample import sample, write_package
from saniveld.quarters import Quarter

from tests.unit import flows_fixture as ff


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(s.metadata.tables[name])).scalar_one()
                for name in s.SUMMARY_TABLES}


def _assert_current(engine) -> None:
    with engine.connect() as conn:
        assert integrity.summary_problems(conn) == []
        quarters = summary.ledger_quarters(conn)
        if quarters:  # the money read from ledger_summary == classified from money_flows itself
            assert facts.money_facet(conn, quarters) == facts.money_facet(conn, quarters, only=sa.true())
            assert (facts.budget_year_to_date(conn, quarters)
                    == facts.budget_year_to_date(conn, quarters, only=sa.true()))


def test_imports_keep_the_summaries_current(any_engine, tmp_path):
    import_package(any_engine, write_package(tmp_path / "pkg"))
    assert all(_counts(any_engine).values())
    _assert_current(any_engine)

    data = sample()
    data["money_flows"][0]["amount"] = "450000.00"  # an adjustment
    data["money_flows"][1]["to_code"] = "ZUID"  # a reversal and a post
    data["combos"][0]["cluster_code"] = "ZUID"  # its experiences and money move to another cluster
    data["experiences"] = data["experiences"][1:]
    data["experiences"][0]["dimension"] = "participation" if data["experiences"][0]["dimension"] != \
        "participation" else "meaningfulness"
    data["actors"] = [a for a in data["actors"] if a["actor_code"] not in ("ORG-WZ", "P-001")]
    data["combo_members"] = [m for m in data["combo_members"] if m["actor_code"] != "P-001"]
    data["role_assignments"] = [r for r in data["role_assignments"] if r["actor_code"] != "P-001"]
    data["money_flows"] = [f for f in data["money_flows"] if f["to_code"] != "ORG-WZ"]
    assert import_package(any_engine, write_package(tmp_path / "changed", data)).changed
    _assert_current(any_engine)


def test_a_combo_dated_differently_reclassifies_its_money(any_engine, tmp_path):
    import_package(any_engine, write_package(tmp_path / "pkg"))
    data = sample()
    data["combos"][0]["ended_on"] = data["combos"][0]["started_on"]  # inactive in later quarters
    assert import_package(any_engine, write_package(tmp_path / "changed", data)).changed
    _assert_current(any_engine)


def test_moves_undo_and_previews_keep_the_summaries_current(any_engine):
    ff.load(any_engine)
    _assert_current(any_engine)
    with db.transaction(any_engine) as conn:
        done = ledger.move(conn, ff.Q, "C1", "C2", "25", "verschuiving", ff.NM)
    _assert_current(any_engine)
    with db.transaction(any_engine) as conn:
        ledger.move(conn, ff.Q, "NOORD", "ZUID", "50", "naar zuid", ff.NM)
    _assert_current(any_engine)
    with db.transaction(any_engine) as conn:
        ledger.undo(conn, done.posting_key, "vergissing", ff.NM)
    _assert_current(any_engine)
    stored = _counts(any_engine)
    what = ledger.preview(any_engine, ff.Q, [Move("C1", "C2", "10")])
    assert what.indicators and not what.problems
    assert _counts(any_engine) == stored  # wrote nothing that stays
    _assert_current(any_engine)
    with db.transaction(any_engine) as conn:  # the same move for real: what the preview showed
        ledger.move(conn, ff.Q, "C1", "C2", "10", "echt", ff.NM)
    _assert_current(any_engine)
    with db.connect(any_engine) as conn:
        real = {(r.code, r.scope_code): r.value for r in compute_all_indicators(conn, ff.Q)}
    assert {(c.code, c.scope_code): c.after for c in what.indicators} == real


def test_a_scratch_posting_is_in_the_summaries_until_rolled_back(any_engine):
    ff.load(any_engine)
    q = Quarter.parse(ff.Q)
    with db.connect(any_engine) as conn:
        before = facts.money_facet(conn, [q])
        conn.rollback()  # end the transaction the read began
        scratch = conn.begin()
        ledger.move(conn, ff.Q, "NOORD", "ZUID", "25", "naar zuid", ff.NM)
        assert integrity.summary_problems(conn) == []
        during = facts.money_facet(conn, [q])
        assert during == facts.money_facet(conn, [q], only=sa.true()) and during != before
        scratch.rollback()
    _assert_current(any_engine)


def test_rebuild_repairs_and_problems_name_the_table(any_engine):
    ff.load(any_engine)
    with db.transaction(any_engine) as conn:
        conn.execute(s.ledger_summary.delete().where(s.ledger_summary.c.kind == "spending"))
    with any_engine.connect() as conn:
        found = integrity.summary_problems(conn)
    assert len(found) == 1 and "ledger_summary" in found[0]
    with db.transaction(any_engine) as conn:
        summary.rebuild(conn)
    _assert_current(any_engine)
