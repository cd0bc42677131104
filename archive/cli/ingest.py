"""`temoin ingest PATH... --case ID`: stream files into the archive, then wait for extraction."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    cli_lang,
    emit_json,
    err,
    opened_archive,
    out,
    resolve_actor,
    say,
    shown,
)

if TYPE_CHECKING:
    from rich.progress import Progress

    from archive.context import Archive
    from archive.custody import Actor
    from archive.items.schemas import ConsentGrant, Intake


def _store_one(archive: Archive, actor: Actor, path: Path, case_id: str, intake: Intake,
               consent: list[ConsentGrant], progress: Progress) -> dict[str, Any]:
    from archive.items.incoming import IncomingFile, safe_filename
    from archive.items.service import add_item
    from archive.storage.base import CHUNK
    settings = archive.settings
    size = path.stat().st_size
    task = progress.add_task(safe_filename(path.name), total=size)
    with IncomingFile(settings.uploads_dir, limit=settings.max_upload_bytes,
                      filename=safe_filename(path.name)) as incoming:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                incoming.write(chunk)
                progress.advance(task, len(chunk))
        received = incoming.finish()
    try:
        added = add_item(archive=archive, actor=actor, case_id=case_id, received=received, intake=intake,
                         consent=consent)
        result = {"id": added.item.id, "sha256": added.item.sha256, "status": added.item.status,
                  "path": shown(path), "duplicate_of": list(added.duplicate_of)}
    finally:
        received.path.unlink(missing_ok=True)
    if added.duplicate_of:
        err.print(say("cli.same_bytes", name=shown(path), other=", ".join(added.duplicate_of)), style="yellow",
                  markup=False, highlight=False)
    return result


def _case_items(archive: Archive, case_id: str) -> list[str]:
    from sqlalchemy import select

    from archive.models import Item
    with archive.db.session() as session:
        return list(session.execute(select(Item.id).where(Item.case_id == case_id)).scalars())


def _wait(archive: Archive, case_id: str, results: list[dict[str, Any]]) -> None:
    """Run the queued jobs here, with a progress bar, until none is waiting for these items nor for what
    they set off in their case (another item redacted again because the case learnt a name)."""
    from rich.progress import BarColumn, Progress, TextColumn

    from archive.items.service import get_item
    from archive.jobs.worker import Worker, pending
    from archive.models import utcnow
    from archive.pipeline.stages import handlers
    ids = [r["id"] for r in results if "id" in r]
    if not ids:
        return
    worker = Worker(archive, handlers(), name="cli-ingest")
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  console=err, transient=True) as bar:
        task = bar.add_task("extraction", total=len(ids))
        while waiting := pending(archive, _case_items(archive, case_id)):
            if not worker.run_once():
                if all(j.status == "queued" and j.run_after > utcnow() + dt.timedelta(minutes=5) for j in waiting):
                    break  # only long back-offs left (an unavailable part): the worker of `temoin serve` goes on
                time.sleep(0.5)  # a job is leased elsewhere or waiting for its retry time
            bar.update(task, completed=len(ids) - len({j.item_id for j in pending(archive, ids)}))
    with archive.db.session() as session:
        for r in results:
            if "id" in r:
                item = get_item(session, r["id"])
                r["status"] = item.status
                if item.error:
                    r["error"] = item.error


@app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files to add."),
    case: str = typer.Option(..., "--case", help="Case id."),
    as_user: str | None = AS_OPTION,
    lang: str | None = typer.Option(None, "--lang", help="Interview language: fr, en, ..."),
    region: str | None = typer.Option(None, "--region", help="Region of Mali."),
    title: str | None = typer.Option(None, "--title", help="Item title (default: made from the file name)."),
    consent: str = typer.Option("", "--consent", help="Consent scopes granted, comma-separated."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Return once stored; do not wait for extraction."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add files to a case (streamed, SHA-256 computed on the way) and wait for their text."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    from archive.items.incoming import UploadTooLarge
    from archive.items.schemas import ConsentGrant, Intake
    from archive.items.service import EmptyUpload
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        intake = Intake(language=lang, region=region, title=title)
        grants = [ConsentGrant(scope=s.strip()) for s in consent.split(",") if s.strip()]
        results: list[dict[str, Any]] = []
        failed = False
        with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      console=err, transient=as_json) as progress:
            for path in paths:
                try:
                    if not path.is_file():
                        raise FileNotFoundError(f"{shown(path)}: not a readable file")
                    results.append(_store_one(archive, actor, path, case, intake, grants, progress))
                except (EmptyUpload, UploadTooLarge) as exc:
                    failed = True
                    message = exc.message(cli_lang())
                    err.print(f"{shown(path)}: {message}", style="red", highlight=False, markup=False)
                    results.append({"path": shown(path), "error": message, "status": "rejected"})
                except OSError as exc:
                    failed = True
                    err.print(f"[red]{shown(path)}: {shown(exc)}[/]", highlight=False)
                    results.append({"path": shown(path), "error": shown(exc), "status": "rejected"})
        if not no_wait:
            _wait(archive, case, results)
    for r in results:
        if r.get("status") == "failed":  # stored safely, but its text could not be extracted
            err.print(say("cli.extraction_failed", name=r["path"], error=r.get("error")), style="yellow",
                      markup=False, highlight=False)
    if as_json:
        emit_json(results[0] if len(results) == 1 else results)
    else:
        for r in results:
            out.print(f"{r.get('id', '-')}\t{r.get('sha256', '-')}\t{r['status']}\t{r['path']}"
                      + (f"\t{r['error']}" if r.get("error") else ""))
    if failed:
        raise typer.Exit(1)
