"""The benchmark (issue 8): how fast is the dashboard at scale S, M or L?

    python bench/run.py --scale S [--repeat 3] [--db-dir /tmp/saniveld-bench]
    python bench/run.py --scale S M          # several scales, then the ratio per step

Per scale: generate the demo package (kept in DB-DIR/<scale>/package and reused), import it
into a fresh DuckDB file (median over the repeats), then time — medians over the repeats —
all indicators for the latest complete quarter (network and every cluster), the series of every
indicator over all quarters, each page's main callbacks through the Flask test client
(p50/p95), and the pandas baseline of :mod:`bench.baseline_pandas` for the same indicators,
whose values must equal ours (else the run fails, exit code 1). Peak memory (maxrss) and the
database file size close the table. Results are also written to DB-DIR/results-<scale>.json,
so that a later run of a bigger scale can print the ratio per step (S→M→L).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` from the repository
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import baseline_pandas as baseline  # noqa: E402
from bench.timing import (BENCH_PASSWORD, BENCH_USER, percentile, signed_in,  # noqa: E402
                          time_callback, timed)
from saniveld.db import engine as db  # noqa: E402
from saniveld.db import schema as s  # noqa: E402
from saniveld.quarters import Quarter  # noqa: E402

DEFAULT_DIR = Path(os.environ.get("SANIVELD_BENCH_DIR", "/tmp/saniveld-bench"))
SEED = 2024
SKIP_ACTIONS = {"import_package", "export_package"}  # user actions with side effects, not page loads
CLICKS = {"n_clicks", "submit_n_clicks"}  # a callback only a click starts: measured by a plan below
FIRST_ROWS = {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {}}  # a paged grid's first block


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_of(repeat: int, fn, *args, **kwargs):
    """(median seconds, last result) over `repeat` calls."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        seconds, result = timed(fn, *args, **kwargs)
        times.append(seconds)
    return statistics.median(times), result


def median_with_cpu(repeat: int, fn, *args, **kwargs):
    """(median wall seconds, median CPU seconds of the process, last result) over `repeat` calls.
    CPU time counts every thread (DuckDB's too) and not the waiting for a busy machine's cores:
    the figure to compare across scales when other work shares the machine."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        cpu = time.process_time()
        seconds, result = timed(fn, *args, **kwargs)
        cpus.append(time.process_time() - cpu)
        walls.append(seconds)
    return statistics.median(walls), statistics.median(cpus), result


# -- the database ----------------------------------------------------------------------------------

def package_for(scale: str, folder: Path, log) -> tuple[Path, float | None]:
    """The demo package of `scale` in `folder`/package, generated unless a finished one is there."""
    from saniveld.demo import generate

    package, done = folder / "package", folder / "package.done"
    if done.exists() and json.loads(done.read_text()).get("seed") == SEED:
        return package, json.loads(done.read_text()).get("seconds")
    if package.exists():
        shutil.rmtree(package)
    log(f"[{scale}] generating the demo package …")
    seconds, counts = timed(generate, package, scale, seed=SEED)
    done.write_text(json.dumps({"scale": scale, "seed": SEED, "seconds": seconds, "counts": counts}))
    return package, seconds


def import_into(package: Path, path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of importing `package` into a new DuckDB file at `path`."""
    from saniveld.package.importer import import_package

    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    engine = db.command_engine(f"duckdb:///{path}")
    try:
        wall, cpu, _ = median_with_cpu(1, import_package, engine, package)
    finally:
        engine.dispose()
    return wall, cpu


def row_counts(engine: sa.Engine) -> dict[str, int]:
    tables = ("combos", "combo_members", "actors", "experiences", "money_flows", "role_assignments")
    with db.connect(engine) as conn:
        return {t: conn.execute(sa.select(sa.func.count()).select_from(s.metadata.tables[t])).scalar_one()
                for t in tables}


