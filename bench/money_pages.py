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

from bench.run import callback_inputs, page_callbacks, page_of, review_quarter  # noqa: E402
from bench.timing import signed_in, time_callback  # noqa: E402
from saniveld import cache  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--cold-calls", type=int, default=None)
    parser.add_argument("--quarter", default=None)
    parser.add_argument("--page", default="money")
    args = parser.parse_args(argv)

    bench = signed_in(f"duckdb:///{args.database}")
    quarter = args.quarter or review_quarter(bench.engine)[0]
    print(f"{args.database} quarter {quarter}")
    print(f"{'callback':45} {'cold p50':>10} {'cold p95':>10} {'warm p50':>10} {'warm p95':>10}")
    cold_calls = args.cold_calls or args.calls
    for output, entry in page_callbacks(bench.app, bench.principal):
        page = page_of(entry)
        if page != args.page:
            continue
        inputs, _ = callback_inputs(entry, quarter, bench.cluster, page)
        cold = time_callback(bench.client, bench.app, output, inputs, {}, calls=cold_calls,
                             before=cache.clear)
        assert cold.statuses == {200}, cold.statuses
        warm = time_callback(bench.client, bench.app, output, inputs, {}, calls=args.calls)
        name = output.strip(".").split("...")[0][:45]
        ms = [1000 * x for timing in (cold, warm) for x in (timing.p50, timing.p95)]
        print(f"{name:45} " + " ".join(f"{v:8.1f}ms" for v in ms), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
