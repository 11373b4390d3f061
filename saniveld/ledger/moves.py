"""Reallocations (moves), undo, and the quarter lock: every change a posting in the ledger.

Concurrency: every write to a quarter first takes the quarter's row in ``quarters`` (an UPDATE
that changes nothing, optionally only at the version the caller expects). On PostgreSQL the
second writer waits for the first and then finds the version moved on (:class:`VersionConflict`)
or, without an expected version, reads the positions the first one left; on DuckDB (one process
per file, several connections inside it) a second writer of the same row fails at once with a
write conflict, which is reported as a :class:`VersionConflict` too. So two people editing the
same quarter never lose an update, and the invariants are checked on the state the write lands
on. Idempotency: a posting key that was already recorded is answered with the first result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from saniveld import access, audit
from saniveld.access import Action, Principal
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import LedgerEntry, LedgerRefused, append_posting, locked_quarters, utc_now
from saniveld.ledger.checks import Move, QuarterBook, check_move, eur
from saniveld.quarters import is_quarter


class VersionConflict(Exception):
    """Someone else changed the quarter since the version the caller saw; nothing was written."""

    aborted = False  # True when the database aborted the transaction (DuckDB write conflict)

    def __init__(self, quarter: str, expected: int | None, current: int | None, preview=None):
        self.quarter, self.expected, self.current, self.preview = quarter, expected, current, preview
        seen = "" if expected is None or current is None else f" (u zag versie {expected}, nu {current})"
        seen_en = "" if expected is None or current is None else f" (version {expected} → {current})"
        super().__init__(
            f"Kwartaal {quarter} is intussen door iemand anders gewijzigd{seen}. Bekijk het nieuwe "
            f"voorbeeld en bevestig opnieuw. / Quarter {quarter} was changed by someone else"
            f"{seen_en}; review the fresh preview and commit again."
        )


@dataclass(frozen=True)
class QuarterState:
    quarter: str
    version: int
    locked: bool
    locked_by: str | None = None
    locked_at: object = None


@dataclass(frozen=True)
class MoveResult:
    """An accepted posting: its key, the entries written, the quarter's version after it."""

    posting_key: str
    quarter: str
    version: int
    entry_ids: list[int] = field(default_factory=list)
    replayed: bool = False  # the key had been posted before: nothing new was written


def quarter_state(conn: sa.Connection, quarter: str) -> QuarterState:
    """Version and lock of a quarter (version 0, open, when no posting touched it yet)."""
    q = s.quarters.c
    row = conn.execute(sa.select(q.version, q.locked, q.locked_by, q.locked_at).where(q.quarter == quarter)).first()
    if row is None:
        return QuarterState(quarter, 0, False)
    return QuarterState(quarter, int(row.version), bool(row.locked), row.locked_by, row.locked_at)


def _who(user: Principal | str) -> tuple[str, str | None]:
    if isinstance(user, Principal):
        return user.username, user.role
    if not isinstance(user, str) or not user.strip():
        raise LedgerRefused("Wie doet dit? Een gebruiker is verplicht. / A user is required.")
    return user.strip(), None


def _authorise(user: Principal | str, action: Action) -> None:
    """A principal must hold the right; a bare name is a caller that checked it already."""
    if isinstance(user, Principal) and not access.allowed(user, action):
        raise access.Forbidden(user, action)


def _is_write_conflict(exc: BaseException) -> bool:
    text = str(exc)
    return "Conflict on" in text or "conflict" in text.lower() and "TransactionContext" in text


def _take_quarter(conn: sa.Connection, quarter: str, expect_version: int | None) -> int:
    """Hold the quarter's row for the rest of the transaction; its version (checked if expected)."""
    q = s.quarters
    if conn.execute(sa.select(q.c.quarter).where(q.c.quarter == quarter)).first() is None:
        if expect_version not in (None, 0):
            raise VersionConflict(quarter, expect_version, 0)
        try:
            conn.execute(q.insert(), {"quarter": quarter, "version": 0, "locked": False})
        except sa.exc.DBAPIError as exc:  # another writer created the row at the same moment
            if not (isinstance(exc, sa.exc.IntegrityError) or _is_write_conflict(exc)):
                raise
            conflict = VersionConflict(quarter, expect_version, None)
            conflict.aborted = True
            raise conflict from exc
        return 0
    stmt = q.update().where(q.c.quarter == quarter).values(version=q.c.version)
    if expect_version is not None:
        stmt = stmt.where(q.c.version == expect_version)
    try:
        taken = conn.execute(stmt).rowcount
    except sa.exc.DBAPIError as exc:
        if _is_write_conflict(exc):  # DuckDB: another connection of this process holds the row
            conflict = VersionConflict(quarter, expect_version, None)
            conflict.aborted = True  # the transaction can only be rolled back now
            raise conflict from exc
        raise
    if taken == 0:
        raise VersionConflict(quarter, expect_version, quarter_state(conn, quarter).version)
    return quarter_state(conn, quarter).version


