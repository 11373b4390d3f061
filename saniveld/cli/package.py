"""`saniveld import PATH` and `saniveld export DIR`: the data package in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saniveld.cli.app import EXIT_REFUSED, DbOption, app, audit_operator, fail, operator
from saniveld.db import engine as db

BIG_PACKAGE_BYTES = 20 * 1024 * 1024  # show a progress bar from this size on


def _package_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.glob("*.csv") if p.is_file())
    return path.stat().st_size if path.is_file() else 0


class _Bar:
    """A tqdm bar on stderr, driven by the importer's progress callback."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=5, file=__import__("sys").stderr, unit="stap", leave=True,
                            bar_format="{desc:<28}{bar}| {n_fmt}/{total_fmt} [{elapsed}]")

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.set_description_str(stage)
            self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Map met CSV-bestanden of een .xlsx-werkmap. / Folder of CSV files or an .xlsx workbook.")],
    db_url: DbOption = None,
    lang: Annotated[str, typer.Option("--lang", help="Taal van de meldingen: nl of en. / Language of messages.")] = "nl",
) -> None:
    """Importeer een datapakket (alles of niets). / Import a data package (all or nothing).

    Exit 0 when imported; exit 2 with every error on stderr (file:line: column: message) and
    the database unchanged.
    """
    from saniveld.package.errors import PackageInvalid
    from saniveld.package.importer import import_package

    if not path.exists():
        fail(f"{path}: bestaat niet / does not exist", EXIT_REFUSED)
    eng = db.command_engine(db_url)
    bar = _Bar(_package_size(path) >= BIG_PACKAGE_BYTES)
    try:
        result = import_package(eng, path, posted_by=operator().username, lang=lang, progress=bar)
        if result.changed:
            audit_operator(eng, "import_package", str(path), detail=result.summary("en")[:1000])
    except PackageInvalid as exc:
        bar.close()
        fail(str(exc), EXIT_REFUSED)
    except db.DatabaseBusy as exc:
        bar.close()
        fail(str(exc), EXIT_REFUSED)
    finally:
        eng.dispose()
    bar.close()
    typer.echo(result.summary(lang))


@app.command("export")
def export_command(
    out_dir: Annotated[Path, typer.Argument(help="Map waarin de CSV-bestanden komen. / Folder to write the CSV files to.")],
    db_url: DbOption = None,
) -> None:
    """Schrijf de gegevens als datapakket (CSV-map). / Write the data as a package folder."""
    from saniveld.package.exporter import export_package

    eng = db.command_engine(db_url)
    try:
        with db.connect(eng) as conn:
            if not db.schema_exists(conn):
                fail("De database is leeg; draai eerst 'saniveld init' of importeer een pakket. "
                     "/ The database is empty.", EXIT_REFUSED)
        paths = export_package(eng, out_dir)
        audit_operator(eng, "export_package", str(out_dir))
    except db.DatabaseBusy as exc:
        fail(str(exc), EXIT_REFUSED)
    finally:
        eng.dispose()
    for p in paths:
        typer.echo(str(p))
