"""HTTP views for cases."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from archive.cases.reads import CaseRead
from archive.cases.service import assign_case, create_case, list_cases, show_case, unassign_case, update_case
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.i18n import accept_language

router = APIRouter(tags=["cases"])


class NewCase(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)


class CaseChange(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=10_000)


class Assignment(BaseModel):
    username: str
    reason: str = ""


@router.post("/cases", status_code=201)
def new_case(body: NewCase, actor: ActorDep, session: SessionDep, archive: ArchiveDep) -> dict[str, str]:
    case = create_case(session=session, actor=actor, title=body.title, description=body.description,
                       key=archive.key)
    return {"id": case.id, "title": case.title}


@router.get("/cases", response_model=list[CaseRead])
def cases(request: Request, actor: ActorDep, session: SessionDep) -> list[CaseRead]:
    """The cases you may see; their free text as your role may read it (redacted-only roles: the redacted form)."""
    return list(list_cases(session=session, actor=actor, lang=accept_language(request.headers.get("accept-language"))))


@router.get("/cases/{case_id}", response_model=CaseRead)
def case(case_id: str, request: Request, actor: ActorDep, session: SessionDep) -> CaseRead:
    return show_case(session=session, actor=actor, case_id=case_id,
                     lang=accept_language(request.headers.get("accept-language")))


@router.patch("/cases/{case_id}", response_model=CaseRead)
def edit_case(case_id: str, body: CaseChange, request: Request, actor: ActorDep, session: SessionDep,
              archive: ArchiveDep) -> CaseRead:
    """Change a case's title or description: its redacted form is made again by the pipeline."""
    update_case(session=session, archive=archive, actor=actor, case_id=case_id, title=body.title,
                description=body.description)
    return show_case(session=session, actor=actor, case_id=case_id,
                     lang=accept_language(request.headers.get("accept-language")))


@router.post("/cases/{case_id}/assignments", status_code=201)
def assign(case_id: str, body: Assignment, actor: ActorDep, session: SessionDep) -> dict[str, str]:
    assign_case(session=session, actor=actor, case_id=case_id, username=body.username, reason=body.reason)
    return {"case": case_id, "user": body.username}


@router.delete("/cases/{case_id}/assignments/{username}")
def unassign(case_id: str, username: str, actor: ActorDep, session: SessionDep, reason: str = "") -> dict[str, str]:
    unassign_case(session=session, actor=actor, case_id=case_id, username=username, reason=reason)
    return {"case": case_id, "user": username, "removed": "yes"}