def _refuse_if_locked(conn: sa.Connection, quarter: str) -> None:
    if locked_quarters(conn, [quarter]):
        st = quarter_state(conn, quarter)
        by = f" door {st.locked_by}" if st.locked_by else ""
        raise LedgerRefused(
            f"Kwartaal {quarter} is afgesloten{by}; er kan niets meer worden geboekt. Alleen een "
            f"beheerder kan het heropenen. / Quarter {quarter} is locked; only an admin can reopen it."
        )


def _replay(conn: sa.Connection, posting_key: str, quarter: str, source: str) -> MoveResult | None:
    """The result of an earlier posting with this key, or None when the key is new."""
    lp = s.ledger_postings
    row = conn.execute(sa.select(lp.c.quarter, lp.c.source).where(lp.c.posting_key == posting_key)).first()
    if row is None:
        return None
    if row.quarter != quarter or row.source != source:
        raise LedgerRefused(
            f"Sleutel {posting_key} is al gebruikt voor een andere boeking. / "
            f"Key {posting_key} was already used for another posting."
        )
    ids = conn.execute(
        sa.select(s.money_flows.c.entry_id).where(s.money_flows.c.posting_key == posting_key)
        .order_by(s.money_flows.c.entry_id)
    ).scalars().all()
    return MoveResult(posting_key, quarter, quarter_state(conn, quarter).version, list(ids), replayed=True)


def _claim(conn: sa.Connection, key: str, quarter: str, expect_version: int | None,
           source: str) -> MoveResult | None:
    """Take the quarter for posting `key`: the earlier result when `key` is already recorded
    (a double click, a retried request — also when it was committed just before us), else
    None with the quarter's version taken; refused when the quarter is locked."""
    earlier = _replay(conn, key, quarter, source)
    if earlier is not None:
        return earlier
    try:
        _take_quarter(conn, quarter, expect_version)
    except VersionConflict as exc:
        earlier = None if exc.aborted else _replay(conn, key, quarter, source)
        if earlier is not None:
            return earlier
        raise
    _refuse_if_locked(conn, quarter)
    return None


def move(conn: sa.Connection, quarter: str, from_code: str, to_code: str, amount, reason: str,
         user: Principal | str, expect_version: int | None = None, posting_key: str | None = None,
         flow_code: str | None = None) -> MoveResult:
    """Reallocate `amount` of what `from_code` received in `quarter` to `to_code` (one posting).

    Runs in the caller's transaction. Raises :class:`LedgerRefused` (nothing written; the
    message says why, Dutch / English), :class:`VersionConflict` when `expect_version` is not
    the quarter's version, :class:`saniveld.access.Forbidden` for a principal without the right.
    The same `posting_key` twice is recorded once (the second call returns ``replayed=True``).
    """
    _authorise(user, Action.MOVE_MONEY)
    username, role = _who(user)
    m = check_move(quarter, Move(from_code, to_code, amount, reason, flow_code))
    key = (posting_key or "").strip() or f"move:{uuid.uuid4().hex}"
    earlier = _claim(conn, key, quarter, expect_version, "move")
    if earlier is not None:
        return earlier
    book = QuarterBook(conn, quarter)
    entries = book.plan(m, key)
    book.check(entries)
    ids = append_posting(conn, posting_key=key, entries=entries, posted_by=username, reason=m.reason,
                         source="move", quarter=quarter)
    db.bump_data_version(conn)
    audit.record(conn, username, role, "move_money", f"{quarter}:{m.from_code}->{m.to_code}",
                 detail=f"{m.amount} key={key}; {m.reason}")
    return MoveResult(key, quarter, quarter_state(conn, quarter).version, ids)


