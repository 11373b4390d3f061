"""`saniveld indicators`, `saniveld review …`, `saniveld initiatives …` through the Typer app."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

import levers_fixture
import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld.cli.app import app
from saniveld.db import engine as db

runner = CliRunner()


@pytest.fixture
def url(engine, db_url):
    with db.transaction(engine) as c:
        levers_fixture.load(c)
    engine.dispose()
    return db_url


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_network(url):
    result = run("indicators", "--quarter", "2025-Q2", "--format", "json", "--db", url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout, parse_float=Decimal)
    assert len(rows) == 20 and all(r["scope"] == "network" for r in rows)
    by_code = {r["code"]: r for r in rows}
    assert {"code", "value", "reference", "unit", "lever", "scope", "limit", "breached", "previous"} <= set(rows[0])
    assert by_code["experiences_per_1000_inhabitants"]["value"] == Decimal("3.5")  # 7 / 2000 * 1000
    assert by_code["experiences_per_1000_inhabitants"]["reference"] == 80
    # not rounded: 1500 / 11000 * 100 = 13.636363...
    assert str(by_code["overhead_share"]["value"]).startswith("13.6363636363636363")
    assert by_code["overhead_share"]["breached"] is False and by_code["overhead_share"]["limit"] == 15
    assert by_code["combos_active"]["previous"] == 3


def test_json_cluster_with_empty_values(url):
    result = run("indicators", "--quarter", "2025-Q2", "--cluster", "E", "--format", "json", "--db", url)
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 12 and rows["combos_active"]["cluster"] == "E"
    assert rows["cost_per_resident"]["value"] is None  # no residents


def test_csv_and_table(url):
    result = run("indicators", "--quarter", "2025-Q2", "--cluster", "Z", "--format", "csv", "--db", url)
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["spending_rate"]["value"] == "81.25"  # (600 + 50) / (700 + 100) * 100
    assert rows["funds_to_ended_combos"]["breached"] == "true"
    table = run("indicators", "--quarter", "2025-Q2", "--db", url)
    assert table.exit_code == 0 and "overhead_share" in table.stdout and "13.64" in table.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("--quarter", "2030-Q1"), "2030-Q1"),
        (("--quarter", "2025-7"), "YYYY-Qn"),
        (("--quarter", "2025-Q2", "--cluster", "X"), "'X'"),
    ],
)
def test_unknown_quarter_or_cluster_exit_2(url, args, message):
    result = run("indicators", *args, "--db", url)
    assert result.exit_code == 2
    assert message in result.stderr


def test_review_and_initiatives_commands(url):
    assert run("review", "note", "--quarter", "2025-Q2", "--lever", "diagnostic", "--text",
               "Waarom?", "--user", "ambtenaar1", "--db", url).exit_code == 0
    assert run("review", "note", "--quarter", "2025-Q2", "--lever", "boundaries", "--text",
               "Werven", "--decision", "--user", "ambtenaar1", "--db", url).exit_code == 0
    bad = run("review", "note", "--quarter", "2025-Q2", "--lever", "money", "--text", "x", "--db", url)
    assert bad.exit_code == 2 and "lever" in bad.stderr
    added = run("initiatives", "add", "--title", "Coördinator E", "--owner", "manager", "--quarter",
                "2025-Q2", "--responds-to", "clusters_without_coordinator", "--user", "a", "--db", url)
    assert added.exit_code == 0 and "#1" in added.stdout
    assert run("initiatives", "follow-up", "1", "--quarter", "2025-Q3", "--status", "done",
               "--text", "Aangesteld", "--user", "m", "--db", url).exit_code == 0
    listing = run("initiatives", "list", "--db", url)
    assert "[done] Coördinator E" in listing.stdout and "Aangesteld" in listing.stdout
    closed = run("review", "close", "--quarter", "2025-Q2", "--user", "ambtenaar1", "--db", url)
    assert closed.exit_code == 0, closed.output
    shown = run("review", "show", "--quarter", "2025-Q2", "--db", url)
    assert shown.exit_code == 0 and "closed" in shown.stdout and "Waarom?" in shown.stdout
    assert "combos_active: 4.00" in shown.stdout
    again = run("review", "note", "--quarter", "2025-Q2", "--lever", "beliefs", "--text", "x", "--db", url)
    assert again.exit_code == 2 and "closed" in again.stderr


def test_database_without_tables_exit_2(db_url):
    result = run("indicators", "--quarter", "2025-Q2", "--db", db_url)
    assert result.exit_code == 2 and "saniveld init" in result.stderr


def test_follow_up_of_unknown_initiative_exit_2(url):
    result = run("initiatives", "follow-up", "42", "--quarter", "2025-Q2", "--status", "done",
                 "--text", "x", "--db", url)
    assert result.exit_code == 2 and "42" in result.stderr
