"""Pages of the reparations register: the claims list with the registration form, one claim with its next steps,
and the duplicate-claimants review queue. Every form calls the same services as the API and the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from archive.claims.duplicates import decide_duplicate, register_and_check, review_queue, undo_duplicate
from archive.claims.identity import Identity
from archive.claims.reads import candidate_read, claim_read, claims_for
from archive.claims.service import OUTCOMES, STEPS, VICTIM_CATEGORIES, list_claims, transition
from archive.claims.views import programmes_of
from archive.web.page import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=200)]


@router.get("/ui/claims")
def claims(page: PageDep, overdue: bool = False) -> Response:
    with page.archive.db.session() as session:
        rows = claims_for(session, page.actor, list_claims(session=session, actor=page.actor, overdue=overdue))
    return page.render("claims.html", claims=rows, overdue=overdue, programmes=programmes_of(page.archive),
                       categories=VICTIM_CATEGORIES)


@router.post("/ui/claims")
def register(page: PageDep, programme: Short, victim_category: Short = "direct", given_name: Short = "",
             family_name: Short = "", birth_date: Short = "", birth_place: Short = "", father_name: Short = "",
             mother_name: Short = "", sex: Short = "", identity_consent: Short = "", item: Short = "",
             note: Text = "", csrf: Short = "") -> Response:
    page.check_csrf(csrf)
    identity = Identity(given_name, family_name, birth_date, birth_place, father_name, mother_name, sex)
    citations = [(i.strip(), note) for i in item.split(",") if i.strip()]
    with page.archive.db.session() as session:
        claim, _ = register_and_check(session=session, key=page.archive.key, actor=page.actor,
                                      programmes=programmes_of(page.archive), programme=programme,
                                      victim_category=victim_category, identity=identity,
                                      identity_consent=bool(identity_consent), citations=citations)
        claim_id = claim.id
    return RedirectResponse(f"/ui/claims/{claim_id}", status_code=303)


@router.get("/ui/claims/duplicates")
def duplicates(page: PageDep) -> Response:
    with page.archive.db.session() as session:
        rows = [candidate_read(e) for e in review_queue(session=session, key=page.archive.key, actor=page.actor,
                                                        include_decided=True)]
    return page.render("duplicates.html", pairs=rows)


@router.post("/ui/claims/duplicates/{candidate_id}")
def decide_pair(candidate_id: str, page: PageDep, decision: Short, reason: Text = "", csrf: Short = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        if decision == "undo":
            undo_duplicate(session=session, key=page.archive.key, actor=page.actor, candidate_id=candidate_id,
                           reason=reason)
        else:
            decide_duplicate(session=session, key=page.archive.key, actor=page.actor, candidate_id=candidate_id,
                             same=decision == "same", reason=reason)
    return RedirectResponse("/ui/claims/duplicates", status_code=303)


@router.get("/ui/claims/{claim_id}")
def claim_page(claim_id: str, page: PageDep) -> Response:
    with page.archive.db.session() as session:
        claim = claim_read(session, page.actor, programmes_of(page.archive), claim_id)
    steps = [to for to, step in STEPS.items() if claim.status in step.sources and page.can(step.permission)]
    return page.render("claim.html", claim=claim, steps=steps, outcomes=OUTCOMES)


@router.post("/ui/claims/{claim_id}")
def move(claim_id: str, page: PageDep, to: Short, reason: Text = "", outcome: Short = "", cite: Short = "",
         csrf: Short = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        transition(session=session, key=page.archive.key, actor=page.actor, claim_id=claim_id, to=to, reason=reason,
                   outcome=outcome or None, cite=[c for c in cite.split(",") if c.strip()])
    return RedirectResponse(f"/ui/claims/{claim_id}", status_code=303)
