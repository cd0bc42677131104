"""Testimony items: add (file or typed text), show, read the original verified against its SHA-256."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive import custody
from archive.acts.anchors import reanchor
from archive.auth import assigned_cases, find_user, require
from archive.consent import current_consent, decide_access, manages, set_consent
from archive.custody import Actor
from archive.db import RUN_AFTER_COMMIT
from archive.disclosures import evidence
from archive.errors import Conflict, Invalid, PermissionDenied
from archive.freetext.labels import title_from_filename
from archive.freetext.service import current_forms
from archive.i18n import Lang
from archive.items.artefacts import ItemText, latest_artefact, read_json_artefact, store_json_artefact
from archive.items.incoming import ReceivedFile
from archive.items.reads import ItemSummary, ItemView, item_refs, item_summary
from archive.items.schemas import ConsentGrant, Intake
from archive.jobs import queue
from archive.lookup import get_or_not_found
from archive.models import Blob, Case, Item, Job, SealedAccess
from archive.pipeline import consequences
from archive.review.redacted import current_redaction
from archive.storage.base import CHUNK, ObjectStore
from archive.storage.verify import IntegrityError, verify_object
from ingest.sniff import sniff

if TYPE_CHECKING:
    from archive.context import Archive

log = logging.getLogger("temoin.items")


class EmptyUpload(Invalid):
    """A file of 0 bytes: nothing is stored."""


@dataclass(frozen=True)
class AddedItem:
    item: Item
    new_blob: bool
    duplicate_of: tuple[str, ...]  # earlier items with the same bytes: a possible re-interview


def get_case(session: Session, case_id: str) -> Case:
    return get_or_not_found(session, Case, case_id, "case")


def get_item(session: Session, item_id: str) -> Item:
    return get_or_not_found(session, Item, item_id, "item")


def check_upload(session: Session, *, actor: Actor, case_id: str) -> Case:
    """May this actor add items to this case? (Officers: only to cases they are assigned to or opened.)"""
    require(actor, "items.upload")
    case = get_case(session, case_id)
    if actor.role != "system" and case.id not in assigned_cases(session, actor.user_id):
        raise PermissionDenied("upload_not_assigned")
    return case


def add_item(
    *,
    archive: Archive,
    actor: Actor,
    case_id: str,
    received: ReceivedFile,
    intake: Intake,
    consent: list[ConsentGrant] | tuple[ConsentGrant, ...] = (),
    kind: str = "file",
    on_recorded: Callable[[Session, Item], None] | None = None,
) -> AddedItem:
    """Commit a fully received file to the object store, then record the item and its consent (and schedule
    its extraction) in one short transaction. The object store is written outside any transaction.
    ``on_recorded`` runs inside that transaction (a resumable upload marks itself completed there, so a
    receipt always names exactly one item)."""
    if received.size == 0:
        raise EmptyUpload("upload_empty", file=received.filename or "—")
    with archive.db.reader() as session:  # checked again in the writing transaction below
        check_upload(session, actor=actor, case_id=case_id)
        sealed_ids = [find_user(session, name).id for name in intake.sealed_users]
    if intake.confidentiality == "sealed" and not sealed_ids:
        raise Invalid("sealed_needs_user")
    media_type = sniff(received.path)
    put = archive.store.put(received.sha256, received.path, media_type=media_type, move=True)
    with archive.db.session() as session:
        case = check_upload(session, actor=actor, case_id=case_id)  # again: it may have changed meanwhile
        if session.get(Blob, received.sha256) is None:
            session.add(Blob(sha256=received.sha256, size=received.size, media_type=media_type))
            session.flush()  # the blob row before the item that refers to it
        earlier = tuple(
            session.execute(select(Item.id).where(Item.sha256 == received.sha256).order_by(Item.created_at))
            .scalars()
        )
        item = Item(
            case_id=case.id, sha256=received.sha256, size=received.size, media_type=media_type, kind=kind,
            filename=received.filename, title=(intake.title or "").strip() or title_from_filename(received.filename),
            status="queued", uploaded_by=actor.name, uploaded_by_id=actor.user_id,
            duplicate_of=earlier[0] if earlier else None,
            collected_at=intake.collected_at, collected_by=intake.collected_by, language=intake.language,
            region=intake.region, locality=intake.locality, testimony_type=intake.testimony_type,
            confidentiality=intake.confidentiality, violation_types=list(intake.violation_types),
            incident_date=intake.incident_date, provenance=intake.provenance.model_dump(exclude_none=True),
        )
        session.add(item)
        session.flush()
        for user_id in sealed_ids:
            session.add(SealedAccess(item_id=item.id, user_id=user_id))
        consequences.item_added(session, item)
        if on_recorded is not None:
            on_recorded(session, item)
        # Late: the custody chain's head, which searches and every other writer also lock until their commit,
        # is held for a few statements, not for the whole transaction (consent given at intake logs after it).
        custody.record(
            session, actor=actor, action="upload", object_type="item", object_id=item.id,
            details={"case": case.id, "sha256": received.sha256, "size": received.size, "media_type": media_type,
                     "duplicate_of": list(earlier), "stored_new_object": put.created},
            sealed={"filename": received.filename} if received.filename else None, key=archive.key,
        )
        for grant in consent:
            set_consent(session, actor=actor, item=item, scope=grant.scope, status=grant.status,
                        method=grant.method, given_on=grant.given_on, interpreter=grant.interpreter,
                        expires_at=grant.expires_at, note=grant.note, at_intake=True, key=archive.key)
    _number(archive, item)
    return AddedItem(item, put.created, earlier)


def _number(archive: Archive, item: Item) -> None:
    """The item's evidence number, in a transaction of its own right after the item's: the case's sequence row
    is locked only for this one insert and commit. Numbered inside the item's transaction, it stayed locked
    until that commit, behind the custody head, and every upload to the case queued on it (issue 12: seconds on
    PostgreSQL). Numbers stay unique and gapless (one per recorded item, in commit order); an item left without
    one (the archive stopped between the two commits) is numbered at its first disclosure, like items older
    than the numbering."""
    try:
        with archive.db.session() as session:
            evidence.assign(session, settings=archive.settings, item=session.get_one(Item, item.id))
    except SQLAlchemyError as exc:  # the item is recorded: its number comes at its first disclosure
        log.warning("item %s recorded without its evidence number yet: %s", item.id, exc)


def _jobs(session: Session, item: Item) -> list[Job]:
    return list(session.execute(select(Job).where(Job.item_id == item.id).order_by(Job.created_at)).scalars())


def read_text(*, session: Session, store: ObjectStore, actor: Actor, item: Item) -> str | None:
    """The extracted (or corrected) text if the actor may read it in full; logged as a read."""
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full":
        raise PermissionDenied("redacted_only")
    art = latest_artefact(session, item.id, "text")
    if art is None:
        return None
    text = read_json_artefact(store, art)["text"]
    custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                   details={"artefact": art.sha256, "consent": list(grant.scopes)})
    return str(text)


def view_of(session: Session, *, actor: Actor, item: Item) -> str:
    """'full', 'redacted', or 'metadata' (an officer caring for the record without a scope); refusal raises."""
    try:
        return decide_access(session, actor=actor, item=item, purpose="read").view
    except PermissionDenied:
        if manages(session, actor=actor, item=item):
            return "metadata"
        raise


def show_item(*, session: Session, archive: Archive, actor: Actor, item: Item, content: bool = True) -> ItemView:
    """What one actor may see of an item: metadata always needs a scope or care of the record; text needs a
    scope that allows the full view; a redacted text is shown only while it is current. With
    ``content=False`` (a page behind its content warning) the level is decided but no text is read."""
    consent = current_consent(session, item.id)
    number = evidence.number_of(session, item.id)
    try:
        grant = decide_access(session, actor=actor, item=item, purpose="read")
    except PermissionDenied as refusal:
        if not manages(session, actor=actor, item=item):
            raise
        return ItemView(item, "metadata", consent, _jobs(session, item), refusal=refusal,
                        case_title=item.case.title,
                        evidence_number=number)
    if grant.view == "full":
        text = read_text(session=session, store=archive.store, actor=actor, item=item) if content else None
        return ItemView(item, "full", consent, _jobs(session, item), text=text, case_title=item.case.title,
                        evidence_number=number)
    redacted_text = None
    if content:
        view = current_redaction(session, archive, item)
        redacted_text = str(view["redacted_text"]) if view is not None else None
        custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                       details={"view": "redacted", "consent": list(grant.scopes)})
    return ItemView(item, "redacted", consent, [], redacted_text=redacted_text,
                    forms=current_forms(session, item_refs(item)), evidence_number=number)


def summarise_items(session: Session, *, actor: Actor, items: Iterable[Item], lang: Lang = "fr") -> list[ItemSummary]:
    """Items as a list shows them to this actor, each at the level the actor reads it (no content is read, so
    nothing is logged). An item the actor may not see at all (any more) is left out."""
    items = list(items)
    views: dict[str, str] = {}
    for item in items:
        try:
            views[item.id] = view_of(session, actor=actor, item=item)
        except PermissionDenied:
            continue
    items = [item for item in items if item.id in views]
    forms = current_forms(session, [ref for item in items if views[item.id] == "redacted" for ref in item_refs(item)])
    return [item_summary(item, views[item.id], forms, lang) for item in items]  # type: ignore[arg-type]


def authorise_download(*, session: Session, store: ObjectStore, actor: Actor, item: Item, reason: str = "",
                       key: bytes | None = None) -> None:
    """Before an original leaves the archive: access check, verification against its SHA-256 (refused loudly on
    mismatch) and the custody entry. The caller then streams it with `stream_verified`."""
    grant = decide_access(session, actor=actor, item=item, purpose="download")
    verify_object(store, item.sha256)
    custody.record(session, actor=actor, action="download", object_type="item", object_id=item.id,
                   details={"sha256": item.sha256, "consent": list(grant.scopes)},
                   sealed=custody.typed("reason", reason) if key is not None else None, key=key)


def correct_text(*, session: Session, store: ObjectStore, work_dir: Path, actor: Actor, item: Item, text: str,
                 segments: list[dict[str, Any]] | None = None, note: str = "",
                 key: bytes | None = None) -> dict[str, Any]:
    """Replace the transcript / extracted text with a corrected one: a new version; the machine one is kept."""
    require(actor, "redaction.review")
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full":
        raise PermissionDenied("correct_needs_full")
    current = latest_artefact(session, item.id, "text")
    if current is None:
        raise Invalid("no_text_yet")
    document = read_json_artefact(store, current)
    old_text = str(document["text"])
    if segments is None and text != document.get("text"):  # the timing survives the correction (issue 13)
        from archive.items.realign import realign

        segments = realign(list(document.get("segments") or []), text)
    document.update({
        "text": text,
        "segments": segments if segments is not None else document.get("segments", []),
        "pages": [] if text != document.get("text") else document.get("pages", []),
        "corrected_by": actor.name,
        "corrects": current.sha256,
        "note": note,
    })
    art, created = store_json_artefact(session, store, work_dir, item_id=item.id, kind="text",
                                       document=document, tool=f"correction by {actor.name}",
                                       actor_name=actor.name)
    if created:
        # coded acts' passages follow their words to the new version, or are flagged
        reanchor(session, item.id, ItemText(old_text, current.sha256, {}), ItemText(text, art.sha256, document))
        consequences.text_corrected(session, item)
        custody.record(session, actor=actor, action="transcript_correct", object_type="item", object_id=item.id,
                       details={"sha256": art.sha256, "version": art.version, "replaces": current.sha256},
                       sealed=custody.typed("note", note) if key is not None else None, key=key)
    return {"item": item.id, "version": art.version, "sha256": art.sha256, "created": created}


def stream_verified(store: ObjectStore, sha256: str) -> Iterator[bytes]:
    """Stream an object (already verified by the caller) while hashing it again; a change since the check
    aborts the transfer rather than finish it with other bytes."""
    digest = hashlib.sha256()
    with store.open(sha256) as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            yield chunk
    if digest.hexdigest() != sha256:
        raise IntegrityError(f"object {sha256} changed while it was being sent: transfer aborted",
                             sha256=sha256, actual=digest.hexdigest())


def get_job(session: Session, job_id: str) -> Job:
    return get_or_not_found(session, Job, job_id, "job")


def _claimant_job(job: Job) -> bool:
    """A claimant's duplicate check: its ``item_id`` holds the claimant's id, not an item's."""
    from archive.claims.checks import STAGE

    return job.stage == STAGE


