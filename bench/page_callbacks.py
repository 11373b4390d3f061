"""Server time of the cluster, network and roles page callbacks (Flask test client), p50/p95.

    PYTHONPATH=. python bench/page_callbacks.py COPY.duckdb 2026-Q2 20 [uncached [ROLE]]

Run it on a COPY of a benchmark database (it adds a user). `uncached` empties saniveld.cache
before every call; ROLE (default network_manager) is the benchmark user's role. Besides each
page callback it times the grid's page 2 sorted on residents, a filtered grid and the network
map of one cluster. Works on the clientside grid (rowData) and the paged grid alike.
"""
import sys, time, json
sys.path.insert(0, ".")
import sqlalchemy as sa
from bench.run import BENCH_USER, BENCH_PASSWORD, page_callbacks, page_of, percentile, timed, _input_value
from saniveld import users
from saniveld.db import engine as db
from saniveld.db import schema as s

path, quarter, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
uncached = len(sys.argv) > 4 and sys.argv[4] == "uncached"
role = sys.argv[5] if len(sys.argv) > 5 else "network_manager"
from saniveld.web import create_app
from saniveld.web.testing import call_callback, sign_in
url = f"duckdb:///{path}"
engine = db.server_engine(url)
user = f"{BENCH_USER}_{role}"
with db.transaction(engine) as conn:
    cluster = conn.execute(sa.select(sa.func.min(s.clusters.c.cluster_code))).scalar_one()
    if users.get_user(conn, user) is None:
        kw = {"cluster_code": cluster} if role == "coordinator" else {}
        users.add_user(conn, user, role, BENCH_PASSWORD, **kw)
    principal = users.get_user(conn, user)
app = create_app(url)
client = app.server.test_client()
sign_in(client, user, BENCH_PASSWORD)
try:
    from saniveld import cache
except ImportError:
    cache = None
REQUEST = {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {}}
plans = []
for output, entry in page_callbacks(app, principal):
    page = page_of(entry)
    if page not in ("cluster", "network", "roles"):
        continue
    keys = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
    states = [f"{x['id']}.{x['property']}" for x in entry["state"]]
    val = lambda k: REQUEST if k.endswith("getRowsRequest") else _input_value(k, quarter, cluster, f"/{page}")
    plans.append((page, output, {k: val(k) for k in keys}, {k: val(k) for k in states}))
variants = [("", None)]
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
            ins["network-cluster.value"] = cluster
        times, statuses, size = [], set(), 0
        for _ in range(calls):
            if uncached and cache is not None:
                cache.clear()
            seconds, response = timed(call_callback, client, app, output, ins, state)
            times.append(seconds); statuses.add(response.status_code); size = len(response.get_data())
        name = output.strip(".").split("...")[0][:40] + label
        print(f"{page:8} {name:62} first {times[0]*1000:9.1f} ms  p50 {percentile(times, .5)*1000:9.1f} ms  p95 {percentile(times, .95)*1000:9.1f} ms  {sorted(statuses)} {size/1024:.0f} kB", flush=True)
