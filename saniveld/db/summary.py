"""The summary tables: the base tables aggregated to the grain the indicators read.

One place computes them (the SELECTs below), for every user: the migration that adds them and
the import rebuild them from the base tables; a posting (and a what-if's scratch posting) adds
the sums of its own entries; :func:`problems` compares them with a rebuild; the facets of
:mod:`saniveld.levers.facts` read them instead of scanning tens of millions of rows.

- ``experience_summary``: experiences counted per calendar quarter of ``occurred_on`` and
  cluster of their combo: per dimension, and those organised by the residents themselves or
  their network. Depends on experiences and combos (cluster_code).
- ``combo_summary``: combos counted per cluster and quarters of start and end (only those
  decide whether a combo is active, or new, in a quarter), with their residents and how many
  have an informal carer/volunteer, an experience expert, a member in a resource group.
  Depends on combos and combo_members.
- ``ledger_summary``: signed amounts summed per quarter, kind, purpose and what each end of the
  entry is (a combo: its cluster and whether it is inactive in the entry's quarter; a funder
  paying, an organisation receiving; a cluster). Depends on money_flows, combos, actors and
  clusters. The ledger is append-only and every sum is a SUM of entries, so a posting appends
  the sums of its entries (rows are not unique per key: readers sum them); a rebuild writes one
  row per key.

Combos, actors, clusters, members and experiences are written by the import only, which
rebuilds the summaries that depend on what it changed, in its transaction.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterable

import sqlalchemy as sa

from saniveld.db import schema as s
from saniveld.quarters import Quarter

INFORMAL_TYPES = ("informal_carer", "volunteer")

# what each summary is computed from (the import rebuilds a summary when one of these changed)
DEPENDS_ON = {
    "experience_summary": ("experiences", "combos"),
    "combo_summary": ("combos", "combo_members"),
    "ledger_summary": ("money_flows", "combos", "actors", "clusters"),
}
LEDGER_KEYS = ("quarter", "kind", "purpose", "from_combo_cluster", "from_inactive", "to_combo_cluster",
               "to_inactive", "from_type", "to_type", "from_cluster", "to_cluster")


def _flag(condition) -> sa.Case:
    return sa.case((condition, 1), else_=0)


def quarter_table(quarters: Iterable[Quarter]) -> sa.Subquery:
    """The quarters as a small table with columns quarter, first_day, last_day.

    A VALUES list wrapped in explicit CASTs, so that PostgreSQL (server-side parameters) knows
    the column types as well as DuckDB does.
    """
    rows = sorted({(str(q), q.first_day, q.last_day) for q in quarters})
    values = sa.values(
        sa.column("quarter", s.QUARTER),
        sa.column("first_day", sa.Date),
        sa.column("last_day", sa.Date),
        name="qv",
    ).data(rows)
    return sa.select(
        sa.cast(values.c.quarter, s.QUARTER).label("quarter"),
        sa.cast(values.c.first_day, sa.Date).label("first_day"),
        sa.cast(values.c.last_day, sa.Date).label("last_day"),
    ).subquery("qt")


def combo_active(combos, qt) -> sa.ColumnElement[bool]:
    """Active in Q: started on or before Q's last day and not ended before Q's first day."""
    return sa.and_(
        combos.c.started_on <= qt.c.last_day,
        sa.or_(combos.c.ended_on.is_(None), combos.c.ended_on >= qt.c.first_day),
    )


# -- the SELECTs ------------------------------------------------------------------------------

OWN_ORGANISERS = ("self", "network")


def experience_select() -> sa.Select:
    """experience_summary's rows, from experiences and combos."""
    e, c = s.experiences, s.combos
    year = sa.cast(sa.extract("year", e.c.occurred_on), sa.Integer).label("year")
    number = sa.cast(sa.extract("quarter", e.c.occurred_on), sa.Integer).label("quarter_number")
    tagged = (
        sa.select(year, number, c.c.cluster_code,
                  *(_flag(e.c.dimension == d).label(d) for d in s.DIMENSIONS),
                  _flag(e.c.organised_by.in_(OWN_ORGANISERS)).label("own"))
        .select_from(e.join(c, c.c.combo_code == e.c.combo_code))
        .subquery("tagged")
    )
    keys = [tagged.c.year, tagged.c.quarter_number, tagged.c.cluster_code]
    return sa.select(*keys, *(sa.cast(sa.func.sum(tagged.c[k]), sa.BigInteger).label(k)
                              for k in (*s.DIMENSIONS, "own"))).group_by(*keys)