def undo(conn: sa.Connection, posting_key: str, reason: str, user: Principal | str,
         expect_version: int | None = None) -> MoveResult:
    """Reverse a move (or correction) with opposite entries, each linked to the entry it undoes.

    The undo's own key is ``undo:<posting_key>``, so undoing twice is recorded once. Refused when
    the quarter is locked, the posting is an import or an undo, or when the money has moved on
    since (a flow would go negative, a recipient would allocate more than it received).
    """
    _authorise(user, Action.MOVE_MONEY)
    username, role = _who(user)
    if not (reason or "").strip():
        raise LedgerRefused("Een reden is verplicht. / A reason is required.")
    lp = s.ledger_postings
    posting = conn.execute(sa.select(lp).where(lp.c.posting_key == posting_key)).first()
    if posting is None:
        raise LedgerRefused(f"Boeking {posting_key} bestaat niet. / Posting {posting_key} does not exist.")
    if posting.source not in ("move", "correction"):
        raise LedgerRefused(
            f"Boeking {posting_key} is een {posting.source}; alleen verschuivingen en correcties kunnen "
            f"ongedaan worden gemaakt. / Only moves and corrections can be undone."
        )
    mf = s.money_flows
    rows = conn.execute(sa.select(mf).where(mf.c.posting_key == posting_key).order_by(mf.c.entry_id)).all()
    quarters = sorted({r.quarter for r in rows} | ({posting.quarter} if posting.quarter else set()))
    if len(quarters) != 1:
        raise LedgerRefused(f"Boeking {posting_key} beslaat meerdere kwartalen. / spans several quarters.")
    quarter, key = quarters[0], f"undo:{posting_key}"
    earlier = _claim(conn, key, quarter, expect_version, "undo")
    if earlier is not None:
        return earlier
    entries = [
        LedgerEntry(r.flow_code, r.quarter, r.kind, r.from_code, r.to_code, -Decimal(r.amount), r.stream,
                    r.purpose, "reversal" if r.amount > 0 else "adjustment", r.entry_id)
        for r in rows
    ]
    book = QuarterBook(conn, quarter)
    book.check(entries)
    ids = append_posting(conn, posting_key=key, entries=entries, posted_by=username, reason=reason.strip(),
                         source="undo", quarter=quarter)
    db.bump_data_version(conn)
    audit.record(conn, username, role, "undo_posting", f"{quarter}:{posting_key}", detail=reason.strip())
    return MoveResult(key, quarter, quarter_state(conn, quarter).version, ids)


def lock_quarter(conn: sa.Connection, quarter: str, user: Principal | str) -> bool:
    """Lock a quarter after its review (network manager); False when it was locked already."""
    _authorise(user, Action.LOCK_QUARTER)
    username, role = _who(user)
    if not is_quarter(quarter):
        raise LedgerRefused(f"'{quarter}' is geen kwartaal (YYYY-Qn). / not a quarter.")
    _take_quarter(conn, quarter, None)
    if quarter_state(conn, quarter).locked:
        return False
    conn.execute(s.quarters.update().where(s.quarters.c.quarter == quarter)
                 .values(locked=True, locked_by=username, locked_at=utc_now(), version=s.quarters.c.version + 1))
    db.bump_data_version(conn)
    audit.record(conn, username, role, "lock_quarter", quarter)
    return True


def reopen_quarter(conn: sa.Connection, quarter: str, user: Principal | str, reason: str) -> bool:
    """Reopen a locked quarter: an admin action, audited with its reason; False when it was open."""
    _authorise(user, Action.REOPEN_QUARTER)
    username, role = _who(user)
    if not (reason or "").strip():
        raise LedgerRefused("Een reden is verplicht. / A reason is required.")
    if not is_quarter(quarter):
        raise LedgerRefused(f"'{quarter}' is geen kwartaal (YYYY-Qn). / not a quarter.")
    _take_quarter(conn, quarter, None)
    state = quarter_state(conn, quarter)
    if not state.locked:
        return False
    conn.execute(s.quarters.update().where(s.quarters.c.quarter == quarter)
                 .values(locked=False, locked_by=None, locked_at=None, version=s.quarters.c.version + 1))
    db.bump_data_version(conn)
    audit.record(conn, username, role, "reopen_quarter", quarter,
                 detail=f"{reason.strip()} (was afgesloten door / locked by {state.locked_by})")
    return True


HISTORY_COLUMNS = ["posted_at", "posting_key", "source", "posted_by", "reason", "entry_id", "entry_type",
                   "flow_code", "from_code", "to_code", "amount", "stream", "purpose", "corrects_entry_id",
                   "undone_by"]


