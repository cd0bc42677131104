"""HTTP views of the claims register: parse, call the service, return a typed schema."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from archive.claims.bundle import export_claim
from archive.claims.duplicates import (
    decide_duplicate,
    register_and_check,
    reveal_identity,
    review_queue,
    undo_duplicate,
)
from archive.claims.identity import Identity
from archive.claims.links import link_person
from archive.claims.programmes import Programme, load_programmes
from archive.claims.reads import candidate_read, claim_read, claims_for, programme_read
from archive.claims.schemas import (
    CandidateRead,
    ClaimRead,
    ClaimSummary,
    DuplicateDecisionIn,
    IdentityRead,
    LinkIn,
    NewClaim,
    ProgrammeRead,
    ReasonIn,
    TransitionIn,
)
from archive.claims.service import get_claimant, list_claims, transition
from archive.context import Archive
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.i18n import accept_language

router = APIRouter(tags=["claims"])


def programmes_of(archive: Archive) -> dict[str, Programme]:
    return load_programmes(archive.settings.programmes_file)


@router.get("/programmes")
def programmes(request: Request, actor: ActorDep, archive: ArchiveDep) -> list[ProgrammeRead]:
    lang = accept_language(request.headers.get("accept-language"))
    return [programme_read(p, lang) for p in programmes_of(archive).values()]


@router.post("/claims", status_code=201)
def new_claim(body: NewClaim, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> dict[str, Any]:
    identity = Identity(**body.claimant.model_dump()) if body.claimant else None
    claim, check = register_and_check(session=session, key=archive.key, actor=actor, programmes=programmes_of(archive),
                                      programme=body.programme, victim_category=body.victim_category,
                                      identity=identity, identity_consent=body.identity_consent,
                                      claimant_id=body.claimant_id,
                                      citations=[(c.item, c.note) for c in body.citations])
    return {"id": claim.id, "status": claim.status, "due_at": claim.due_at.isoformat(),
            "duplicate_check": check}


@router.get("/claims")
def claims(actor: ActorDep, session: SessionDep, status: str | None = None,
           overdue: bool = False) -> list[ClaimSummary]:
    return claims_for(session, actor, list_claims(session=session, actor=actor, status=status, overdue=overdue))


@router.get("/claims/duplicates")
def duplicates(actor: ActorDep, archive: ArchiveDep, session: SessionDep,
               include_decided: bool = False) -> list[CandidateRead]:
    return [candidate_read(e) for e in review_queue(session=session, key=archive.key, actor=actor,
                                                    include_decided=include_decided)]


@router.post("/claims/duplicates/{candidate_id}")
def decide_pair(candidate_id: str, body: DuplicateDecisionIn, actor: ActorDep, archive: ArchiveDep,
                session: SessionDep) -> dict[str, Any]:
    c = decide_duplicate(session=session, key=archive.key, actor=actor, candidate_id=candidate_id,
                         same=body.decision == "same", reason=body.reason)
    return {"id": c.id, "status": c.status, "moved_claims": c.moved_claims}


@router.post("/claims/duplicates/{candidate_id}/undo")
def undo_pair(candidate_id: str, body: ReasonIn, actor: ActorDep, archive: ArchiveDep,
              session: SessionDep) -> dict[str, Any]:
    flagged = undo_duplicate(session=session, key=archive.key, actor=actor, candidate_id=candidate_id,
                             reason=body.reason)
    return {"id": candidate_id, "status": "undone", "flagged_claims": flagged}


@router.get("/claims/{claim_id}")
def claim(claim_id: str, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> ClaimRead:
    return claim_read(session, actor, programmes_of(archive), claim_id)


@router.post("/claims/{claim_id}/transitions")
def move(claim_id: str, body: TransitionIn, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> ClaimRead:
    transition(session=session, key=archive.key, actor=actor, claim_id=claim_id, to=body.to, reason=body.reason,
               outcome=body.outcome, cite=body.cite)
    return claim_read(session, actor, programmes_of(archive), claim_id)


@router.post("/claims/{claim_id}/links", status_code=201)
def link(claim_id: str, body: LinkIn, actor: ActorDep, archive: ArchiveDep, session: SessionDep) -> ClaimRead:
    """A household or indirect-victim link: the claimant is ``relation`` of a person (existing or new)."""
    link_person(session=session, key=archive.key, actor=actor, claim_id=claim_id, relation=body.relation,
                fate=body.fate, person_id=body.person_id,
                identity=Identity(**body.person.model_dump()) if body.person else None)
    return claim_read(session, actor, programmes_of(archive), claim_id)


@router.post("/claimants/{claimant_id}/identity")
def identity(claimant_id: str, body: ReasonIn, actor: ActorDep, archive: ArchiveDep,
             session: SessionDep) -> IdentityRead:
    shown = reveal_identity(session=session, key=archive.key, actor=actor, claimant_id=claimant_id, reason=body.reason)
    return IdentityRead(label=get_claimant(session, claimant_id).label, **asdict(shown))


@router.post("/claims/{claim_id}/bundle", response_model=None)
async def bundle(claim_id: str, actor: ActorDep, archive: ArchiveDep, to: str, purpose: str,
                 case: str | None = None) -> FileResponse:
    """The board bundle (signed ZIP) for a recipient on record (``to``, by id or exact name) and a purpose; kept
    with the archive's bundles and recorded in the disclosure register like every export."""
    from archive.exports.service import ExportResult, keep_bundle

    def make(dst: Path) -> ExportResult:
        return export_claim(archive, actor=actor, programmes=programmes_of(archive), claim_id=claim_id, dst=dst,
                            case_id=case, recipient=to, purpose=purpose)

    result, final = await run_in_threadpool(keep_bundle, archive, make)
    return FileResponse(final, media_type="application/zip", filename=f"claim-{claim_id[:8]}.zip",
                        headers={"X-Bundle-Id": result.bundle_id})
