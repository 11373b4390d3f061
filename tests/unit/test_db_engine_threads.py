"""DuckDB connections opened and closed from many threads at once (saniveld.db.engine).

DuckDB shares one database instance per file per process; a thread opening the file while
another closes the last connection raced in that instance cache ("Unique file handle conflict:
… is already attached"), which made a web request or a concurrent session lookup fail now and
then. Without the lock around opening and closing, this test failed in 5 of 6 runs.
"""

from __future__ import annotations

import threading

from saniveld.db import engine as db


def test_many_threads_opening_and_closing_duckdb_connections_all_succeed(tmp_path):
    engine = db.command_engine(f"duckdb:///{tmp_path / 'threads.duckdb'}")  # no pool: every use opens
    with db.transaction(engine) as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)")
    errors: list[str] = []
    counts: list[int] = []

    def work():
        for _ in range(150):
            try:
                with db.connect(engine) as conn:
                    counts.append(conn.exec_driver_sql("SELECT COUNT(*) FROM t").scalar_one())
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(str(exc)[:200])

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert errors == []
    assert counts == [3] * (12 * 150)
