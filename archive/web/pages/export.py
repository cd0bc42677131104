"""The bundle export page: choose a case, a profile, the recipient and the purpose, export, download the signed
ZIP, read how to verify it, and see earlier bundles with their revoked flag. Calls the same functions as
`POST /cases/{id}/exports` (the disclosure register records the bundle), `GET /exports` and `GET /exports/{id}`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, RedirectResponse, Response

from archive.auth import require
from archive.cases.service import list_cases
from archive.exports.plan import ExportBlocked
from archive.exports.purposes import PURPOSE_SCOPE
from archive.exports.service import bundle_file, keep_bundle, list_bundles
from archive.exports.signing import current_public
from archive.web.page import Page, PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _render(page: Page, *, done: str = "", error: str = "", status: int = 200, chosen: str = "",
            review: str | None = None, recipient: str = "", purpose: str = "") -> Response:
    from archive.disclosures.service import list_recipients

    with page.archive.db.session() as session:
        cases = list_cases(session=session, actor=page.actor, lang=page.lang)
        bundles = list_bundles(session, actor=page.actor)
        recipients = [(r.id, r.name) for r in list_recipients(session, actor=page.actor)]
    titles = {c.id: c.label for c in cases}
    for bundle in bundles:
        bundle["case_title"] = titles.get(bundle["case"], bundle["case"][:8])  # the name this reader may see
        bundle["mine"] = bundle["creator"] == page.actor.name
    return page.render("export.html", status=status, cases=cases, profiles=tuple(PURPOSE_SCOPE),
                       scopes=PURPOSE_SCOPE, bundles=list(reversed(bundles)), done=done, error=error,
                       review=review, chosen=chosen, fingerprint=current_public(page.archive.settings).fingerprint,
                       recipients=recipients, chosen_recipient=recipient, purpose=purpose)


@router.get("/ui/exports")
def exports_page(page: PageDep, done: str = "") -> Response:
    require(page.actor, "export")
    return _render(page, done=done)


@router.post("/ui/exports")
async def start_export(page: PageDep, case_id: Annotated[str, Form()], profile: Annotated[str, Form()],
                       recipient: Annotated[str, Form()] = "", purpose: Annotated[str, Form()] = "",
                       csrf: Annotated[str, Form()] = "") -> Response:
    from archive.disclosures.service import DisclosureResult, disclose
    from archive.errors import DomainError

    page.check_csrf(csrf)
    require(page.actor, "export")
    kept = {"chosen": case_id, "recipient": recipient, "purpose": purpose}

    def make(dst: Path) -> DisclosureResult:
        return disclose(page.archive, actor=page.actor, case_id=case_id, profile=profile, recipient=recipient,
                        purpose=purpose, dst=dst)

    try:
        disclosed, _ = await run_in_threadpool(keep_bundle, page.archive, make)
    except ExportBlocked as exc:
        return _render(page, error=exc.message(page.lang), review=exc.extra.get("review"), status=409, **kept)
    except DomainError as exc:  # no recipient chosen, an unknown one, no purpose: said on the page, form kept
        return _render(page, error=exc.message(page.lang), status=exc.status, **kept)
    return RedirectResponse(f"/ui/exports?done={disclosed.bundle_id}#bundle-{disclosed.bundle_id}", status_code=303)


@router.get("/ui/exports/{bundle_id}/download")
def download(bundle_id: str, page: PageDep) -> Response:
    with page.archive.db.session() as session:
        path = bundle_file(session, page.archive, actor=page.actor, bundle_id=bundle_id)
    return FileResponse(path, media_type="application/zip", filename=f"bundle-{bundle_id}.zip",
                        headers={"X-Bundle-Id": bundle_id, "Cache-Control": "no-store"})