def review_quarter(engine: sa.Engine) -> tuple[str, list[str]]:
    """The latest quarter whose successor has data too (a complete quarter), and all quarters."""
    from saniveld.levers import available_quarters

    with db.connect(engine) as conn:
        quarters = available_quarters(conn)
    return (quarters[-2] if len(quarters) > 1 else quarters[-1]), quarters


# -- our computations -----------------------------------------------------------------------------

def ours_quarter(engine: sa.Engine, quarter: str):
    from saniveld.levers import compute_all_indicators

    with db.connect(engine) as conn:
        return compute_all_indicators(conn, quarter)


def ours_series(engine: sa.Engine) -> dict[str, list]:
    from saniveld.levers import all_indicator_series

    with db.connect(engine) as conn:
        return all_indicator_series(conn)


def cached_quarter(engine: sa.Engine, quarter: str):
    from saniveld.cache import cached_all_indicators

    return cached_all_indicators(engine, quarter)


def cached_series(engine: sa.Engine):
    from saniveld.cache import cached_series as series
    from saniveld.levers import indicator_definitions

    return {d.code: series(engine, d.code) for d in indicator_definitions() if "network" in d.scopes}


# -- the pages, through the Flask test client -----------------------------------------------------

def _input_value(key: str, quarter: str, cluster: str, path: str):
    component, prop = key.rsplit(".", 1)
    if component == "quarter-picker":
        return quarter
    if prop == "pathname":
        return path
    if component == "cluster-code" or (prop == "data" and "cluster" in component):
        return cluster
    if prop == "search":
        return ""
    if prop == "getRowsRequest":  # a server-side paged grid asks for its first block of rows
        return dict(FIRST_ROWS)
    return None


def callback_inputs(entry, quarter: str, cluster: str, page: str) -> tuple[dict, dict]:
    """(inputs, state) a page's callback gets when the page `page` opens on `quarter`."""
    def values(specs) -> dict:
        keys = [f"{x['id']}.{x['property']}" for x in specs]
        return {k: _input_value(k, quarter, cluster, f"/{page}") for k in keys}

    return values(entry["inputs"]), values(entry["state"])


def page_callbacks(app, principal=None) -> list[tuple[str, dict]]:
    """The callbacks a page runs when it opens: data callbacks, not user actions, that the
    benchmark's user (a network manager) may call."""
    from saniveld import access

    out = []
    for output, entry in app.callback_map.items():
        action = getattr(entry.get("callback"), "saniveld_action", None)
        if action is None or action in SKIP_ACTIONS or entry.get("prevent_initial_call"):
            continue
        if principal is not None and not access.allowed(principal, action, access.ANY):
            continue
        if entry["inputs"] and all(i["property"] in CLICKS for i in entry["inputs"]):
            continue  # without a click it does nothing (PreventUpdate): not a page load
        out.append((output, entry))
    return out


def page_of(entry) -> str:
    """The page a callback belongs to: the module of its function."""
    func = entry["callback"]
    inner = getattr(func, "__wrapped__", func)
    module = getattr(inner, "__module__", "") or ""
    return module.rsplit(".", 1)[-1]


def _output_of(app, first: str) -> str:
    """The callback_map key of the callback whose outputs start with `first` (component.prop)."""
    for output in app.callback_map:
        if output.lstrip(".").startswith(first):
            return output
    raise KeyError(first)


def _a_move(conn: sa.Connection, quarter: str) -> dict | None:
    """An allocation received by a combo in `quarter` and another active combo of its cluster:
    the editor's preview then moves 1.00 between them (a move it accepts)."""
    mf, c = s.money_flows, s.combos
    row = conn.execute(
        sa.select(mf.c.flow_code, mf.c.to_code, c.c.cluster_code)
        .select_from(mf.join(c, c.c.combo_code == mf.c.to_code))
        .where(mf.c.quarter == quarter, mf.c.kind == "allocation", c.c.ended_on.is_(None))
        .group_by(mf.c.flow_code, mf.c.to_code, c.c.cluster_code)
        .having(sa.func.sum(mf.c.amount) > 10)
        .order_by(mf.c.flow_code).limit(1)
    ).first()
    if row is None:
        return None
    other = conn.execute(
        sa.select(sa.func.min(c.c.combo_code))
        .where(c.c.cluster_code == row.cluster_code, c.c.combo_code != row.to_code, c.c.ended_on.is_(None))
    ).scalar_one_or_none()
    if other is None:
        return None
    return {"from": row.to_code, "to": other, "flow": row.flow_code}


