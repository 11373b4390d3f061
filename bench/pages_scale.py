"""Time the analyses behind the pages on a synthetic network of a given size (prints figures).

    PYTHONPATH=. python bench/pages_scale.py --clusters 100 --combos 5000

Builds a throw-away DuckDB file with random (seeded) data shaped like a data package, then
times network.graph (whole network and one cluster), roles, money and cluster_view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from saniveld import cluster_view, money, network, roles
from saniveld.db import engine as db
from saniveld.db import schema as s

QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def build(url: str, clusters: int, combos: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    engine = db.command_engine(url)
    db.create_schema(engine)
    cl = [f"CL{i:04d}" for i in range(clusters)]
    orgs = [f"ORG{i:04d}" for i in range(max(10, combos // 25))]
    people = [f"P{i:06d}" for i in range(combos * 3)]
    residents = [f"R{i:06d}" for i in range(combos * 8)]
    actors = ([("FA", "Fondsbeheer", "fund_administrator", None, None)]
              + [(f"FU{i}", f"Financier {i}", "funder", None, None) for i in range(4)]
              + [(o, f"Organisatie {o}", "organisation", None, None) for o in orgs]
              + [(p, f"Persoon {p}", "person", rng.choice(["manager", "wijkverpleegkundige",
                                                             "huisarts", "psychiater"]),
                  rng.choice(orgs)) for p in people]
              + [(r, r, "person", None, None) for r in residents])
    combo_rows = [(f"C{i:06d}", f"Combi {i}", cl[i % clusters],
                   rng.choice(s.COMBO_TYPES), dt.date(2024, 1, 1), None, rng.randint(5, 200))
                  for i in range(combos)]
    members = []
    for i, c in enumerate(combo_rows):
        for p in rng.sample(people, 3):
            members.append((c[0], p, "professional", False))
        for r in residents[i * 8:(i + 1) * 8]:
            members.append((c[0], r, rng.choice(["resident", "informal_carer", "volunteer"]),
                            rng.random() < 0.2))
    roles_rows = [(people[j], r.code, "network", None, dt.date(2024, 1, 1), None)
                  for j, r in enumerate(x for x in __import__("saniveld.settings", fromlist=["x"]).roles()
                                        if x.required_at == "network")]
    roles_rows += [(rng.choice(people), "meewerkend_coordinator", "cluster", c,
                    dt.date(2024, 1, 1), None) for c in cl if rng.random() < 0.9]
    flows, n = [], 0
    for q in QUARTERS:
        for f in range(4):
            n += 1
            flows.append((f"F{n}", q, "allocation", f"FU{f}", "FA", 1_000_000.0, "wmo", "care"))
        for c in cl:
            n += 1
            flows.append((f"F{n}", q, "allocation", "FA", c, 30_000.0, "wmo", "care"))
        n += 1
        flows.append((f"F{n}", q, "allocation", "FA", "FA", 400_000.0, "wmo", "overhead"))
        for c in combo_rows:
            n += 1
            flows.append((f"F{n}", q, "allocation", c[2], c[0], 500.0, "wmo", "care"))
            n += 1
            flows.append((f"F{n}", q, "spending", c[0], c[0], 450.0, "wmo", "care"))
    experiences = [(f"E{i:07d}", rng.choice(combo_rows)[0],
                    dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                    rng.choice(s.DIMENSIONS), rng.choice(s.ORGANISED_BY))
                   for i in range(combos * 10)]
    raw = engine.raw_connection()
    try:
        duck = raw.driver_connection
        frames = {
            "clusters": pd.DataFrame([(c, f"Cluster {c}") for c in cl],
                                     columns=["cluster_code", "name"]),
            "actors": pd.DataFrame(actors, columns=["actor_code", "name", "actor_type",
                                                    "function", "organisation_code"]),
            "combos": pd.DataFrame(combo_rows, columns=["combo_code", "name", "cluster_code",
                                                        "combo_type", "started_on", "ended_on",
                                                        "residents"]),
            "combo_members": pd.DataFrame(members, columns=["combo_code", "actor_code",
                                                            "member_type", "resource_group"]),
            "experiences": pd.DataFrame(experiences, columns=["experience_code", "combo_code",
                                                              "occurred_on", "dimension",
                                                              "organised_by"]),
        }
        for name, frame in frames.items():
            duck.register("frame", frame)
            cols = ", ".join(frame.columns)
            duck.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM frame")
            duck.unregister("frame")
        ra = pd.DataFrame(roles_rows, columns=["actor_code", "role_code", "scope", "scope_code",
                                               "started_on", "ended_on"])
        duck.register("frame", ra)
        duck.execute("INSERT INTO role_assignments (actor_code, role_code, scope, scope_code, "
                     "started_on, ended_on) SELECT * FROM frame")
        duck.unregister("frame")
        duck.execute("INSERT INTO ledger_postings VALUES ('bench', NULL, 'bench', now(), 'bench', "
                     "'import')")
        mf = pd.DataFrame(flows, columns=["flow_code", "quarter", "kind", "from_code", "to_code",
                                          "amount", "stream", "purpose"])
        duck.register("frame", mf)
        duck.execute(
            "INSERT INTO money_flows (flow_code, quarter, kind, from_code, to_code, amount, "
            "stream, purpose, entry_type, posting_key, posted_by, posted_at, reason) "
            "SELECT flow_code, quarter, kind, from_code, to_code, CAST(amount AS DECIMAL(14,2)), "
            "stream, purpose, 'post', 'bench', 'bench', now(), 'bench' FROM frame")
        duck.unregister("frame")
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    print(f"built: {clusters} clusters, {combos} combos, {len(members)} members, "
          f"{len(flows)} flow entries, {len(experiences)} experiences")


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<44}{time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--combos", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"duckdb:///{Path(tmp) / 'bench.duckdb'}"
        build(url, args.clusters, args.combos)
        engine = db.command_engine(url)
        with db.connect(engine) as conn:
            q = "2025-Q3"
            g = timed("network.graph (whole network)", lambda: network.graph(conn, q))
            print(f"  level={g.level}, elements={g.size}")
            g = timed("network.graph (one cluster)", lambda: network.graph(conn, q, cluster="CL0001"))
            print(f"  level={g.level}, elements={g.size}, hidden={g.hidden_combos}")
            timed("network.node_details (cluster)", lambda: network.node_details(conn, "cluster:CL0001", q))
            timed("roles.role_matrix + many + congruence", lambda: (
                roles.role_matrix(conn, q), roles.many_roles(conn, q), roles.congruence(conn, q)))
            sk = timed("money.sankey", lambda: money.sankey(conn, q))
            print(f"  nodes={len(sk.node_codes)}, links={len(sk.values)}, folded={sk.combined_combos}")
            timed("money.overhead_share", lambda: money.overhead_share(conn, q))
            timed("money.by_cluster", lambda: money.by_cluster(conn, q))
            timed("money.trend", lambda: money.trend(conn))
            timed("cluster_view.combo_rows (one cluster)", lambda: cluster_view.combo_rows(conn, "CL0001", q))
        engine.dispose()


if __name__ == "__main__":
    main()
