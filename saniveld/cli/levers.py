"""`saniveld indicators`, `saniveld review …` and `saniveld initiatives …` (Simons' levers).

`indicators --format json` prints a list of objects, one per (indicator, scope), with the keys
code, name, name_en, quarter, scope, cluster, lever, unit, value, reference, reference_agreed_on,
reference_parties, deviation, previous, movement, limit, comparison, breached. Numbers are JSON
numbers written with every digit the computation produced (not rounded; read them with
``json.loads(text, parse_float=decimal.Decimal)`` to keep them exact); an empty value (e.g. a
division by zero) is ``null``. CSV has the same columns, unrounded; the table rounds for reading.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import json
import sys
from decimal import Decimal
from enum import Enum
from typing import Annotated, Iterator, Optional

import sqlalchemy as sa
import typer

from saniveld.cli.app import EXIT_FAILED, DbOption, app, fail
from saniveld.db import engine as db
from saniveld.levers import review as rv
from saniveld.levers.definitions import ConfigError
from saniveld.levers.indicators import (
    IndicatorResult,
    UnknownCluster,
    available_quarters,
    compute_indicators,
)
from saniveld.quarters import is_quarter

review_app = typer.Typer(help="De kwartaalreview: notities, besluiten, afsluiten. / The quarterly review.",
                         no_args_is_help=True)
initiatives_app = typer.Typer(help="Initiatieven en hun opvolging. / Initiatives and their follow-up.",
                              no_args_is_help=True)
app.add_typer(review_app, name="review")
app.add_typer(initiatives_app, name="initiatives")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


QuarterOption = Annotated[str, typer.Option("--quarter", help="Kwartaal / quarter, YYYY-Qn.")]
UserOption = Annotated[
    Optional[str],
    typer.Option("--user", help="Wie dit doet / acting user (default: the login name).", show_default=False),
]

COLUMNS = ["code", "name", "name_en", "quarter", "scope", "cluster", "lever", "unit", "value",
           "reference", "reference_agreed_on", "reference_parties", "deviation", "previous",
           "movement", "limit", "comparison", "breached"]


def _row(r: IndicatorResult) -> dict:
    return {
        "code": r.code, "name": r.name_nl, "name_en": r.name_en, "quarter": r.quarter,
        "scope": r.scope, "cluster": r.scope_code, "lever": r.lever, "unit": r.unit,
        "value": r.value, "reference": r.reference,
        "reference_agreed_on": r.reference_agreed_on.isoformat() if r.reference_agreed_on else None,
        "reference_parties": list(r.reference_parties), "deviation": r.deviation,
        "previous": r.previous, "movement": r.movement, "limit": r.limit,
        "comparison": r.comparison, "breached": r.breached,
    }


def _json_value(value) -> str:
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else "null"
    return json.dumps(value, ensure_ascii=False)


def to_json(rows: list[dict]) -> str:
    """A JSON list of flat objects; Decimals become JSON numbers with all their digits."""
    objects = [
        "  {" + ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in row.items()) + "}"
        for row in rows
    ]
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"


def _display(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        places = Decimal("0.001") if unit == "ratio" else Decimal("0.01")
        return f"{value.quantize(places):,}".replace(",", " ")
    if isinstance(value, bool):
        return "ja/yes" if value else "nee/no"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _table(rows: list[dict]) -> str:
    shown = ["code", "scope", "cluster", "value", "reference", "deviation", "previous", "movement",
             "limit", "breached", "unit"]
    cells = [[_display(r[c], r["unit"]) for c in shown] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in cells)) if cells else len(h) for i, h in enumerate(shown)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(shown, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(line, widths)) for line in cells]
    return "\n".join(lines)


@contextlib.contextmanager
def _reading(db_url: str | None) -> Iterator[sa.Connection]:
    """A read connection; exit 2 when the database is busy or has no tables yet."""
    engine = db.command_engine(db_url)
    try:
        with db.connect(engine) as conn:
            if not db.schema_exists(conn):
                fail("De database heeft nog geen tabellen: gebruik eerst `saniveld init` of `saniveld import`. / "
                     "The database has no tables yet: run `saniveld init` or `saniveld import` first.")
            yield conn
    except db.DatabaseBusy as exc:
        fail(str(exc))


def _check_quarter(conn: sa.Connection, quarter: str) -> str:
    if not is_quarter(quarter):
        fail(f"'{quarter}' is geen kwartaal (YYYY-Qn, bijv. 2025-Q3) / is not a quarter (YYYY-Qn).")
    known = available_quarters(conn)
    if quarter not in known:
        span = f"{known[0]} … {known[-1]}" if known else "geen / none"
        fail(f"Geen gegevens voor kwartaal {quarter} (beschikbaar / available: {span}). / "
             f"No data for quarter {quarter}.")
    return quarter


@app.command("indicators")
def indicators(
    quarter: QuarterOption,
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Cluster code (default: the network).")] = None,
    output: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.table,
    db_url: DbOption = None,
) -> None:
    """Indicatoren en grenzen van een kwartaal. / The indicators and boundaries of a quarter."""
    with _reading(db_url) as conn:
        _check_quarter(conn, quarter)
        try:
            results = compute_indicators(conn, quarter, cluster=cluster)
        except UnknownCluster:
            fail(f"Cluster '{cluster}' bestaat niet. / Cluster '{cluster}' does not exist.")
        except ConfigError as exc:
            fail(f"Configuratiefout / configuration error: {exc}", EXIT_FAILED)
    rows = [_row(r) for r in results]
    if output is Format.json:
        typer.echo(to_json(rows))
    elif output is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else "; ".join(v) if isinstance(v, list)
                                 else str(v).lower() if isinstance(v, bool) else v)
                             for k, v in row.items()})
    else:
        typer.echo(_table(rows))


def _user(user: str | None) -> str:
    return user or getpass.getuser()


def _write(db_url: str | None, action):
    """Run one review action in a transaction; refusals leave with exit code 2."""
    engine = db.command_engine(db_url)
    try:
        with db.transaction(engine) as conn:
            if not db.schema_exists(conn):
                fail("De database heeft nog geen tabellen. / The database has no tables yet.")
            return action(conn)
    except rv.ReviewError as exc:
        fail(str(exc))
    except db.DatabaseBusy as exc:
        fail(str(exc))


@review_app.command("show")
def review_show(quarter: QuarterOption, db_url: DbOption = None) -> None:
    """Toon de review van een kwartaal. / Show a quarter's review."""
    with _reading(db_url) as conn:
        _check_quarter(conn, quarter)
        report = rv.review_report(conn, quarter)
    status = report.review.status if report.review else "geen review / no review yet"
    typer.echo(f"Kwartaalreview {report.quarter}: {status}")
    if report.review and report.review.closed_at:
        typer.echo(f"  afgesloten door / closed by {report.review.closed_by} op / at {report.review.closed_at:%Y-%m-%d %H:%M} UTC")
    typer.echo(f"\nEssentie / essence: {report.beliefs.essence('nl')}")
    for number, text in enumerate(report.beliefs.principle_texts("nl"), start=1):
        typer.echo(f"  {number}. {text}")
    typer.echo("\nIndicatoren (netwerk) / indicators (network):")
    for item in report.indicators:
        if item.current.scope != "network":
            continue
        line = f"  {item.current.code}: {_display(item.shown_value, item.current.unit)}"
        if item.restated:
            line += f"  (bij review / reviewed; nu / now {_display(item.current.value, item.current.unit)})"
        typer.echo(line)
    typer.echo("\nNotities en besluiten / notes and decisions:")
    for note in report.notes:
        typer.echo(f"  [{note.lever}/{note.kind}] {note.body} — {note.written_by}, {note.written_at:%Y-%m-%d %H:%M}")
    if not report.notes:
        typer.echo("  —")
    typer.echo("\nInitiatieven / initiatives:")
    for i in report.initiatives:
        typer.echo(f"  #{i.initiative_id} {i.title} ({i.owner}, {i.status}, sinds / since {i.quarter_opened})")
    if not report.initiatives:
        typer.echo("  —")


