"""The disclosure register's pages: every disclosure (and a page per recipient) with its bundle hash,
evidence numbers and lifted redactions, a form to disclose a case to a recipient, and the recipients to
notify after a withdrawal. Calls the same service as `POST /cases/{id}/disclosures` and `GET /disclosures`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from archive.auth import require
from archive.cases.service import list_cases, visible_case_ids
from archive.disclosures import service
from archive.disclosures.schemas import RECIPIENT_KINDS
from archive.errors import DomainError
from archive.exports.purposes import PURPOSE_SCOPE
from archive.exports.service import keep_bundle
from archive.web.page import Page, PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _render(page: Page, *, recipient: str | None = None, done: str = "", error: str = "",
            status: int = 200) -> Response:
    with page.archive.db.session() as session:
        cases = list_cases(session=session, actor=page.actor)
        visible = visible_case_ids(session, page.actor)
        chosen = service.find_recipient(session, recipient) if recipient else None
        rows = [d for d in service.disclosure_details(session, actor=page.actor,
                                                      recipient=chosen.id if chosen else None)
                if visible is None or d.case in visible]
        tasks = [t for t in service.holders_to_notify(session, actor=page.actor)
                 if chosen is None or t.recipient == chosen.name]
        recipients = service.list_recipients(session, actor=page.actor)
    return page.render("disclosures.html", status=status, cases=cases, profiles=tuple(PURPOSE_SCOPE),
                       recipients=recipients, chosen=chosen, disclosures=list(reversed(rows)), tasks=tasks,
                       kinds=RECIPIENT_KINDS, done=done, error=error)


@router.get("/ui/disclosures")
def disclosures_page(page: PageDep, done: str = "") -> Response:
    require(page.actor, "export")
    return _render(page, done=done)


@router.get("/ui/disclosures/recipients/{recipient_id}")
def recipient_page(recipient_id: str, page: PageDep) -> Response:
    require(page.actor, "export")
    return _render(page, recipient=recipient_id)


@router.post("/ui/disclosures/recipients")
def add_recipient(page: PageDep, name: Annotated[str, Form()], kind: Annotated[str, Form()],
                  csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    with page.archive.db.session() as session:
        service.add_recipient(session, actor=page.actor, name=name, kind=kind)
    return RedirectResponse("/ui/disclosures", status_code=303)


@router.post("/ui/disclosures")
async def start_disclosure(page: PageDep, case_id: Annotated[str, Form()], profile: Annotated[str, Form()],
                           recipient: Annotated[str, Form()], purpose: Annotated[str, Form()],
                           csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    require(page.actor, "export")
    def make(dst: Path) -> service.DisclosureResult:
        return service.disclose(page.archive, actor=page.actor, case_id=case_id, profile=profile,
                                recipient=recipient, purpose=purpose, dst=dst)

    try:
        result, _ = await run_in_threadpool(keep_bundle, page.archive, make)
    except DomainError as exc:
        return _render(page, error=exc.message(page.lang), status=exc.status)
    return RedirectResponse(f"/ui/disclosures?done={result.disclosure_id}#disclosure-{result.disclosure_id}",
                            status_code=303)


def _lift_page(page: Page, disclosure_id: str, *, error: str = "", status: int = 200) -> Response:
    with page.archive.db.session() as session:
        spans = service.liftable_spans(session, page.archive, actor=page.actor, disclosure_id=disclosure_id)
        row = service.get_disclosure(session, disclosure_id)
        recipient = service.find_recipient(session, row.recipient_id).name
        reasons = service.list_reasons(session, active_only=True)
    return page.render("disclosure_lift.html", status=status, disclosure_id=disclosure_id, recipient=recipient,
                       purpose=row.purpose, spans=spans, reasons=reasons, error=error)


@router.get("/ui/disclosures/{disclosure_id}/lift")
def lift_page(disclosure_id: str, page: PageDep) -> Response:
    """Choose redactions to lift for the same recipient, a reason for each (lawyers: identity.resolve)."""
    require(page.actor, "identity.resolve")
    return _lift_page(page, disclosure_id)


@router.post("/ui/disclosures/{disclosure_id}/lift")
async def lift_step(disclosure_id: str, page: PageDep) -> Response:
    """The chosen spans (``span``, repeated) with ``reason-SPAN`` and ``text-SPAN`` each: the same service as
    ``POST /disclosures/{id}/lift`` and ``temoin disclosures lift``."""
    from archive.disclosures.schemas import LiftRequest

    form = await page.request.form()
    page.check_csrf(str(form.get("csrf") or ""))
    require(page.actor, "identity.resolve")
    chosen = [str(v) for v in form.getlist("span")]
    lifts = [LiftRequest(span=span, reason_code=str(form.get(f"reason-{span}") or ""),
                         reason=str(form.get(f"text-{span}") or "")[:2000]) for span in chosen]
    purpose = str(form.get("purpose") or "")

    def make(dst: Path) -> service.DisclosureResult:
        return service.lift(page.archive, actor=page.actor, previous_id=disclosure_id, lifts=lifts, dst=dst,
                            purpose=purpose)

    try:
        result, _ = await run_in_threadpool(keep_bundle, page.archive, make)
    except DomainError as exc:
        return _lift_page(page, disclosure_id, error=exc.message(page.lang), status=exc.status)
    return RedirectResponse(f"/ui/disclosures?done={result.disclosure_id}#disclosure-{result.disclosure_id}",
                            status_code=303)
