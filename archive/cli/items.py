"""`temoin items show`, `temoin consent set`, `temoin jobs`."""

from __future__ import annotations

import typer
from sqlalchemy import select

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, emit_json, err, fail, opened_archive, out, resolve_actor
from archive.consent import set_consent
from archive.items.service import describe, get_item, show_item
from archive.jobs import queue
from archive.models import Job
from archive.searches.service import reindex_now
from archive.vocabulary import CONSENT_SCOPES

items = typer.Typer(help="Éléments de témoignage / testimony items.", no_args_is_help=True)
consent_app = typer.Typer(help="Consentement / consent.", no_args_is_help=True)
app.add_typer(items, name="items")
app.add_typer(consent_app, name="consent")


@items.command("show")
def show(item_id: str, as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Show an item: hashes, status, consent, and its text once extracted (if you may read it)."""
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            data = show_item(session=session, store=archive.store, actor=actor, item=get_item(session, item_id))
    if as_json:
        emit_json(data)
        return
    for key in ("id", "case", "sha256", "size", "media_type", "status", "error", "duplicate_of"):
        out.print(f"{key}: {data.get(key)}")
    out.print("consent: " + ", ".join(f"{k}={v['status']}" for k, v in data["consent"].items()))
    if data.get("refused"):
        err.print(f"[yellow]{data['refused']}[/]")
    if data.get("text") is not None:
        out.print("\n" + data["text"])


@consent_app.command("set")
def consent_set(
    item_id: str,
    scope: str = typer.Argument(..., help=f"One of: {', '.join(CONSENT_SCOPES)}."),
    status: str = typer.Argument(..., help="granted or withdrawn."),
    method: str | None = typer.Option(None, help="oral, thumbprint or signature."),
    interpreter: str | None = typer.Option(None, help="Interpreter present, if any."),
    note: str = typer.Option("", help="Why (kept in the custody log)."),
    as_user: str | None = AS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Grant or withdraw one consent scope; takes effect on the next request."""
    if status not in ("granted", "withdrawn"):
        fail(f"status must be 'granted' or 'withdrawn', not {status!r}", 2)
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            item = get_item(session, item_id)
            set_consent(session, actor=actor, item=item, scope=scope, status=status, method=method,
                        interpreter=interpreter, note=note)
        reindex_now(archive, item_id)  # before the next search answers
        with archive.db.session() as session:
            state = describe(session, get_item(session, item_id))["consent"]
    if as_json:
        emit_json({"item": item_id, "consent": state})
    else:
        out.print(f"{item_id}: {scope} = {status}")


@app.command("jobs")
def jobs(status: str | None = typer.Option(None, help="Only jobs with this status."),
         limit: int = typer.Option(50, help="How many, newest first."), as_json: bool = JSON_OPTION) -> None:
    """List jobs with their stage, status, progress and error."""
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
                  + (f"\t{r['error']}" if r["error"] else ""))