def extra_plans(app, conn: sa.Connection, quarter: str, previous: str | None, cluster: str) -> list[tuple]:
    """(page, label, output, inputs, state) for what the generic table misses: the review page
    for one cluster and compared with an earlier quarter, and the money editor's preview (a
    what-if of a real move: every indicator of the quarter, before and after)."""
    review = _output_of(app, "review-status.children")
    base = {"quarter-picker.value": quarter, "review-cluster.value": None,
            "review-compare.value": None, "review-close-saved.data": 0}
    plans = [
        ("review", "review-status… (one cluster)", review, {**base, "review-cluster.value": cluster}, {}),
        ("review", "review-status… (compared with a quarter)", review,
         {**base, "review-compare.value": previous}, {}),
    ]
    move = _a_move(conn, quarter)
    if move is not None:
        plans.append(("money_editor", "editor-whatif-body… (preview a move)",
                      _output_of(app, "editor-whatif-body.children"),
                      {"editor-preview.n_clicks": 1},
                      {"quarter-picker.value": quarter, "editor-from.value": move["from"],
                       "editor-to.value": move["to"], "editor-amount.value": "1,00",
                       "editor-reason.value": None, "editor-flow.value": move["flow"],
                       "editor-pending.data": None, "editor-refresh-move.data": 0}))
    return plans


def measure_concurrent(app, plans: list[tuple], clients: int, rounds: int) -> dict:
    """`clients` signed-in test clients in threads, each calling every page callback `rounds`
    times at once; p50/p95 over all calls (one server process, as `saniveld run`)."""
    import threading

    from saniveld.web.testing import call_callback, signed_in_client

    barrier = threading.Barrier(clients)
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def client_thread():
        client = signed_in_client(app, BENCH_USER, BENCH_PASSWORD)
        barrier.wait()
        mine = []
        for _ in range(rounds):
            for output, inputs, state in plans:
                seconds, response = timed(call_callback, client, app, output, inputs, state)
                mine.append(seconds)
                if response.status_code not in (200, 204):
                    failures.append(response.status_code)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client_thread) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"clients": clients, "calls": len(times), "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95), "failures": len(failures),
            "switch_interval_ms": sys.getswitchinterval() * 1000}  # as create_app set it


def measure_callbacks(db_path: Path, quarter: str, calls: int, log, clients: int = 0) -> list[dict]:
    bench = signed_in(f"duckdb:///{db_path}")
    app, cluster = bench.app, bench.cluster
    rows, plans, todo = [], [], []
    for output, entry in page_callbacks(app, bench.principal):
        page = page_of(entry)
        inputs, state = callback_inputs(entry, quarter, cluster, page)
        todo.append((page, output.strip(".").split("...")[0][:60], output, inputs, state))
    previous = str(Quarter.parse(quarter).previous())
    with db.connect(bench.engine) as conn:
        todo += extra_plans(app, conn, quarter, previous, cluster)
    for page, label, output, inputs, state in todo:
        plans.append((output, inputs, state))
        timing = time_callback(bench.client, app, output, inputs, state, calls=calls)
        rows.append({"page": page, "output": label, "first": timing.first, "p50": timing.p50,
                     "p95": timing.p95, "status": timing.status})
    if clients and plans:
        log(f"{clients} simultaneous clients …")
        rows.append({"page": "*", "output": f"{clients} simultaneous clients, every callback",
                     **measure_concurrent(app, plans, clients, rounds=2)})
    return rows


