"""Cases: open one, assign users to it, list what an actor may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import find_user, require
from archive.cases import listing
from archive.cases.reads import CaseFullRead, CaseRedactedRead, case_reads, typed_read
from archive.consent import decide_access, manages
from archive.custody import Actor
from archive.db import session_fetch
from archive.errors import Invalid, NotFound, PermissionDenied
from archive.freetext import service as freetext
from archive.i18n import Lang
from archive.lookup import get_or_not_found
from archive.models import Case, CaseAssignment, Item
from archive.pipeline import consequences

if TYPE_CHECKING:
    from archive.context import Archive

MAX_DESCRIPTION = 10_000


def _checked(title: str, description: str) -> tuple[str, str]:
    title = title.strip()
    if not title or len(title) > 300:
        raise Invalid("case_title_length", max=300)
    if len(description) > MAX_DESCRIPTION:
        raise Invalid("case_description_length", max=MAX_DESCRIPTION)
    return title, description.strip()


def create_case(*, session: Session, actor: Actor, title: str, description: str = "",
                key: bytes | None = None) -> Case:
    """Open a case. Its title and description are free text: the custody log keeps them sealed (with the
    archive ``key``; without it, not at all), and redacted-only readers get their redacted form once the
    pipeline has made it (``archive/freetext``)."""
    require(actor, "cases.create")
    title, description = _checked(title, description)
    case = Case(title=title, description=description, created_by=actor.name)
    session.add(case)
    session.flush()
    if actor.user_id is not None:  # the officer who opens a case works on it
        session.add(CaseAssignment(case_id=case.id, user_id=actor.user_id, assigned_by=actor.name))
    custody.record(session, actor=actor, action="create", object_type="case", object_id=case.id,
                   sealed={"title": title, **({"description": description} if description else {})}
                   if key is not None else None, key=key)
    return case


def update_case(*, session: Session, archive: Archive, actor: Actor, case_id: str, title: str | None = None,
                description: str | None = None) -> Case:
    """Change a case's title or description (an officer working on the case): the stored redacted forms are
    dropped in this transaction and the case's items are re-indexed and their free text redone (urgent)."""
    require(actor, "cases.create")
    case = visible_case(session, actor, case_id)
    new_title, new_description = _checked(case.title if title is None else title,
                                          case.description if description is None else description)
    if (new_title, new_description) == (case.title, case.description):
        return case
    case.title, case.description = new_title, new_description
    freetext.text_changed(session, "case", case.id)
    consequences.case_renamed(session, case.id)
    custody.record(session, actor=actor, action="case_edit", object_type="case", object_id=case.id,
                   sealed={"title": new_title, "description": new_description}, key=archive.key)
    return case


def assign_case(*, session: Session, actor: Actor, case_id: str, username: str, reason: str = "") -> None:
    require(actor, "users.manage")
    case = get_or_not_found(session, Case, case_id, "case")
    user = find_user(session, username)
    if actor.user_id is not None and actor.user_id == user.id:
        raise PermissionDenied("assign_self")  # an administrator never opens a case's content to themself
    if session.get(CaseAssignment, (case.id, user.id)) is None:
        session.add(CaseAssignment(case_id=case.id, user_id=user.id, assigned_by=actor.name))
        custody.record(session, actor=actor, action="assign", object_type="case", object_id=case.id,
                       reason=reason, details={"user": user.username, "user_id": user.id})


def unassign_case(*, session: Session, actor: Actor, case_id: str, username: str, reason: str = "") -> None:
    """Take a user off a case. Nothing to schedule: every read and search checks assignments at that moment,
    so the user's next request already goes without the case."""
    require(actor, "users.manage")
    user = find_user(session, username)
    row = session.get(CaseAssignment, (case_id, user.id))
    if row is None:
        raise NotFound("assignment", username=username)
    session.delete(row)
    custody.record(session, actor=actor, action="unassign", object_type="case", object_id=case_id,
                   reason=reason, details={"user": user.username, "user_id": user.id})


def _may_read(session: Session, actor: Actor, item: Item) -> bool:
    try:
        decide_access(session, actor=actor, item=item, purpose="read")
    except PermissionDenied:
        return False
    return True


def visible_case_ids(session: Session, actor: Actor) -> frozenset[str] | None:
    """The cases an actor may open (``archive.cases.listing.visible_case_ids``: None means every case)."""
    return listing.visible_case_ids(session_fetch(session), actor.role, actor.user_id)


def visible_case(session: Session, actor: Actor, case_id: str) -> Case:
    case = get_or_not_found(session, Case, case_id, "case")
    ids = visible_case_ids(session, actor)
    if ids is not None and case.id not in ids:
        raise PermissionDenied("case_not_visible")
    return case


def visible_items(session: Session, actor: Actor, case_id: str) -> list[Item]:
    """Items of a case this actor may at least see the record of (content access or care of the record)."""
    items = session.execute(select(Item).where(Item.case_id == case_id).order_by(Item.created_at)).scalars()
    return [item for item in items if manages(session, actor=actor, item=item) or _may_read(session, actor, item)]


def show_case(*, session: Session, actor: Actor, case_id: str, lang: Lang = "fr") -> CaseFullRead | CaseRedactedRead:
    """One case at the level this actor reads cases at (its visible items counted)."""
    case = visible_case(session, actor, case_id)
    return case_reads(session, actor, [(case, len(visible_items(session, actor, case.id)))], lang)[0]


def list_cases(*, session: Session, actor: Actor, lang: Lang = "fr") -> list[CaseFullRead | CaseRedactedRead]:
    """The cases an actor may see with their visible items counted (the read model of ``archive.cases.listing``,
    which the command line's read-only path runs without the ORM)."""
    return [typed_read(row) for row in listing.listed_cases(session_fetch(session), role=actor.role,
                                                            user_id=actor.user_id, lang=lang)]
