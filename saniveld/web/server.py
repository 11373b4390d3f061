"""`saniveld run`: serve the dashboard, on the demo database when none is configured.

With no ``--db`` and no ``SANIVELD_DB_URL`` the dashboard uses ``data/saniveld.duckdb``; while
that database holds no data yet, the demo package in ``data/demo/`` is imported into it and
the demo users are created (their passwords are printed once, here, and stored nowhere).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from werkzeug.serving import make_server

from saniveld import overview, settings
from saniveld.db import engine as db

DEMO_PACKAGE = settings.PROJECT_ROOT / "data" / "demo"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _optional_module(name: str):
    """The module, or None while it has not been written yet (another part of the project)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


def uses_default_database(db_url: str | None) -> bool:
    return not db_url and not os.environ.get("SANIVELD_DB_URL")


def _has_data(engine) -> bool:
    with db.connect(engine) as conn:
        return overview.municipality_name(conn) is not None


def _show_demo_users(created) -> None:
    """Print the demo users' passwords once, whatever shape create_demo_users returns."""
    rows = created.items() if isinstance(created, dict) else (created or [])
    _say("Demogebruikers / demo users (wachtwoorden worden alleen nu getoond / shown only now):")
    for row in rows:
        if isinstance(row, tuple):
            _say("  " + "  ".join(str(part) for part in row))
        else:
            parts = [getattr(row, a, None) for a in ("username", "role", "password")]
            _say("  " + "  ".join(str(p) for p in parts if p is not None))


def _ensure_demo_users(engine, force: bool = False) -> None:
    """Create the demo users (printing their passwords once) while the database has no users.

    `force`: right after importing the demo package, whatever the users table says.
    """
    users = _optional_module("saniveld.users")
    if users is None or not hasattr(users, "create_demo_users"):
        _say("Het gebruikersbeheer is nog niet beschikbaar. / User management is not available yet.")
        return
    if not force and hasattr(users, "list_users"):
        with db.connect(engine) as conn:
            if not users.list_users(conn).empty:
                return
    with db.transaction(engine) as conn:
        created = users.create_demo_users(conn)
    if created:
        _show_demo_users(created)


def load_demo(url: str, demo_dir: Path = DEMO_PACKAGE) -> bool:
    """Import the demo package and create the demo users when the database holds no data yet.

    Returns True when the demo was loaded. Parts of the project that are not there yet
    (the importer, the user store, the demo package) are reported, not fatal.
    """
    engine = db.command_engine(url)
    try:
        db.create_schema(engine)
        if _has_data(engine):
            return False
        importer = _optional_module("saniveld.package.importer")
        if importer is None:
            _say("Het inlezen van gegevenspakketten is nog niet beschikbaar; het dashboard start "
                 "zonder gegevens. / Importing is not available yet; starting without data.")
            _ensure_demo_users(engine)
            return False
        if not demo_dir.is_dir():
            _say(f"Geen demopakket gevonden in {demo_dir}; het dashboard start zonder gegevens. "
                 f"/ No demo package in {demo_dir}; starting without data.")
            _ensure_demo_users(engine)
            return False
        _say(f"Demodatabase maken uit / creating the demo database from {demo_dir} …")
        importer.import_package(engine, demo_dir)
        _ensure_demo_users(engine, force=True)
        return True
    finally:
        engine.dispose()


def worker_plan(url: str, workers: int) -> tuple[int, int, str | None]:
    """(processes, threads per process, explanation) for ``--workers N`` on this database.

    DuckDB allows one read-write process per file, so on DuckDB the N workers become N
    threads in one process; PostgreSQL takes N processes (each with a few threads).
    """
    if workers < 1:
        raise ValueError("--workers moet minstens 1 zijn / must be at least 1")
    if db.is_duckdb(url):
        note = None
        if workers > 1:
            note = (f"DuckDB staat één schrijvend proces per bestand toe: het dashboard draait in "
                    f"één proces met {workers} threads. / DuckDB allows one writing process per "
                    f"file: serving from one process with {workers} threads.")
        return 1, max(workers, 4), note
    return workers, 4, None


def _run_gunicorn(url: str, host: str, port: int, processes: int, threads: int) -> None:
    """Serve through gunicorn: every worker process builds its own app (and engine) after fork."""
    from gunicorn.app.base import BaseApplication

    # Every worker must sign sessions and CSRF tokens with the same key.
    if not os.environ.get("SANIVELD_SECRET_KEY"):
        import secrets

        os.environ["SANIVELD_SECRET_KEY"] = secrets.token_urlsafe(48)

    class _Dashboard(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"{host}:{port}", "workers": processes, "threads": threads,
                "worker_class": "gthread", "preload_app": False, "timeout": 120,
                "accesslog": None, "errorlog": "-", "loglevel": "warning",
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from saniveld import cache
            from saniveld.web import create_app

            app = create_app(url)
            cache.keep_warm(app.server.config["SANIVELD_ENGINE"])  # after fork: this worker's engine
            return app.server

    _Dashboard().run()


def serve(host: str, port: int, db_url: str | None = None, workers: int = 1) -> None:
    """Serve the dashboard until interrupted.

    One worker: a threaded server in this process. Several: gunicorn (processes on
    PostgreSQL; one process with threads on DuckDB, whose file has one writer).
    """
    from saniveld.web import ConfigurationError, create_app  # Dash loads only when serving

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    url = settings.db_url(db_url)
    if uses_default_database(db_url):
        load_demo(url)
    if workers > 1:
        processes, threads, note = worker_plan(url, workers)
        if note:
            _say(note)
        _say(f"Het dashboard draait op / serving on http://{host}:{port}/ "
             f"({processes} proces(sen) × {threads} threads; Ctrl+C stopt / stops)")
        _run_gunicorn(url, host, port, processes, threads)
        return
    try:
        app = create_app(url)
    except ConfigurationError as exc:
        _say(str(exc))
        raise SystemExit(2) from exc
    from saniveld import cache

    # the indicators the review page opens with, computed in the background on the engine the
    # pages read through (start-up is not blocked; refilled after every write)
    cache.keep_warm(app.server.config["SANIVELD_ENGINE"])
    debug = os.environ.get("SANIVELD_DEBUG") == "1"
    _say(f"Het dashboard draait op / serving on http://{host}:{port}/  (Ctrl+C stopt / stops)")
    if debug:
        # No version check: it would send the Python and Dash versions to plotly.com.
        app.run(host=host, port=port, debug=True, use_reloader=False,
                dev_tools_disable_version_check=True)
        return
    server = make_server(host, port, app.server, threaded=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