# -- one scale ------------------------------------------------------------------------------------

def run_scale(scale: str, repeat: int, root: Path, *, calls: int | None = None,
              import_repeat: int | None = None, reuse_db: bool = False, import_only: bool = False,
              clients: int = 0,
              do_baseline: bool = True, do_pages: bool = True,
              log=print) -> dict:
    folder = root / scale
    folder.mkdir(parents=True, exist_ok=True)
    package, generated = package_for(scale, folder, log)
    import_repeat = import_repeat or (1 if scale == "L" else repeat)
    db_path, record = folder / "bench.duckdb", folder / "bench.import.json"
    if reuse_db and db_path.exists() and record.exists():
        recorded = json.loads(record.read_text())
        import_times, import_cpu = recorded["seconds"], recorded.get("cpu_seconds", [])
        log(f"[{scale}] reusing {db_path} (imported in {import_times} s)")
    else:
        import_times, import_cpu = [], []
        record.unlink(missing_ok=True)
        for i in range(import_repeat):
            log(f"[{scale}] import {i + 1}/{import_repeat} …")
            wall, cpu = import_into(package, db_path)
            import_times.append(wall)
            import_cpu.append(cpu)
        record.write_text(json.dumps({"seconds": import_times, "cpu_seconds": import_cpu,
                                      "maxrss_mb": maxrss_mb()}))
    if import_only:
        return {}
    # one pooled engine, as the web server has (a DuckDB connection is costly to open)
    url = f"duckdb:///{db_path}"
    engine = db.server_engine(url)
    counts = row_counts(engine)
    quarter, quarters = review_quarter(engine)
    figures: dict = {"scale": scale, "repeat": repeat, "quarter": quarter, "quarters": len(quarters),
                     "rows": counts, "generate_s": generated, "import_s": statistics.median(import_times),
                     "import_cpu_s": statistics.median(import_cpu) if import_cpu else None}

    log(f"[{scale}] all indicators for {quarter} …")
    figures["quarter_s"], figures["quarter_cpu_s"], results = median_with_cpu(repeat, ours_quarter, engine, quarter)
    figures["results"] = len(results)
    log(f"[{scale}] series over {len(quarters)} quarters …")
    figures["series_s"], figures["series_cpu_s"], series = median_with_cpu(repeat, ours_series, engine)
    from saniveld import cache
    from saniveld.levers import compute_all_indicators

    cache.clear()
    log(f"[{scale}] precomputing every quarter's aggregates (cache.warm) …")
    figures["warm_s"], _ = timed(cache.warm, engine)
    loader = cache.facts(engine)
    figures["quarter_precomputed_s"], _ = median_of(max(repeat, 3), compute_all_indicators, None, quarter,
                                                    loader=loader)
    cached_quarter(engine, quarter), cached_series(engine)  # fill the cache
    figures["quarter_cached_s"], _ = median_of(max(repeat, 5), cached_quarter, engine, quarter)
    figures["series_cached_s"], _ = median_of(max(repeat, 5), cached_series, engine)
    cache.clear()
    del loader
    figures["ours_maxrss_mb"] = maxrss_mb()

    if do_pages:
        log(f"[{scale}] page callbacks …")
        figures["callbacks"] = measure_callbacks(db_path, quarter, calls or (20 if scale == "S" else 10), log,
                                                 clients=clients)
    figures["pages_maxrss_mb"] = maxrss_mb()

    if do_baseline:
        log(f"[{scale}] pandas baseline …")
        b_repeat = 1 if scale == "L" else repeat
        # the notebook reads the tables once (timed) and computes from them; each figure is the
        # read plus its own computation
        figures["baseline_load_s"], tables = median_of(b_repeat, baseline.load, engine)
        seconds, b_quarter = median_of(b_repeat, baseline.all_indicators, engine, quarter, tables)
        figures["baseline_quarter_s"] = figures["baseline_load_s"] + seconds
        seconds, b_series = median_of(b_repeat, baseline.series, engine, quarters, tables)
        figures["baseline_series_s"] = figures["baseline_load_s"] + seconds
        del tables
        problems = baseline.compare_quarter(results, b_quarter) + baseline.compare_series(series, b_series)
        figures["baseline_equal"] = not problems
        figures["baseline_problems"] = problems[:20]
        figures["compared_values"] = 2 * len(results) + sum(len(v) for v in series.values())
    engine.dispose()
    db._server_engines.pop(db.settings.db_url(url), None)
    figures["maxrss_mb"] = maxrss_mb()
    figures["db_mb"] = db_path.stat().st_size / 2**20
    (root / f"results-{scale}.json").write_text(json.dumps(figures, indent=1, default=str))
    return figures