@review_app.command("note")
def review_note(
    quarter: QuarterOption,
    lever: Annotated[str, typer.Option("--lever", help="beliefs, boundaries, diagnostic or interactive.")],
    text: Annotated[str, typer.Option("--text", help="De notitie / the note.")],
    decision: Annotated[bool, typer.Option("--decision", help="Een besluit / a decision.")] = False,
    user: UserOption = None,
    db_url: DbOption = None,
) -> None:
    """Schrijf een notitie of besluit bij een hefboom. / Write a note or decision on a lever."""
    kind = "decision" if decision else "note"
    note_id = _write(db_url, lambda c: rv.add_note(c, quarter, lever, text, _user(user), kind=kind))
    typer.echo(f"Vastgelegd / recorded: {kind} {note_id} ({quarter}, {lever})")


@review_app.command("close")
def review_close(quarter: QuarterOption, user: UserOption = None, db_url: DbOption = None) -> None:
    """Sluit de review af en bevries de indicatoren. / Close the review and freeze the indicators."""
    review = _write(db_url, lambda c: rv.close_review(c, quarter, _user(user)))
    typer.echo(f"Review {review.quarter} afgesloten / closed by {review.closed_by}.")


@initiatives_app.command("list")
def initiatives_list(
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="Opened in or before this quarter.")] = None,
    db_url: DbOption = None,
) -> None:
    """Toon de initiatieven. / List the initiatives."""
    if quarter is not None and not is_quarter(quarter):
        fail(f"'{quarter}' is geen kwartaal (YYYY-Qn) / is not a quarter.")
    with _reading(db_url) as conn:
        items = rv.list_initiatives(conn, quarter)
    for i in items:
        about = f" → {i.responds_to}" if i.responds_to else ""
        typer.echo(f"#{i.initiative_id} [{i.status}] {i.title} ({i.owner}, {i.quarter_opened}){about}")
        for f in i.followups:
            typer.echo(f"    {f.quarter} {f.status}: {f.note} — {f.written_by}")
    if not items:
        typer.echo("Geen initiatieven. / No initiatives.")


