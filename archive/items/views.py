"""HTTP views for testimony items: streamed upload, typed text, metadata, verified download, consent."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, TypeAdapter

from archive.consent import set_consent
from archive.context import Archive
from archive.custody import Actor
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.i18n import accept_language
from archive.items.incoming import IncomingFile, ReceivedFile, UploadTooLarge
from archive.items.multipart import BadUpload, receive_form
from archive.items.reads import ConsentRecordRead, ItemRead, consent_record, item_read
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import (
    add_item,
    authorise_download,
    check_upload,
    correct_text,
    get_item,
    show_item,
    stream_verified,
)

router = APIRouter(tags=["items"])
MULTIPART_OVERHEAD = 1024 * 1024
_consents = TypeAdapter(list[ConsentGrant])


class Correction(BaseModel):
    text: str = Field(max_length=10_000_000)
    segments: list[dict[str, Any]] | None = Field(
        None, description="Corrected segments with timestamps, if known: [{start, end, text}]")
    note: str = Field("", max_length=2000)


class TypedText(BaseModel):
    text: str = Field(min_length=1, max_length=10_000_000)
    metadata: Intake = Field(default_factory=Intake)
    consent: list[ConsentGrant] = Field(default_factory=list)


class Receipt(BaseModel):
    """What an upload answers: the stored item and whether the same bytes were seen before."""

    id: str
    case: str
    sha256: str
    size: int
    media_type: str
    status: str
    filename: str
    duplicate_of: list[str]
    possible_reinterview: bool


def _receipt(archive: Archive, actor: Actor, case_id: str, received: ReceivedFile, intake: Intake,
             consent: list[ConsentGrant], kind: str) -> Receipt:
    added = add_item(archive=archive, actor=actor, case_id=case_id, received=received, intake=intake,
                     consent=consent, kind=kind)
    item = added.item
    return Receipt(id=item.id, case=item.case_id, sha256=item.sha256, size=item.size, media_type=item.media_type,
                   status=item.status, filename=item.filename, duplicate_of=list(added.duplicate_of),
                   possible_reinterview=bool(added.duplicate_of))


def _precheck(archive: Archive, actor: Actor, case_id: str) -> None:
    with archive.db.reader() as session:
        check_upload(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/items", status_code=201, summary="Upload a testimony file (multipart, streamed)")
async def upload(case_id: str, request: Request, archive: ArchiveDep, actor: ActorDep) -> Receipt:
    """Fields: `file` (the testimony), optional `metadata` (intake JSON) and `consent` (JSON list)."""
    limit = archive.settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise UploadTooLarge(limit=limit)
    await run_in_threadpool(_precheck, archive, actor, case_id)
    form = await receive_form(request.stream(), content_type=request.headers.get("content-type"),
                              directory=archive.settings.uploads_dir, limit=limit)
    if form.file is None:
        raise BadUpload("upload_no_file")
    try:
        intake = Intake.model_validate_json(form.fields.get("metadata") or "{}")
        consent = _consents.validate_json(form.fields.get("consent") or "[]")
        return await run_in_threadpool(_receipt, archive, actor, case_id, form.file, intake, consent, "file")
    finally:
        form.file.path.unlink(missing_ok=True)


@router.post("/cases/{case_id}/texts", status_code=201, summary="Add a typed testimony")
def add_text(case_id: str, body: TypedText, archive: ArchiveDep, actor: ActorDep) -> Receipt:
    settings = archive.settings
    with IncomingFile(settings.uploads_dir, limit=settings.max_upload_bytes, filename="texte.txt") as incoming:
        incoming.write(body.text.encode("utf-8"))
        received = incoming.finish()
    try:
        return _receipt(archive, actor, case_id, received, body.metadata, body.consent, "typed_text")
    finally:
        received.path.unlink(missing_ok=True)


@router.get("/items/{item_id}", response_model=ItemRead,
            summary="An item as you may see it: full, metadata only, or redacted (field set per level)")
def show(item_id: str, request: Request, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    shown = show_item(session=session, archive=archive, actor=actor, item=get_item(session, item_id))
    return item_read(shown, accept_language(request.headers.get("accept-language")))


@router.get("/items/{item_id}/original", summary="Download the original, verified against its SHA-256")
def download(item_id: str, actor: ActorDep, archive: ArchiveDep, reason: str = "") -> StreamingResponse:
    with archive.db.session() as session:
        item = get_item(session, item_id)
        authorise_download(session=session, store=archive.store, actor=actor, item=item, reason=reason,
                           key=archive.key)
        sha, media_type, name = item.sha256, item.media_type, item.filename or item.id
    from urllib.parse import quote

    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
               "X-Content-SHA256": sha}
    return StreamingResponse(stream_verified(archive.store, sha), media_type=media_type, headers=headers)


@router.put("/items/{item_id}/consent", summary="Record or withdraw consent for one scope",
            response_model=dict[str, ConsentRecordRead])
def consent(item_id: str, body: ConsentGrant, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    item = get_item(session, item_id)
    set_consent(session, actor=actor, item=item, scope=body.scope, status=body.status, method=body.method,
                given_on=body.given_on, interpreter=body.interpreter, expires_at=body.expires_at, note=body.note,
                key=archive.key)
    return consent_record(session, item)


@router.put("/items/{item_id}/transcript", summary="Replace the transcript with a corrected version")
def correct(item_id: str, body: Correction, actor: ActorDep, archive: ArchiveDep, session: SessionDep
            ) -> dict[str, Any]:
    return correct_text(session=session, store=archive.store, work_dir=archive.settings.uploads_dir, actor=actor,
                        item=get_item(session, item_id), text=body.text, segments=body.segments, note=body.note,
                        key=archive.key)
