"""Testimony items: add (file or typed text), show, read the original verified against its SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import PermissionDenied, find_user, require
from archive.consent import current_consent, decide_access, manages, set_consent
from archive.custody import Actor
from archive.items.artefacts import latest_artefact, read_json_artefact, redacted_view, store_json_artefact
from archive.items.incoming import ReceivedFile
from archive.items.schemas import ConsentGrant, Intake
from archive.jobs import queue
from archive.models import Blob, Case, Item, Job, SealedAccess
from archive.storage.base import CHUNK, ObjectStore
from archive.storage.verify import IntegrityError, verify_object
from ingest.sniff import sniff


class EmptyUpload(ValueError):
    pass


@dataclass(frozen=True)
class AddedItem:
    item: Item
    new_blob: bool
    duplicate_of: tuple[str, ...]  # earlier items with the same bytes: a possible re-interview


def get_case(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(f"no case with id {case_id!r}")
    return case


def get_item(session: Session, item_id: str) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise LookupError(f"no item with id {item_id!r}")
    return item


def add_item(
    *,
    session: Session,
    store: ObjectStore,
    actor: Actor,
    case_id: str,
    received: ReceivedFile,
    intake: Intake,
    consent: list[ConsentGrant] | tuple[ConsentGrant, ...] = (),
    kind: str = "file",
) -> AddedItem:
    """Commit a fully received file to the object store, then record the item in the caller's transaction."""
    require(actor, "items.upload")
    case = get_case(session, case_id)
    if received.size == 0:
        raise EmptyUpload(
            f"{received.filename or 'the file'} is empty (0 bytes): nothing was stored; check the file and "
            "upload it again"
        )
    sealed_ids = [find_user(session, name).id for name in intake.sealed_users]
    if intake.confidentiality == "sealed" and not sealed_ids:
        raise ValueError("an item under seal needs at least one named user (sealed_users)")
    media_type = sniff(received.path)
    put = store.put(received.sha256, received.path, media_type=media_type, move=True)
    blob = session.get(Blob, received.sha256)
    if blob is None:
        session.add(Blob(sha256=received.sha256, size=received.size, media_type=media_type))
        session.flush()  # the blob row before the item that refers to it
    earlier = tuple(
        session.execute(select(Item.id).where(Item.sha256 == received.sha256).order_by(Item.created_at))
        .scalars()
    )
    item = Item(
        case_id=case.id, sha256=received.sha256, size=received.size, media_type=media_type, kind=kind,
        filename=received.filename, status="queued", uploaded_by=actor.name, uploaded_by_id=actor.user_id,
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
    custody.record(
        session, actor=actor, action="upload", object_type="item", object_id=item.id,
        details={"case": case.id, "sha256": received.sha256, "size": received.size,
                 "media_type": media_type, "filename": received.filename, "duplicate_of": list(earlier),
                 "stored_new_object": put.created},
    )
    for grant in consent:
        set_consent(session, actor=actor, item=item, scope=grant.scope, status=grant.status,
                    method=grant.method, given_on=grant.given_on, interpreter=grant.interpreter,
                    expires_at=grant.expires_at, note=grant.note)
    queue.enqueue(session, item.id, "extract")
    return AddedItem(item, put.created, earlier)


def describe(session: Session, item: Item, *, with_text: str | None = None) -> dict[str, Any]:
    """An item as shown to callers (metadata; the text only if the caller was allowed to read it)."""
    jobs = session.execute(select(Job).where(Job.item_id == item.id).order_by(Job.created_at)).scalars()
    data: dict[str, Any] = {
        "id": item.id,
        "case": item.case_id,
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
        "kind": item.kind,
        "filename": item.filename,
        "status": item.status,
        "error": item.error,
        "progress": item.progress,
        "duplicate_of": item.duplicate_of,
        "uploaded_by": item.uploaded_by,
        "created_at": item.created_at.isoformat(),
        "collected_at": item.collected_at.isoformat() if item.collected_at else None,
        "collected_by": item.collected_by,
        "language": item.language,
        "region": item.region,
        "locality": item.locality,
        "testimony_type": item.testimony_type,
        "confidentiality": item.confidentiality,
        "violation_types": item.violation_types,
        "incident_date": item.incident_date.isoformat() if item.incident_date else None,
        "provenance": item.provenance,
        "consent": {k: v.as_dict() for k, v in current_consent(session, item.id).items()},
        "jobs": [{"id": j.id, "stage": j.stage, "status": j.status, "progress": j.progress,
                  "attempts": j.attempts, "error": j.error} for j in jobs],
    }
    if with_text is not None:
        data["text"] = with_text
    return data


def read_text(*, session: Session, store: ObjectStore, actor: Actor, item: Item) -> str | None:
    """The extracted (or corrected) text if the actor may read it in full; logged as a read."""
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full":
        raise PermissionDenied("you may see only the redacted text of this testimony")
    art = latest_artefact(session, item.id, "text")
    if art is None:
        return None
    text = read_json_artefact(store, art)["text"]
    custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                   details={"artefact": art.sha256, "consent": list(grant.scopes)})
    return str(text)


