"""`temoin users ...`: accounts and roles."""

from __future__ import annotations

import sys

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    cli_lang,
    emit_json,
    fail,
    opened_archive,
    out,
    resolve_actor,
    say,
)
from archive.i18n import label
from archive.roles import roles

users = typer.Typer(help="Comptes et rôles / accounts and roles.", no_args_is_help=True)
app.add_typer(users, name="users")


@users.command("add")
def add(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(sorted(roles()))}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a user (the password is prompted, or read from stdin)."""
    from archive.auth import create_user
    from archive.errors import Invalid
    if role not in roles():
        fail(Invalid("role_unknown", role=role, roles=sorted(roles())).message(cli_lang()), 2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Mot de passe / password", hide_input=True, confirmation_prompt=True)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            user = create_user(session, actor=actor, username=name, role=role, password=password)
            result = {"id": user.id, "username": user.username, "role": user.role}
    if as_json:
        emit_json(result)
    else:
        out.print(say("cli.user_created", username=result["username"], role=label(cli_lang(), "role", result["role"])))


@users.command("list")
def list_users(as_json: bool = JSON_OPTION) -> None:
    """List users and their roles."""
    from sqlalchemy import select

    from archive.models import User
    with opened_archive() as archive, archive.db.session() as session:
        rows = [{"username": u.username, "role": u.role, "active": u.active}
                for u in session.execute(select(User).order_by(User.username)).scalars()]
    if as_json:
        emit_json(rows)
    else:
        for r in rows:
            out.print(f"{r['username']}\t{r['role']}\t{say('cli.active' if r['active'] else 'cli.disabled')}")


@users.command("role")
def change_role(name: str, role: str, reason: str = typer.Option("", help="Why (kept in the custody log)."),
                as_user: str | None = AS_OPTION) -> None:
    """Change a user's role (logged as a permission change)."""
    from archive.auth import find_user, set_role
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            set_role(session, actor=actor, user=find_user(session, name), role=role, reason=reason)
    out.print(f"{name}: {role}")