def quarter_index(day) -> sa.ColumnElement[int]:
    """year * 4 + quarter - 1 of a date column: consecutive quarters are consecutive integers."""
    return sa.cast(sa.extract("year", day) * 4 + sa.extract("quarter", day) - 1, sa.Integer)


def quarter_index_table(quarters: Iterable[Quarter]) -> sa.Subquery:
    """The quarters as a small table with columns quarter and idx (see :func:`quarter_index`)."""
    rows = sorted({(str(q), q.year * 4 + q.number - 1) for q in quarters})
    values = sa.values(sa.column("quarter", s.QUARTER), sa.column("idx", sa.Integer), name="qiv").data(rows)
    return sa.select(sa.cast(values.c.quarter, s.QUARTER).label("quarter"),
                     sa.cast(values.c.idx, sa.Integer).label("idx")).subquery("qi")


def combo_select() -> sa.Select:
    """combo_summary's rows, from combos and combo_members."""
    m, c = s.combo_members, s.combos
    per_combo = (
        sa.select(
            m.c.combo_code,
            sa.func.max(_flag(m.c.member_type.in_(INFORMAL_TYPES))).label("informal"),
            sa.func.max(_flag(m.c.member_type == "experience_expert")).label("expert"),
            sa.func.max(_flag(m.c.resource_group.is_(True))).label("resource_group"),
        )
        .group_by(m.c.combo_code)
        .subquery("per_combo")
    )
    tagged = (
        sa.select(c.c.cluster_code, quarter_index(c.c.started_on).label("start_index"),
                  quarter_index(c.c.ended_on).label("end_index"), c.c.residents,
                  sa.func.coalesce(per_combo.c.informal, 0).label("informal"),
                  sa.func.coalesce(per_combo.c.expert, 0).label("expert"),
                  sa.func.coalesce(per_combo.c.resource_group, 0).label("resource_group"))
        .select_from(c.outerjoin(per_combo, per_combo.c.combo_code == c.c.combo_code))
        .subquery("tagged")
    )
    keys = [tagged.c.cluster_code, tagged.c.start_index, tagged.c.end_index]
    return sa.select(*keys, sa.func.count().label("combos"),
                     *(sa.func.sum(tagged.c[k]).label(k) for k in ("residents", "informal", "expert", "resource_group"))
                     ).group_by(*keys)


def ledger_select(quarters: Iterable[Quarter], only: sa.ColumnElement[bool] | None = None) -> sa.Select:
    """ledger_summary's rows (one per key) for the entries of `quarters` (and meeting `only`, a
    condition on money_flows, when given).

    Each entry's end (from/to) is looked up as a combo (its cluster, and whether it is active in
    the entry's quarter), an actor (only the types the indicators ask about: a funder paying, an
    organisation receiving) and a cluster.
    """
    quarters = sorted(set(quarters))
    mf, qt = s.money_flows, quarter_table(quarters)
    cf, ct = s.combos.alias("from_combo"), s.combos.alias("to_combo")
    lf, lt = s.clusters.alias("from_cl"), s.clusters.alias("to_cl")
    af, at = (
        sa.select(s.actors.c.actor_code, s.actors.c.actor_type)
        .where(s.actors.c.actor_type == kind).subquery(name)
        for kind, name in (("funder", "from_actor"), ("organisation", "to_actor"))
    )

    def inactive(alias):
        return sa.case((alias.c.combo_code.is_(None), None), (combo_active(alias, qt), 0), else_=1)

    source = (
        mf.join(qt, qt.c.quarter == mf.c.quarter)
        .outerjoin(cf, cf.c.combo_code == mf.c.from_code)
        .outerjoin(ct, ct.c.combo_code == mf.c.to_code)
        .outerjoin(af, af.c.actor_code == mf.c.from_code)
        .outerjoin(at, at.c.actor_code == mf.c.to_code)
        .outerjoin(lf, lf.c.cluster_code == mf.c.from_code)
        .outerjoin(lt, lt.c.cluster_code == mf.c.to_code)
    )
    # classify each entry in a subquery, group outside it (no bound parameters in GROUP BY)
    entries = sa.select(
        mf.c.quarter, mf.c.kind, mf.c.purpose,
        cf.c.cluster_code.label("from_combo_cluster"), inactive(cf).label("from_inactive"),
        ct.c.cluster_code.label("to_combo_cluster"), inactive(ct).label("to_inactive"),
        af.c.actor_type.label("from_type"), at.c.actor_type.label("to_type"),
        lf.c.cluster_code.label("from_cluster"), lt.c.cluster_code.label("to_cluster"),
        mf.c.amount,
    ).select_from(source).where(mf.c.quarter.in_([str(q) for q in quarters]))
    if only is not None:
        entries = entries.where(only)
    entries = entries.subquery("e")
    keys = [entries.c[k] for k in LEDGER_KEYS]
    return sa.select(*keys, sa.func.sum(entries.c.amount).label("amount")).group_by(*keys)


