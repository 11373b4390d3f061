"""The `saniveld` command: the Typer application and what every command shares.

Exit codes: 0 success; 1 unexpected failure; 2 refused (invalid input, not allowed);
3 version conflict (someone else changed the quarter first).
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
EXIT_CONFLICT = 3

app = typer.Typer(
    name="saniveld",
    help="Stuurdashboard van het veerkrachtige netwerk van zorg en welzijn (Saniveld). "
    "Steering dashboard of the Saniveld resilience network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        help="Database URL or DuckDB file path. Default: $SANIVELD_DB_URL, else data/saniveld.duckdb.",
        show_default=False,
    ),
]


def fail(message: str, code: int = EXIT_REFUSED) -> None:
    """Print a message on stderr and leave with the given exit code."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def operator():
    """The person at the command line: an administrator, named after the OS user.

    Whoever can run the command can open the database file anyway; what they do is audited
    as ``cli:<operating-system user>``.
    """
    import getpass

    from saniveld import access

    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001  (no user name in some containers)
        name = "unknown"
    return access.Principal(f"cli:{name}", "admin")


def audit_operator(engine, action: str, obj: str | None, outcome: str = "ok",
                   detail: str | None = None) -> None:
    """Record what the operator did in the audit log (its own short transaction)."""
    from saniveld import audit
    from saniveld.db import engine as db

    with audit.chain_lock, db.transaction(engine) as conn:
        audit.record_for(conn, operator(), action, obj, outcome, detail)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
