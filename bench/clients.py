"""Simultaneous clients in one process: p50/p95 per callback and the server's CPU per call.

    python bench/clients.py /tmp/copy-of-S.duckdb --clients 20 --seconds 30
    python bench/clients.py /tmp/copy-of-S.duckdb --clients 20 --mix every --rounds 2

Works on a DuckDB file made by ``bench/run.py`` (use a copy: the benchmark user is added to it).
Every client is a thread with its own Flask test client, signed in through the login form as
the benchmark user (a network manager, who may open every page), posting to
``/_dash-update-component`` exactly what Dash's renderer posts, as ``saniveld run`` would serve
it: one process, one engine, many threads (the test client runs the request in the calling
thread, so all requests run in this process).

Two mixes:

* ``realistic`` (default): until ``--seconds`` are up, each client opens a page after another
  (review 3 : cluster 2 : network, roles, money, editor 1 each) and runs that page's data
  callbacks one after another, as the browser fires them when the page opens; the review page
  is shown for the network, one cluster or compared with the previous quarter, and one opening
  of the money editor in three also previews a move (the what-if). No think time: a closed
  loop, the worst case for 20 users.
* ``every``: each client calls every callback (including the variants above) ``--rounds``
  times, all clients starting together (what ``bench/run.py --clients`` measures).

Printed: per callback the number of calls, p50 and p95 of the wall time and the median CPU
time of the thread that ran it (the request runs in the client's thread; DuckDB's own worker
threads are not in it); then overall p50/p95 (with and without the editor's preview), calls per
second and the process's CPU time per call (every thread: server, DuckDB, and the test client's
own small share). On a machine shared with other work the CPU figures are the steadier ones.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/clients.py` from the repository
    sys.path.insert(0, str(ROOT))

from bench.run import callback_inputs, extra_plans, page_callbacks, page_of, review_quarter  # noqa: E402
from bench.timing import BENCH_PASSWORD, BENCH_USER, percentile, signed_in  # noqa: E402
from saniveld.db import engine as db  # noqa: E402
from saniveld.quarters import Quarter  # noqa: E402

PAGE_WEIGHTS = {"review": 3, "cluster": 2, "network": 1, "roles": 1, "money": 1, "money_editor": 1}
PREVIEW_SHARE = 1 / 3  # openings of the money editor that also preview a move
PREVIEW = "editor-whatif-body… (preview a move)"


def _label(output: str) -> str:
    first = output.strip(".").split("...")[0].split("@")[0]
    return first[:48]


def plans_by_page(bench, quarter: str) -> dict[str, list[tuple[str, str, dict, dict]]]:
    """{page: [(label, output, inputs, state)]}: a page's data callbacks as it opens, plus the
    review page's variants and the editor's preview (under "review:cluster", "review:compare",
    "money_editor:preview")."""
    app = bench.app
    pages: dict[str, list] = defaultdict(list)
    for output, entry in page_callbacks(app, bench.principal):
        page = page_of(entry)
        if page not in PAGE_WEIGHTS:
            continue
        if any(i["property"] == "selectedRows" for i in entry["inputs"]):
            continue  # a row's details: only after a click
        inputs, state = callback_inputs(entry, quarter, bench.cluster, page)
        pages[page].append((f"{page}: {_label(output)}", output, inputs, state))
    previous = str(Quarter.parse(quarter).previous())
    with db.connect(bench.engine) as conn:
        extra = extra_plans(app, conn, quarter, previous, bench.cluster)
    for page, label, output, inputs, state in extra:
        kind = ("money_editor:preview" if "preview" in label
                else "review:cluster" if "one cluster" in label else "review:compare")
        pages[kind].append((f"{page}: {label}", output, inputs, state))
    return dict(pages)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.wall: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []

    def call(self, client, app, label, output, inputs, state):
        from saniveld.web.testing import call_callback

        wall0, cpu0 = time.perf_counter(), time.thread_time()
        response = call_callback(client, app, output, inputs, state)
        response.get_data()
        cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
        with self.lock:
            self.wall[label].append(wall)
            self.cpu[label].append(cpu)
            if response.status_code not in (200, 204):
                self.failures.append(f"{label}: HTTP {response.status_code}")


def run(db_path: Path, clients: int, mix: str, seconds: float, rounds: int, seed: int,
        log=print) -> dict:
    from saniveld import cache
    from saniveld.web.testing import signed_in_client

    url = f"duckdb:///{db_path}"
    bench = signed_in(url)
    quarter, _ = review_quarter(bench.engine)
    pages = plans_by_page(bench, quarter)
    app = bench.app
    cache.warm(bench.engine)  # as `saniveld run` does at start (cache.keep_warm)
    for plans in pages.values():  # every callback once: the cache holds what a running server would
        for label, output, inputs, state in plans:
            Recorder().call(bench.client, app, label, output, inputs, state)
    sessions = [signed_in_client(app, BENCH_USER, BENCH_PASSWORD) for _ in range(clients)]
    recorder = Recorder()
    barrier = threading.Barrier(clients + 1)
    rng = random.Random(seed)
    weights = list(PAGE_WEIGHTS.items())

    def realistic(client, r: random.Random, until: float):
        while time.monotonic() < until:
            page = r.choices([p for p, _ in weights], [w for _, w in weights])[0]
            plans = list(pages.get(page, []))
            if page == "review":
                variant = r.choice(["review", "review:cluster", "review:compare"])
                if variant != "review":  # the same callbacks, the main one with other inputs
                    plans = [p for p in plans if "review-status" not in p[1]] + pages.get(variant, [])
            if page == "money_editor" and r.random() < PREVIEW_SHARE:
                plans += pages.get("money_editor:preview", [])
            for plan in plans:
                recorder.call(client, app, *plan)

    def every(client, _r, _until):
        plans = [p for ps in pages.values() for p in ps]
        for _ in range(rounds):
            for plan in plans:
                recorder.call(client, app, *plan)

    work = realistic if mix == "realistic" else every

    def thread_main(client, r):
        barrier.wait()
        work(client, r, time.monotonic() + seconds)

    threads = [threading.Thread(target=thread_main, args=(s, random.Random(rng.random())), daemon=True)
               for s in sessions]
    for thread in threads:
        thread.start()
    barrier.wait()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    bench.engine.dispose()
    return {"clients": clients, "mix": mix, "quarter": quarter, "elapsed": elapsed, "cpu": cpu,
            "switch_interval_ms": sys.getswitchinterval() * 1000,  # as create_app set it
            "wall": dict(recorder.wall), "thread_cpu": dict(recorder.cpu), "failures": recorder.failures}


def report(r: dict) -> str:
    ms = lambda x: f"{x * 1000:.0f}"  # noqa: E731
    lines = [f"{r['clients']} clients, mix {r['mix']}, quarter {r['quarter']}, {r['elapsed']:.1f} s, "
             f"switch interval {r['switch_interval_ms']:g} ms",
             f"{'callback':<62}{'calls':>6}{'p50 ms':>8}{'p95 ms':>8}{'cpu ms':>8}"]
    for label in sorted(r["wall"]):
        times = r["wall"][label]
        lines.append(f"{label[:61]:<62}{len(times):>6}{ms(statistics.median(times)):>8}"
                     f"{ms(percentile(times, 0.95)):>8}{statistics.median(r['thread_cpu'][label]) * 1000:>8.1f}")
    every = [t for times in r["wall"].values() for t in times]
    rest = [t for label, times in r["wall"].items() if PREVIEW not in label for t in times]
    calls = len(every)
    lines.append(f"{'all':<62}{calls:>6}{ms(percentile(every, 0.5)):>8}{ms(percentile(every, 0.95)):>8}")
    if rest and len(rest) != calls:
        lines.append(f"{'all but the preview':<62}{len(rest):>6}{ms(percentile(rest, 0.5)):>8}"
                     f"{ms(percentile(rest, 0.95)):>8}")
    lines.append(f"throughput {calls / r['elapsed']:.1f} calls/s; process CPU {r['cpu']:.1f} s = "
                 f"{r['cpu'] / calls * 1000:.1f} ms per call; failures {len(r['failures'])}")
    lines.extend("  " + f for f in r["failures"][:10])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path, help="a DuckDB file made by bench/run.py (a copy: the bench user is added)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mix", choices=["realistic", "every"], default="realistic")
    parser.add_argument("--seconds", type=float, default=30, help="realistic mix: how long")
    parser.add_argument("--rounds", type=int, default=2, help="mix every: calls of each callback per client")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = run(args.db, args.clients, args.mix, args.seconds, args.rounds, args.seed)
    print(report(result), flush=True)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