# -- the table ------------------------------------------------------------------------------------

def _s(x) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def table(figures: dict) -> str:
    f = figures
    rows = sum(f["rows"].values())
    lines = [
        f"Saniveld benchmark, scale {f['scale']}: {rows:,} rows "
        f"({f['rows']['money_flows']:,} ledger entries, {f['rows']['experiences']:,} experiences, "
        f"{f['rows']['combos']:,} combos); quarter {f['quarter']}, {f['quarters']} quarters; "
        f"medians of {f['repeat']} runs",
        f"machine: {os.cpu_count()} cores ({platform.machine()}), shared with other work — "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        "",
        f"{'figure':<58}{'ours':>12}{'pandas':>12}{'ours/pandas':>13}",
        f"{'generate demo package (once, not timed per run)':<58}{_s(f.get('generate_s')):>12}",
        f"{'import package into a new DuckDB file':<58}{_s(f['import_s']):>12}",
    ]
    cpu = [(label, f.get(key)) for label, key in (("import", "import_cpu_s"), ("one quarter", "quarter_cpu_s"),
                                                 ("series", "series_cpu_s")) if f.get(key) is not None]
    if cpu:
        lines.append(f"{'CPU time (all threads): ' + ', '.join(f'{label} {_s(v)}' for label, v in cpu):<58}")

    def compared(label, ours, theirs):
        ratio = f"{ours / theirs:.3f}" if theirs else "–"
        lines.append(f"{label:<58}{_s(ours):>12}{_s(theirs):>12}{ratio:>13}")

    if f.get("baseline_load_s") is not None:
        lines.append(f"{'pandas: read the tables (pd.read_sql), in both figures below':<58}{'':>12}"
                     f"{_s(f['baseline_load_s']):>12}")
    compared(f"all indicators, one quarter ({f['results']} values + previous)", f["quarter_s"],
             f.get("baseline_quarter_s"))
    compared("every indicator's series over all quarters (network)", f["series_s"],
             f.get("baseline_series_s"))
    lines.append(f"{'precompute every quarter (cache.warm, after a write)':<58}{_s(f['warm_s']):>12}")
    compared("all indicators of a quarter from the precomputed facts", f["quarter_precomputed_s"],
             f.get("baseline_quarter_s"))
    compared("all indicators of a quarter, cache hit", f["quarter_cached_s"], f.get("baseline_quarter_s"))
    compared("every series, cache hit", f["series_cached_s"], f.get("baseline_series_s"))
    if "baseline_equal" in f:
        verdict = "equal" if f["baseline_equal"] else "DIFFERENT: " + "; ".join(f["baseline_problems"][:3])
        lines.append(f"{'baseline values vs ours (' + str(f['compared_values']) + ' values)':<58}{verdict:>12}")
    if f.get("callbacks"):
        lines += ["", f"{'page callback (server time, test client)':<58}{'first':>9}{'p50':>10}{'p95':>10}  status"]
        for c in f["callbacks"]:
            label = f"{c['page']}: {c['output']}"[:57]
            if "clients" in c:
                lines.append(f"{label:<58}{'':>9}{_s(c['p50']):>10}{_s(c['p95']):>10}  "
                             f"{c['calls']} calls, {c['failures']} failed, switch interval "
                             f"{c.get('switch_interval_ms', 5):g} ms")
                continue
            lines.append(f"{label:<58}{_s(c['first']):>9}{_s(c['p50']):>10}{_s(c['p95']):>10}  {c['status']}")
    lines += [
        "",
        f"{'peak memory after our computations (maxrss)':<58}{f['ours_maxrss_mb']:>9.0f} MB",
        f"{'peak memory with pages':<58}{f['pages_maxrss_mb']:>9.0f} MB",
        f"{'peak memory with the pandas baseline':<58}{f['maxrss_mb']:>9.0f} MB",
        f"{'database file':<58}{f['db_mb']:>9.1f} MB",
    ]
    return "\n".join(lines)


