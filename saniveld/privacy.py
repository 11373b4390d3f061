"""Small-count suppression: counts of residents or experiences below the threshold
(``[privacy] small_count_threshold``, default 10, as Statistics Netherlands publishes) are
shown as ``< 10`` to anyone outside the combo's own cluster (counts hidden only to protect
another are shown as ``x``).

Primary suppression hides every count from 1 to threshold − 1 (cells and totals alike; zero
is shown). Secondary suppression then makes sure no hidden count can be worked out from the
totals shown: a table has *lines* — each row with its row total, each column with its column
total, the row totals with the grand total and the column totals with the grand total — and a
line with exactly one hidden member would give it away (total minus the rest). For every such
line one more member is hidden: the smallest non-zero count the viewer does not already know,
else the line's total, else a zero. This repeats until no line has exactly one hidden member.

Counts the viewer already knows (the rows of its own cluster: ``known_rows``) are never
hidden and never chosen for secondary suppression (hiding them would protect nothing). A
total is known when all of its line's cells are.

Pure functions on pandas objects; no database, no Dash.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from saniveld import access, settings

TOTAL_LABEL = "Totaal"
# Shown for a count hidden only to protect another (it may be any size): CBS's "x".
SECONDARY_LABEL = "x"


def threshold() -> int:
    return settings.small_count_threshold()


def label(limit: int | None = None) -> str:
    """How a suppressed count is shown: ``< 10``."""
    return f"< {limit or threshold()}"


def is_small(count, limit: int | None = None) -> bool:
    """A count the primary rule hides: 1 … threshold − 1."""
    limit = limit or threshold()
    return count is not None and not pd.isna(count) and 0 < int(count) < limit


def suppress_value(count, limit: int | None = None):
    """One count on its own (no totals beside it): the count, or ``< 10``."""
    return label(limit) if is_small(count, limit) else count


@dataclass(frozen=True)
class SuppressedTable:
    """A count table, its totals, and what of it is hidden (True = shown as ``< 10``)."""

    counts: pd.DataFrame
    hidden: pd.DataFrame
    row_totals: pd.Series
    row_totals_hidden: pd.Series
    column_totals: pd.Series
    column_totals_hidden: pd.Series
    grand_total: int
    grand_total_hidden: bool
    limit: int

    def _shown(self, value: int, hidden: bool):
        if not hidden:
            return int(value)
        return label(self.limit) if is_small(value, self.limit) else SECONDARY_LABEL

    def display(self, totals: bool = True, total_label: str = TOTAL_LABEL) -> pd.DataFrame:
        """The table as shown: counts as ints, hidden small ones as ``< 10``, counts hidden to
        protect them as ``x``; with a total column and a total row unless `totals` is False."""
        shown = pd.DataFrame(
            [[self._shown(v, h) for v, h in zip(vals, hids, strict=True)]
             for vals, hids in zip(self.counts.to_numpy(), self.hidden.to_numpy())],
            index=self.counts.index, columns=self.counts.columns, dtype=object,
        )
        if not totals:
            return shown
        rows = [
            [*shown.loc[index].tolist(), self._shown(total, hidden)]
            for index, total, hidden in zip(shown.index, self.row_totals, self.row_totals_hidden)
        ]
        rows.append([
            *(self._shown(v, h) for v, h in zip(self.column_totals, self.column_totals_hidden)),
            self._shown(self.grand_total, self.grand_total_hidden),
        ])
        shown = pd.DataFrame(
            rows, index=[*shown.index, total_label], columns=[*shown.columns, total_label],
            dtype=object,
        )
        return shown


def suppress_table(
    counts: pd.DataFrame, limit: int | None = None, known_rows: pd.Series | None = None
) -> SuppressedTable:
    """Primary and secondary suppression of a rows × columns table of counts.

    `known_rows` (bool per row, aligned with `counts.index`) marks rows the viewer may see in
    full (its own cluster); by default none.
    """
    limit = limit or threshold()
    values = counts.fillna(0).astype("int64").to_numpy()
    n_rows, n_cols = values.shape
    known_row = (
        np.zeros(n_rows, dtype=bool)
        if known_rows is None
        else known_rows.reindex(counts.index).fillna(False).astype(bool).to_numpy()
    )
    row_tot = values.sum(axis=1)
    col_tot = values.sum(axis=0)
    grand = int(values.sum())

    # Members: ("c", i, j) cells, ("r", i) row totals, ("k", j) column totals, ("g",) grand.
    value = {("c", i, j): int(values[i, j]) for i in range(n_rows) for j in range(n_cols)}
    value.update({("r", i): int(row_tot[i]) for i in range(n_rows)})
    value.update({("k", j): int(col_tot[j]) for j in range(n_cols)})
    value[("g",)] = grand
    known = {("c", i, j) for i in range(n_rows) if known_row[i] for j in range(n_cols)}
    known |= {("r", i) for i in range(n_rows) if known_row[i]}
    known |= {("k", j) for j in range(n_cols) if n_rows and known_row.all()}
    if n_rows and known_row.all():
        known.add(("g",))

    lines = [[*((("c", i, j)) for j in range(n_cols)), ("r", i)] for i in range(n_rows)]
    lines += [[*((("c", i, j)) for i in range(n_rows)), ("k", j)] for j in range(n_cols)]
    lines.append([*(("r", i) for i in range(n_rows)), ("g",)])
    lines.append([*(("k", j) for j in range(n_cols)), ("g",)])

    hidden = {m for m, v in value.items() if m not in known and 0 < v < limit}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for m in line if m in hidden) != 1:
                continue
            pick = _secondary_choice(line, hidden, known, value)
            if pick is not None:
                hidden.add(pick)
                changed = True

    def cells_hidden():
        grid = np.array(
            [[("c", i, j) in hidden for j in range(n_cols)] for i in range(n_rows)], dtype=bool
        ).reshape(n_rows, n_cols)
        return pd.DataFrame(grid, index=counts.index, columns=counts.columns)

    return SuppressedTable(
        counts=pd.DataFrame(values, index=counts.index, columns=counts.columns),
        hidden=cells_hidden(),
        row_totals=pd.Series(row_tot, index=counts.index, dtype="int64"),
        row_totals_hidden=pd.Series(
            [("r", i) in hidden for i in range(n_rows)], index=counts.index, dtype=bool
        ),
        column_totals=pd.Series(col_tot, index=counts.columns, dtype="int64"),
        column_totals_hidden=pd.Series(
            [("k", j) in hidden for j in range(n_cols)], index=counts.columns, dtype=bool
        ),
        grand_total=grand,
        grand_total_hidden=("g",) in hidden,
        limit=limit,
    )


def _secondary_choice(line, hidden, known, value):
    """The member of `line` to hide next: smallest non-zero unknown cell, the total, a zero."""
    total = line[-1]
    cells = [m for m in line[:-1] if m not in hidden and m not in known]
    nonzero = sorted((m for m in cells if value[m] > 0), key=lambda m: (value[m], m))
    if nonzero:
        return nonzero[0]
    if total not in hidden and total not in known:
        return total
    if cells:
        return cells[0]
    return None  # every other member is known to the viewer: nothing left to protect


def suppress_series(counts: pd.Series, limit: int | None = None) -> SuppressedTable:
    """One line of counts with its total (a one-column table)."""
    return suppress_table(counts.to_frame(name=counts.name or "count"), limit)


def for_viewer(
    principal: access.Principal | None,
    counts: pd.DataFrame,
    row_clusters: pd.Series,
    limit: int | None = None,
) -> SuppressedTable:
    """Suppress `counts` (one row per combo or cluster) for `principal`.

    `row_clusters` gives each row's cluster code; rows of the principal's own cluster
    (:func:`saniveld.access.inside_cluster`) are shown in full, everything else suppressed.
    """
    known = row_clusters.reindex(counts.index).map(
        lambda code: access.inside_cluster(principal, code)
    )
    return suppress_table(counts, limit, known_rows=known.astype(bool))


def recoverable(table: SuppressedTable) -> list[tuple]:
    """Hidden cells an attacker could work out from the shown counts and totals.

    The attack: repeatedly, a line (row or column with its total, or the totals with the
    grand total) with exactly one unknown member gives that member away. Returns the hidden
    cells ``(row, column)`` so recovered; empty when the table is safe. Tests use this.
    """
    n_rows, n_cols = table.counts.shape
    unknown = {("c", i, j) for i in range(n_rows) for j in range(n_cols) if table.hidden.iat[i, j]}
    unknown |= {("r", i) for i in range(n_rows) if table.row_totals_hidden.iat[i]}
    unknown |= {("k", j) for j in range(n_cols) if table.column_totals_hidden.iat[j]}
    if table.grand_total_hidden:
        unknown.add(("g",))
    lines = [[*(("c", i, j) for j in range(n_cols)), ("r", i)] for i in range(n_rows)]
    lines += [[*(("c", i, j) for i in range(n_rows)), ("k", j)] for j in range(n_cols)]
    lines.append([*(("r", i) for i in range(n_rows)), ("g",)])
    lines.append([*(("k", j) for j in range(n_cols)), ("g",)])
    hidden_cells = {m for m in unknown if m[0] == "c"}
    found = True
    while found:
        found = False
        for line in lines:
            missing = [m for m in line if m in unknown]
            if len(missing) == 1:
                unknown.discard(missing[0])
                found = True
    return [
        (table.counts.index[m[1]], table.counts.columns[m[2]])
        for m in sorted(hidden_cells - unknown)
    ]
