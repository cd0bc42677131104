"""HTTP views of the disclosure register: recipients, disclosing a case to one (the signed ZIP streamed back),
lifting redactions for the same recipient, the register, a signed register extract, the reasons list and the
recipients to notify after a withdrawal. Each parses, calls ``archive.disclosures.service`` and returns a
typed schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.disclosures import service
from archive.disclosures.register import register_extract
from archive.disclosures.schemas import (
    DiscloseRequest,
    DisclosureDetail,
    DisclosureRow,
    HolderTask,
    LiftableSpan,
    LiftReasonEdit,
    LiftReasonRead,
    LiftStep,
    RecipientCreate,
    RecipientRead,
)
from archive.errors import NotFound
from archive.exports.service import keep_bundle

router = APIRouter(tags=["disclosures"])


def _recipient(row: Any) -> RecipientRead:
    return RecipientRead(id=row.id, name=row.name, kind=row.kind, created_by=row.created_by,
                         created_at=row.created_at)


def _zip(result: service.DisclosureResult, final: Path) -> FileResponse:
    """The ZIP kept under the bundle's id (its creator may download it again: GET /exports/{id})."""
    bundle_id = result.export.bundle_id
    return FileResponse(final, media_type="application/zip", filename=f"bundle-{bundle_id}.zip",
                        headers={"X-Bundle-Id": bundle_id, "X-Disclosure-Id": result.disclosure_id})


@router.get("/recipients", summary="Recipients on record")
def recipients(actor: ActorDep, session: SessionDep) -> list[RecipientRead]:
    return [_recipient(r) for r in service.list_recipients(session, actor=actor)]


@router.post("/recipients", summary="Record a recipient (logged)", status_code=201)
def add_recipient(body: RecipientCreate, actor: ActorDep, session: SessionDep) -> RecipientRead:
    return _recipient(service.add_recipient(session, actor=actor, name=body.name, kind=body.kind))


@router.post("/cases/{case_id}/disclosures", summary="Disclose a case to a recipient (signed ZIP; registered)",
             response_model=None)
async def disclose(case_id: str, body: DiscloseRequest, actor: ActorDep, archive: ArchiveDep) -> Any:
    def make(dst: Path) -> service.DisclosureResult:
        return service.disclose(archive, actor=actor, case_id=case_id, profile=body.profile,
                                recipient=body.recipient, purpose=body.purpose, dst=dst)

    return _zip(*await run_in_threadpool(keep_bundle, archive, make))


@router.post("/disclosures/{disclosure_id}/lift", summary="Lift chosen redactions for the same recipient",
             response_model=None)
async def lift(disclosure_id: str, body: LiftStep, actor: ActorDep, archive: ArchiveDep) -> Any:
    def make(dst: Path) -> service.DisclosureResult:
        return service.lift(archive, actor=actor, previous_id=disclosure_id, lifts=body.lifts, dst=dst,
                            purpose=body.purpose)

    return _zip(*await run_in_threadpool(keep_bundle, archive, make))


@router.get("/disclosures", summary="The disclosure register")
def register(actor: ActorDep, session: SessionDep, recipient: str | None = None,
             case: str | None = None) -> list[DisclosureRow]:
    return service.list_disclosures(session, actor=actor, recipient=recipient, case_id=case)


@router.get("/disclosure-register", summary="A signed extract of the register (verify: temoin disclosures verify)")
def extract(actor: ActorDep, archive: ArchiveDep, recipient: str | None = None, case: str | None = None) -> Response:
    data = register_extract(archive, actor=actor, recipient=recipient, case_id=case)
    return Response(data, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="register-extract.json"'})


@router.get("/disclosure-tasks", summary="Recipients to notify: they hold material whose consent was withdrawn")
def tasks(actor: ActorDep, session: SessionDep, case: str | None = None) -> list[HolderTask]:
    return service.holders_to_notify(session, actor=actor, case_id=case)


@router.get("/disclosures/{disclosure_id}/spans", summary="The redactions a next lifting step may choose")
def spans(disclosure_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> list[LiftableSpan]:
    return service.liftable_spans(session, archive, actor=actor, disclosure_id=disclosure_id)


@router.get("/disclosures/{disclosure_id}", summary="One disclosure with the redactions lifted in it")
def detail(disclosure_id: str, actor: ActorDep, session: SessionDep) -> DisclosureDetail:
    row = service.get_disclosure(session, disclosure_id)
    found = [d for d in service.disclosure_details(session, actor=actor, case_id=row.case_id) if d.id == disclosure_id]
    if not found:  # a case the actor may not open: as if it did not exist
        raise NotFound("disclosure_unknown", id=disclosure_id)
    return found[0]


@router.get("/lift-reasons", summary="Reasons a lifting step may give")
def reasons(session: SessionDep, actor: ActorDep) -> list[LiftReasonRead]:
    return service.list_reasons(session)


@router.put("/lift-reasons/{code}", summary="Add, relabel or retire a reason (admin; logged)")
def edit_reason(code: str, body: LiftReasonEdit, actor: ActorDep, session: SessionDep) -> LiftReasonRead:
    return service.edit_reason(session, actor=actor, code=code, label_fr=body.label_fr, label_en=body.label_en,
                               active=body.active)
