"""`saniveld init` and `saniveld run`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from saniveld import settings
from saniveld.cli.app import DbOption, app, fail
from saniveld.db import engine as db


@app.command("init")
def init(db_url: DbOption = None) -> None:
    """Create an empty database with every table (safe to run again)."""
    eng = db.command_engine(db_url)
    try:
        db.create_schema(eng)
    except db.DatabaseBusy as exc:
        fail(str(exc))
    typer.echo(f"Database gereed / ready: {eng.url.render_as_string(hide_password=True)}")


@app.command("run")
def run(
    host: Annotated[Optional[str], typer.Option(help="Address to listen on.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int,
        typer.Option(min=1, help="Server workers (gunicorn). On DuckDB: one process with this "
                     "many threads (one writer per file); on PostgreSQL: this many processes."),
    ] = 1,
    db_url: DbOption = None,
) -> None:
    """Serve the dashboard (on the embedded demo database when none is configured)."""
    from saniveld.web.server import serve  # the web layer is only imported when serving

    web = settings.settings()["web"]
    serve(host=host or web["host"], port=port or web["port"], db_url=db_url, workers=workers)