SELECTS = {"experience_summary": experience_select, "combo_summary": combo_select}


def ledger_quarters(conn: sa.Connection) -> list[Quarter]:
    """Every quarter the ledger has entries in."""
    return [Quarter.parse(q) for q in conn.execute(sa.select(s.money_flows.c.quarter).distinct()).scalars()]


def _select_of(conn: sa.Connection, name: str) -> sa.Select | None:
    if name == "ledger_summary":
        quarters = ledger_quarters(conn)
        return ledger_select(quarters) if quarters else None
    return SELECTS[name]()


# -- writing ------------------------------------------------------------------------------------

def rebuild(conn: sa.Connection, names: Iterable[str] = s.SUMMARY_TABLES) -> None:
    """Compute the summaries `names` again from the base tables, in the caller's transaction."""
    for name in names:
        table = s.metadata.tables[name]
        conn.execute(table.delete())
        query = _select_of(conn, name)
        if query is not None:
            conn.execute(table.insert().from_select(list(query.selected_columns.keys()), query))


def add_entries(conn: sa.Connection, entry_ids: list[int], quarters: Iterable[str]) -> None:
    """Add the sums of the ledger entries `entry_ids` (of `quarters`) to ledger_summary: for a
    posting, right after its entries were written, in its transaction."""
    if not entry_ids:
        return
    query = ledger_select([Quarter.parse(q) for q in set(quarters)],
                          only=s.money_flows.c.entry_id.in_(list(entry_ids)))
    conn.execute(s.ledger_summary.insert().from_select(list(query.selected_columns.keys()), query))


# -- checking -------------------------------------------------------------------------------------

def _normalised(name: str, rows) -> dict:
    """Rows as {key: summed values}, several rows per key added up (write paths append)."""
    out: dict = defaultdict(lambda: None)
    width = {"combo_summary": 5, "experience_summary": len(s.DIMENSIONS) + 1}.get(name, 1)  # the values: the last columns
    for row in rows:
        key, values = tuple(row[:-width]), row[-width:]
        if name == "ledger_summary":
            values = [Decimal(v) for v in values]
        else:
            values = [int(v) for v in values]
        have = out[key] or [0] * width
        out[key] = [a + b for a, b in zip(have, values)]
    return dict(out)


def problems(conn: sa.Connection, names: Iterable[str] = s.SUMMARY_TABLES) -> list[str]:
    """The summaries that differ from a rebuild from the base tables (plain language); empty
    when they are current. Reads every base table: run on demand, not on every start."""
    found = []
    for name in names:
        table = s.metadata.tables[name]
        stored = _normalised(name, conn.execute(sa.select(*table.c)).all())
        query = _select_of(conn, name)
        rebuilt = {} if query is None else _normalised(name, conn.execute(query).all())
        if stored != rebuilt:
            missing = len(rebuilt.keys() - stored.keys())
            extra = len(stored.keys() - rebuilt.keys())
            differ = sum(1 for k in stored.keys() & rebuilt.keys() if stored[k] != rebuilt[k])
            found.append(f"{name} differs from its base tables ({missing} keys missing, {extra} extra, "
                         f"{differ} with other values): rebuild it (saniveld.db.summary.rebuild)")
    return found