def follow_job(session: Session, *, actor: Actor, job_id: str) -> Job:
    """A job, for whoever may follow its subject: for an item's job the officer caring for it, a reader of it, the
    admin; for a claimant's duplicate check whoever reads the claims register."""
    job = get_job(session, job_id)
    if _claimant_job(job):
        from archive.claims.service import require_claims

        require_claims(actor)
        return job
    item = get_item(session, job.item_id)
    if actor.role != "admin" and not manages(session, actor=actor, item=item):
        try:
            decide_access(session, actor=actor, item=item, purpose="read")
        except PermissionDenied:
            raise PermissionDenied("jobs_not_yours") from None
    return job


def retry_job(session: Session, *, actor: Actor, job_id: str, reason: str = "") -> Job:
    """Run a failed job again: the officer caring for the item (for a claimant's duplicate check, a reparations
    officer), or the operator, decides; logged."""
    job = get_job(session, job_id)
    if _claimant_job(job):
        require(actor, "claims.register")
    elif actor.role != "system" and not manages(session, actor=actor, item=get_item(session, job.item_id)):
        raise PermissionDenied("jobs_not_yours")
    if job.status != "failed":
        raise Conflict("job_not_failed", status=job.status)
    job = queue.retry(session, job, actor=actor, reason=reason)
    session.info.setdefault(RUN_AFTER_COMMIT, []).append(job.id)
    return job
