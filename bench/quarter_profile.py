"""All indicators of one quarter, cold, as bench/run.py measures it — and where the time goes.

    PYTHONPATH=. python bench/quarter_profile.py COPY.duckdb [--repeat 3] [--facets] [--review]

"Cold": no saniveld.cache and no precomputed facts; ``compute_all_indicators`` on a pooled
engine (as bench/run.py's ``ours_quarter``), for the benchmark's quarter (the latest complete
one). Prints the median wall time and the median CPU time of the process (user + system, all
threads: steadier than wall time on a shared machine) with the load average. ``--facets``
times each aggregate query of :class:`saniveld.levers.indicators.FactsLoader` alone and the
arithmetic from loaded facts. ``--review`` times the review page's first callback with an empty
cache (network scope, then one cluster). Only reads the database.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import review_quarter  # noqa: E402
from saniveld.db import engine as db  # noqa: E402
from saniveld.levers import compute_all_indicators  # noqa: E402
from saniveld.levers.indicators import FactsLoader  # noqa: E402
from saniveld.quarters import Quarter  # noqa: E402

FACETS = ("clusters", "inhabitants", "combos", "experiences", "money", "budget", "roles")


def clocked(fn, *args, **kwargs):
    """(wall seconds, CPU seconds of the process, result)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def medians(repeat: int, fn, *args, **kwargs):
    runs = [clocked(fn, *args, **kwargs) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            [round(r[0] * 1000) for r in runs], runs[-1][2])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms"


def review_first_call(path: str, quarter: str, cluster: str | None) -> tuple[float, float]:
    """The review page's status/flywheel/boundaries/cards callback with an empty cache."""
    from saniveld import cache
    from saniveld.web.testing import call_callback, sign_in
    from bench.run import BENCH_PASSWORD, BENCH_USER, _output_of

    app = _review_app(path)
    client = app.server.test_client()
    sign_in(client, BENCH_USER, BENCH_PASSWORD)
    output = _output_of(app, "review-status.children")
    inputs = {"quarter-picker.value": quarter, "review-cluster.value": cluster,
              "review-compare.value": None, "review-close-saved.data": 0}
    cache.clear()
    wall, cpu, response = clocked(call_callback, client, app, output, inputs, {})
    assert response.status_code == 200, response.status_code
    return wall, cpu


_apps: dict = {}


def _review_app(path: str):
    if path not in _apps:
        from saniveld import users
        from saniveld.web import create_app
        from bench.run import BENCH_PASSWORD, BENCH_USER

        with db.transaction(db.server_engine(f"duckdb:///{path}")) as conn:
            if users.get_user(conn, BENCH_USER) is None:
                users.add_user(conn, BENCH_USER, "network_manager", BENCH_PASSWORD)
        _apps[path] = create_app(f"duckdb:///{path}")
    return _apps[path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--facets", action="store_true")
    parser.add_argument("--review", action="store_true", help="the review page's first callback (adds a user)")
    args = parser.parse_args(argv)
    engine = db.server_engine(f"duckdb:///{args.db}")
    quarter, _ = review_quarter(engine)

    def ours():
        with db.connect(engine) as conn:
            return compute_all_indicators(conn, quarter)

    wall, cpu, runs, results = medians(args.repeat, ours)
    print(f"{Path(args.db).name} {quarter}: all indicators, one quarter (cold): wall {ms(wall)}, "
          f"cpu {ms(cpu)}; runs {runs} ms; {len(results)} values; load {os.getloadavg()[0]:.1f}")
    if args.facets:
        q = Quarter.parse(quarter)
        for name in FACETS:
            def one():
                with db.connect(engine) as conn:
                    return getattr(FactsLoader(conn, [q, q.previous()]), name)
            wall, cpu, _, _ = medians(args.repeat, one)
            print(f"  facet {name:<12} wall {ms(wall)}  cpu {ms(cpu)}")
        with db.connect(engine) as conn:
            loader = FactsLoader(conn, [q, q.previous()]).load_all()
        wall, cpu, _, _ = medians(args.repeat, compute_all_indicators, None, quarter, loader=loader)
        print(f"  arithmetic   wall {ms(wall)}  cpu {ms(cpu)}")
    if args.review:
        from bench.run import BENCH_USER  # noqa: F401

        with db.connect(engine) as conn:
            from saniveld.levers.facts import cluster_codes
            cluster = cluster_codes(conn)[0]
        for scope in (None, cluster):
            wall, cpu = review_first_call(args.db, quarter, scope)
            print(f"  review page, first callback, empty cache ({scope or 'network'}): wall {ms(wall)}, "
                  f"cpu {ms(cpu)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