def ratios(root: Path, order=("S", "M", "L")) -> str:
    """Cost ratio per scale step next to the data ratio (rows): at most linear means cost ≤ data."""
    found = {}
    for scale in order:
        path = root / f"results-{scale}.json"
        if path.exists():
            found[scale] = json.loads(path.read_text())
    steps = [(a, b) for a, b in zip(order, order[1:]) if a in found and b in found]
    if not steps:
        return ""
    lines = ["", f"{'step':<8}{'rows':>9}{'import':>9}{'quarter':>9}{'series':>9}{'cb p95 max':>12}{'memory':>9}{'db file':>9}"]
    for a, b in steps:
        fa, fb = found[a], found[b]

        def r(key):
            return f"{fb[key] / fa[key]:.1f}×" if fa.get(key) and fb.get(key) else "–"

        def cb(fx):
            return max((c["p95"] for c in fx.get("callbacks", []) if "clients" not in c), default=None)

        cb_ratio = f"{cb(fb) / cb(fa):.1f}×" if cb(fa) and cb(fb) else "–"
        data = sum(fb["rows"].values()) / sum(fa["rows"].values())
        lines.append(f"{a}→{b:<5}{data:>8.1f}×{r('import_s'):>9}{r('quarter_s'):>9}{r('series_s'):>9}"
                     f"{cb_ratio:>12}{r('ours_maxrss_mb'):>9}{r('db_mb'):>9}")
        lines.append(f"{'  CPU':<8}{'':>9} {r('import_cpu_s'):>9}{r('quarter_cpu_s'):>9}{r('series_cpu_s'):>9}")
    lines.append("(cost grows at most linearly when each ratio is at most the rows ratio; the CPU line "
                 "compares CPU time, which waiting for a busy machine's cores does not inflate)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", nargs="+", default=["S"], choices=["S", "M", "L"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--calls", type=int, default=None, help="calls per page callback")
    parser.add_argument("--import-repeat", type=int, default=None)
    parser.add_argument("--clients", type=int, default=0,
                        help="also N simultaneous signed-in clients calling every callback (issue: 20 at S)")
    parser.add_argument("--reuse-db", action="store_true",
                        help="keep the database of an earlier run (and its recorded import time)")
    parser.add_argument("--import-only", action="store_true", help="generate and import, nothing else")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-pages", action="store_true")
    args = parser.parse_args(argv)
    args.db_dir.mkdir(parents=True, exist_ok=True)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    ok = True
    for scale in args.scale:
        figures = run_scale(scale, args.repeat, args.db_dir, calls=args.calls,
                            import_repeat=args.import_repeat, reuse_db=args.reuse_db,
                            import_only=args.import_only, clients=args.clients, do_baseline=not args.no_baseline,
                            do_pages=not args.no_pages, log=log)
        if not figures:
            continue
        print(table(figures), flush=True)
        print(flush=True)
        ok = ok and figures.get("baseline_equal", True)
    print(ratios(args.db_dir))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
