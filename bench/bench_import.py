"""Time an import and measure its memory: a generated package, or an existing one (e.g. scale L).

    PYTHONPATH=. python bench/bench_import.py [--flows N] [--dir DIR]
    PYTHONPATH=. python bench/bench_import.py --package /tmp/bench-data/L/package --dir DIR [--once]
    PYTHONPATH=. python bench/bench_import.py --package PKG --url postgresql+psycopg://… [--once]

Prints, per stage of each import, its time and the peak resident memory of the process during
it (sampled every 0.2 s), then the peak of the whole run (maxrss) and the database file size.
Runs: import into an empty database; re-import (no-op); re-import with changed flows (the
first ``--changed`` flows get another amount, one more is removed); export. ``--once``: only
the first import. Without ``--package`` a package with ``--flows`` money flows is generated.
DuckDB's memory budget is ``SANIVELD_DUCKDB_MEMORY_LIMIT`` (printed). Not a test.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from saniveld import settings
from saniveld.db import engine as db
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package
from saniveld.package.sample import sample, write_package


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


def change_flows(package: Path, out: Path, changed: int) -> None:
    """A copy of ``package`` in ``out`` where the first ``changed`` flows have another amount
    and the flow after them is gone (the other files are linked, not copied)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in package.glob("*.csv"):
        if path.name != "money_flows.csv":
            target = out / path.name
            target.unlink(missing_ok=True)
            try:
                target.hardlink_to(path)
            except OSError:
                shutil.copyfile(path, target)
    with open(package / "money_flows.csv", newline="", encoding="utf-8") as src, \
            open(out / "money_flows.csv", "w", newline="", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
        header = next(reader)
        writer.writerow(header)
        amount = header.index("amount")
        for i, row in enumerate(reader):
            if i < changed:
                row[amount] = f"{float(row[amount]) + 1:.2f}"
            elif i == changed:
                continue
            writer.writerow(row)


def rss_mb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


class Stages:
    """Progress callback: how long each stage of an import took and its peak resident memory."""

    def __init__(self):
        self.last: tuple[str, float] | None = None
        self.peak = 0
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.2)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.last is not None:
            peak = max(self.peak, rss_mb())
            print(f"    {self.last[0]:<34} {now - self.last[1]:8.1f} s  peak {peak:6d} MB", flush=True)
        self.peak = rss_mb()
        self.last = (stage, now)
        if done == total:
            self._stop.set()


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    print(f"{label:<42} {time.perf_counter() - start:8.1f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=2_000_000)
    parser.add_argument("--package", type=Path, default=None, help="import this package instead of generating one")
    parser.add_argument("--dir", type=Path, default=None, help="working folder (database file, changed package)")
    parser.add_argument("--url", default=None, help="database URL (default: a new DuckDB file in --dir)")
    parser.add_argument("--changed", type=int, default=1000, help="flows with another amount in the re-import")
    parser.add_argument("--once", action="store_true", help="only the import into an empty database")
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_import_"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"DuckDB memory budget                       {settings.duckdb_memory_limit() / 2**20:8.0f} MiB")
    if args.package:
        pkg = args.package
    else:
        pkg = base / "pkg"
        timed(f"generate package ({args.flows:,} flows)", lambda: generate(pkg, args.flows))
    size = sum(p.stat().st_size for p in pkg.glob("*.csv"))
    print(f"package size                               {size / 1e6:8.1f} MB")
    file = base / "bench.duckdb"
    if args.url is None:
        for stale in (file, Path(f"{file}.wal")):
            stale.unlink(missing_ok=True)
    eng = db.command_engine(args.url or f"duckdb:///{file}")
    db.create_schema(eng)
    r = timed("import into empty database", lambda: import_package(eng, pkg, progress=Stages()))
    print(f"  ledger entries: {r.ledger_entries:,}")
    if not args.once:
        r = timed("re-import (no-op)", lambda: import_package(eng, pkg, progress=Stages()))
        print(f"  ledger entries: {r.ledger_entries:,}")
        changed = base / "pkg-changed"
        timed(f"write package with {args.changed:,} changed flows", lambda: change_flows(pkg, changed, args.changed))
        r = timed(f"re-import, {args.changed:,} flows changed + 1 gone",
                  lambda: import_package(eng, changed, progress=Stages()))
        print(f"  ledger entries: {r.ledger_entries:,}")
        timed("export", lambda: export_package(eng, base / "out"))
    eng.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory (maxrss)              {peak:8.0f} MB")
    if args.url is None:
        print(f"database file                              {file.stat().st_size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
