"""HTTP views for bundles: export a case (the ZIP streamed back), list, download, revoke."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.exports.service import bundle_file, keep_bundle, list_bundles, revoke_bundle

router = APIRouter(tags=["exports"])


class ExportRequest(BaseModel):
    profile: str = Field(description="reparations, prosecution or strict")
    to: str = Field(min_length=1, max_length=200, description="The recipient (a record: `GET /disclosures/recipients`,"
                    " `POST /disclosures/recipients`), by id or exact name. Every bundle names who receives it.")
    purpose: str = Field(min_length=1, max_length=2000, description="Why it is sent (kept in the register).")


class Revocation(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def _zip_response(path: Any, bundle_id: str) -> FileResponse:
    return FileResponse(path, media_type="application/zip", filename=f"bundle-{bundle_id}.zip",
                        headers={"X-Bundle-Id": bundle_id})


@router.post("/cases/{case_id}/exports", summary="Export a case as a signed, redacted ZIP bundle",
             response_model=None)
async def create(case_id: str, body: ExportRequest, actor: ActorDep, archive: ArchiveDep) -> Any:
    """The bundle is recorded in the disclosure register for its recipient and purpose (as `temoin export`)."""
    from archive.disclosures.service import DisclosureResult, disclose

    def make(dst: Path) -> DisclosureResult:
        return disclose(archive, actor=actor, case_id=case_id, profile=body.profile, recipient=body.to,
                        purpose=body.purpose, dst=dst)

    disclosed, final = await run_in_threadpool(keep_bundle, archive, make)
    response = _zip_response(final, disclosed.export.bundle_id)
    response.headers["X-Disclosure-Id"] = disclosed.disclosure_id
    return response


@router.get("/exports", summary="Bundles exported from this archive, with their revoked flag")
def index(actor: ActorDep, session: SessionDep, case: str | None = None) -> list[dict[str, Any]]:
    return list_bundles(session, actor=actor, case_id=case)


@router.get("/exports/{bundle_id}", summary="Download a bundle exported through the API", response_model=None)
def download(bundle_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> Any:
    return _zip_response(bundle_file(session, archive, actor=actor, bundle_id=bundle_id), bundle_id)


@router.post("/exports/{bundle_id}/revoke", summary="Revoke a bundle (logged)")
def revoke(bundle_id: str, body: Revocation, actor: ActorDep, session: SessionDep,
           archive: ArchiveDep) -> dict[str, Any]:
    bundle = revoke_bundle(session, actor=actor, bundle_id=bundle_id, reason=body.reason, key=archive.key)
    revoked_at = bundle.revoked_at.isoformat() if bundle.revoked_at else None
    return {"id": bundle.id, "revoked": True, "revoked_at": revoked_at}


class MediaCheckRequest(BaseModel):
    profile: str = Field(description="reparations, prosecution or strict: the profile whose redacted media was checked")


class MediaStatusRead(BaseModel):
    """Per profile: the item's media kind, whether its current redacted form was checked, and what leaves."""

    profile: str
    kind: str = Field(description="audio, scan, document or none")
    checked: bool
    checked_by: str | None
    checked_at: str | None
    release: str = Field(description="media (the redacted file leaves), text (only the redacted text) or none")


@router.get("/items/{item_id}/media-checks", summary="What of an item's media may leave a bundle, per profile",
            response_model=list[MediaStatusRead])
def media_checks(item_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> list[MediaStatusRead]:
    from archive.exports.checks import media_status
    from archive.items.service import get_item

    rows = media_status(session, archive, actor=actor, item=get_item(session, item_id))
    return [MediaStatusRead(**vars(r)) for r in rows]


@router.post("/items/{item_id}/media-checks", status_code=201, response_model=MediaStatusRead,
             summary="Mark an item's redacted audio or scanned page as checked ('vérifié') under a profile")
def check_media(item_id: str, body: MediaCheckRequest, actor: ActorDep, archive: ArchiveDep,
                session: SessionDep) -> MediaStatusRead:
    from archive.exports.checks import mark_checked, media_status
    from archive.items.service import get_item

    item = get_item(session, item_id)
    mark_checked(session, archive, actor=actor, item=item, profile=body.profile)
    row = next(r for r in media_status(session, archive, actor=actor, item=item) if r.profile == body.profile)
    return MediaStatusRead(**vars(row))


@router.get("/items/{item_id}/redacted-media", summary="The item's redacted audio or scanned page under a profile, "
            "to check it (logged)")
def redacted_media_file(item_id: str, profile: str, actor: ActorDep, archive: ArchiveDep) -> Response:
    from archive.exports.checks import redacted_media

    with redacted_media(archive, actor=actor, item_id=item_id, profile=profile) as (path, media_type):
        data = path.read_bytes()
    return Response(data, media_type=media_type, headers={"Cache-Control": "no-store"})
