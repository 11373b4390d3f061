"""`saniveld demo`: write a deterministic demo data package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from saniveld.cli.app import EXIT_FAILED, app, fail


@app.command("demo")
def demo(
    scale: Annotated[
        str,
        typer.Option(
            "--scale",
            help="S = Saniveld (18.000 inwoners / inhabitants), M = een stad / a city (370.000), "
            "L = heel Nederland / the whole country (17,9 miljoen; tientallen miljoenen rijen).",
        ),
    ] = "S",
    out: Annotated[
        Optional[Path],
        typer.Option("--out", help="Map voor het datapakket / folder to write. Default: ./saniveld-demo-<SCALE>.", show_default=False),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde / seed: dezelfde seed, dezelfde bytes.")] = 2024,
    progress: Annotated[
        Optional[bool],
        typer.Option("--progress/--no-progress", help="Voortgangsbalk / progress bar (default: on for M and L).", show_default=False),
    ] = None,
) -> None:
    """Schrijf een demo-datapakket / write a deterministic demo data package (same seed, same bytes)."""
    from saniveld.demo import DemoError, generate

    code = scale.strip().upper()
    folder = out if out is not None else Path(f"saniveld-demo-{code}")
    show = progress if progress is not None else code != "S"
    try:
        counts = generate(folder, code, seed=seed, progress=show)
    except DemoError as exc:
        fail(f"demo: {exc}")
    except OSError as exc:
        fail(f"demo: cannot write {folder}: {exc}", EXIT_FAILED)
    total = sum(counts.values())
    typer.echo(f"Demo-datapakket {code} geschreven / written: {folder} ({total:,} rijen / rows)")
    for name, n in counts.items():
        typer.echo(f"  {name}.csv: {n:,}")
