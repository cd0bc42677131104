"""Cases: open one, assign users to it, list what an actor may see."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import assigned_cases, find_user, has_permission, require
from archive.custody import Actor
from archive.models import Case, CaseAssignment, Item


def create_case(*, session: Session, actor: Actor, title: str, description: str = "") -> Case:
    require(actor, "cases.create")
    title = title.strip()
    if not title or len(title) > 300:
        raise ValueError("a case title must be 1 to 300 characters")
    case = Case(title=title, description=description, created_by=actor.name)
    session.add(case)
    session.flush()
    if actor.user_id is not None:  # the officer who opens a case works on it
        session.add(CaseAssignment(case_id=case.id, user_id=actor.user_id, assigned_by=actor.name))
    custody.record(session, actor=actor, action="create", object_type="case", object_id=case.id,
                   details={"title": title})
    return case


def assign_case(*, session: Session, actor: Actor, case_id: str, username: str, reason: str = "") -> None:
    require(actor, "users.manage")
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(f"no case with id {case_id!r}")
    user = find_user(session, username)
    if session.get(CaseAssignment, (case.id, user.id)) is None:
        session.add(CaseAssignment(case_id=case.id, user_id=user.id, assigned_by=actor.name))
        custody.record(session, actor=actor, action="assign", object_type="case", object_id=case.id,
                       reason=reason, details={"user": user.username, "user_id": user.id})


def visible_case_ids(session: Session, actor: Actor) -> frozenset[str] | None:
    """None means every case (metadata only for roles without content access)."""
    if actor.role == "system" or has_permission(actor.role, "cases.read_all"):
        return None
    return assigned_cases(session, actor.user_id)


def list_cases(*, session: Session, actor: Actor) -> list[dict[str, Any]]:
    ids = visible_case_ids(session, actor)
    query = select(Case, func.count(Item.id)).outerjoin(Item).group_by(Case.id).order_by(Case.created_at)
    if ids is not None:
        query = query.where(Case.id.in_(ids))
    return [
        {"id": c.id, "title": c.title, "created_by": c.created_by, "created_at": c.created_at.isoformat(),
         "items": n}
        for c, n in session.execute(query).all()
    ]
