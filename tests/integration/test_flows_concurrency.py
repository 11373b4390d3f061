"""Moves from several connections, threads and processes at once; a writer killed mid-change.

Final positions are recomputed by hand from the moves each worker reports as accepted: they must
equal the fixture's amounts plus exactly those moves, and the history must hold exactly them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import Move, VersionConflict
from tests.unit.flows_fixture import FLOWS, NM, Q, count, load, positions

ROOT = Path(__file__).resolve().parents[2]
D = Decimal

WORKER = r"""
import json, sys
from saniveld import ledger
from saniveld.access import Principal
from saniveld.db import engine as db
url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = db.command_engine(url)
who = Principal(name, "network_manager")
pairs = [("C1", "C2"), ("NOORD", "ZUID"), ("C2", "C1"), ("ZUID", "NOORD")]
out = []
for i in range(n):
    frm, to = pairs[(i + int(name[-1])) % 4]
    amount = f"{(i * 7 + int(name[-1])) % 40 + 1}.25"
    key = f"{name}-{i}"
    try:
        ledger.commit_move(engine, "2025-Q1", ledger.Move(frm, to, amount, "race"), who, posting_key=key)
        out.append({"key": key, "from": frm, "to": to, "amount": amount})
    except (ledger.LedgerRefused, ledger.VersionConflict, db.DatabaseBusy) as exc:
        out.append({"key": key, "refused": type(exc).__name__})
print(json.dumps(out))
"""

HOLDER = r"""
import sys, time
import sqlalchemy as sa
from saniveld.db import engine as db
engine = db.command_engine(sys.argv[1])
with engine.connect() as conn:
    conn.execute(sa.text("SELECT 1"))
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""

CRASHER = r"""
import sys, time
from saniveld import ledger
from saniveld.access import Principal
from saniveld.db import engine as db
engine = db.command_engine(sys.argv[1])
conn = engine.connect()
conn.begin()
ledger.move(conn, "2025-Q1", "C1", "C2", "100", "halverwege", Principal("nina", "network_manager"),
            posting_key="crash")
print("written", flush=True)
time.sleep(60)
"""


def env(**extra) -> dict:
    out = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    out.pop("SANIVELD_DB_URL", None)
    return out


def python(code: str, *args, **extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(**extra))


def initial() -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = {}
    for _, kind, frm, to, amount, _ in FLOWS:
        if kind == "allocation":
            out[(frm, to)] = out.get((frm, to), D(0)) + D(amount)
    return out


SENDER = {"C1": "NOORD", "C2": "NOORD", "NOORD": "FA", "ZUID": "FA"}


def expected_after(accepted: list[dict]) -> dict[tuple[str, str], Decimal]:
    """By hand: each accepted move takes its amount off (sender, from) and adds it to (sender, to)."""
    out = initial()
    for m in accepted:
        sender, amount = SENDER[m["from"]], D(m["amount"])
        out[(sender, m["from"])] -= amount
        out[(sender, m["to"])] = out.get((sender, m["to"]), D(0)) + amount
    return {k: v for k, v in out.items() if v}


@pytest.mark.slow
def test_many_processes_moving_at_once(any_db_url):
    engine = db.command_engine(any_db_url)
    db.create_schema(engine)
    load(engine)
    engine.dispose()
    workers = [python(WORKER, any_db_url, f"w{i}", 4) for i in range(4)]
    reports = []
    for w in workers:
        out, err = w.communicate(timeout=240)
        assert w.returncode == 0, err
        reports += json.loads(out)
    accepted = [r for r in reports if "refused" not in r]
    assert accepted, reports
    engine = db.command_engine(any_db_url)
    with db.connect(engine) as conn:
        assert positions(conn) == expected_after(accepted)
        moved = ledger.history(conn, Q, source="move")
        assert set(moved.posting_key) == {r["key"] for r in accepted}
        assert ledger.quarter_state(conn, Q).version == 1 + len(accepted)
    engine.dispose()


