"""The interactive lever: the quarterly review, its notes and decisions, and initiatives.

A review per quarter goes from ``draft`` to ``closed``. Notes and decisions are written per
lever (beliefs, boundaries, diagnostic, interactive) and keep who wrote them and when.
Closing a review freezes that quarter's indicator values (network and every cluster) in
``review_snapshots``; the report of a closed quarter shows the frozen value and, when later
data changed it, the current value too. Initiatives respond to an indicator or boundary and are
followed up across quarters.

Every write bumps the review version (saniveld.db.engine.bump_review_version), not the data
version: the indicators' current values do not depend on the review, so their cache stays; the
review page's parts and the reviewed (frozen) indicators are keyed on both.

Every function takes a Connection (the caller owns the transaction) and the acting user name;
bad input raises :class:`ReviewError` with a message in Dutch and English, and changes nothing.
Who may do what is decided by the caller (access rules), not here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.levers.definitions import Beliefs, beliefs, indicator_definitions
from saniveld.levers.indicators import IndicatorResult, compute_all_indicators, compute_indicators
from saniveld.quarters import Quarter

SNAPSHOT_PLACES = Decimal("0.00000001")  # review_snapshots.value is NUMERIC(24, 8)
MAX_TEXT = 10_000
MAX_NAME = 200


class ReviewError(ValueError):
    """The review action is refused; the message says why (nl / en)."""


@dataclass(frozen=True)
class Review:
    quarter: str
    status: str  # draft | closed
    created_at: dt.datetime
    closed_by: str | None = None
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class Note:
    note_id: int
    quarter: str
    lever: str
    kind: str  # note | decision
    body: str
    written_by: str
    written_at: dt.datetime


@dataclass(frozen=True)
class Followup:
    followup_id: int
    initiative_id: int
    quarter: str
    status: str
    note: str
    written_by: str
    written_at: dt.datetime


@dataclass(frozen=True)
class Initiative:
    initiative_id: int
    title: str
    owner: str
    responds_to: str | None
    quarter_opened: str
    status: str
    description: str | None
    created_by: str
    created_at: dt.datetime
    followups: tuple[Followup, ...] = ()


@dataclass(frozen=True)
class ReviewedIndicator:
    """The current result and, for a closed review, the value frozen when it was closed."""

    current: IndicatorResult
    frozen_value: Decimal | None = None
    frozen_reference: Decimal | None = None
    frozen_at: dt.datetime | None = None

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def restated(self) -> bool:
        """True when later data changed a frozen value: show both the reviewed and the current."""
        return self.is_frozen and _frozen(self.current.value) != self.frozen_value

    @property
    def shown_value(self) -> Decimal | None:
        """What the quarter's report shows first: the reviewed value when frozen."""
        return self.frozen_value if self.is_frozen else self.current.value


