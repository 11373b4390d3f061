"""Time the money editor's callbacks (/geldstromen/bewerken) on a benchmark database copy.

    PYTHONPATH=. python bench/editor_callbacks.py /tmp/me/S.duckdb [--calls 20] [--quarter Q] [--cold]

Server time through the Flask test client as the benchmark's network manager, p50/p95 over
`--calls` calls, like bench/run.py's page callbacks (the cache kept between calls: the first
call, which fills it, is in the p95). `--cold` clears saniveld.cache before every call (what the
first visitor after a write waits). The preview moves 1,00 between two combos of one cluster
(bench.run._a_move). Work on a COPY of a benchmark database: a user is added to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.run import BENCH_PASSWORD, BENCH_USER, _a_move, _output_of, percentile, review_quarter, timed  # noqa: E402
from saniveld import cache  # noqa: E402
from saniveld.db import engine as db  # noqa: E402


def plans(conn: sa.Connection, app, quarter: str) -> list[tuple[str, str, dict, dict]]:
    """(label, output, inputs, state) of every editor callback a visit runs, and a preview."""
    block = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}
    refresh = {"editor-refresh-move.data": 0, "editor-refresh-undo.data": 0, "editor-refresh-lock.data": 0}
    out = [
        ("grid (rows, options, state)", _output_of(app, "editor-grid-body.children"),
         {"quarter-picker.value": quarter, **refresh}, {}),
        ("grid page (first 100)", _output_of(app, "editor-grid.getRowsResponse"),
         {"editor-grid.getRowsRequest": block}, {"quarter-picker.value": quarter}),
        ("grid page 2 sorted amount desc", _output_of(app, "editor-grid.getRowsResponse"),
         {"editor-grid.getRowsRequest": {**block, "startRow": 100, "endRow": 200,
                                         "sortModel": [{"colId": "amount", "sort": "desc"}]}},
         {"quarter-picker.value": quarter}),
        ("recipient search '1'", _output_of(app, "editor-to.options@"),
         {"editor-to-search.data": "1"}, {"editor-to.value": None}),
        ("history", _output_of(app, "editor-history-grid.rowData"),
         {"quarter-picker.value": quarter, "editor-history-source.value": None,
          "editor-history-code.value": None, **refresh}, {}),
    ]
    move = _a_move(conn, quarter)
    if move is not None:
        out.append(("what-if preview of a move", _output_of(app, "editor-whatif-body.children"),
                    {"editor-preview.n_clicks": 1, "editor-commit.n_clicks": 0},
                    {"quarter-picker.value": quarter, "editor-from.value": move["from"],
                     "editor-to.value": move["to"], "editor-amount.value": "1,00",
                     "editor-reason.value": None, "editor-flow.value": move["flow"],
                     "editor-pending.data": None, "editor-refresh-move.data": 0}))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--quarter", default=None)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--only", default=None, help="only the callbacks whose label contains this")
    parser.add_argument("--warm", action="store_true",
                        help="cache.warm first, as `saniveld run` does at start (keep_warm)")
    parser.add_argument("--profile", default=None, help="cProfile the callbacks whose label contains this")
    args = parser.parse_args(argv)

    from saniveld import users
    from saniveld.web import create_app
    from saniveld.web.testing import call_callback, sign_in

    url = f"duckdb:///{args.database}"
    engine = db.server_engine(url)
    db.create_schema(engine)
    with db.transaction(engine) as conn:
        if users.get_user(conn, BENCH_USER) is None:
            users.add_user(conn, BENCH_USER, "network_manager", BENCH_PASSWORD)
    quarter = args.quarter or review_quarter(engine)[0]
    engine.dispose()
    app = create_app(url)
    client = app.server.test_client()
    sign_in(client, BENCH_USER, BENCH_PASSWORD)
    with db.connect(app.server.config["SANIVELD_ENGINE"]) as conn:
        todo = plans(conn, app, quarter)
    if args.warm:
        seconds, _ = timed(cache.warm, app.server.config["SANIVELD_ENGINE"])
        print(f"cache.warm {seconds:.1f} s")
    print(f"{args.database} quarter {quarter} {'cold' if args.cold else 'cache kept'}, {args.calls} calls")
    for label, output, inputs, state in todo:
        if args.only and args.only not in label:
            continue
        times, statuses, size = [], set(), 0
        for _ in range(args.calls):
            if args.cold:
                cache.clear()
            seconds, response = timed(call_callback, client, app, output, inputs, state)
            times.append(seconds)
            statuses.add(response.status_code)
            size = len(response.get_data())
        if args.profile and args.profile in label:
            import cProfile
            import pstats
            profile = cProfile.Profile()
            profile.enable()
            call_callback(client, app, output, inputs, state)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        print(f"{label:34} first {times[0] * 1000:8.1f} ms  p50 {percentile(times, .5) * 1000:8.1f} ms  "
              f"p95 {percentile(times, .95) * 1000:8.1f} ms  {sorted(statuses)} {size / 1024:.0f} kB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
