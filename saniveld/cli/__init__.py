"""`saniveld …` commands. Each module adds its commands to the one Typer app."""

from __future__ import annotations

from saniveld.cli.app import app
from saniveld.cli import setup  # noqa: F401  (registers init, run)

for _module in ("package", "demo", "levers", "users", "audit", "flows", "report"):
    try:
        __import__(f"saniveld.cli.{_module}")
    except ModuleNotFoundError as exc:  # a command group not written yet
        if exc.name != f"saniveld.cli.{_module}":
            raise


def main() -> None:
    app()
