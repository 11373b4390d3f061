"""`saniveld audit verify|show`: the hash-chained audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from saniveld import audit
from saniveld.cli.app import EXIT_FAILED, DbOption, app, fail
from saniveld.db import engine as db

audit_app = typer.Typer(help="Het auditlogboek / the audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(db_url: DbOption = None) -> None:
    """Check the hash chain; exit 1 and name the broken rows when a row was altered or removed."""
    eng = db.command_engine(db_url)
    try:
        db.create_schema(eng)
        with db.connect(eng) as conn:
            broken = audit.verify(conn)
            count, _ = audit.head(conn)
    finally:
        eng.dispose()
    if broken:
        fail("Auditlog aangetast / audit log broken at entries: "
             + ", ".join(str(i) for i in broken), EXIT_FAILED)
    typer.echo(f"Auditlog intact ({count} regels / entries)")


@audit_app.command("show")
def show(
    limit: Annotated[int, typer.Option("--limit", help="How many of the newest entries.")] = 50,
    db_url: DbOption = None,
) -> None:
    """Print the newest entries of the audit log."""
    eng = db.command_engine(db_url)
    try:
        db.create_schema(eng)
        with db.connect(eng) as conn:
            rows = audit.entries(conn, limit)
    finally:
        eng.dispose()
    for e in rows:
        typer.echo(f"{e.entry_id:>6} {e.logged_at:%Y-%m-%d %H:%M:%S} {e.username or '-':<20} "
                   f"{e.user_role or '-':<16} {e.action:<20} {e.object or '-':<24} {e.outcome}")
