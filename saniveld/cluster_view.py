"""The coordinator's view of one cluster: its combos, one row each, and a combo's detail.

:func:`combo_rows` gives the grid: type, residents, members by type, resource group,
experiences by Positive Health dimension in the quarter, and the money allocated to and spent
by the combo in the quarter. :func:`combo_detail` adds the members (by type, never resident
names), experiences by who organised them, the money flows and the coordinators' notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld import money
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


def combo_rows(conn: sa.Connection, cluster_code: str, quarter: str) -> list[dict]:
    """One dict per combo of the cluster active in `quarter`, by code.

    Keys: combo_code, name, combo_type, residents, started_on, ended_on, members (total),
    member_<type> for each member type, resource_group (members in it), experiences (total),
    exp_<dimension> for each dimension, allocated, spent (Decimals).
    """
    first, last = _period(quarter)
    c = s.combos
    combos = conn.execute(
        sa.select(c.c.combo_code, c.c.name, c.c.combo_type, c.c.residents, c.c.started_on,
                  c.c.ended_on)
        .where(c.c.cluster_code == cluster_code, c.c.started_on <= last,
               sa.or_(c.c.ended_on.is_(None), c.c.ended_on >= first))
        .order_by(c.c.combo_code)
    ).mappings().all()
    rows = {r["combo_code"]: _empty_row(dict(r)) for r in combos}
    if not rows:
        return []
    codes = list(rows)
    m = s.combo_members
    for code, member_type, rg, n in conn.execute(
        sa.select(m.c.combo_code, m.c.member_type, m.c.resource_group, sa.func.count())
        .where(m.c.combo_code.in_(codes)).group_by(m.c.combo_code, m.c.member_type,
                                                    m.c.resource_group)
    ):
        rows[code][f"member_{member_type}"] += n
        rows[code]["members"] += n
        if rg:
            rows[code]["resource_group"] += n
    e = s.experiences
    for code, dimension, n in conn.execute(
        sa.select(e.c.combo_code, e.c.dimension, sa.func.count())
        .where(e.c.combo_code.in_(codes), e.c.occurred_on.between(first, last))
        .group_by(e.c.combo_code, e.c.dimension)
    ):
        rows[code][f"exp_{dimension}"] += n
        rows[code]["experiences"] += n
    flows = money.current_flows(conn, quarter)
    for f in flows.itertuples():
        if f.kind == "allocation" and f.to_code in rows and f.from_code != f.to_code:
            rows[f.to_code]["allocated"] += f.amount
        elif f.kind == "spending":
            owner = f.to_code if f.to_code in rows else f.from_code
            if owner in rows:
                rows[owner]["spent"] += f.amount
    return list(rows.values())


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
