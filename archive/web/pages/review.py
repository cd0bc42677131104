"""The redaction review page: the text with proposed spans highlighted by label, accept / reject each, add a
span by selecting text, the engine's flags, and for audio the original in a player that seeks to a segment.

The displayed text is exactly the text artefact (spans are cut from it in Python, labels are drawn by CSS),
so the offsets the page's script reads from a selection are the offsets `add_span` expects. Decisions go
through the same service calls as `PUT/POST /items/{id}/redactions`, which refresh the redacted text and the
index themselves.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from markupsafe import Markup, escape

from archive.errors import NotFound
from archive.exports.checks import mark_checked, media_status, redacted_media
from archive.i18n import CATALOGUES
from archive.items.artefacts import item_text
from archive.items.service import authorise_download, get_item, stream_verified
from archive.review.service import add_span, decide_span, list_spans
from archive.web.page import Page, PageDep, PageRoute
from archive.web.pages.scans import scan_for_page
from archive.web.pages.search import clock
from archive.web.session import warning_seen
from redaction.findings import LABELS

router = APIRouter(route_class=PageRoute, include_in_schema=False)
KNOWN_FLAGS = ("needs_human_review", "mixed_language")


def marked_text(text: str, spans: list[dict[str, Any]], names: dict[str, str] | None = None) -> Markup:
    """The text with each span in a `<span>`; nothing else is added, so its text content equals `text`.
    A span that overlaps one already drawn is listed beside the text but not drawn inside it. `names` gives
    each label in the reader's words (drawn by CSS from `data-label`; `data-kind` keeps the code)."""
    names = names or {}
    parts, cursor = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = int(span["start"]), int(span["end"])
        if start < cursor or end > len(text):
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(Markup('<span class="span {}" id="mark-{}" data-span="{}" data-kind="{}" data-label="{}">{}'
                            '</span>').format(span["status"], span["id"], span["id"], span["label"],
                                              names.get(span["label"], span["label"]), text[start:end]))
        cursor = end
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)


def _label_names(page: Page) -> dict[str, str]:
    known = CATALOGUES[page.lang]
    return {label: known[f"review.label_{label}"] for label in LABELS if f"review.label_{label}" in known}


def is_audio(media_type: str) -> bool:
    return media_type.startswith(("audio/", "video/"))


@router.get("/ui/items/{item_id}/review")
def review_page(item_id: str, page: PageDep) -> Response:
    archive = page.archive
    with archive.db.session() as session:
        item = get_item(session, item_id)
        data = list_spans(session, archive, actor=page.actor, item=item)  # refuses without the full view
        seen = warning_seen(page.request, archive)
        text = item_text(session, archive.store, item) if seen else None
        segments = [s for s in (text.document.get("segments", []) if text else []) if isinstance(s, dict)]
        media = [vars(m) for m in media_status(session, archive, actor=page.actor, item=item)] if text else []
        scan = scan_for_page(session, archive, actor=page.actor, item=item) if text else []
        flags = [f for f in data["flags"] if not str(f).startswith("reason: ")]
        reasons = [str(f).removeprefix("reason: ") for f in data["flags"] if str(f).startswith("reason: ")]
        return page.render(
            "review.html", item={"id": item.id, "case": item.case_id, "media_type": item.media_type,
                                 "status": item.status},
            warning=not seen, spans=data["spans"], flags=flags, reasons=reasons, known_flags=KNOWN_FLAGS,
            text=marked_text(text.text, data["spans"], _label_names(page)) if text else None,
            has_text=data["text_sha256"] is not None,
            text_sha256=data["text_sha256"], labels=LABELS, audio=is_audio(item.media_type), segments=segments,
            clock=clock, scan=scan, media=[m for m in media if m["release"] != "none" and (
                m["kind"] == "scan" or (m["kind"] == "audio" and m["profile"] == "prosecution"))],
        )


@router.post("/ui/items/{item_id}/review/{span_id}")
def decide(item_id: str, span_id: str, page: PageDep, status: Annotated[str, Form()],
           reason: Annotated[str, Form(max_length=2000)] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        decide_span(session, archive, actor=page.actor, item=get_item(session, item_id), span_id=span_id,
                    status=status, reason=reason)
    return RedirectResponse(f"/ui/items/{item_id}/review#span-{span_id}", status_code=303)


@router.post("/ui/items/{item_id}/review")
def add(item_id: str, page: PageDep, start: Annotated[int, Form(ge=0)], end: Annotated[int, Form(gt=0)],
        label: Annotated[str, Form()], reason: Annotated[str, Form(max_length=2000)] = "",
        csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        span = add_span(session, archive, actor=page.actor, item=get_item(session, item_id), start=start, end=end,
                        label=label, reason=reason)
        span_id = span.id
    return RedirectResponse(f"/ui/items/{item_id}/review#span-{span_id}", status_code=303)


@router.get("/ui/items/{item_id}/audio")
def audio(item_id: str, page: PageDep) -> StreamingResponse:
    """The original recording for the page's player: the same checks and custody entry as a download."""
    archive = page.archive
    with archive.db.session() as session:
        item = get_item(session, item_id)
        if not is_audio(item.media_type):
            raise NotFound("not_audio", id=item_id)
        authorise_download(session=session, store=archive.store, actor=page.actor, item=item,
                           reason="listened to in the web interface")
        sha, media_type = item.sha256, item.media_type
    return StreamingResponse(stream_verified(archive.store, sha), media_type=media_type,
                             headers={"Cache-Control": "no-store", "X-Content-SHA256": sha})


@router.post("/ui/items/{item_id}/media-check")
def check_media(item_id: str, page: PageDep, profile: Annotated[str, Form()],
                csrf: Annotated[str, Form()] = "") -> Response:
    """The "vérifié" / "écouté et vérifié" button: the same service as `POST /items/{id}/media-checks`."""
    page.check_csrf(csrf)
    archive = page.archive
    with archive.db.session() as session:
        mark_checked(session, archive, actor=page.actor, item=get_item(session, item_id), profile=profile)
    return RedirectResponse(f"/ui/items/{item_id}/review#media", status_code=303)


@router.get("/ui/items/{item_id}/redacted-media")
def redacted_media_page(item_id: str, page: PageDep, profile: str) -> Response:
    """The redacted audio or image under a profile, played or shown on the review page before it is checked."""
    with redacted_media(page.archive, actor=page.actor, item_id=item_id, profile=profile) as (path, media_type):
        data = path.read_bytes()
    return Response(data, media_type=media_type, headers={"Cache-Control": "no-store"})
