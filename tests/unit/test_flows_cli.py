"""`saniveld flows …`: exit codes, roles, history formats (CliRunner on a DuckDB file)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld import audit, ledger, users
from saniveld.cli.app import app
from saniveld.db import engine as db
from tests.unit.flows_fixture import Q, load, positions

PASSWORD = "een-lang-wachtwoord-1"


@pytest.fixture
def url(engine, db_url):
    load(engine)
    with db.transaction(engine) as conn:
        users.add_user(conn, "nina", "network_manager", PASSWORD)
        users.add_user(conn, "cor", "coordinator", PASSWORD, cluster_code="NOORD")
        users.add_user(conn, "ada", "admin", PASSWORD)
    engine.dispose()
    return db_url


def flows(url, *args):
    return CliRunner().invoke(app, ["flows", *args, "--db", url])


def move_args(amount="250", user="nina", *extra):
    return ["move", "--quarter", Q, "--from", "C1", "--to", "C2", "--amount", amount,
            "--reason", "herverdeling", "--user", user, *extra]


def test_move_then_history(url):
    result = flows(url, *move_args("250,00", "nina", "--expect-version", "1", "--key", "k1"))
    assert result.exit_code == 0, result.output
    assert "€ 250,00 van C1 naar C2" in result.output and "versie / version 2" in result.output
    again = flows(url, *move_args("250,00", "nina", "--key", "k1"))
    assert again.exit_code == 0 and "Al geboekt" in again.output
    out = flows(url, "history", "--quarter", Q, "--format", "json", "--source", "move")
    rows = json.loads(out.output)
    assert sorted((r["flow_code"], r["amount"]) for r in rows) == [("F5", "-250.00"), ("F6", "250.00")]
    csv_out = flows(url, "history", "--quarter", Q, "--format", "csv", "--code", "C2")
    assert csv_out.output.splitlines()[0].startswith("posted_at,posting_key,source")
    assert len(csv_out.output.splitlines()) == 3  # header, the import's F6, the move's F6
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C2")] == Decimal("400.00")


def test_stale_version_exits_3_with_a_fresh_preview(url):
    assert flows(url, *move_args("10", "nina", "--expect-version", "1")).exit_code == 0
    stale = flows(url, *move_args("10", "nina", "--expect-version", "1"))
    assert stale.exit_code == 3
    assert "door iemand anders gewijzigd" in stale.output and "versie / version 2" in stale.output


@pytest.mark.parametrize(("args", "message"), [
    (move_args("10", "cor"), "rol coordinator mag dit niet"),
    (move_args("10", "niemand"), "onbekende of uitgeschakelde gebruiker"),
    (move_args("10,001", "nina"), "twee decimalen"),
    (move_args("9999", "nina"), "C1 ontving in 2025-Q1 € 400,00"),
])
def test_refusals_exit_2_and_are_audited(url, args, message):
    result = flows(url, *args)
    assert result.exit_code == 2 and message in result.output
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        last = audit.entries(conn)[-1]
        assert last.outcome == "refused" and last.action == "move_money"


def test_lock_undo_and_reopen(url):
    assert flows(url, *move_args("100", "nina", "--key", "m1")).exit_code == 0
    assert flows(url, "lock", "--quarter", Q, "--user", "cor").exit_code == 2
    assert flows(url, "lock", "--quarter", Q, "--user", "nina").exit_code == 0
    refused = flows(url, "undo", "--key", "m1", "--reason", "fout", "--user", "nina")
    assert refused.exit_code == 2 and "afgesloten" in refused.output
    assert flows(url, "reopen", "--quarter", Q, "--user", "nina", "--reason", "x").exit_code == 2
    assert flows(url, "unlock", "--quarter", Q, "--user", "ada", "--reason", "na review").exit_code == 0
    undone = flows(url, "undo", "--key", "m1", "--reason", "fout", "--user", "nina")
    assert undone.exit_code == 0, undone.output
    status = flows(url, "status", "--quarter", Q)
    assert "open" in status.output
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        assert positions(conn)[("NOORD", "C1")] == Decimal("400.00")
        actions = [(e.action, e.outcome) for e in audit.entries(conn)]
        assert ("reopen_quarter", "ok") in actions and ("lock_quarter", "refused") in actions


def test_preview_writes_nothing(url):
    result = flows(url, "preview", "--quarter", Q, "--from", "NOORD", "--to", "ZUID", "--amount", "50")
    assert result.exit_code == 0
    assert "NOORD: € 50,00 → € 0,00" in result.output and "Akkoord / ok" in result.output
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        assert ledger.quarter_state(conn, Q).version == 1
