"""Server time of the cluster, network and roles page callbacks (Flask test client), p50/p95.

    PYTHONPATH=. python bench/page_callbacks.py COPY.duckdb 2026-Q2 20 [uncached [ROLE]]

Run it on a COPY of a benchmark database (it adds a user). `uncached` empties saniveld.cache
before every call; ROLE (default network_manager) is the benchmark user's role. Besides each
page callback it times the grid's page 2 sorted on residents, a filtered grid and the network
map of one cluster. Works on the clientside grid (rowData) and the paged grid alike.
"""
import json
import sys

sys.path.insert(0, ".")
from bench.run import FIRST_ROWS as REQUEST  # noqa: E402
from bench.run import callback_inputs, page_callbacks, page_of  # noqa: E402
from bench.timing import BENCH_USER, signed_in, time_callback  # noqa: E402
from saniveld import cache  # noqa: E402

path, quarter, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
uncached = len(sys.argv) > 4 and sys.argv[4] == "uncached"
role = sys.argv[5] if len(sys.argv) > 5 else "network_manager"
bench = signed_in(f"duckdb:///{path}", role, user=f"{BENCH_USER}_{role}")
plans = []
for output, entry in page_callbacks(bench.app, bench.principal):
    page = page_of(entry)
    if page in ("cluster", "network", "roles"):
        plans.append((page, output, *callback_inputs(entry, quarter, bench.cluster, page)))
for page, output, inputs, state in plans:
    extra = []
    if "getRowsRequest" in output or "getRowsRequest" in json.dumps(inputs):
        extra = [(" sorted desc residents, page 2", {**REQUEST, "startRow": 50, "endRow": 100,
                  "sortModel": [{"colId": "residents", "sort": "desc"}]}),
                 (" filtered name contains '1'", {**REQUEST, "filterModel": {"name": {"filterType": "text", "type": "contains", "filter": "1"}}})]
    if "network-map.elements" in output:
        extra = [(" one cluster", None)]
    for label, request in [("", None), *extra]:
        ins = dict(inputs)
        if request is not None:
            ins["cluster-grid.getRowsRequest"] = request
        if label == " one cluster":
            ins["network-cluster.value"] = bench.cluster
        t = time_callback(bench.client, bench.app, output, ins, state, calls=calls,
                          before=cache.clear if uncached else None)
        name = output.strip(".").split("...")[0][:40] + label
        print(f"{page:8} {name:62} first {t.first*1000:9.1f} ms  p50 {t.p50*1000:9.1f} ms  p95 {t.p95*1000:9.1f} ms  {sorted(t.statuses)} {t.size/1024:.0f} kB", flush=True)