@initiatives_app.command("add")
def initiatives_add(
    title: Annotated[str, typer.Option("--title")],
    owner: Annotated[str, typer.Option("--owner")],
    quarter: QuarterOption,
    responds_to: Annotated[Optional[str], typer.Option("--responds-to", help="Indicator or boundary code.")] = None,
    description: Annotated[Optional[str], typer.Option("--description")] = None,
    user: UserOption = None,
    db_url: DbOption = None,
) -> None:
    """Neem een nieuw initiatief. / Add an initiative."""
    new_id = _write(db_url, lambda c: rv.add_initiative(
        c, title, owner, quarter, _user(user), responds_to=responds_to, description=description))
    typer.echo(f"Initiatief / initiative #{new_id} vastgelegd / recorded.")


@initiatives_app.command("follow-up")
def initiatives_follow_up(
    initiative_id: Annotated[int, typer.Argument(help="Initiative number.")],
    quarter: QuarterOption,
    status: Annotated[str, typer.Option("--status", help="open, in_progress, done or stopped.")],
    text: Annotated[str, typer.Option("--text")],
    user: UserOption = None,
    db_url: DbOption = None,
) -> None:
    """Volg een initiatief op. / Follow an initiative up."""
    new_id = _write(db_url, lambda c: rv.add_followup(c, initiative_id, quarter, status, text, _user(user)))
    typer.echo(f"Opvolging / follow-up {new_id} vastgelegd / recorded.")
