"""The audit log is append-only and hash-chained: an altered or removed row is detected."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from saniveld import audit
from saniveld.db import engine as db
from saniveld.db import schema as s

T = datetime(2026, 1, 5, 9, 30, 15, 123456)


@pytest.fixture
def conn(engine):
    with db.transaction(engine) as connection:
        for i, (user, action, outcome) in enumerate(
            [("anna", "login", "ok"), ("bram", "login", "failed"), ("anna", "export_package", "refused"),
             ("nina", "move_money", "ok")]
        ):
            audit.record(connection, user, "official", action, f"obj{i}", outcome, at=T)
        yield connection


def test_chain_links_each_row_to_the_previous(conn):
    rows = audit.entries(conn)
    assert [r.entry_id for r in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == "0" * 64
    for before, after in zip(rows, rows[1:]):
        assert after.prev_hash == before.row_hash
    first = audit.canonical(1, T, "anna", "official", "login", "obj0", "ok", None)
    assert first == '[1,"2026-01-05T09:30:15.123456","anna","official","login","obj0","ok",null]'
    import hashlib
    assert rows[0].row_hash == hashlib.sha256(("0" * 64 + first).encode()).hexdigest()
    assert audit.verify(conn) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("outcome", "ok"), ("username", "mallory"), ("object", "obj9"), ("logged_at", datetime(2025, 1, 1))],
)
def test_an_altered_row_is_detected(conn, column, value):
    conn.execute(s.audit_log.update().where(s.audit_log.c.entry_id == 3).values({column: value}))
    assert audit.verify(conn) == [3]


def test_a_deleted_row_is_detected_at_its_successor(conn):
    conn.execute(s.audit_log.delete().where(s.audit_log.c.entry_id == 2))
    assert audit.verify(conn) == [3]


def test_rehashing_an_altered_row_breaks_the_next_link(conn):
    row = audit.entries(conn)[1]
    canon = audit.canonical(2, row.logged_at, "bram", "official", "login", "obj1", "ok", None)
    conn.execute(s.audit_log.update().where(s.audit_log.c.entry_id == 2).values(
        outcome="ok", row_hash=audit.row_hash(row.prev_hash, canon)))
    assert audit.verify(conn) == [3]


def test_outcomes_are_checked(conn):
    with pytest.raises(ValueError):
        audit.record(conn, "anna", "official", "login", None, "maybe")
    assert conn.execute(sa.select(sa.func.count()).select_from(s.audit_log)).scalar() == 4


def test_writers_in_parallel_on_postgresql_append_one_chain(pg_url):
    """Several processes' transactions (here: threads without the in-process lock) queue on the
    chain row: every append succeeds and the chain verifies."""
    from concurrent.futures import ThreadPoolExecutor

    from saniveld.db import engine as db

    eng = db.server_engine(pg_url)
    db.create_schema(eng)

    def write(worker: int) -> int:
        for i in range(15):
            with eng.begin() as conn:
                audit.record(conn, f"user{worker}", "official", "view", f"obj{i}")
        return worker

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert sorted(pool.map(write, range(6))) == [0, 1, 2, 3, 4, 5]
    with eng.connect() as conn:
        assert audit.verify(conn) == []
        assert audit.head(conn)[0] == 6 * 15
    eng.dispose()
