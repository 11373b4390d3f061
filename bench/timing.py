"""How the benchmarks time the dashboard's callbacks: server time through Flask's test client.

:func:`signed_in` adds the benchmark user to a benchmark database (when it is not there yet)
and signs it in on a fresh app; :func:`time_callback` posts one callback to
``/_dash-update-component`` a number of times and keeps each call's time, from which
:class:`Timing` gives the first call, p50 and p95. bench/run.py, bench/money_pages.py and
bench/page_callbacks.py all measure this way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

BENCH_USER, BENCH_PASSWORD = "bench", "een lang genoeg benchmarkwachtwoord"


def timed(fn, *args, **kwargs):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def percentile(values: list[float], p: float) -> float:
    """The `p` quantile (0 to 1) of `values`, linearly interpolated."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class SignedIn:
    """An app over a benchmark database with a test client signed in as the benchmark user."""

    app: object
    client: object
    principal: object
    cluster: str  # the first cluster code (a cluster page's input)
    engine: object  # the server engine of the database (shared with the app)


def signed_in(url: str, role: str = "network_manager", user: str = BENCH_USER) -> SignedIn:
    """Add `user` with `role` to the database at `url` unless it is there (a coordinator of the
    first cluster), create the app and sign a test client in as that user."""
    import sqlalchemy as sa

    from saniveld import users
    from saniveld.db import engine as db
    from saniveld.db import schema as s
    from saniveld.web import create_app
    from saniveld.web.testing import signed_in_client

    engine = db.server_engine(url)
    with db.transaction(engine) as conn:
        cluster = conn.execute(sa.select(sa.func.min(s.clusters.c.cluster_code))).scalar_one()
        if users.get_user(conn, user) is None:
            scope = {"cluster_code": cluster} if role == "coordinator" else {}
            users.add_user(conn, user, role, BENCH_PASSWORD, **scope)
        principal = users.get_user(conn, user)
    app = create_app(url)
    return SignedIn(app, signed_in_client(app, user, BENCH_PASSWORD), principal, cluster, engine)


@dataclass
class Timing:
    """The times (seconds) of repeated calls of one callback, their HTTP statuses and the size
    of the last response (bytes)."""

    times: list[float]
    statuses: set[int]
    size: int

    @property
    def first(self) -> float:
        return self.times[0]

    @property
    def p50(self) -> float:
        return percentile(self.times, 0.5)

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)

    @property
    def status(self) -> str:
        """The statuses seen, e.g. ``200`` or ``200,204``."""
        return ",".join(str(x) for x in sorted(self.statuses))


def time_callback(client, app, output: str, inputs: dict, state: dict | None = None, *,
                  calls: int, before=None) -> Timing:
    """Call callback `output` `calls` times as the signed-in `client`, timing each call;
    `before()` runs (untimed) ahead of every call, e.g. ``cache.clear`` for a cold figure."""
    from saniveld.web.testing import call_callback

    times, statuses, size = [], set(), 0
    for _ in range(calls):
        if before is not None:
            before()
        seconds, response = timed(call_callback, client, app, output, inputs, state)
        times.append(seconds)
        statuses.add(response.status_code)
        size = len(response.get_data())
    return Timing(times, statuses, size)
