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


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