@dataclass(frozen=True)
class ReviewReport:
    quarter: str
    review: Review | None
    beliefs: Beliefs
    notes: list[Note] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    indicators: list[ReviewedIndicator] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _frozen(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(SNAPSHOT_PLACES)


def _quarter(text: str) -> str:
    try:
        return str(Quarter.parse(text))
    except ValueError as exc:
        raise ReviewError(f"Ongeldig kwartaal / invalid quarter: {exc}") from None


def _text(value: str | None, what: str, limit: int = MAX_TEXT) -> str:
    if value is None or not str(value).strip():
        raise ReviewError(f"{what} ontbreekt / {what} is missing")
    value = str(value).strip()
    if len(value) > limit:
        raise ReviewError(f"{what} is te lang (max {limit} tekens) / {what} is too long (max {limit})")
    return value


def _user(username: str) -> str:
    return _text(username, "gebruiker / user", MAX_NAME)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ReviewError(f"{what} '{value}' onbekend; kies uit / unknown; choose from: {', '.join(allowed)}")
    return value


# -- reviews and notes ---------------------------------------------------------------------------

def get_review(conn: sa.Connection, quarter: str) -> Review | None:
    row = conn.execute(sa.select(s.reviews).where(s.reviews.c.quarter == _quarter(quarter))).first()
    return Review(**row._mapping) if row else None


def open_review(conn: sa.Connection, quarter: str, username: str) -> Review:
    """The review of the quarter, created as a draft when there is none yet."""
    _user(username)
    q = _quarter(quarter)
    existing = get_review(conn, q)
    if existing:
        return existing
    conn.execute(s.reviews.insert(), {"quarter": q, "status": "draft", "created_at": _now()})
    db.bump_review_version(conn)
    return get_review(conn, q)


def _draft(conn: sa.Connection, quarter: str, username: str) -> Review:
    review = open_review(conn, quarter, username)
    if review.status == "closed":
        raise ReviewError(
            f"De review van {review.quarter} is afgesloten; er kan niets meer bij. / "
            f"The review of {review.quarter} is closed; nothing can be added."
        )
    return review


def add_note(conn: sa.Connection, quarter: str, lever: str, body: str, username: str,
             kind: str = "note") -> int:
    """Write a note (or, with kind='decision', a decision) on one lever; returns its id."""
    user = _user(username)
    _choice(lever, s.LEVERS, "hefboom / lever")
    _choice(kind, s.NOTE_KINDS, "soort / kind")
    text = _text(body, "tekst / text")
    review = _draft(conn, quarter, user)
    note_id = conn.execute(
        s.review_notes.insert().returning(s.review_notes.c.note_id),
        {"quarter": review.quarter, "lever": lever, "kind": kind, "body": text,
         "written_by": user, "written_at": _now()},
    ).scalar_one()
    db.bump_review_version(conn)
    return int(note_id)


def record_decision(conn: sa.Connection, quarter: str, lever: str, body: str, username: str) -> int:
    """A decision taken in the review, on one lever; returns its id."""
    return add_note(conn, quarter, lever, body, username, kind="decision")


def list_notes(conn: sa.Connection, quarter: str) -> list[Note]:
    n = s.review_notes
    rows = conn.execute(sa.select(n).where(n.c.quarter == _quarter(quarter)).order_by(n.c.written_at, n.c.note_id))
    return [Note(**r._mapping) for r in rows]


def close_review(conn: sa.Connection, quarter: str, username: str) -> Review:
    """Close the quarter's review and freeze its indicator values (network and every cluster)."""
    user = _user(username)
    review = _draft(conn, quarter, user)
    now = _now()
    results = compute_all_indicators(conn, review.quarter)
    conn.execute(s.review_snapshots.delete().where(s.review_snapshots.c.quarter == review.quarter))
    conn.execute(
        s.review_snapshots.insert(),
        [
            {"quarter": review.quarter, "indicator_code": r.code, "scope": r.scope,
             "scope_code": r.scope_code or "", "value": _frozen(r.value),
             "reference": _frozen(r.reference), "frozen_at": now}
            for r in results
        ],
    )
    conn.execute(
        s.reviews.update().where(s.reviews.c.quarter == review.quarter)
        .values(status="closed", closed_by=user, closed_at=now)
    )
    db.bump_review_version(conn)
    return get_review(conn, review.quarter)


# -- initiatives ---------------------------------------------------------------------------------

def add_initiative(conn: sa.Connection, title: str, owner: str, quarter_opened: str, username: str,
                   responds_to: str | None = None, description: str | None = None) -> int:
    """A new initiative responding to an indicator or boundary; returns its id."""
    user = _user(username)
    row = {
        "title": _text(title, "titel / title", MAX_NAME),
        "owner": _text(owner, "eigenaar / owner", MAX_NAME),
        "quarter_opened": _quarter(quarter_opened),
        "status": "open",
        "description": description.strip() if description and description.strip() else None,
        "created_by": user,
        "created_at": _now(),
        "responds_to": None,
    }
    if row["description"] and len(row["description"]) > MAX_TEXT:
        raise ReviewError("beschrijving is te lang / description is too long")
    if responds_to:
        codes = [d.code for d in indicator_definitions()]
        row["responds_to"] = _choice(responds_to, tuple(codes), "indicator")
    new_id = conn.execute(
        s.initiatives.insert().returning(s.initiatives.c.initiative_id), row
    ).scalar_one()
    db.bump_review_version(conn)
    return int(new_id)


def add_followup(conn: sa.Connection, initiative_id: int, quarter: str, status: str, note: str,
                 username: str) -> int:
    """Follow an initiative up in a quarter: a note and its status from now on; returns the id."""
    user = _user(username)
    q = _quarter(quarter)
    _choice(status, s.INITIATIVE_STATUSES, "status")
    text = _text(note, "tekst / text")
    opened = conn.execute(
        sa.select(s.initiatives.c.quarter_opened).where(s.initiatives.c.initiative_id == initiative_id)
    ).scalar_one_or_none()
    if opened is None:
        raise ReviewError(f"Initiatief {initiative_id} bestaat niet / initiative {initiative_id} does not exist")
    if Quarter.parse(q) < Quarter.parse(opened):
        raise ReviewError(
            f"{q} ligt vóór de start van het initiatief ({opened}) / {q} is before the initiative opened ({opened})"
        )
    followup_id = conn.execute(
        s.initiative_followups.insert().returning(s.initiative_followups.c.followup_id),
        {"initiative_id": initiative_id, "quarter": q, "status": status, "note": text,
         "written_by": user, "written_at": _now()},
    ).scalar_one()
    conn.execute(
        s.initiatives.update().where(s.initiatives.c.initiative_id == initiative_id).values(status=status)
    )
    db.bump_review_version(conn)
    return int(followup_id)


def list_initiatives(conn: sa.Connection, quarter: str | None = None) -> list[Initiative]:
    """Initiatives (opened in or before `quarter` when given), each with its follow-ups in order."""
    i, fu = s.initiatives, s.initiative_followups
    query = sa.select(i).order_by(i.c.quarter_opened, i.c.initiative_id)
    if quarter is not None:
        query = query.where(i.c.quarter_opened <= _quarter(quarter))
    rows = conn.execute(query).all()
    followups: dict[int, list[Followup]] = {}
    ids = [r.initiative_id for r in rows]
    if ids:
        for f in conn.execute(
            sa.select(fu).where(fu.c.initiative_id.in_(ids)).order_by(fu.c.quarter, fu.c.followup_id)
        ):
            followups.setdefault(f.initiative_id, []).append(Followup(**f._mapping))
    return [Initiative(**r._mapping, followups=tuple(followups.get(r.initiative_id, ()))) for r in rows]


# -- the quarter's report ------------------------------------------------------------------------

def reviewed_indicators(conn: sa.Connection, quarter: str, cluster: str | None = None,
                        current: list[IndicatorResult] | None = None) -> list[ReviewedIndicator]:
    """The indicators of one scope (the network, or cluster `cluster`) for a quarter, with the
    values frozen when its review was closed (only this scope's snapshot rows are read).

    `current`: the scope's results computed earlier (:func:`saniveld.cache.cached_indicators`);
    computed here when not given.
    """
    q = _quarter(quarter)
    if current is None:
        current = compute_indicators(conn, q, cluster)
    review = get_review(conn, q)
    if review is None or review.status != "closed":
        return [ReviewedIndicator(result) for result in current]
    snap = s.review_snapshots
    scope = "network" if cluster is None else "cluster"
    rows = conn.execute(sa.select(snap).where(snap.c.quarter == q, snap.c.scope == scope,
                                              snap.c.scope_code == (cluster or "")))
    frozen = {row.indicator_code: row for row in rows}
    out = []
    for result in current:
        row = frozen.get(result.code)
        if row is None:
            out.append(ReviewedIndicator(result))
        else:
            out.append(ReviewedIndicator(result, _frozen(row.value), _frozen(row.reference),
                                         row.frozen_at))
    return out


def review_report(conn: sa.Connection, quarter: str) -> ReviewReport:
    """Beliefs, notes, initiatives and indicators of a quarter (frozen values when closed)."""
    q = _quarter(quarter)
    review = get_review(conn, q)
    current = compute_all_indicators(conn, q)
    frozen: dict[tuple, tuple] = {}
    if review is not None and review.status == "closed":
        snap = s.review_snapshots
        for row in conn.execute(sa.select(snap).where(snap.c.quarter == q)):
            frozen[(row.indicator_code, row.scope_code or None)] = (row.value, row.reference, row.frozen_at)
    indicators = []
    for result in current:
        kept = frozen.get((result.code, result.scope_code))
        if kept:
            value, reference, at = kept
            indicators.append(ReviewedIndicator(result, _frozen(value), _frozen(reference), at))
        else:
            indicators.append(ReviewedIndicator(result))
    return ReviewReport(
        quarter=q,
        review=review,
        beliefs=beliefs(),
        notes=list_notes(conn, q),
        initiatives=list_initiatives(conn, q),
        indicators=indicators,
    )
