"""`temoin items show|check`, `temoin consent set`, `temoin jobs list|retry`."""

from __future__ import annotations

import datetime as dt

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    cli_lang,
    emit_json,
    err,
    fail,
    opened_archive,
    out,
    resolve_actor,
    say,
)
from archive.vocabulary import CONSENT_SCOPES

items = typer.Typer(help="Éléments de témoignage / testimony items.", no_args_is_help=True)
consent_app = typer.Typer(help="Consentement / consent.", no_args_is_help=True)
jobs_app = typer.Typer(help="Traitements / jobs: the queue (no subcommand), retry.")
app.add_typer(items, name="items")
app.add_typer(consent_app, name="consent")
app.add_typer(jobs_app, name="jobs")


@items.command("show")
def show(item_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Show an item as you may see it: full, metadata only, or redacted (the same schema as the API)."""
    from archive.items.reads import item_read
    from archive.items.service import get_item, show_item
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            read = item_read(show_item(session=session, archive=archive, actor=actor,
                                       item=get_item(session, item_id)), cli_lang())
    data = read.model_dump(mode="json")
    if as_json:
        emit_json(data)
        return
    for key in ("id", "evidence_number", "label", "type_label", "case", "case_title", "sha256", "size", "media_type",
                "status", "error", "duplicate_of", "view"):
        if key in data:
            out.print(f"{key}: {data.get(key)}", highlight=False, markup=False)
    out.print(say("cli.item_consent", scopes=", ".join(f"{k}={v['status']}" for k, v in data["consent"].items())),
              highlight=False)
    if data.get("refused"):
        err.print(data["refused"], style="yellow", highlight=False)
    body = data.get("text") if data["view"] == "full" else data.get("redacted_text")
    if body is not None:
        out.print("\n" + body, markup=False, highlight=False)


@items.command("check")
def check(item_id: str,
          profile: str = typer.Option(..., "--profile", help="The profile whose redacted media you saw or heard: "
                                      "strict, reparations or prosecution."),
          as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Mark an item's redacted scanned page(s) "vérifié" or redacted recording "écouté et vérifié" under a profile
    (after looking at / listening to it on the review page): the same service as the API and the review page,
    logged in custody. The check holds until the redaction changes."""
    from archive.exports.checks import mark_checked, media_status
    from archive.items.service import get_item
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            item = get_item(session, item_id)
            mark_checked(session, archive, actor=actor, item=item, profile=profile)
            row = next(r for r in media_status(session, archive, actor=actor, item=item) if r.profile == profile)
            data = dict(vars(row), item=item_id)
    if as_json:
        emit_json(data)
    else:
        out.print(f"{item_id}: {profile} = {data['release']} "
                  f"({data['kind']}, {data['checked_by']}, {data['checked_at']})", highlight=False, markup=False)


@consent_app.command("set")
def consent_set(
    item_id: str,
    scope: str = typer.Argument(..., help=f"One of: {', '.join(CONSENT_SCOPES)}."),
    status: str = typer.Argument(..., help="granted or withdrawn."),
    method: str | None = typer.Option(None, help="oral, thumbprint or signature."),
    interpreter: str | None = typer.Option(None, help="Interpreter present, if any."),
    expires: dt.datetime | None = typer.Option(
        None, "--expires", formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"],
        help="When the consent runs out (2027-01-31, or 2027-01-31T12:00:00+00:00); no longer in force after it."),
    note: str = typer.Option("", help="Why (kept in the custody log)."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Grant or withdraw one consent scope; every read and search reflects it when the command returns."""
    from archive.consent import set_consent
    from archive.i18n import translate
    from archive.items.reads import consent_record
    from archive.items.service import get_item
    if status not in ("granted", "withdrawn"):
        fail(translate(cli_lang(), "err.consent_status", status=status), 2)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            item = get_item(session, item_id)
            if expires is not None and expires.tzinfo is None:
                expires = expires.replace(tzinfo=dt.UTC)
            set_consent(session, actor=actor, item=item, scope=scope, status=status, method=method,
                        interpreter=interpreter, expires_at=expires, note=note, key=archive.key)
        with archive.db.session() as session:
            records = consent_record(session, get_item(session, item_id))
            state = {k: v.model_dump(mode="json") for k, v in records.items()}
    if as_json:
        emit_json({"item": item_id, "consent": state})
    else:
        out.print(f"{item_id}: {scope} = {status}", highlight=False)


@jobs_app.callback(invoke_without_command=True)
def jobs(ctx: typer.Context, status: str | None = typer.Option(None, help="Only jobs with this status."),
         limit: int = typer.Option(50, help="How many, newest first."), as_json: bool = JSON_OPTION) -> None:
    """List jobs with their stage, status, progress and error (`temoin jobs retry ID` runs a failed one again)."""
    from sqlalchemy import select

    from archive.jobs import queue
    from archive.models import Job
    if ctx.invoked_subcommand is not None:
        return
    with opened_archive() as archive, archive.db.session() as session:
        query = select(Job).order_by(Job.created_at.desc()).limit(limit)
        if status:
            query = query.where(Job.status == status)
        rows = [queue.describe(j) for j in session.execute(query).scalars()]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['id']}\t{r['item']}\t{r['stage']}\t{r['status']}\t{r['progress']:.0%}"
                  + (f"\t{r['error']}" if r["error"] else ""), markup=False, highlight=False)


@jobs_app.command("retry")
def jobs_retry(job_id: str, reason: str = typer.Option("", "--reason", help="Why (kept in the custody log)."),
               as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Run a failed job again (after its cause was fixed); logged in the custody log."""
    from archive.items.service import retry_job
    from archive.jobs import queue
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            job = retry_job(session, actor=actor, job_id=job_id, reason=reason)
            data = queue.describe(job)
    if as_json:
        emit_json(data)
    else:
        out.print(f"{data['id']}\t{data['stage']}\t{data['status']}", highlight=False)
