"""Load test: N simulated users of every role browse the served dashboard and move money.

    python bench/load.py --db postgresql+psycopg://postgres@127.0.0.1:54329/saniveld_load \
        --users 50 --seconds 60 --workers 4

What it does, against a real server on loopback (``saniveld run --workers N`` in a child
process, or ``--url`` for one you started yourself):

1. prepares the database: the schema, the demo package (data/demo) when it is empty, and one
   user per simulated client (roles in turn: official, funder, network manager, coordinator,
   admin), all with one random password kept in memory only;
2. every client logs in through the login form (CSRF and all) and, until the time is up,
   opens pages: the page itself and its data callbacks on ``/_dash-update-component``, with
   the payloads Dash's renderer sends. Network managers also move money through the
   allocation editor's callback, each move with its own idempotency key; one move in ten is
   deliberately sent twice (a double click) and must be recorded once;
3. afterwards it recomputes the ledger from the database: every move the clients saw accepted
   is there exactly once, no move is there that no client sent, and the money allocated in
   each quarter is what it was before plus nothing (a reallocation moves money, it does not
   create it).

It prints request counts, failures (any HTTP status other than 200/204, or a transport error),
p50/p95/max latency per kind of request, the server's CPU time per request (the server process and
its workers, from /proc: what the load costs the server, apart from the load clients sharing the
machine; for ``--url`` give ``--server-pid``), and the ledger check. Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from saniveld import access, overview, users  # noqa: E402
from saniveld.db import engine as db  # noqa: E402
from saniveld.db import schema  # noqa: E402
from saniveld.ledger import current_flows  # noqa: E402
from saniveld.web import auth  # noqa: E402
from saniveld.web.testing import callback_body  # noqa: E402

ROLES = ("official", "funder", "network_manager", "coordinator", "admin")
FUNDERS = ("FND-GEMEENTE", "FND-ZORGKANTOOR", "FND-ZORGVERZEKERAAR")
PAGES = {  # page path -> the module whose callbacks draw it
    "/": "saniveld.web.pages.review",
    "/netwerk": "saniveld.web.pages.network",
    "/rollen": "saniveld.web.pages.roles",
    "/geldstromen": "saniveld.web.pages.money",
    "/cluster/{cluster}": "saniveld.web.pages.cluster",
}
# Inputs a callback gets from a user's action (a click, an upload): not part of opening a page.
ACTION_PROPERTIES = ("n_clicks", "contents", "selectedRows", "tapNodeData", "selectedRowIds")


# ---------------------------------------------------------------------------------------------
# Preparation


def prepare(url: str, clients: int) -> tuple[str, list[tuple[str, str, str | None]], str]:
    """Schema, demo data and the load users; returns (password, [(user, role, cluster)], quarter)."""
    engine = db.command_engine(url)
    db.create_schema(engine)
    with db.connect(engine) as conn:
        empty = overview.municipality_name(conn) is None
    if empty:
        from saniveld.package.importer import import_package

        print("demo package importeren / importing the demo package …", file=sys.stderr)
        import_package(engine, ROOT / "data" / "demo", posted_by="load-test")
    password = secrets.token_urlsafe(16)
    accounts = []
    with db.transaction(engine) as conn:
        clusters = [c for (c,) in conn.execute(sa.select(schema.clusters.c.cluster_code)
                                               .order_by(schema.clusters.c.cluster_code))]
        quarter = overview.quarters_with_data(conn)[-1]
        for i in range(clients):
            role = ROLES[i % len(ROLES)]
            name = f"load-{role}-{i:03d}"
            cluster = clusters[i % len(clusters)] if role == "coordinator" else None
            funder = FUNDERS[i % len(FUNDERS)] if role == "funder" else None
            if users.get_user(conn, name) is None:
                users.add_user(conn, name, role, password, cluster_code=cluster,
                               funder_code=funder, display_name=name, by=None)
            else:
                users.set_password(conn, name, password)
            accounts.append((name, role, cluster))
    engine.dispose()
    return password, accounts, quarter


def ledger_snapshot(url: str, quarter: str) -> tuple[Decimal, dict[str, int]]:
    """(money allocated in the quarter, {move posting key: number of postings})."""
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        flows = current_flows(conn, quarter)
        allocated = sum((Decimal(a) for a in flows.loc[flows["kind"] == "allocation", "amount"]),
                        Decimal("0"))
        lp = schema.ledger_postings
        keys = defaultdict(int)
        for (key,) in conn.execute(sa.select(lp.c.posting_key).where(lp.c.source == "move")):
            keys[key] += 1
    engine.dispose()
    return allocated, dict(keys)


# ---------------------------------------------------------------------------------------------
# The served app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "SANIVELD_ENV": "development",
           "SANIVELD_SECRET_KEY": os.environ.get("SANIVELD_SECRET_KEY") or secrets.token_urlsafe(48)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "saniveld", "run", "--workers", str(workers), "--port", str(port),
         "--db", url], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return proc, base
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("de server startte niet / the server did not start:\n" + proc.stderr.read()[-2000:])


def callback_plan(url: str):
    """The app's callbacks by page module, with their action: what a browser would call."""
    from saniveld.web import create_app

    app = create_app(url)
    app.server.config["SANIVELD_ENGINE"].dispose()
    plan = defaultdict(list)
    for output, entry in app.callback_map.items():
        func = entry.get("callback")  # clientside callbacks have none
        action = getattr(func, "saniveld_action", None)
        props = [i["property"] for i in entry["inputs"]]
        if action is None or any(p in ACTION_PROPERTIES for p in props):
            continue
        plan[func.__module__].append((output, action))
    return app, plan


