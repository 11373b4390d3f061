"""The benchmark at scale S as a smoke test: it runs to the end and the pandas baseline gives the
same values as the levers. Times are printed by the benchmark, never asserted here."""

from __future__ import annotations

from bench import run


def test_benchmark_at_s_completes_and_the_baseline_agrees(tmp_path):
    figures = run.run_scale("S", 1, tmp_path, calls=1, import_repeat=1, log=lambda _msg: None)
    assert figures["baseline_equal"], figures["baseline_problems"]
    # network (20) + 3 clusters × 12 indicators, each with its previous value, and 19 series
    assert figures["results"] == 56
    assert figures["compared_values"] > 2 * 56
    assert figures["rows"]["money_flows"] > 0 and figures["db_mb"] > 0
    assert figures["import_cpu_s"] > 0 and figures["quarter_cpu_s"] > 0 and figures["series_cpu_s"] > 0
    for callback in figures["callbacks"]:
        assert callback["status"] in ("200", "204"), callback
    table = run.table(figures)
    assert "all indicators" in table and "equal" in table and "CPU time (all threads): import" in table
    assert (tmp_path / "results-S.json").exists()


def test_the_command_line_prints_one_table(tmp_path, capsys):
    run.run_scale("S", 1, tmp_path, calls=1, import_repeat=1, do_pages=False, log=lambda _msg: None)
    code = run.main(["--scale", "S", "--repeat", "1", "--db-dir", str(tmp_path), "--reuse-db",
                     "--no-pages", "--no-baseline"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("Saniveld benchmark, scale S") == 1 and "all indicators" in out