def test_two_connections_race_exactly_one_wins_on_postgresql(pg_url):
    engine = db.server_engine(pg_url)
    db.create_schema(engine)
    load(engine)
    first_holds = threading.Event()
    results: dict[str, object] = {}

    def first():
        with db.transaction(engine) as conn:
            results["first"] = ledger.move(conn, Q, "C1", "C2", "100", "eerste", NM, expect_version=1)
            first_holds.set()
            time.sleep(0.5)  # the second one is waiting for our row now

    def second():
        first_holds.wait(10)
        try:
            with db.transaction(engine) as conn:
                results["second"] = ledger.move(conn, Q, "C1", "C2", "30", "tweede", NM, expect_version=1)
        except VersionConflict as exc:
            results["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert isinstance(results["second"], VersionConflict) and results["second"].current == 2
    with db.connect(engine) as conn:
        pos = positions(conn)
        assert pos[("NOORD", "C1")] == D("300.00") and pos[("NOORD", "C2")] == D("250.00")
        assert sum(v for (frm, _), v in pos.items() if frm == "NOORD") == D("550.00")
        assert len(ledger.history(conn, Q, source="move")) == 2  # the winner's two entries
    engine.dispose()


def test_two_connections_of_one_duckdb_process_one_wins(db_url):
    engine = db.server_engine(db_url)
    db.create_schema(engine)
    load(engine)
    one, two = engine.connect(), engine.connect()
    t1, t2 = one.begin(), two.begin()
    ledger.move(one, Q, "C1", "C2", "100", "eerste", NM, expect_version=1)
    with pytest.raises(VersionConflict) as caught:
        ledger.move(two, Q, "C1", "C2", "30", "tweede", NM, expect_version=1)
    assert caught.value.aborted
    t1.commit()
    t2.rollback()
    one.close()
    two.close()
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("250.00")
        assert ledger.quarter_state(conn, Q).version == 2
    engine.dispose()


def _config_with_lock_wait(tmp_path: Path, seconds: float) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    settings = folder / "settings.toml"
    settings.write_text(settings.read_text().replace("lock_wait_seconds = 10", f"lock_wait_seconds = {seconds}"))
    return folder


def _cli_move(url: str, config: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "saniveld", "flows", "move", "--quarter", Q, "--from", "C1", "--to", "C2",
         "--amount", "10", "--reason", "drukte", "--user", "nina", "--db", url, *extra],
        capture_output=True, text=True, env=env(SANIVELD_CONFIG_DIR=str(config)), timeout=120,
    )


@pytest.fixture
def duck_with_user(engine, db_url):
    from saniveld import users

    load(engine)
    with db.transaction(engine) as conn:
        users.add_user(conn, "nina", "network_manager", "een-lang-wachtwoord-1")
    engine.dispose()
    return db_url


def test_duckdb_held_by_another_process_gives_a_clear_busy_error(duck_with_user, tmp_path):
    config = _config_with_lock_wait(tmp_path, 1)
    holder = python(HOLDER, duck_with_user, 30)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        result = _cli_move(duck_with_user, config)
        assert time.monotonic() - started >= 1  # it waited before giving up
        assert result.returncode == 2
        assert "in gebruik door een ander proces" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    engine = db.command_engine(duck_with_user)
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("150.00")
        assert ledger.quarter_state(conn, Q).version == 1
    engine.dispose()


def test_duckdb_lock_released_in_time_the_move_goes_through(duck_with_user, tmp_path):
    config = _config_with_lock_wait(tmp_path, 20)
    holder = python(HOLDER, duck_with_user, 1.5)
    try:
        assert holder.stdout.readline().strip() == "holding"
        result = _cli_move(duck_with_user, config, "--expect-version", "1")
    finally:
        holder.wait(30)
    assert result.returncode == 0, result.stderr
    engine = db.command_engine(duck_with_user)
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("160.00")
    engine.dispose()


def test_a_process_killed_mid_move_leaves_the_ledger_as_it_was(any_db_url):
    engine = db.command_engine(any_db_url)
    db.create_schema(engine)
    load(engine)
    with db.connect(engine) as conn:
        entries, postings = count(conn, s.money_flows), count(conn, s.ledger_postings)
    engine.dispose()
    crasher = python(CRASHER, any_db_url)
    try:
        assert crasher.stdout.readline().strip() == "written", crasher.stderr.read()
        crasher.send_signal(signal.SIGKILL)
    finally:
        crasher.wait(30)
    engine = db.command_engine(any_db_url)
    with db.transaction(engine, wait=20) as conn:  # PostgreSQL ends the dead session's transaction
        assert count(conn, s.money_flows) == entries and count(conn, s.ledger_postings) == postings
        assert ledger.quarter_state(conn, Q).version == 1
        assert positions(conn) == initial()
        assert conn.execute(sa.select(sa.func.count()).select_from(s.audit_log)).scalar_one() == 0
    # and the ledger takes the same move afterwards, under the same key
    ledger.commit_move(engine, Q, Move("C1", "C2", "100", "opnieuw"), NM, posting_key="crash")
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C2")] == D("250.00")
    engine.dispose()
