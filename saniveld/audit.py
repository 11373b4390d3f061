"""The audit log: append-only and hash-chained, so that an altered or removed row is detected.

Every row holds ``prev_hash`` (the previous row's ``row_hash``; 64 zeros for the first) and
``row_hash = sha256(prev_hash + canonical row)``, the canonical row being the JSON list of
entry_id, logged_at (ISO, microseconds), username, role, action, object, outcome, detail.
:func:`verify` walks the chain and names every row whose hash or link does not match: an edited
row breaks its own hash, a deleted row breaks its successor's link (and leaves a gap in the
entry ids). Deleting the newest rows leaves a valid shorter chain; :func:`head` gives the
newest hash to keep elsewhere (a ticket, a log shipper) when that must be detected too.

What is audited: logins (ok, failed, throttled), logouts, refused requests, exports,
person-level reads and every change (callers call :func:`record` in the transaction that makes
the change, so the change and its audit row commit together).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from saniveld.db import schema as s

GENESIS = "0" * 64
OUTCOMES = ("ok", "refused", "failed")

# Held by a process around each transaction that appends to the log (the web server's threads):
# two appends reading the same head would otherwise collide on entry_id at commit.
chain_lock = threading.RLock()
CHAIN_ROW = "audit_chain"  # the meta row every appending transaction locks first


@dataclass(frozen=True)
class Entry:
    entry_id: int
    logged_at: datetime
    username: str | None
    user_role: str | None
    action: str
    object: str | None
    outcome: str
    detail: str | None
    prev_hash: str
    row_hash: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def canonical(entry_id, logged_at, username, role, action, obj, outcome, detail) -> str:
    """The row as hashed: a JSON list, timestamps to the microsecond."""
    stamp = logged_at.isoformat(timespec="microseconds")
    return json.dumps(
        [int(entry_id), stamp, username, role, action, obj, outcome, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def row_hash(prev_hash: str, row: str) -> str:
    return hashlib.sha256((prev_hash + row).encode("utf-8")).hexdigest()


def head(conn: sa.Connection) -> tuple[int, str]:
    """The newest entry id and its hash: (0, GENESIS) for an empty log."""
    row = conn.execute(
        sa.select(s.audit_log.c.entry_id, s.audit_log.c.row_hash)
        .order_by(s.audit_log.c.entry_id.desc())
        .limit(1)
    ).first()
    return (0, GENESIS) if row is None else (int(row.entry_id), row.row_hash)


def record(
    conn: sa.Connection,
    username: str | None,
    role: str | None,
    action: str,
    obj: str | None = None,
    outcome: str = "ok",
    detail: str | None = None,
    *,
    at: datetime | None = None,
) -> int:
    """Append one row (in the caller's transaction); returns its entry id.

    Writers queue on one row first (``meta.audit_chain``, updated to itself): on PostgreSQL
    the row lock makes concurrent transactions, in any process, append one after another
    instead of colliding on the entry id or forking the chain. The lock ends with the
    caller's transaction. (Within one process :data:`chain_lock` already serialises them.)
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
    conn.execute(
        sa.update(s.meta).where(s.meta.c.key == CHAIN_ROW).values(value=s.meta.c.value)
    )
    last_id, prev = head(conn)
    entry_id = last_id + 1
    logged_at = (at or _now()).replace(tzinfo=None)
    obj = None if obj is None else str(obj)[:255]
    digest = row_hash(
        prev, canonical(entry_id, logged_at, username, role, action, obj, outcome, detail)
    )
    conn.execute(
        s.audit_log.insert(),
        {
            "entry_id": entry_id,
            "logged_at": logged_at,
            "username": username,
            "user_role": role,
            "action": action,
            "object": obj,
            "outcome": outcome,
            "detail": detail,
            "prev_hash": prev,
            "row_hash": digest,
        },
    )
    return entry_id


def record_for(conn, principal, action, obj=None, outcome="ok", detail=None) -> int:
    """:func:`record` for a principal (anything with ``username`` and ``role``) or None."""
    return record(
        conn,
        getattr(principal, "username", None),
        getattr(principal, "role", None),
        action,
        obj,
        outcome,
        detail,
    )


def entries(conn: sa.Connection, limit: int | None = None) -> list[Entry]:
    """The log, oldest first (or the newest `limit` rows, still oldest first)."""
    query = sa.select(*s.audit_log.c).order_by(s.audit_log.c.entry_id.desc())
    if limit:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    return [Entry(**row._mapping) for row in reversed(rows)]


def verify(conn: sa.Connection) -> list[int]:
    """Entry ids where the chain is broken (altered row, deleted predecessor); [] when intact."""
    broken = []
    prev, expected_id = GENESIS, 1
    for e in entries(conn):
        computed = row_hash(
            e.prev_hash,
            canonical(
                e.entry_id, e.logged_at, e.username, e.user_role, e.action, e.object,
                e.outcome, e.detail,
            ),
        )
        if e.prev_hash != prev or e.row_hash != computed or e.entry_id != expected_id:
            broken.append(e.entry_id)
        prev, expected_id = e.row_hash, e.entry_id + 1
    return broken
