"""`saniveld report --quarter Q [--cluster CODE] [--funder CODE] --format pdf|xlsx --out FILE
[--lang nl|en]`.

The command line runs as the machine's operator (an administrator, audited as
``cli:<os user>``) unless ``--user NAME`` names a dashboard user: then that user's role and
binding apply, exactly as on the review page (a funder gets its own report; small counts are
suppressed for everyone outside the cluster). Every export, and every refusal, is audited.
The report is in Dutch unless ``--lang en`` asks for English.
Exit codes: 0 written; 2 refused (unknown quarter, cluster, funder, user or language; not allowed);
1 unexpected failure (e.g. no Chromium to draw the charts).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from saniveld import access, audit, users
from saniveld.cli.app import EXIT_FAILED, DbOption, app, fail, operator

from saniveld.db import engine as db
from saniveld.figures import RenderError
from saniveld.quarters import is_quarter
from saniveld.reports import AUDIT_ACTION, LANGUAGES, ReportError, build_report, filename


class ReportFormat(str, Enum):
    pdf = "pdf"
    xlsx = "xlsx"


def _refuse(eng, who: access.Principal, obj: str, message: str) -> None:
    with audit.chain_lock, db.transaction(eng) as conn:
        audit.record_for(conn, who, AUDIT_ACTION, obj, "refused", message[:500])
    fail(message)


@app.command("report")
def report(
    quarter: Annotated[str, typer.Option("--quarter", help="Kwartaal / quarter, YYYY-Qn.")],
    output: Annotated[ReportFormat, typer.Option("--format", help="pdf of/or xlsx.")],
    out: Annotated[Path, typer.Option("--out", help="Bestand om te schrijven / file to write.")],
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Clustercode / cluster code.")] = None,
    funder: Annotated[Optional[str], typer.Option("--funder", help="Financier (actorcode) / funder code.")] = None,
    user: Annotated[Optional[str], typer.Option(
        "--user", help="Als deze dashboardgebruiker / as this dashboard user (default: operator, admin).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Taal / language: nl of/or en.")] = "nl",
    db_url: DbOption = None,
) -> None:
    """Kwartaalrapportage als PDF of Excel. / The quarterly report as PDF or Excel."""
    if lang not in LANGUAGES:
        fail(f"Onbekende taal '{lang}'; kies {' of '.join(LANGUAGES)} / unknown language, "
             f"choose {' or '.join(LANGUAGES)}.")
    if not is_quarter(quarter):
        fail(f"'{quarter}' is geen kwartaal (YYYY-Qn, bijv. 2025-Q3) / is not a quarter (YYYY-Qn).")
    eng = db.command_engine(db_url)
    try:
        with db.connect(eng) as conn:
            if not db.schema_exists(conn):
                fail("De database heeft nog geen tabellen: gebruik eerst `saniveld import`. / "
                     "The database has no tables yet.")
            who = operator()
            if user is not None:
                who = users.get_user(conn, user)
                if who is None:
                    fail(f"Gebruiker '{user}' bestaat niet of is uitgeschakeld / unknown or disabled user.")
        obj = filename(quarter, output.value, cluster, funder, lang)
        try:
            with audit.chain_lock, db.transaction(eng) as conn:
                data = build_report(conn, who, quarter, output.value, cluster=cluster, funder=funder,
                                    lang=lang)
        except access.Forbidden:
            _refuse(eng, who, obj, f"{who.username} ({who.role}) mag dit rapport niet maken / "
                                   "may not make this report")
        except ReportError as exc:
            fail(str(exc))
        except RenderError as exc:
            fail(f"Grafieken tekenen lukt niet / cannot draw the charts: {exc}", EXIT_FAILED)
    except db.DatabaseBusy as exc:
        fail(str(exc))
    out.write_bytes(data)
    typer.echo(f"{out} geschreven ({len(data):,} bytes) / written".replace(",", "."))
