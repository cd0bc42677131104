"""What a caller may read of a case, one typed schema per visibility level (the cases' ``items/reads.py``).

    full      the title and description as typed, who opened the case (officers, lawyers, the admin who
              assigns people to it)
    redacted  the pipeline's stored redacted form of the title and description (None while being redone) and
              no staff name: every role that sees only redacted material (``archive/freetext``)

Every list, page, facet, export list and bundle that names a case takes the name from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from archive.auth import has_permission
from archive.custody import Actor
from archive.freetext.service import Ref, current_forms, shown
from archive.i18n import Lang, translate
from archive.models import Case

CaseView = Literal["full", "redacted"]
#: Permissions that make a role read a case's free text as typed (they work on the case or assign it).
TYPED_READERS = ("items.read", "cases.create", "users.manage")


class CaseCommon(BaseModel):
    id: str
    label: str = Field(description="The case as a page names it (its title as this level may see it).")
    created_at: dt.datetime
    items: int = Field(0, description="Items of the case this reader may see.")


class CaseFullRead(CaseCommon):
    view: Literal["full"] = "full"
    title: str
    description: str
    created_by: str


class CaseRedactedRead(CaseCommon):
    view: Literal["redacted"] = "redacted"
    title: str | None = Field(None, description="The title's redacted form; None while it is being redacted.")
    description: str | None = Field(None, description="The description's redacted form; None while redone.")


CaseRead = Annotated[CaseFullRead | CaseRedactedRead, Field(discriminator="view")]


def case_view(actor: Actor) -> CaseView:
    if actor.role == "system" or any(has_permission(actor.role, p) for p in TYPED_READERS):
        return "full"
    return "redacted"


def _refs(case: Case) -> list[Ref]:
    return [("case", case.id, "title"), ("case", case.id, "description")]


def case_reads(session: Session, actor: Actor, rows: Iterable[tuple[Case, int]],
               lang: Lang = "fr") -> list[CaseFullRead | CaseRedactedRead]:
    """Each case at the level this actor reads cases at (one query for the stored forms of all of them)."""
    rows = list(rows)
    if case_view(actor) == "full":
        return [CaseFullRead(id=c.id, label=c.title, created_at=c.created_at, items=n, title=c.title,
                             description=c.description or "", created_by=c.created_by) for c, n in rows]
    forms = current_forms(session, [ref for c, _ in rows for ref in _refs(c)])
    out: list[CaseFullRead | CaseRedactedRead] = []
    for c, n in rows:
        title = shown(c.title, ("case", c.id, "title"), forms)
        out.append(CaseRedactedRead(
            id=c.id, created_at=c.created_at, items=n, title=title,
            description=shown(c.description or "", ("case", c.id, "description"), forms),
            label=title or translate(lang, "freetext.case_pending", id=c.id[:8])))
    return out


def case_labels(session: Session, actor: Actor, cases: Iterable[Case], lang: Lang = "fr") -> dict[str, str]:
    """Case id -> the name this actor may see (search facets, hits, export lists, bundles)."""
    return {read.id: read.label for read in case_reads(session, actor, ((c, 0) for c in cases), lang)}
