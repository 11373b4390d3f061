"""Time an import of a generated package with many money flows (default 2,000,000).

    PYTHONPATH=. python bench/bench_import.py [--flows N] [--dir DIR]

Prints the time to write the package, to import it into an empty DuckDB file, to re-import it
(no-op), to import it with one changed amount, and to export it. Not a test.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from saniveld.db import engine as db
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package
from saniveld.package.sample import write_package, sample


def generate(folder: Path, flows: int) -> None:
    """The sample package's small files, plus ``flows`` money flows and 100 combos."""
    data = sample()
    data["combos"] += [
        {"combo_code": f"CMB-B-{i:03d}", "name": f"Combo {i}", "cluster_code": "NOORD", "combo_type": "other",
         "started_on": "2024-01-01", "residents": str(i)}
        for i in range(100)
    ]
    data["money_flows"] = []
    write_package(folder, data)
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 'F' || lpad(CAST(i AS VARCHAR), 8, '0') AS flow_code,
                   (2020 + i % 8) || '-Q' || (1 + i % 4) AS quarter,
                   CASE WHEN i % 3 = 0 THEN 'spending' ELSE 'allocation' END AS kind,
                   'NOORD' AS from_code, 'CMB-B-' || lpad(CAST(i % 100 AS VARCHAR), 3, '0') AS to_code,
                   printf('%.2f', 1 + (i * 7919 % 99999999) / 100.0) AS amount,
                   'wmo' AS stream, 'care' AS purpose
                 FROM range({flows}) t(i) ORDER BY i)
            TO '{folder / "money_flows.csv"}' (HEADER, DELIMITER ',')"""
    )
    con.close()


class Stages:
    """Progress callback that prints how long each stage of an import took."""

    def __init__(self):
        self.last = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.last is not None:
            print(f"    {self.last[0]:<38} {now - self.last[1]:8.1f} s")
        self.last = (stage, now)


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    print(f"{label:<42} {time.perf_counter() - start:8.1f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=2_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_import_"))
    pkg = base / "pkg"
    timed(f"generate package ({args.flows:,} flows)", lambda: generate(pkg, args.flows))
    size = sum(p.stat().st_size for p in pkg.glob("*.csv"))
    print(f"package size                               {size / 1e6:8.1f} MB")
    eng = db.command_engine(f"duckdb:///{base / 'bench.duckdb'}")
    db.create_schema(eng)
    r = timed("import into empty database", lambda: import_package(eng, pkg, progress=Stages()))
    print(f"  ledger entries: {r.ledger_entries:,}")
    r = timed("re-import (no-op)", lambda: import_package(eng, pkg, progress=Stages()))
    print(f"  ledger entries: {r.ledger_entries:,}")
    flows = pkg / "money_flows.csv"
    text = flows.read_text().split("\n", 2)
    first = text[1].split(",")
    first[5] = "12.34"
    flows.write_text("\n".join([text[0], ",".join(first), text[2]]))
    r = timed("re-import with one changed amount", lambda: import_package(eng, pkg, progress=Stages()))
    print(f"  ledger entries: {r.ledger_entries:,}")
    timed("export", lambda: export_package(eng, base / "out"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory                       {peak:8.0f} MB")
    print(f"database file                              {(base / 'bench.duckdb').stat().st_size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