# ---------------------------------------------------------------------------------------------
# Clients


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    moves_accepted: dict[str, Decimal] = field(default_factory=dict)
    moves_refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def time(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def fail(self, text: str) -> None:
        with self.lock:
            self.failures.append(text)


class Client:
    def __init__(self, base: str, app, plan, account, password, quarter, results: Results,
                 move_callback, rng: random.Random):
        self.base, self.app, self.plan = base, app, plan
        self.name, self.role, self.cluster = account
        self.password, self.quarter, self.results = password, quarter, results
        self.move_callback = move_callback
        self.rng = rng
        self.http = requests.Session()
        self.principal = access.Principal(self.name, self.role, cluster_code=self.cluster,
                                          funder_code="X" if self.role == "funder" else None)

    def request(self, kind: str, method: str, path: str, ok=(200, 204),
                **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=60, **kwargs)
        except requests.RequestException as exc:
            self.results.fail(f"{kind}: {exc.__class__.__name__}: {exc}")
            return None
        self.results.time(kind, time.perf_counter() - started)
        if response.status_code not in ok:
            self.results.fail(f"{kind}: HTTP {response.status_code} as {self.role}")
        return response

    def login(self) -> None:
        page = self.request("login", "GET", "/login")
        token = auth_form_token(page.text)
        response = self.request("login", "POST", "/login", ok=(302, 303), allow_redirects=False, data={
            "csrf_token": token, "username": self.name, "password": self.password})
        if response is None or response.status_code not in (302, 303):
            raise SystemExit(f"login failed for {self.name}")

    def headers(self) -> dict:
        return {auth.CSRF_HEADER: self.http.cookies.get(auth.CSRF_COOKIE, "")}

    def callback(self, kind: str, output: str, inputs: dict, state: dict | None = None):
        body = callback_body(self.app, output, inputs, state)
        return self.request(kind, "POST", "/_dash-update-component", json=body,
                            headers=self.headers())

    def open_page(self) -> None:
        path, module = self.rng.choice(list(PAGES.items()))
        cluster = self.cluster or self.rng.choice(["NOORD", "CENTRUM", "ZUID"])
        path = path.format(cluster=cluster)
        self.request("page", "GET", path)
        for output, action in self.plan.get(module, []):
            if not access.allowed(self.principal, action, access.ANY):
                continue
            entry = self.app.callback_map[output]
            values = {"quarter-picker.value": self.quarter, "cluster-code.data": cluster}
            inputs = {f"{i['id']}.{i['property']}": values.get(f"{i['id']}.{i['property']}")
                      for i in entry["inputs"]}
            state = {f"{s['id']}.{s['property']}": values.get(f"{s['id']}.{s['property']}")
                     for s in entry["state"]}
            self.callback(f"callback {module.rsplit('.', 1)[-1]}", output, inputs, state)

    def move_money(self) -> None:
        if self.move_callback is None:
            return
        amount = Decimal(self.rng.randint(100, 5000)) / Decimal(100)
        double_click = self.rng.random() < 0.1  # must be recorded once
        key = self.move_callback(self, amount, self.rng, double_click)
        with self.results.lock:
            if key:
                self.results.moves_accepted[key] = amount
            else:
                self.results.moves_refused += 1

    def run(self, until: float) -> None:
        self.login()
        while time.monotonic() < until:
            if self.role == "network_manager" and self.rng.random() < 0.5:
                self.move_money()
            else:
                self.open_page()


def auth_form_token(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def move_through_editor(app, url: str, quarter: str):
    """The allocation editor's preview and commit as a function (client, amount, rng, double)."""
    from load_moves import move_function

    return move_function(app, url, quarter)


# ---------------------------------------------------------------------------------------------


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, with that of ended and reaped children) of process `pid` and
    every process under it, from Linux's /proc; None where there is no /proc or no such process."""
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return None
    children: dict[int, list[int]] = defaultdict(list)
    ticks: dict[int, int] = {}
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat") as fh:
                text = fh.read()
        except OSError:  # ended meanwhile
            continue
        fields = text[text.rindex(")") + 2:].split()  # after "pid (name) "; state is fields[0]
        children[int(fields[1])].append(int(entry))
        ticks[int(entry)] = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    if pid not in ticks:
        return None
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += ticks.get(p, 0)
        todo.extend(children.get(p, []))
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL (PostgreSQL for several workers)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--url", help="an already running server (else one is started)")
    parser.add_argument("--server-pid", type=int, help="with --url: its process, for its CPU time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    password, accounts, quarter = prepare(args.db, args.users)
    allocated_before, keys_before = ledger_snapshot(args.db, quarter)
    app, plan = callback_plan(args.db)
    mover = move_through_editor(app, args.db, quarter)
    proc = None
    base = args.url
    if base is None:
        proc, base = start_server(args.db, args.workers)
    server_pid = proc.pid if proc is not None else args.server_pid
    results = Results()
    rng = random.Random(args.seed)
    clients = [Client(base, app, plan, acc, password, quarter, results, mover,
                      random.Random(rng.random())) for acc in accounts]
    until = time.monotonic() + args.seconds
    threads = [threading.Thread(target=c.run, args=(until,), daemon=True) for c in clients]
    started = time.monotonic()
    cpu_before = tree_cpu_seconds(server_pid) if server_pid else None
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        cpu_after = tree_cpu_seconds(server_pid) if server_pid else None
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    elapsed = time.monotonic() - started

    allocated_after, keys_after = ledger_snapshot(args.db, quarter)
    new_keys = {k: n for k, n in keys_after.items() if k not in keys_before}
    lost = sorted(set(results.moves_accepted) - set(new_keys))
    duplicated = sorted(k for k, n in new_keys.items() if n != 1)
    unknown = sorted(set(new_keys) - set(results.moves_accepted))

    total = sum(len(v) for v in results.latencies.values())
    print(f"\nLoad test: {args.users} users ({', '.join(ROLES)} in turn), {elapsed:.0f} s, "
          f"{args.workers} workers, {db.command_engine(args.db).dialect.name}, quarter {quarter}")
    print(f"{'request':<28}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind in sorted(results.latencies):
        v = results.latencies[kind]
        print(f"{kind:<28}{len(v):>8}{statistics.median(v) * 1000:>10.0f}"
              f"{percentile(v, 95) * 1000:>10.0f}{max(v) * 1000:>10.0f}")
    print(f"{'all':<28}{total:>8}   ({total / elapsed:.0f} requests/s)")
    if cpu_before is not None and cpu_after is not None and total:
        used = cpu_after - cpu_before
        print(f"server CPU: {used:.1f} s for {total} requests = {used / total * 1000:.1f} ms per request "
              f"({used / elapsed:.2f} cores; the server process and its workers)")
    else:
        print("server CPU: unknown (no /proc, or --url without --server-pid)")
    print(f"failed requests: {len(results.failures)}")
    for text in results.failures[:20]:
        print("  " + text)
    print(f"money moves: {len(results.moves_accepted)} accepted, {results.moves_refused} refused "
          f"(version conflicts and boundary refusals are answers, not failures)")
    print(f"ledger: lost {len(lost)}, duplicated {len(duplicated)}, unknown {len(unknown)}; "
          f"allocated in {quarter}: before € {allocated_before}, after € {allocated_after}")
    ok = (not results.failures and not lost and not duplicated and not unknown
          and allocated_before == allocated_after)
    print("RESULT: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
