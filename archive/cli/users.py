"""`temoin users ...`: accounts, roles, and the second administrator's confirmation of a role change."""

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
from archive.errors import Invalid
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
    from archive.users.service import create_account

    if role not in roles():
        fail(Invalid("role_unknown", role=role, roles=sorted(roles())).message(cli_lang()), 2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(say("cli.password_prompt"), hide_input=True, confirmation_prompt=True)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            opened = create_account(session=session, actor=actor, username=name, role=role, password=password)
            result = {"id": opened.user.id, "username": opened.user.username, "role": opened.user.role,
                      "active": opened.user.active, "pending": opened.pending.id if opened.pending else None}
    if as_json:
        emit_json(result)
    else:
        out.print(say("cli.user_created", username=result["username"], role=result["role"]))
        if result["pending"]:
            out.print(say("cli.role_waits", id=result["pending"]))


@users.command("list")
def list_users(as_json: bool = JSON_OPTION) -> None:
    """List users and their roles."""
    from archive.cli.readonly import answer
    from archive.users.listing import listed_accounts

    rows = answer(None, lambda fetch, role, user_id: listed_accounts(fetch))
    if rows is None:  # a new archive (this command creates its schema) or one to migrate: the full path
        from archive.db import session_fetch

        with opened_archive() as archive, archive.db.reader() as session:
            rows = listed_accounts(session_fetch(session))
    if as_json:
        emit_json([r.as_json() for r in rows])
    else:
        for r in rows:
            out.print(f"{r.username}\t{r.role}\t{say('cli.active' if r.active else 'cli.disabled')}")


@users.command("role")
def change_role(name: str, role: str, reason: str = typer.Option("", help="Why (kept in the custody log)."),
                as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Change a user's role (logged). A role that reads testimonies waits for a second administrator."""
    from archive.users.service import change_role as change

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            pending = change(session=session, actor=actor, username=name, role=role, reason=reason)
            pending_id = pending.id if pending else None
    if as_json:
        emit_json({"username": name, "role": role, "pending": pending_id})
    elif pending_id:
        out.print(f"{name}: {role} — " + say("cli.role_waits", id=pending_id))
    else:
        out.print(f"{name}: {role}")


@users.command("pending")
def pending(as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Role changes waiting for a second administrator's confirmation."""
    from archive.users.service import pending_requests

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.reader() as session:
            rows = [{"id": r.id, "username": name, "from": r.from_role or None, "to": r.to_role,
                     "requested_by": r.requested_by, "requested_at": r.requested_at.isoformat()}
                    for r, name in pending_requests(session=session, actor=actor)]
    if as_json:
        emit_json(rows)
    else:
        for r in rows:
            out.print(f"{r['id']}\t{r['username']}\t{r['from'] or '—'} → {r['to']}\t{r['requested_by']}")


@users.command("confirm-role")
def confirm(request_id: str = typer.Argument(..., help="The pending request's id (temoin users pending)."),
            reason: str = typer.Option("", help="Why (kept in the custody log)."),
            as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Confirm a role change another administrator asked for (two-person rule); it takes effect now."""
    from archive.users.service import confirm_role

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            user = confirm_role(session=session, actor=actor, request_id=request_id, reason=reason)
            result = {"username": user.username, "role": user.role, "active": user.active}
    if as_json:
        emit_json(result)
    else:
        out.print(f"{result['username']}: {result['role']}")
