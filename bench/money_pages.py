"""Time the Geldstromen page's callbacks on an existing benchmark database (prints figures).

    PYTHONPATH=. python bench/money_pages.py /tmp/me/S/bench.duckdb [--calls 20] [--quarter Q]

The same measurement as bench/run.py's page callbacks (server time through the Flask test
client, as the benchmark's network manager), restricted to the money page, with the cache
cleared before every call ("cold": what the first visitor after a write waits) and then kept
("warm": a repeat). Work on a COPY of a benchmark database: a user is added to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.run import (BENCH_PASSWORD, BENCH_USER, _input_value, page_callbacks,  # noqa: E402
                       page_of, percentile, review_quarter, timed)
from saniveld import cache  # noqa: E402
from saniveld.db import engine as db  # noqa: E402
from saniveld.db import schema as s  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--cold-calls", type=int, default=None)
    parser.add_argument("--quarter", default=None)
    parser.add_argument("--page", default="money")
    args = parser.parse_args(argv)

    from saniveld import users
    from saniveld.web import create_app
    from saniveld.web.testing import call_callback, sign_in

    url = f"duckdb:///{args.database}"
    engine = db.server_engine(url)
    with db.transaction(engine) as conn:
        if users.get_user(conn, BENCH_USER) is None:
            users.add_user(conn, BENCH_USER, "network_manager", BENCH_PASSWORD)
        cluster = conn.execute(sa.select(sa.func.min(s.clusters.c.cluster_code))).scalar_one()
        principal = users.get_user(conn, BENCH_USER)
    quarter = args.quarter or review_quarter(engine)[0]
    engine.dispose()
    app = create_app(url)
    client = app.server.test_client()
    sign_in(client, BENCH_USER, BENCH_PASSWORD)
    print(f"{args.database} quarter {quarter}")
    print(f"{'callback':45} {'cold p50':>10} {'cold p95':>10} {'warm p50':>10} {'warm p95':>10}")
    cold_calls = args.cold_calls or args.calls
    for output, entry in page_callbacks(app, principal):
        page = page_of(entry)
        if page != args.page:
            continue
        keys = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
        inputs = {k: _input_value(k, quarter, cluster, f"/{page}") for k in keys}
        cold, warm = [], []
        for _ in range(cold_calls):
            cache.clear()
            seconds, response = timed(call_callback, client, app, output, inputs, {})
            assert response.status_code == 200, response.status_code
            cold.append(seconds)
        for _ in range(args.calls):
            seconds, response = timed(call_callback, client, app, output, inputs, {})
            warm.append(seconds)
        name = output.strip(".").split("...")[0][:45]
        ms = [1000 * percentile(x, p) for x in (cold, warm) for p in (0.5, 0.95)]
        print(f"{name:45} " + " ".join(f"{v:8.1f}ms" for v in ms), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
