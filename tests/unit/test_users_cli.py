"""`saniveld users …` and `saniveld audit verify`, through the real Typer app on a real DuckDB file."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest
from typer.testing import CliRunner

import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld import audit, users
from saniveld.cli.app import app
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.web import server
from tests.unit.access_fixtures import seed

PW = "een lang genoeg wachtwoord"


@pytest.fixture
def run(db_url, engine):
    seed(engine)
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, [*args, "--db", db_url], input=input)

    return invoke


def _authenticates(engine, name, password):
    with db.transaction(engine) as conn:
        return users.authenticate(conn, name, password, "cli-test", datetime(2026, 1, 1)) is not None


def test_add_with_prompted_password_and_list(run, engine):
    result = run("users", "add", "bram", "--role", "coordinator", "--cluster", "NOORD",
                 input=f"{PW}\n{PW}\n")
    assert result.exit_code == 0, result.output
    assert _authenticates(engine, "bram", PW)
    listed = run("users", "list")
    assert "bram" in listed.output and "coordinator" in listed.output and "NOORD" in listed.output
    assert "argon2" not in listed.output


def test_add_with_password_on_stdin(run, engine):
    result = run("users", "add", "fenna", "--role", "funder", "--funder", "FND-GEMEENTE",
                 "--password-stdin", input=PW + "\n")
    assert result.exit_code == 0, result.output
    assert _authenticates(engine, "fenna", PW)
    assert PW not in result.output


def test_add_with_a_generated_password_prints_it_once(run, engine):
    result = run("users", "add", "ad", "--role", "admin", "--generate")
    assert result.exit_code == 0
    password = result.output.strip().rsplit(": ", 1)[1]
    assert _authenticates(engine, "ad", password)


@pytest.mark.parametrize(
    "args",
    [
        ("--role", "coordinator"),  # no cluster
        ("--role", "coordinator", "--cluster", "WEST"),  # unknown cluster
        ("--role", "funder", "--funder", "FONDS"),  # not a funder
        ("--role", "keizer"),
    ],
)
def test_invalid_add_exits_2_and_adds_nobody(run, engine, args):
    result = run("users", "add", "x1", *args, "--password-stdin", input=PW + "\n")
    assert result.exit_code == 2
    with db.connect(engine) as conn:
        assert users.list_users(conn).empty


def test_short_password_is_refused(run):
    assert run("users", "add", "x1", "--role", "admin", "--password-stdin", input="kort\n").exit_code == 2


def test_disable_and_set_password(run, engine):
    run("users", "add", "anna", "--role", "official", "--password-stdin", input=PW + "\n")
    result = run("users", "set-password", "anna", "--password-stdin", input="nieuw lang wachtwoord\n")
    assert result.exit_code == 0
    assert _authenticates(engine, "anna", "nieuw lang wachtwoord")
    assert run("users", "disable", "anna").exit_code == 0
    assert not _authenticates(engine, "anna", "nieuw lang wachtwoord")
    assert run("users", "disable", "niemand").exit_code == 2


def test_changes_are_audited_as_the_operator(run, engine):
    run("users", "add", "anna", "--role", "official", "--password-stdin", input=PW + "\n")
    run("users", "disable", "anna")
    with db.connect(engine) as conn:
        rows = [(e.username.split(":")[0], e.user_role, e.action, e.object) for e in audit.entries(conn)]
    assert rows == [("cli", "admin", "user_add", "anna"), ("cli", "admin", "user_disable", "anna")]


def test_demo_users_are_printed_once(run):
    first = run("users", "demo")
    assert first.exit_code == 0
    for name in ("demo-gemeente", "demo-financier", "demo-netwerkmanager", "demo-coordinator",
                 "demo-beheerder"):
        assert name in first.output
    second = run("users", "demo")
    assert "demo-gemeente" not in second.output


def test_audit_verify(run, engine):
    run("users", "add", "anna", "--role", "official", "--password-stdin", input=PW + "\n")
    run("users", "disable", "anna")
    ok = run("audit", "verify")
    assert ok.exit_code == 0 and "intact (2" in ok.output
    with db.transaction(engine) as conn:
        conn.execute(s.audit_log.update().where(s.audit_log.c.entry_id == 1).values(object="bram"))
    broken = run("audit", "verify")
    assert broken.exit_code == 1 and "1" in broken.output


def test_first_start_on_an_empty_database_prints_the_demo_passwords_once(db_url, tmp_path,
                                                                        monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "saniveld.package.importer", None)  # no importer yet
    server.load_demo(db_url, tmp_path / "absent")
    printed = capsys.readouterr().err
    assert "demo-gemeente" in printed and "demo-beheerder" in printed
    server.load_demo(db_url, tmp_path / "absent")
    assert "demo-gemeente" not in capsys.readouterr().err
