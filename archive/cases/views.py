"""HTTP views for cases."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from archive.cases.service import assign_case, create_case, list_cases, unassign_case
from archive.deps import ActorDep, SessionDep

router = APIRouter(tags=["cases"])


class NewCase(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)


class Assignment(BaseModel):
    username: str
    reason: str = ""


@router.post("/cases", status_code=201)
def new_case(body: NewCase, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    case = create_case(session=session, actor=actor, title=body.title, description=body.description)
    return {"id": case.id, "title": case.title}


@router.get("/cases")
def cases(actor: ActorDep, session: SessionDep) -> list[dict[str, Any]]:
    return list_cases(session=session, actor=actor)


@router.post("/cases/{case_id}/assignments", status_code=201)
def assign(case_id: str, body: Assignment, actor: ActorDep, session: SessionDep) -> dict[str, str]:
    assign_case(session=session, actor=actor, case_id=case_id, username=body.username, reason=body.reason)
    return {"case": case_id, "user": body.username}


@router.delete("/cases/{case_id}/assignments/{username}")
def unassign(case_id: str, username: str, actor: ActorDep, session: SessionDep, reason: str = "") -> dict[str, str]:
    unassign_case(session=session, actor=actor, case_id=case_id, username=username, reason=reason)
    return {"case": case_id, "user": username, "removed": "yes"}
