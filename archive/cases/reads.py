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

from archive.cases import listing
from archive.cases.listing import CaseView as CaseView
from archive.custody import Actor
from archive.freetext.service import Ref, current_forms
from archive.i18n import Lang
from archive.models import Case


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
    return listing.case_view(actor.role)


def _refs(case: Case) -> list[Ref]:
    return [("case", case.id, "title"), ("case", case.id, "description")]


def typed_read(row: listing.CaseRow) -> CaseFullRead | CaseRedactedRead:
    """The typed schema of one case row of the read model (``archive.cases.listing``)."""
    if row.view == "full":
        return CaseFullRead(id=row.id, label=row.label, created_at=row.created_at, items=row.items,
                            title=row.title or "", description=row.description or "", created_by=row.created_by or "")
    return CaseRedactedRead(id=row.id, label=row.label, created_at=row.created_at, items=row.items, title=row.title,
                            description=row.description)


def case_reads(session: Session, actor: Actor, rows: Iterable[tuple[Case, int]],
               lang: Lang = "fr") -> list[CaseFullRead | CaseRedactedRead]:
    """Each case at the level this actor reads cases at (one query for the stored forms of all of them)."""
    rows = list(rows)
    view = case_view(actor)
    forms = {} if view == "full" else {
        (ref[1], ref[2]): text for ref, text in current_forms(session, [r for c, _ in rows for r in _refs(c)]).items()}
    return [typed_read(listing.shape(view=view, id=c.id, title=c.title, description=c.description,
                                     created_by=c.created_by, created_at=c.created_at, items=n, forms=forms,
                                     lang=lang)) for c, n in rows]


def case_labels(session: Session, actor: Actor, cases: Iterable[Case], lang: Lang = "fr") -> dict[str, str]:
    """Case id -> the name this actor may see (search facets, hits, export lists, bundles)."""
    return {read.id: read.label for read in case_reads(session, actor, ((c, 0) for c in cases), lang)}
