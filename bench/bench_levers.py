"""Benchmark of the levers: generate a large synthetic database and time the indicators.

    PYTHONPATH=. python bench/bench_levers.py [--combos 300000] [--flows 15000000]
        [--experiences 15000000] [--clusters 1000] [--db /tmp/bench_levers.duckdb] [--reuse]

The data is made with DuckDB SQL (generate_series) straight into a database created by
saniveld's own schema, then the script prints the time of: every indicator for one quarter at
network scope, at network + every cluster (compute_all_indicators), one cluster, and a series
over all quarters. Never run as a test.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from saniveld.db import engine as db
from saniveld.levers import (
    available_quarters,
    compute_all_indicators,
    compute_indicators,
    indicator_series,
)

QUARTERS = 24  # 2020-Q1 .. 2025-Q4


def generate(path: Path, combos: int, flows: int, experiences: int, clusters: int) -> None:
    """Fill a fresh database with a synthetic network of the given size."""
    if path.exists():
        path.unlink()
    engine = db.command_engine(f"duckdb:///{path}")
    db.create_schema(engine)
    engine.dispose()
    con = duckdb.connect(str(path))
    persons = max(combos // 2, 1000)
    orgs = max(clusters * 2, 10)
    sql = f"""
    INSERT INTO municipality VALUES (1, 'Benchland', 17900000, 12000);
    INSERT INTO clusters SELECT 'K' || i, 'Cluster ' || i FROM generate_series(1, {clusters}) t(i);
    INSERT INTO actors SELECT 'F' || i, 'Funder ' || i, 'funder', NULL, NULL FROM generate_series(1, 4) t(i);
    INSERT INTO actors VALUES ('ADM', 'Fondsbeheerder', 'fund_administrator', NULL, NULL);
    INSERT INTO actors SELECT 'O' || i, 'Org ' || i, 'organisation', NULL, NULL FROM generate_series(1, {orgs}) t(i);
    INSERT INTO actors SELECT 'P' || i, 'Persoon ' || i, 'person', NULL, NULL FROM generate_series(1, {persons}) t(i);
    INSERT INTO combos
      SELECT 'C' || i, 'Combo ' || i, 'K' || (1 + i % {clusters}), 'wijkteam',
             DATE '2019-06-01' + CAST((i * 7919) % 2300 AS INTEGER),
             CASE WHEN i % 4 = 0 THEN DATE '2019-06-01' + CAST((i * 7919) % 2300 + 90 + i % 700 AS INTEGER) END,
             i % 40
      FROM generate_series(1, {combos}) t(i);
    INSERT INTO combo_members
      SELECT 'C' || i, 'P' || (1 + (i * 13 + k) % {persons}),
             CASE (i + k) % 5 WHEN 0 THEN 'professional' WHEN 1 THEN 'experience_expert'
                  WHEN 2 THEN 'informal_carer' WHEN 3 THEN 'volunteer' ELSE 'resident' END,
             (i + k) % 7 = 0
      FROM generate_series(1, {combos}) t(i), generate_series(0, 3) s(k);
    INSERT INTO role_assignments (actor_code, role_code, scope, scope_code, started_on, ended_on)
      SELECT 'P' || (1 + i * 37 % {persons}), r.role_code, 'network', NULL, DATE '2019-01-01', NULL
      FROM roles r, generate_series(1, 1) t(i) WHERE r.required_at = 'network';
    INSERT INTO role_assignments (actor_code, role_code, scope, scope_code, started_on, ended_on)
      SELECT 'P' || (1 + (i * 101 + length(r.role_code)) % {persons}), r.role_code, 'cluster', 'K' || i,
             DATE '2019-01-01' + CAST(i % 1500 AS INTEGER),
             CASE WHEN i % 9 = 0 THEN DATE '2023-01-01' END
      FROM roles r, generate_series(1, {clusters}) t(i) WHERE r.required_at = 'each_cluster';
    INSERT INTO experiences
      SELECT 'X' || i, 'C' || (1 + i % {combos}), DATE '2020-01-01' + CAST((i * 104729) % 2192 AS INTEGER),
             CASE i % 6 WHEN 0 THEN 'bodily_functions' WHEN 1 THEN 'mental_wellbeing' WHEN 2 THEN 'meaningfulness'
                        WHEN 3 THEN 'quality_of_life' WHEN 4 THEN 'participation' ELSE 'daily_functioning' END,
             CASE (i / 6) % 3 WHEN 0 THEN 'self' WHEN 1 THEN 'network' ELSE 'professional' END
      FROM generate_series(1, {experiences}) t(i);
    INSERT INTO ledger_postings VALUES ('bench', NULL, 'bench', TIMESTAMP '2026-01-01', 'benchmark', 'import');
    INSERT INTO money_flows
      SELECT i, 'M' || i,
             CAST(2020 + (i % {QUARTERS}) // 4 AS VARCHAR) || '-Q' || CAST(1 + (i % {QUARTERS}) % 4 AS VARCHAR),
             CASE WHEN i % 10 < 6 THEN 'allocation' ELSE 'spending' END,
             CASE WHEN i % 10 = 0 THEN 'F' || (1 + i % 4)
                  WHEN i % 10 IN (1, 2) THEN 'ADM'
                  WHEN i % 10 IN (3, 4, 5) THEN 'K' || (1 + (i // 10) % {clusters})
                  ELSE 'C' || (1 + (i // 10) % {combos}) END,
             CASE WHEN i % 10 = 0 THEN 'ADM'
                  WHEN i % 10 = 1 THEN 'K' || (1 + (i // 10) % {clusters})
                  WHEN i % 10 = 2 THEN 'O' || (1 + (i // 10) % {orgs})
                  WHEN i % 10 IN (3, 4, 5) THEN 'C' || (1 + (i // 10) % {combos})
                  ELSE 'C' || (1 + (i // 10) % {combos}) END,
             CAST(10 + (i * 7) % 5000 AS DECIMAL(14, 2)) + 0.25,
             'wmo',
             CASE WHEN i % 17 = 0 THEN 'overhead' WHEN i % 23 = 0 THEN 'innovation' ELSE 'care' END,
             'post', NULL, 'bench', 'bench', TIMESTAMP '2026-01-01', 'benchmark'
      FROM generate_series(1, {flows}) t(i);
    INSERT INTO money_flows
      SELECT {flows} + entry_id, flow_code, quarter, kind, from_code, to_code, -1.00, stream, purpose,
             'adjustment', entry_id, posting_key, posted_by, posted_at, 'bench correction'
      FROM money_flows WHERE entry_id % 100 = 0;
    """
    started = time.perf_counter()
    con.execute(sql)
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("combos", "combo_members", "experiences", "money_flows", "role_assignments")}
    con.close()
    print(f"generated in {time.perf_counter() - started:.1f} s: {counts}")


def timed(label: str, call):
    started = time.perf_counter()
    out = call()
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combos", type=int, default=300_000)
    parser.add_argument("--flows", type=int, default=15_000_000)
    parser.add_argument("--experiences", type=int, default=15_000_000)
    parser.add_argument("--clusters", type=int, default=1_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_levers.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="use an existing database as it is")
    args = parser.parse_args()
    if not args.reuse:
        generate(args.db, args.combos, args.flows, args.experiences, args.clusters)
    engine = db.command_engine(f"duckdb:///{args.db}")
    with db.connect(engine) as conn:
        quarters = timed("available_quarters", lambda: available_quarters(conn))
        quarter = quarters[-2]
        network = timed(f"compute_indicators {quarter} network (+ previous)",
                        lambda: compute_indicators(conn, quarter))
        timed(f"compute_indicators {quarter} cluster K1",
              lambda: compute_indicators(conn, quarter, cluster="K1"))
        everything = timed(f"compute_all_indicators {quarter} (network + every cluster)",
                           lambda: compute_all_indicators(conn, quarter))
        for code in ("experiences_per_100_residents", "spending_rate", "role_coverage"):
            series = timed(f"indicator_series {code} ({len(quarters)} quarters)",
                           lambda: indicator_series(conn, code))
        timed("indicator_series spending_rate, cluster K1",
              lambda: indicator_series(conn, "spending_rate", cluster="K1"))
    print(f"{len(network)} network results, {len(everything)} results in all, "
          f"last series point {series[-1]}")
    for r in network:
        print(f"  {r.code:<36} {r.value}")


if __name__ == "__main__":
    main()
