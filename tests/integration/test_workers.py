"""`saniveld run --workers N`: processes on PostgreSQL, one process with threads on DuckDB."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from saniveld.db import engine as db
from saniveld.web.server import worker_plan


def test_duckdb_gets_one_process_and_says_why(db_url):
    processes, threads, note = worker_plan(db_url, 4)
    assert processes == 1 and threads >= 4
    assert "één schrijvend proces" in note and "one writing process" in note


def test_postgresql_gets_one_process_per_worker(pg_url):
    assert worker_plan(pg_url, 4)[:2] == (4, 4)
    assert worker_plan(pg_url, 1)[2] is None


def test_zero_workers_is_refused(db_url):
    with pytest.raises(ValueError):
        worker_plan(db_url, 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> int:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_served_through_gunicorn_on_both_backends(backend, request, tmp_path):
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else f"duckdb:///{tmp_path}/s.duckdb"
    eng = db.command_engine(url)
    db.create_schema(eng)
    eng.dispose()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "saniveld", "run", "--workers", "2", "--port", str(port), "--db", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SANIVELD_ENV": "development"},
    )
    try:
        assert _get(f"http://127.0.0.1:{port}/login", time.monotonic() + 60) == 200
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    if backend == "duckdb":
        assert "één schrijvend proces" in err
    else:
        assert "2 proces(sen)" in err