def show_item(*, session: Session, store: ObjectStore, actor: Actor, item: Item) -> dict[str, Any]:
    """What one actor may see of an item: metadata always needs a scope or care of the record; text
    needs a scope that allows the full view."""
    try:
        grant = decide_access(session, actor=actor, item=item, purpose="read")
    except PermissionDenied as refusal:
        if not manages(session, actor=actor, item=item):
            raise
        data = describe(session, item)
        data["view"], data["refused"] = "metadata", str(refusal)
        return data
    text = read_text(session=session, store=store, actor=actor, item=item) if grant.view == "full" else None
    data = describe(session, item, with_text=text)
    if grant.view != "full":
        for sensitive in ("collected_by", "filename", "locality"):
            data.pop(sensitive, None)
        view = redacted_view(session, store, item)
        data["redacted_text"] = view["redacted_text"] if view is not None else None
        custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                       details={"view": "redacted", "consent": list(grant.scopes)})
    data["view"] = grant.view
    return data


def authorise_download(*, session: Session, store: ObjectStore, actor: Actor, item: Item, reason: str = "") -> None:
    """Before an original leaves the archive: access check, verification against its SHA-256 (refused loudly on
    mismatch) and the custody entry. The caller then streams it with `stream_verified`."""
    grant = decide_access(session, actor=actor, item=item, purpose="download")
    verify_object(store, item.sha256)
    custody.record(session, actor=actor, action="download", object_type="item", object_id=item.id,
                   reason=reason, details={"sha256": item.sha256, "consent": list(grant.scopes)})


def correct_text(*, session: Session, store: ObjectStore, work_dir: Path, actor: Actor, item: Item, text: str,
                 segments: list[dict[str, Any]] | None = None, note: str = "") -> dict[str, Any]:
    """Replace the transcript / extracted text with a corrected one: a new version; the machine one is kept."""
    require(actor, "redaction.review")
    grant = decide_access(session, actor=actor, item=item, purpose="read")
    if grant.view != "full":
        raise PermissionDenied("correcting a transcript needs the full text, which you may not see")
    current = latest_artefact(session, item.id, "text")
    if current is None:
        raise ValueError("this item has no extracted text yet: wait until its extraction is done")
    document = read_json_artefact(store, current)
    document.update({
        "text": text,
        "segments": segments if segments is not None else [],
        "pages": [] if text != document.get("text") else document.get("pages", []),
        "corrected_by": actor.name,
        "corrects": current.sha256,
        "note": note,
    })
    art, created = store_json_artefact(session, store, work_dir, item_id=item.id, kind="text",
                                       document=document, tool=f"correction by {actor.name}",
                                       actor_name=actor.name)
    if created:
        queue.enqueue(session, item.id, "redact")  # the new text needs its own redaction and index entry
        custody.record(session, actor=actor, action="transcript_correct", object_type="item", object_id=item.id,
                       reason=note, details={"sha256": art.sha256, "version": art.version,
                                             "replaces": current.sha256})
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
