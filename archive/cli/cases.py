"""`temoin cases ...`: open cases and assign users."""

from __future__ import annotations

import typer

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, cli_lang, emit_json, opened_archive, out, resolve_actor, say

cases = typer.Typer(help="Dossiers / cases.", no_args_is_help=True)
app.add_typer(cases, name="cases")


@cases.command("create")
def create(title: str, description: str = typer.Option("", help="Free-text description."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Open a case and print its id."""
    from archive.cases.service import create_case

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            case_id = create_case(session=session, actor=actor, title=title, description=description,
                                  key=archive.key).id
    if as_json:
        emit_json({"id": case_id})
    else:
        out.print(case_id)


@cases.command("assign")
def assign(case_id: str, user: str, reason: str = typer.Option("", help="Why (kept in the custody log)."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Assign a user to a case."""
    from archive.cases.service import assign_case

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            assign_case(session=session, actor=actor, case_id=case_id, username=user, reason=reason)
    if as_json:
        emit_json({"case": case_id, "user": user})
    else:
        out.print(f"{user} → {case_id}")


@cases.command("edit")
def edit(case_id: str, title: str | None = typer.Option(None, "--title", help="New title."),
         description: str | None = typer.Option(None, "--description", help="New description."),
         as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Change a case's title or description (its redacted form is made again)."""
    from archive.cases.service import update_case

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            update_case(session=session, archive=archive, actor=actor, case_id=case_id, title=title,
                        description=description)
    if as_json:
        emit_json({"id": case_id})
    else:
        out.print(case_id)


@cases.command("unassign")
def unassign(case_id: str, user: str, reason: str = typer.Option("", help="Why (kept in the custody log)."),
             as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Take a user off a case."""
    from archive.cases.service import unassign_case

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            unassign_case(session=session, actor=actor, case_id=case_id, username=user, reason=reason)
    if as_json:
        emit_json({"case": case_id, "user": user, "removed": True})
    else:
        out.print(f"{user} ✕ {case_id}")


@cases.command("list")
def list_(as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the cases you may see (titles as your role may read them)."""
    from archive.cases.listing import listed_cases
    from archive.cli.readonly import answer

    lang = cli_lang()
    rows = answer(as_user, lambda fetch, role, user_id: listed_cases(fetch, role=role, user_id=user_id, lang=lang))
    if rows is None:  # a new archive, a schema to migrate, a user to explain: the full path
        from archive.db import session_fetch

        with opened_archive() as archive:
            actor = resolve_actor(archive, as_user)
            with archive.db.session() as session:
                rows = listed_cases(session_fetch(session), role=actor.role, user_id=actor.user_id, lang=lang)
    if as_json:
        emit_json([r.as_json() for r in rows])
    else:
        for r in rows:
            out.print(f"{r.id}\t{r.label}\t{say('cli.items', n=r.items)}", markup=False, highlight=False)
