"""`saniveld flows move|preview|history|undo|lock|reopen|status`: the money-flow ledger.

``--user`` names a dashboard user (``saniveld users add``); their role decides what they may do
(:mod:`saniveld.access`: a network manager moves money and locks quarters, an admin reopens
one; a coordinator may do neither). Every change and every refusal is in the audit log.
Exit codes: 0 done (also when the same ``--key`` was recorded before), 2 refused with the
reason (invalid input, not allowed, locked quarter, database busy), 3 version conflict (someone
else changed the quarter: the fresh state and the new version are printed).
"""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from enum import Enum
from typing import Annotated, Optional

import sqlalchemy as sa
import typer

from saniveld import access, audit, ledger, users
from saniveld.cli.app import EXIT_CONFLICT, DbOption, app, fail
from saniveld.db import engine as db
from saniveld.ledger import LedgerRefused, Move, VersionConflict, WhatIf
from saniveld.ledger.checks import eur
from saniveld.ledger.moves import HISTORY_COLUMNS, run

flows_app = typer.Typer(help="Geldstromen: verschuiven, voorbeeld, historie, afsluiten. / "
                        "Money flows: move, preview, history, lock.", no_args_is_help=True)
app.add_typer(flows_app, name="flows")

QuarterOption = Annotated[str, typer.Option("--quarter", help="Kwartaal / quarter, YYYY-Qn.")]
UserOption = Annotated[str, typer.Option("--user", help="Dashboardgebruiker die dit doet / acting dashboard user.")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Waarom (verplicht) / why (required).")]
ExpectOption = Annotated[Optional[int], typer.Option(
    "--expect-version", help="De versie van het kwartaal die u zag; anders geweigerd (exit 3).")]


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _engine(db_url: str | None) -> sa.Engine:
    engine = db.command_engine(db_url)
    try:
        with db.connect(engine) as conn:
            if not db.schema_exists(conn):
                fail("De database heeft nog geen tabellen: gebruik eerst `saniveld init` of `saniveld import`. / "
                     "The database has no tables yet.")
    except db.DatabaseBusy as exc:
        fail(str(exc))
    return engine


def _principal(engine: sa.Engine, name: str, action: access.Action, obj: str) -> access.Principal:
    """The dashboard user `name`, refused (exit 2, audited) when unknown or not allowed."""
    with db.connect(engine) as conn:
        who = users.get_user(conn, name)
    if who is None or not access.allowed(who, action):
        why = ("onbekende of uitgeschakelde gebruiker / unknown or disabled user" if who is None
               else f"rol {who.role} mag dit niet / role {who.role} may not do this")
        with audit.chain_lock, db.transaction(engine) as conn:
            audit.record(conn, name, who.role if who else None, str(action), obj, "refused", why)
        fail(f"Geweigerd / refused: {name}: {why}.")
    return who


def _show_preview(what: WhatIf) -> None:
    typer.echo(f"Kwartaal / quarter {what.quarter}, versie / version {what.version}"
               f"{' (afgesloten / locked)' if what.locked else ''}")
    for problem in what.problems:
        typer.echo(f"  ! {problem}")
    typer.echo("  Clusters (ontvangen − toegewezen = saldo; voor → na) / received − allocated = balance:")
    for b in what.balances:
        typer.echo(f"    {b.cluster_code}: {eur(b.balance_before)} → {eur(b.balance_after)} "
                   f"(ontvangen / received {eur(b.received_before)} → {eur(b.received_after)})")
    typer.echo("  Indicatoren en grenzen / indicators and boundaries (voor → na / before → after):")
    for i in what.affected:
        scope = i.scope_code or "netwerk"
        mark = "" if i.lever != "boundary" else (" OVERSCHREDEN / BREACHED" if i.breached_after else " ok")
        typer.echo(f"    {i.code} [{scope}]: {_num(i.before)} → {_num(i.after)}{mark}")
    typer.echo("  Akkoord / ok" if what.ok else "  Niet akkoord / not ok")


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def _refused(exc: Exception) -> None:
    fail(f"Geweigerd / refused: {exc}")


@flows_app.command("move")
def move_cmd(
    quarter: QuarterOption,
    from_code: Annotated[str, typer.Option("--from", help="Ontvanger die geld afstaat / recipient giving money up.")],
    to_code: Annotated[str, typer.Option("--to", help="Nieuwe ontvanger / new recipient.")],
    amount: Annotated[str, typer.Option("--amount", help="Bedrag in euro, bijv. 1250,00 / amount in euro.")],
    reason: ReasonOption,
    user: UserOption,
    expect_version: ExpectOption = None,
    key: Annotated[Optional[str], typer.Option("--key", help="Idempotentiesleutel / idempotency key.")] = None,
    flow: Annotated[Optional[str], typer.Option("--flow", help="Alleen deze toewijzing / only this allocation.")] = None,
    db_url: DbOption = None,
) -> None:
    """Verschuif geld van de ene ontvanger naar de andere. / Reallocate money between recipients."""
    engine = _engine(db_url)
    obj = f"{quarter}:{from_code}->{to_code}"
    who = _principal(engine, user, access.Action.MOVE_MONEY, obj)
    m = Move(from_code, to_code, amount, reason, flow)
    try:
        result = ledger.commit_move(engine, quarter, m, who, expect_version=expect_version, posting_key=key)
    except VersionConflict as exc:
        typer.echo(str(exc), err=True)
        if exc.preview is not None:
            _show_preview(exc.preview)
        raise typer.Exit(EXIT_CONFLICT)
    except (LedgerRefused, access.Forbidden, db.DatabaseBusy) as exc:
        _refused(exc)
    if result.replayed:
        typer.echo(f"Al geboekt / already recorded: {result.posting_key} (versie / version {result.version}).")
    else:
        typer.echo(f"Verschoven / moved: {eur(ledger.parse_amount(amount))} "
                   f"van {from_code} naar {to_code} in {quarter}; boeking / posting {result.posting_key}, "
                   f"versie / version {result.version}.")


@flows_app.command("preview")
def preview_cmd(
    quarter: QuarterOption,
    from_code: Annotated[str, typer.Option("--from")],
    to_code: Annotated[str, typer.Option("--to")],
    amount: Annotated[str, typer.Option("--amount")],
    flow: Annotated[Optional[str], typer.Option("--flow")] = None,
    db_url: DbOption = None,
) -> None:
    """Wat-als: het effect van een verschuiving, zonder iets te boeken. / What-if, writing nothing."""
    engine = _engine(db_url)
    try:
        what = ledger.preview(engine, quarter, [Move(from_code, to_code, amount, "", flow)])
    except db.DatabaseBusy as exc:
        _refused(exc)
    _show_preview(what)


@flows_app.command("history")
def history_cmd(
    quarter: QuarterOption,
    output: Annotated[Format, typer.Option("--format", help="table, csv or json.")] = Format.table,
    source: Annotated[Optional[str], typer.Option("--source", help="import, move, undo or correction.")] = None,
    code: Annotated[Optional[str], typer.Option("--code", help="Van, naar of stroom / from, to or flow code.")] = None,
    db_url: DbOption = None,
) -> None:
    """De boekingen van een kwartaal, nieuwste eerst. / A quarter's ledger entries, newest first."""
    engine = _engine(db_url)
    try:
        with db.connect(engine) as conn:
            frame = ledger.history(conn, quarter, source=source, code=code)
    except db.DatabaseBusy as exc:
        _refused(exc)
    rows = [{c: _plain(r[c]) for c in HISTORY_COLUMNS} for r in frame.to_dict("records")]
    if output is Format.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif output is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    else:
        for r in rows:
            undone = f"  (ongedaan / undone: {r['undone_by']})" if r["undone_by"] else ""
            typer.echo(f"{r['posted_at']}  {r['source']:<6} {r['posting_key']}  {r['entry_type']:<10} "
                       f"{r['flow_code']}  {r['from_code']} → {r['to_code']}  {r['amount']:>12}  "
                       f"{r['posted_by']}: {r['reason']}{undone}")
        if not rows:
            typer.echo("Geen boekingen. / No entries.")


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return int(value) if str(value).lstrip("-").isdigit() else str(value)
    return value


@flows_app.command("undo")
def undo_cmd(
    key: Annotated[str, typer.Option("--key", help="De boeking die ongedaan wordt / the posting to undo.")],
    reason: ReasonOption,
    user: UserOption,
    expect_version: ExpectOption = None,
    db_url: DbOption = None,
) -> None:
    """Maak een verschuiving ongedaan met tegenboekingen. / Undo a move with reversing entries."""
    engine = _engine(db_url)
    who = _principal(engine, user, access.Action.MOVE_MONEY, key)
    try:
        result = run(engine, "undo_posting", key, who,
                     lambda c: ledger.undo(c, key, reason, who, expect_version=expect_version))
    except VersionConflict as exc:
        fail(str(exc), EXIT_CONFLICT)
    except (LedgerRefused, access.Forbidden, db.DatabaseBusy) as exc:
        _refused(exc)
    typer.echo(f"Ongedaan gemaakt / undone: {key} met / with {result.posting_key}"
               f"{' (al eerder / already)' if result.replayed else ''}; versie / version {result.version}.")


@flows_app.command("lock")
def lock_cmd(quarter: QuarterOption, user: UserOption, db_url: DbOption = None) -> None:
    """Sluit een kwartaal af na de review. / Lock a quarter after its review."""
    engine = _engine(db_url)
    who = _principal(engine, user, access.Action.LOCK_QUARTER, quarter)
    try:
        changed = run(engine, "lock_quarter", quarter, who, lambda c: ledger.lock_quarter(c, quarter, who))
    except (LedgerRefused, access.Forbidden, db.DatabaseBusy) as exc:
        _refused(exc)
    typer.echo(f"Kwartaal {quarter} {'afgesloten / locked' if changed else 'was al afgesloten / was already locked'}.")


def _reopen(quarter: str, user: str, reason: str, db_url: str | None) -> None:
    engine = _engine(db_url)
    who = _principal(engine, user, access.Action.REOPEN_QUARTER, quarter)
    try:
        changed = run(engine, "reopen_quarter", quarter, who,
                      lambda c: ledger.reopen_quarter(c, quarter, who, reason))
    except (LedgerRefused, access.Forbidden, db.DatabaseBusy) as exc:
        _refused(exc)
    typer.echo(f"Kwartaal {quarter} {'heropend / reopened' if changed else 'was niet afgesloten / was not locked'}.")


@flows_app.command("reopen")
def reopen_cmd(quarter: QuarterOption, user: UserOption, reason: ReasonOption, db_url: DbOption = None) -> None:
    """Heropen een afgesloten kwartaal (beheerder, geaudit). / Reopen a locked quarter (admin, audited)."""
    _reopen(quarter, user, reason, db_url)


@flows_app.command("unlock")
def unlock_cmd(quarter: QuarterOption, user: UserOption, reason: ReasonOption, db_url: DbOption = None) -> None:
    """Hetzelfde als reopen. / Same as reopen."""
    _reopen(quarter, user, reason, db_url)


@flows_app.command("status")
def status_cmd(quarter: QuarterOption, db_url: DbOption = None) -> None:
    """Versie en afsluiting van een kwartaal. / A quarter's version and lock."""
    engine = _engine(db_url)
    try:
        with db.connect(engine) as conn:
            state = ledger.quarter_state(conn, quarter)
    except db.DatabaseBusy as exc:
        _refused(exc)
    lock = f"afgesloten door / locked by {state.locked_by}" if state.locked else "open"
    typer.echo(f"{quarter}: versie / version {state.version}, {lock}")

