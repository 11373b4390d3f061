"""The demo generator: same seed same bytes, streaming at any scale, and `saniveld demo`."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import demo_package_checks as checks
import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld.cli.app import app
from saniveld.demo import SCALES, DemoError, Scale, generate
from saniveld.demo.writer import SortedFile, apportion, split_cents
from saniveld.package.spec import FILES, write_rows

TOWN = Scale("T", "Testdorp", 40_000)  # 7 clusters in 3 regions: the M and L code paths, small


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first = generate(tmp_path / "a", "S", seed=7)
    second = generate(tmp_path / "b", "S", seed=7)
    assert first == second
    assert checks.hashes(tmp_path / "a") == checks.hashes(tmp_path / "b")
    generate(tmp_path / "c", "S", seed=8)
    assert checks.hashes(tmp_path / "a")["money_flows.csv"] != checks.hashes(tmp_path / "c")["money_flows.csv"]


def test_counts_are_the_rows_of_each_file(tmp_path):
    counts = generate(tmp_path, "S")
    assert list(counts) == [f.name for f in FILES]
    for f in FILES:
        lines = (tmp_path / f.filename).read_text(encoding="utf-8").count("\n")
        assert counts[f.name] == lines - 1


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-T")
    generate(folder, TOWN, seed=11)
    return folder


def test_scales():
    assert (SCALES["S"].inhabitants, SCALES["M"].inhabitants, SCALES["L"].inhabitants) == (18_000, 370_000, 17_900_000)
    assert SCALES["S"].clusters == 3 and SCALES["S"].gps == 10 and SCALES["S"].regions == 1
    assert (TOWN.clusters, TOWN.regions) == (7, 3)


def test_a_larger_scale_is_streamed_in_key_order_and_keeps_every_rule(town, tmp_path):
    checks.check_form(town)
    checks.check_references(town)
    per_quarter = checks.check_money(town)
    assert [c["cluster_code"] for c in checks.read(town, "clusters")] == [f"CL-{k:04d}" for k in range(1, 8)]
    assert sum(1 for c in checks.read(town, "combos") if c["combo_type"] == "fact") == 3  # one per region
    organisations = [a for a in checks.read(town, "actors") if a["actor_code"].startswith("ORG-0003-")]
    assert organisations
    for figures in per_quarter.values():  # funding scales with the inhabitants
        assert Decimal("4500000") < figures["funding"] < Decimal("5500000")
    generate(tmp_path, TOWN, seed=11)
    assert checks.hashes(tmp_path) == checks.hashes(town)


def test_progress_bar_on_stderr(tmp_path, capsys):
    generate(tmp_path, TOWN, seed=3, progress=True)
    err = capsys.readouterr().err
    assert "demo T" in err and "100%" in err


def test_no_run_of_nine_digits_anywhere(town, tmp_path):
    generate(tmp_path, "S")
    assert checks.nine_digit_values(tmp_path) == []
    assert checks.nine_digit_values(town) == []


def test_split_cents_keeps_amounts_below_100_million_euro():
    assert split_cents(1000, 3) == [334, 333, 333]
    assert split_cents(25_000_000_000) == [8_333_333_334, 8_333_333_333, 8_333_333_333]
    assert split_cents(9_999_999_999) == [9_999_999_999]
    assert sum(split_cents(123_456_789_012)) == 123_456_789_012
    assert max(split_cents(123_456_789_012)) <= 9_999_999_999
    assert split_cents(2, 3) == [1, 1]  # never a zero amount


def test_apportion_rounds_down_and_never_exceeds_the_total():
    assert apportion(100, [1, 1, 1]) == [33, 33, 33]
    assert apportion(10, [3, 0, 1]) == [7, 0, 2]
    assert apportion(10, [0, 0]) == [0, 0]


def test_sorted_file_refuses_rows_out_of_key_order(tmp_path):
    f = SortedFile(tmp_path, "clusters")
    f.write([("A", "Eén"), ("B", "Twee")])
    with pytest.raises(DemoError, match="not after"):
        f.write([("AA", "Drie")])
    f.close()
    buf = io.StringIO()
    write_rows(buf, FILES[1], [("A", "Eén"), ("B", "Twee")])
    assert (tmp_path / "clusters.csv").read_text(encoding="utf-8") == buf.getvalue()


def test_unknown_scale_bad_seed_and_foreign_folder_are_refused(tmp_path):
    with pytest.raises(DemoError, match="unknown scale"):
        generate(tmp_path / "x", "XL")
    with pytest.raises(DemoError, match="seed"):
        generate(tmp_path / "x", "S", seed=-1)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(DemoError, match="other files"):
        generate(tmp_path / "busy", "S")
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]


def test_cli_demo_default_folder_and_refusals(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "saniveld-demo-S" in result.output
    assert checks.read(tmp_path / "saniveld-demo-S", "municipality")[0]["name"] == "Saniveld"
    again = runner.invoke(app, ["demo", "--scale", "s", "--out", "again", "--seed", "2024"])
    assert again.exit_code == 0
    assert checks.hashes(tmp_path / "again") == checks.hashes(tmp_path / "saniveld-demo-S")
    bad = runner.invoke(app, ["demo", "--scale", "XL"])
    assert bad.exit_code == 2 and "unknown scale" in bad.output
    assert "--scale" in runner.invoke(app, ["demo", "--help"]).output
