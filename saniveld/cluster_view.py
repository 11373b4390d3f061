"""The coordinator's view of one cluster: its combos, one row each, and a combo's detail.

:func:`combo_rows` gives the grid: type, residents, members by type, resource group,
experiences by Positive Health dimension in the quarter, and the money allocated to and spent
by the combo in the quarter, aggregated in the database (:func:`combo_rows_query`).
:func:`grid_page` cuts one page of those rows (or of their sums per combo type), filtered and
sorted in the database, with small counts hidden from the sort and the filter when the viewer
may not see them. :func:`combo_detail` adds the members (by type, never resident names),
experiences by who organised them, the money flows and the coordinators' notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld import ledger, money
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import utc_now
from saniveld.quarters import Quarter

ZERO = Decimal("0.00")


def clusters(conn: sa.Connection) -> list[tuple[str, str]]:
    """Every cluster (code, name), by code."""
    return [tuple(r) for r in conn.execute(
        sa.select(s.clusters.c.cluster_code, s.clusters.c.name).order_by(s.clusters.c.cluster_code))]


def cluster_name(conn: sa.Connection, cluster_code: str) -> str | None:
    return conn.execute(sa.select(s.clusters.c.name).where(
        s.clusters.c.cluster_code == cluster_code)).scalar()


def _period(quarter: str):
    q = Quarter.parse(quarter)
    return q.first_day, q.last_day


def active_combos_query(cluster_code: str, quarter: str) -> sa.Select:
    """The combos of the cluster active in `quarter` (code, name, type, residents, period)."""
    first, last = _period(quarter)
    c = s.combos
    return (sa.select(c.c.combo_code, c.c.name, c.c.combo_type, c.c.residents, c.c.started_on,
                      c.c.ended_on)
            .where(c.c.cluster_code == cluster_code, c.c.started_on <= last,
                   sa.or_(c.c.ended_on.is_(None), c.c.ended_on >= first)))


def _count_if(condition) -> sa.ColumnElement:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def combo_rows_query(cluster_code: str, quarter: str) -> sa.Select:
    """One row per combo of the cluster active in `quarter`, aggregated in the database.

    Columns: the keys of :func:`combo_rows`. Members are counted per type from
    ``combo_members``; experiences per dimension in the quarter; ``allocated`` is the current
    position of allocations to the combo from elsewhere and ``spent`` of its spending (owned by
    the receiving combo, else the paying one), both on :func:`saniveld.ledger.positions_query`.
    """
    first, last = _period(quarter)
    active = active_combos_query(cluster_code, quarter).cte("active")
    m, e, mf = s.combo_members, s.experiences, s.money_flows
    members = (
        sa.select(m.c.combo_code, sa.func.count().label("members"),
                  *(_count_if(m.c.member_type == t).label(f"member_{t}") for t in s.MEMBER_TYPES),
                  _count_if(m.c.resource_group.is_(True)).label("resource_group"))
        .join(active, active.c.combo_code == m.c.combo_code)
        .group_by(m.c.combo_code)
    ).subquery("members")
    experiences = (
        sa.select(e.c.combo_code, sa.func.count().label("experiences"),
                  *(_count_if(e.c.dimension == d).label(f"exp_{d}") for d in s.DIMENSIONS))
        .join(active, active.c.combo_code == e.c.combo_code)
        .where(e.c.occurred_on.between(first, last))
        .group_by(e.c.combo_code)
    ).subquery("experiences")
    mine = sa.select(active.c.combo_code)
    positions = ledger.positions_query(quarter).where(
        sa.or_(mf.c.to_code.in_(mine), mf.c.from_code.in_(mine))).subquery("positions")
    to_combo, from_combo = active.alias("to_combo"), active.alias("from_combo")
    owner = sa.func.coalesce(to_combo.c.combo_code, from_combo.c.combo_code)
    money_rows = (
        sa.select(
            owner.label("combo_code"),
            sa.func.sum(sa.case((sa.and_(positions.c.kind == "allocation",
                                         to_combo.c.combo_code.is_not(None),
                                         positions.c.from_code != positions.c.to_code),
                                 positions.c.amount), else_=0)).label("allocated"),
            sa.func.sum(sa.case((positions.c.kind == "spending", positions.c.amount),
                                else_=0)).label("spent"))
        .select_from(positions)
        .outerjoin(to_combo, to_combo.c.combo_code == positions.c.to_code)
        .outerjoin(from_combo, from_combo.c.combo_code == positions.c.from_code)
        .where(owner.is_not(None))
        .group_by(owner)
    ).subquery("money")
    zero = lambda col: sa.func.coalesce(col, 0)  # noqa: E731
    counts = [zero(members.c[k]).label(k) for k in
              ("members", *(f"member_{t}" for t in s.MEMBER_TYPES), "resource_group")]
    counts += [zero(experiences.c[k]).label(k) for k in
               ("experiences", *(f"exp_{d}" for d in s.DIMENSIONS))]
    return (
        sa.select(active.c.combo_code, active.c.name, active.c.combo_type, active.c.residents,
                  active.c.started_on, active.c.ended_on, *counts,
                  zero(money_rows.c.allocated).label("allocated"),
                  zero(money_rows.c.spent).label("spent"))
        .select_from(active)
        .outerjoin(members, members.c.combo_code == active.c.combo_code)
        .outerjoin(experiences, experiences.c.combo_code == active.c.combo_code)
        .outerjoin(money_rows, money_rows.c.combo_code == active.c.combo_code)
    )


COUNT_KEYS = ("residents", "members", *(f"member_{t}" for t in s.MEMBER_TYPES), "resource_group",
              "experiences", *(f"exp_{d}" for d in s.DIMENSIONS))
MONEY_KEYS = ("allocated", "spent")


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _as_row(mapping) -> dict:
    row = dict(mapping)
    for key in COUNT_KEYS:
        if key in row and row[key] is not None:
            row[key] = int(row[key])
    for key in MONEY_KEYS:
        row[key] = _money(row[key])
    return row


def combo_rows(conn: sa.Connection, cluster_code: str, quarter: str) -> list[dict]:
    """One dict per combo of the cluster active in `quarter`, by code.

    Keys: combo_code, name, combo_type, residents, started_on, ended_on, members (total),
    member_<type> for each member type, resource_group (members in it), experiences (total),
    exp_<dimension> for each dimension, allocated, spent (Decimals).
    """
    query = combo_rows_query(cluster_code, quarter)
    query = query.order_by(query.selected_columns.combo_code)
    return [_as_row(r) for r in conn.execute(query).mappings()]


def combo_count(conn: sa.Connection, cluster_code: str, quarter: str) -> int:
    """How many combos of the cluster are active in `quarter`."""
    active = active_combos_query(cluster_code, quarter).subquery()
    return conn.execute(sa.select(sa.func.count()).select_from(active)).scalar_one()


def type_rows_query(cluster_code: str, quarter: str) -> sa.Select:
    """:func:`combo_rows_query` summed per combo type: combo_type, combos, and every count and
    amount summed (the view of someone who sees combos only as counts)."""
    per_combo = combo_rows_query(cluster_code, quarter).subquery("per_combo")
    return (sa.select(per_combo.c.combo_type, sa.func.count().label("combos"),
                      *(sa.func.sum(per_combo.c[k]).label(k) for k in (*COUNT_KEYS, *MONEY_KEYS)))
            .group_by(per_combo.c.combo_type))


# ---------------------------------------------------------------------------------------------
# One page of the grid: filtered, sorted and cut in the database

MAX_PAGE_ROWS = 1000
TEXT_KEYS = ("name", "type_label")


@dataclass(frozen=True)
class Sort:
    key: str  # a key of COUNT_KEYS, MONEY_KEYS, TEXT_KEYS or "combos"
    descending: bool = False


@dataclass(frozen=True)
class Filter:
    """One condition on a column: for numbers ``equals``, ``notEqual``, ``lessThan``,
    ``lessThanOrEqual``, ``greaterThan``, ``greaterThanOrEqual``, ``inRange`` (value..value_to),
    ``blank``, ``notBlank``; for texts ``contains``, ``notContains``, ``equals``,
    ``notEqual``, ``startsWith``, ``endsWith``, ``blank``, ``notBlank``. Money in euros."""

    key: str
    kind: str
    value: object = None
    value_to: object = None


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    total: int  # rows matching the filters, over all pages


def grid_page(conn: sa.Connection, cluster_code: str, quarter: str, *, start: int = 0,
              end: int = 100, sort: tuple[Sort, ...] = (), filters: tuple = (),
              by_type: bool = False, hide_below: int | None = None,
              type_labels: dict[str, str] | None = None) -> Page:
    """Rows `start` … `end` - 1 of the cluster's grid, filtered and sorted in the database.

    `filters` all hold (AND); an item may be a tuple of Filters of which any holds (OR).
    `by_type`: one row per combo type (:func:`type_rows_query`) instead of one per combo.
    `hide_below`: counts from 1 to `hide_below` - 1 come back as None, and sort and filter as
    unknown (the viewer may not see them, so neither may their order). `type_labels` (combo
    type → label) let the ``type_label`` column sort and filter as the viewer reads it. At most
    :data:`MAX_PAGE_ROWS` rows per page; ties are broken by combo code (or type).
    """
    start = max(0, int(start))
    end = min(max(start, int(end)), start + MAX_PAGE_ROWS)
    base = (type_rows_query if by_type else combo_rows_query)(cluster_code, quarter).subquery("g")
    labels = type_labels or {t: t for t in s.COMBO_TYPES}
    columns = {k: base.c[k] for k in (*COUNT_KEYS, *MONEY_KEYS)}
    if hide_below:
        columns.update({k: _hidden_small(base.c[k], hide_below) for k in COUNT_KEYS})
    if by_type:
        columns["combos"] = base.c.combos
    else:
        columns["name"] = base.c.name
    columns["type_label"] = sa.case(
        *((base.c.combo_type == t, labels.get(t, t)) for t in sorted(labels)),
        else_=base.c.combo_type)
    key = base.c.combo_type if by_type else base.c.combo_code
    conditions = [c for c in (_any_condition(columns, f) for f in filters) if c is not None]
    order = []
    for item in sort:
        if item.key in columns:
            column = columns[item.key]
            order.append(column.desc().nulls_last() if item.descending
                         else column.asc().nulls_first())
    selected = [key.label("row_key"), base.c.combo_type,
                *(columns[k].label(k) for k in columns if k != "type_label"),
                sa.func.count().over().label("row_total")]
    if not by_type:
        selected.insert(1, base.c.combo_code)
    query = (sa.select(*selected).where(*conditions).order_by(*order, key)
             .offset(start).limit(end - start))
    rows = [dict(r) for r in conn.execute(query).mappings()] if end > start else []
    if rows:
        total = int(rows[0]["row_total"])
    else:
        total = conn.execute(sa.select(sa.func.count()).select_from(
            sa.select(key).where(*conditions).subquery())).scalar_one()
    out = []
    for row in rows:
        del row["row_total"], row["row_key"]
        row = _as_row(row)
        if by_type:
            row.update(combo_code=f"type:{row['combo_type']}", name="")
        out.append(row)
    return Page(out, int(total))


def _any_condition(columns: dict, item):
    """A Filter, or a tuple of Filters of which any may hold (AG Grid's OR)."""
    if isinstance(item, Filter):
        return _condition(columns, item)
    parts = [c for c in (_condition(columns, f) for f in item if isinstance(f, Filter))
             if c is not None]
    return sa.or_(*parts) if parts else None


def _hidden_small(column, below: int):
    return sa.case((sa.and_(column > 0, column < below), sa.null()), else_=column)


_NUMBER_OPS = {
    "equals": lambda c, v: c == v, "notEqual": lambda c, v: c != v,
    "lessThan": lambda c, v: c < v, "lessThanOrEqual": lambda c, v: c <= v,
    "greaterThan": lambda c, v: c > v, "greaterThanOrEqual": lambda c, v: c >= v,
}


def _condition(columns: dict, f: Filter):
    """The SQL condition of one filter, or None when it cannot apply (unknown column, bad value)."""
    if f.key not in columns:
        return None
    column = columns[f.key]
    if f.kind == "blank":
        return column.is_(None)
    if f.kind == "notBlank":
        return column.is_not(None)
    if f.key in TEXT_KEYS:
        if not isinstance(f.value, str):
            return None
        text, lower = f.value.lower(), sa.func.lower(column)
        return {
            "contains": lambda: lower.contains(text, autoescape=True),
            "notContains": lambda: sa.not_(lower.contains(text, autoescape=True)),
            "equals": lambda: lower == text, "notEqual": lambda: lower != text,
            "startsWith": lambda: lower.startswith(text, autoescape=True),
            "endsWith": lambda: lower.endswith(text, autoescape=True),
        }.get(f.kind, lambda: None)()
    value = _number(f.value, f.key in MONEY_KEYS)
    if value is None:
        return None
    if f.kind == "inRange":
        value_to = _number(f.value_to, f.key in MONEY_KEYS)
        return None if value_to is None else column.between(value, value_to)
    op = _NUMBER_OPS.get(f.kind)
    return op(column, value) if op else None


def _number(value, money_column: bool):
    """A filter value as a number (Decimal euros for money, int for counts), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    if not number.is_finite() or abs(number) > Decimal("1e12"):
        return None
    if money_column:
        return number.quantize(Decimal("0.01"))
    return int(number) if number == number.to_integral_value() else number


def type_rows(rows: list[dict]) -> list[dict]:
    """:func:`combo_rows` summed per combo type (the view of someone who sees combos only as
    counts): combo_type, combos, and the sums of every count and amount, by type."""
    out: dict[str, dict] = {}
    for row in rows:
        total = out.setdefault(row["combo_type"], _empty_row({"combo_type": row["combo_type"],
                                                              "combos": 0, "residents": 0}))
        total["combos"] += 1
        for key, value in row.items():
            if key in total and key not in ("combo_type", "combos"):
                total[key] += value
    return [out[k] for k in sorted(out)]


def _empty_row(row: dict) -> dict:
    row.update({"members": 0, "resource_group": 0, "experiences": 0,
                "allocated": ZERO, "spent": ZERO})
    row.update({f"member_{t}": 0 for t in s.MEMBER_TYPES})
    row.update({f"exp_{d}": 0 for d in s.DIMENSIONS})
    return row


@dataclass
class ComboDetail:
    combo_code: str
    name: str
    cluster_code: str
    combo_type: str
    residents: int
    started_on: object
    ended_on: object
    professionals: list[tuple[str, str | None]] = field(default_factory=list)  # name, function
    members_by_type: dict[str, int] = field(default_factory=dict)
    resource_group: int = 0
    experiences_by_organiser: dict[str, int] = field(default_factory=dict)
    flows: list[dict] = field(default_factory=list)  # kind, from/to code and name, stream, …
    notes: list[dict] = field(default_factory=list)  # body, written_by, written_at


def combo_detail(conn: sa.Connection, combo_code: str, quarter: str) -> ComboDetail | None:
    """One combo's detail in `quarter`, or None when it does not exist."""
    c = s.combos
    row = conn.execute(sa.select(c).where(c.c.combo_code == combo_code)).mappings().first()
    if row is None:
        return None
    detail = ComboDetail(row["combo_code"], row["name"], row["cluster_code"], row["combo_type"],
                         row["residents"], row["started_on"], row["ended_on"])
    m, a = s.combo_members, s.actors
    for member_type, rg, name, function in conn.execute(
        sa.select(m.c.member_type, m.c.resource_group, a.c.name, a.c.function)
        .join(a, a.c.actor_code == m.c.actor_code).where(m.c.combo_code == combo_code)
        .order_by(a.c.name)
    ):
        detail.members_by_type[member_type] = detail.members_by_type.get(member_type, 0) + 1
        detail.resource_group += 1 if rg else 0
        if member_type == "professional":  # names of professionals only: residents stay counts
            detail.professionals.append((name, function))
    first, last = _period(quarter)
    e = s.experiences
    detail.experiences_by_organiser = dict(sorted(conn.execute(
        sa.select(e.c.organised_by, sa.func.count())
        .where(e.c.combo_code == combo_code, e.c.occurred_on.between(first, last))
        .group_by(e.c.organised_by)).all()))
    flows = money.current_flows(conn, quarter)
    mine = flows[(flows["to_code"] == combo_code) | (flows["from_code"] == combo_code)]
    names = money.parties(conn).names
    detail.flows = mine.sort_values("flow_code")[
        ["flow_code", "kind", "from_code", "to_code", "stream", "purpose", "amount"]
    ].to_dict("records")
    for flow in detail.flows:
        flow["from_name"] = names.get(flow["from_code"], flow["from_code"])
        flow["to_name"] = names.get(flow["to_code"], flow["to_code"])
    detail.notes = combo_notes(conn, combo_code)
    return detail


def combo_notes(conn: sa.Connection, combo_code: str) -> list[dict]:
    """The coordinators' notes on a combo, newest first (body, written_by, written_at)."""
    n = s.combo_notes
    return [dict(r) for r in conn.execute(
        sa.select(n.c.body, n.c.written_by, n.c.written_at).where(n.c.combo_code == combo_code)
        .order_by(n.c.written_at.desc(), n.c.note_id.desc())).mappings()]


NOTE_MAX_LENGTH = 2000


class NoteRefused(ValueError):
    """A combo note that cannot be stored (empty, too long, unknown combo); nothing was written."""


def combo_cluster(conn: sa.Connection, combo_code: str) -> str | None:
    """The cluster a combo belongs to (None: no such combo)."""
    return conn.execute(sa.select(s.combos.c.cluster_code).where(
        s.combos.c.combo_code == combo_code)).scalar()


def add_combo_note(conn: sa.Connection, combo_code: str, body: str, written_by: str,
                   written_at=None) -> None:
    """Store a coordinator's note on a combo (who may is decided by access.py, not here)."""
    text = (body or "").strip()
    if not text:
        raise NoteRefused("empty")
    if len(text) > NOTE_MAX_LENGTH:
        raise NoteRefused("too_long")
    if combo_cluster(conn, combo_code) is None:
        raise NoteRefused("unknown_combo")
    conn.execute(sa.insert(s.combo_notes).values(
        combo_code=combo_code, body=text, written_by=written_by,
        written_at=written_at or utc_now()))
    db.bump_data_version(conn)