def history(conn: sa.Connection, quarter: str | None = None, *, source: str | None = None,
            posted_by: str | None = None, code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The ledger's entries, newest posting first, with who, when, why and what they correct.

    ``code`` keeps entries from or to that code (or of that flow); ``undone_by`` names the undo
    posting of a move that was undone.
    """
    query = history_query(quarter, source=source, posted_by=posted_by, code=code, limit=limit)
    frame = pd.DataFrame([tuple(r) for r in conn.execute(query).all()], columns=HISTORY_COLUMNS, dtype=object)
    if not frame.empty:
        frame["amount"] = frame["amount"].map(lambda v: Decimal(v).quantize(Decimal("0.01")))
    return frame


def history_query(quarter: str | None = None, *, source: str | None = None, posted_by: str | None = None,
                  code: str | None = None, limit: int | None = None) -> sa.Select:
    """The SELECT behind :func:`history` (columns HISTORY_COLUMNS, newest first, at most
    `limit` rows): for a caller that wants plain rows rather than a DataFrame."""
    mf, lp = s.money_flows, s.ledger_postings
    undo = lp.alias("undo_posting")
    query = (
        sa.select(mf.c.posted_at, mf.c.posting_key, lp.c.source, mf.c.posted_by, mf.c.reason, mf.c.entry_id,
                  mf.c.entry_type, mf.c.flow_code, mf.c.from_code, mf.c.to_code, mf.c.amount, mf.c.stream,
                  mf.c.purpose, mf.c.corrects_entry_id, undo.c.posting_key.label("undone_by"))
        .select_from(mf.join(lp, lp.c.posting_key == mf.c.posting_key)
                     .outerjoin(undo, undo.c.posting_key == sa.literal("undo:") + mf.c.posting_key))
        .order_by(mf.c.posted_at.desc(), mf.c.entry_id.desc())
    )
    if quarter:
        query = query.where(mf.c.quarter == quarter)
    if source:
        query = query.where(lp.c.source == source)
    if posted_by:
        query = query.where(mf.c.posted_by == posted_by)
    if code:
        query = query.where(sa.or_(mf.c.from_code == code, mf.c.to_code == code, mf.c.flow_code == code))
    if limit:
        query = query.limit(limit)
    return query


# ---------------------------------------------------------------------------------------------
# One change in its own transaction (the page and the command line)


def _record_refusal(engine: sa.Engine, user, action: str, obj: str, message: str) -> None:
    username, role = (user.username, user.role) if isinstance(user, Principal) else (str(user), None)
    try:
        with audit.chain_lock, db.transaction(engine) as conn:
            audit.record(conn, username, role, action, obj, "refused", message[:1000])
    except Exception:  # noqa: BLE001  (the refusal itself is what the caller must see)
        pass


def run(engine: sa.Engine, action: str, obj: str, user, work, *, quarter: str | None = None,
        moves: list[Move] | None = None):
    """`work(conn)` in one transaction, audited when refused; a version conflict gets a fresh preview.

    Audit appends queue on the ``audit_chain`` meta row (:mod:`saniveld.audit`), so two writers
    never take the same audit number and no retry is needed for it."""
    try:
        with audit.chain_lock, db.transaction(engine) as conn:
            return work(conn)
    except VersionConflict as exc:
        _record_refusal(engine, user, action, obj, str(exc))
        _attach_preview(engine, exc, quarter, moves)
        raise
    except (LedgerRefused, access.Forbidden) as exc:
        _record_refusal(engine, user, action, obj, str(exc))
        raise
    except sa.exc.DBAPIError as exc:
        if _is_write_conflict(exc) and quarter:
            conflict = VersionConflict(quarter, None, None)
            _record_refusal(engine, user, action, obj, str(conflict))
            _attach_preview(engine, conflict, quarter, moves)
            raise conflict from exc
        raise


def _attach_preview(engine: sa.Engine, exc: VersionConflict, quarter: str | None, moves) -> None:
    from saniveld.ledger.whatif import preview

    if not quarter:
        return
    try:
        exc.preview = preview(engine, quarter, moves or [])
        exc.current = exc.preview.version
    except Exception:  # noqa: BLE001  (the conflict is reported either way)
        exc.preview = None


def commit_move(engine: sa.Engine, quarter: str, m: Move, user: Principal | str,
                expect_version: int | None = None, posting_key: str | None = None) -> MoveResult:
    """:func:`move` in its own transaction (see :func:`run`)."""
    return run(engine, "move_money", f"{quarter}:{m.from_code}->{m.to_code}", user,
               lambda c: move(c, quarter, m.from_code, m.to_code, m.amount, m.reason, user,
                              expect_version=expect_version, posting_key=posting_key, flow_code=m.flow_code),
               quarter=quarter, moves=[m])


def describe(m: Move) -> str:
    return f"{eur(m.amount)} van {m.from_code} naar {m.to_code}"
