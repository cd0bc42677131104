"""HTTP views for resumable uploads (API clients with a Bearer token, or the web page with its cookie)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from archive.auth import actor_from_token
from archive.custody import Actor
from archive.deps import ArchiveDep, bearer
from archive.errors import AuthError
from archive.items.schemas import ConsentGrant, Intake
from archive.uploads.service import (
    append_chunk,
    clean_abandoned,
    complete_upload,
    get_upload,
    parse_content_range,
    start_upload,
)
from archive.web.session import CSRF_HEADER, actor_from_cookie, csrf_ok

router = APIRouter(tags=["uploads"])


class NewUpload(BaseModel):
    case_id: str = Field(min_length=1, max_length=36)
    filename: str = Field("", max_length=1000)
    size: int = Field(ge=0, description="Total size of the file, in bytes.")
    metadata: Intake = Field(default_factory=Intake)
    consent: list[ConsentGrant] = Field(default_factory=list)


def upload_actor(
    request: Request,
    archive: ArchiveDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """A Bearer token, or the browser's session cookie plus its CSRF token in the header."""
    if credentials is not None:
        with archive.db.session() as session:
            return actor_from_token(session, credentials.credentials, secret=archive.jwt_secret)
    actor = actor_from_cookie(request, archive)
    if actor is None:
        raise AuthError("login_first")
    if request.method not in ("GET", "HEAD") and not csrf_ok(request, archive, request.headers.get(CSRF_HEADER)):
        raise AuthError("csrf")
    return actor


UploadActor = Annotated[Actor, Depends(upload_actor)]


@router.post("/uploads", status_code=201, summary="Open a resumable upload session")
def open_upload(body: NewUpload, archive: ArchiveDep, actor: UploadActor) -> dict[str, Any]:
    settings = archive.settings
    with archive.db.session() as session:
        clean_abandoned(session, settings.uploads_dir)
    with archive.db.session() as session:
        record = start_upload(session=session, uploads_dir=settings.uploads_dir, actor=actor, case_id=body.case_id,
                              filename=body.filename, size=body.size, limit=settings.max_upload_bytes,
                              intake=body.metadata, consent=body.consent)
        return {"id": record.id, "offset": 0, "size": record.size}


@router.get("/uploads/{upload_id}", summary="How many bytes the server has (resume from there)")
def upload_state(upload_id: str, archive: ArchiveDep, actor: UploadActor) -> dict[str, Any]:
    with archive.db.session() as session:
        record = get_upload(session, actor=actor, upload_id=upload_id)
        return {"id": record.id, "offset": record.offset, "size": record.size, "status": record.status,
                "item": record.item_id}


@router.put("/uploads/{upload_id}", summary="Append a chunk (header Content-Range: bytes START-END/TOTAL); "
            "409 with the server's offset when the chunk does not start there")
async def put_chunk(upload_id: str, request: Request, archive: ArchiveDep, actor: UploadActor) -> dict[str, Any]:
    rng = parse_content_range(request.headers.get("content-range"))
    offset = await append_chunk(db_session=archive.db.session, uploads_dir=archive.settings.uploads_dir,
                                actor=actor, upload_id=upload_id, content_range=rng, body=request.stream())
    return {"id": upload_id, "offset": offset, "size": rng.total}


@router.post("/uploads/{upload_id}/complete", status_code=201,
             summary="Finish: verify the size, hash and add the item (same receipt as POST /cases/{id}/items)")
async def complete(upload_id: str, archive: ArchiveDep, actor: UploadActor) -> dict[str, Any]:
    return await run_in_threadpool(complete_upload, archive=archive, actor=actor, upload_id=upload_id)
