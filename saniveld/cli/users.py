"""`saniveld users add|list|disable|set-password|demo`.

Who is asking: the command line is the machine's operator, who can open the database file
anyway; it acts as an administrator and is audited as ``cli:<operating-system user>`` with
role admin. (On a multi-user PostgreSQL deployment, the database credentials in
SANIVELD_DB_URL are what limits who can run these.)
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from saniveld import access, users
from saniveld.cli.app import EXIT_REFUSED, DbOption, app, fail, operator
from saniveld.db import engine as db

users_app = typer.Typer(help="Gebruikers van het dashboard / dashboard users.", no_args_is_help=True)
app.add_typer(users_app, name="users")

PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]
Generate = Annotated[
    bool, typer.Option("--generate", help="Generate a password and print it once.")
]


def _password(password_stdin: bool, generate: bool) -> tuple[str, bool]:
    """The new password and whether it was generated (then it is printed once)."""
    if password_stdin and generate:
        fail("Kies --password-stdin of --generate, niet beide / choose one of the two")
    if generate:
        return users.generate_password(), True
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    return typer.prompt("Wachtwoord / password", hide_input=True,
                        confirmation_prompt=True), False


def _run(db_url, action, work):
    """Run `work(conn)` as the operator, in one transaction; invalid input exits 2."""
    who = operator()
    access.authorise(who, access.Action.MANAGE_USERS)
    eng = db.command_engine(db_url)
    try:
        db.create_schema(eng)
        with db.transaction(eng) as conn:
            return work(conn, who)
    except users.UserError as exc:
        fail(str(exc), EXIT_REFUSED)
    except db.DatabaseBusy as exc:
        fail(str(exc))
    finally:
        eng.dispose()


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (a-z, 0-9, . _ -).")],
    role: Annotated[str, typer.Option("--role", help="official | funder | network_manager | coordinator | admin")],
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Coordinators: their cluster code.")] = None,
    funder: Annotated[Optional[str], typer.Option("--funder", help="Funders: their funder actor code.")] = None,
    display_name: Annotated[Optional[str], typer.Option("--display-name")] = None,
    password_stdin: PasswordStdin = False,
    generate: Generate = False,
    db_url: DbOption = None,
) -> None:
    """Add a user."""
    password, generated = _password(password_stdin, generate)
    _run(db_url, "user_add", lambda conn, who: users.add_user(
        conn, name, role, password, cluster_code=cluster, funder_code=funder,
        display_name=display_name, by=who))
    typer.echo(f"Gebruiker toegevoegd / user added: {name} ({role})")
    if generated:
        typer.echo(f"Wachtwoord (alleen nu getoond) / password (shown only now): {password}")


@users_app.command("list")
def list_(db_url: DbOption = None) -> None:
    """List the users (never their passwords)."""
    frame = _run(db_url, "user_list", lambda conn, who: users.list_users(conn))
    if frame.empty:
        typer.echo("Geen gebruikers / no users")
        return
    for row in frame.itertuples():
        scope = row.cluster_code or row.funder_code or ""
        state = "uitgeschakeld/disabled" if row.disabled else "actief/active"
        typer.echo(f"{row.username:<24} {row.role:<16} {scope:<16} {state}")


@users_app.command("disable")
def disable(name: str, db_url: DbOption = None) -> None:
    """Disable a user and end their sessions."""
    _run(db_url, "user_disable", lambda conn, who: users.disable_user(conn, name, by=who))
    typer.echo(f"Gebruiker uitgeschakeld / user disabled: {name}")


@users_app.command("set-password")
def set_password(
    name: str, password_stdin: PasswordStdin = False, generate: Generate = False,
    db_url: DbOption = None,
) -> None:
    """Set a user's password (ends their sessions)."""
    password, generated = _password(password_stdin, generate)
    _run(db_url, "user_set_password",
         lambda conn, who: users.set_password(conn, name, password, by=who))
    typer.echo(f"Wachtwoord gewijzigd / password changed: {name}")
    if generated:
        typer.echo(f"Wachtwoord (alleen nu getoond) / password (shown only now): {password}")


@users_app.command("demo")
def demo(db_url: DbOption = None) -> None:
    """Create one demo user per role; their passwords are printed once, here."""
    created = _run(db_url, "user_demo", lambda conn, who: users.create_demo_users(conn, by=who))
    if not created:
        typer.echo("Geen nieuwe demogebruikers / no new demo users")
        return
    typer.echo("Demogebruikers (wachtwoorden worden alleen nu getoond / passwords shown only now):")
    for username, role, password in created:
        typer.echo(f"  {username:<22} {role:<16} {password}")
