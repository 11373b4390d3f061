"""Small-count suppression with secondary suppression; hand-worked tables and a property test."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from saniveld import privacy
from saniveld.access import Principal

T = "Totaal"


def frame(rows, index=None, columns=None):
    index = index or [f"r{i}" for i in range(len(rows))]
    columns = columns or [f"k{j}" for j in range(len(rows[0]))]
    return pd.DataFrame(rows, index=index, columns=columns)


def test_threshold_comes_from_the_settings():
    assert privacy.threshold() == 10
    assert privacy.label() == "< 10"


def test_single_values():
    assert [privacy.suppress_value(v, 10) for v in (0, 1, 9, 10, 250)] == [0, "< 10", "< 10", 10, 250]


def test_a_small_cell_takes_the_smallest_cell_of_its_row_and_column_with_it():
    # [[5, 20], [30, 40]]: 5 is small. Row r0 then has one hidden cell beside a visible total
    # (25), so 20 goes too; column k0 (5, 30 / 35) takes 30; column k1 (20, 40 / 60) takes 40.
    table = privacy.suppress_table(frame([[5, 20], [30, 40]]), 10)
    shown = table.display()
    assert shown.loc["r0"].tolist() == ["< 10", "x", 25]
    assert shown.loc["r1"].tolist() == ["x", "x", 70]
    assert shown.loc[T].tolist() == [35, 60, 95]
    assert privacy.recoverable(table) == []


def test_two_small_cells_in_a_row_and_their_small_total():
    # Row r0 (3, 4 / 7): the total 7 is small too. Columns: k0 (3, 50 / 53) and k1 (4, 60 / 64)
    # each have one hidden cell: 50 and 60 go. The row totals (7, 110) with the grand total
    # (117) would give 7 away: 110 goes too.
    table = privacy.suppress_table(frame([[3, 4], [50, 60]]), 10)
    shown = table.display()
    assert shown.loc["r0"].tolist() == ["< 10", "< 10", "< 10"]
    assert shown.loc["r1"].tolist() == ["x", "x", "x"]
    assert shown.loc[T].tolist() == [53, 64, 117]
    assert privacy.recoverable(table) == []


def test_a_column_of_combos():
    # 3 is small; the column total 58 is shown, so the next smallest (15) is hidden too; each
    # row's total equals its cell, so the row totals of 3 and 15 are hidden with them.
    table = privacy.suppress_series(pd.Series([3, 15, 40], index=["C1", "C2", "C3"], name="n"), 10)
    shown = table.display()
    assert shown["n"].tolist() == ["< 10", "x", 40, 58]
    assert shown[T].tolist() == ["< 10", "x", 40, 58]


def test_zero_and_large_counts_are_shown():
    table = privacy.suppress_table(frame([[0, 12], [10, 0]]), 10)
    assert not table.hidden.to_numpy().any()
    assert table.display().loc[T].tolist() == [10, 12, 22]


def test_inside_its_own_cluster_a_coordinator_sees_its_combos_in_full():
    counts = pd.DataFrame({"residents": [4, 6, 30]}, index=["C1", "C2", "C3"])
    clusters = pd.Series(["NOORD", "ZUID", "ZUID"], index=["C1", "C2", "C3"])
    coordinator = Principal("bram", "coordinator", cluster_code="NOORD")
    official = Principal("anna", "official")

    mine = privacy.for_viewer(coordinator, counts, clusters, 10).display()
    # C1 known; C2 small; the column then needs one more hidden: C3 (30), and C3's row total.
    assert mine["residents"].tolist() == [4, "< 10", "x", 40]

    theirs = privacy.for_viewer(official, counts, clusters, 10).display()
    # C1 and C2 both small: they protect each other in the column; C3 stays.
    assert theirs["residents"].tolist() == ["< 10", "< 10", 30, 40]

    manager = privacy.for_viewer(Principal("nina", "network_manager"), counts, clusters, 10)
    assert manager.display()["residents"].tolist() == ["< 10", "< 10", 30, 40]


cells = st.integers(min_value=0, max_value=40)


@st.composite
def tables(draw):
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(1, 5))
    rows = draw(st.lists(st.lists(cells, min_size=n_cols, max_size=n_cols),
                         min_size=n_rows, max_size=n_rows))
    known = draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows))
    return frame(rows), pd.Series(known, index=[f"r{i}" for i in range(n_rows)])


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_small_count_reaches_a_viewer_outside_and_none_can_be_recovered(case):
    counts, known = case
    table = privacy.suppress_table(counts, 10, known_rows=known)
    assert privacy.recoverable(table) == []
    shown = table.display()
    # No count from 1 to 9 is shown, except in the viewer's own rows (and their totals).
    for row in counts.index:
        values = shown.loc[row].tolist()
        if not known[row]:
            assert not any(isinstance(v, int) and 0 < v < 10 for v in values), values
    bottom = shown.loc[T].tolist()
    if not known.all():
        assert not any(isinstance(v, int) and 0 < v < 10 for v in bottom), bottom
    # A single hidden member next to a visible total is never left, in any row or column.
    for i in range(len(counts.index)):
        line = [*table.hidden.iloc[i].tolist(), bool(table.row_totals_hidden.iloc[i])]
        assert sum(line) != 1
    for j in range(len(counts.columns)):
        line = [*table.hidden.iloc[:, j].tolist(), bool(table.column_totals_hidden.iloc[j])]
        assert sum(line) != 1
