"""What every page view gets: the actor, the language, the CSRF token, and a `render` that sets safe headers.

Pages share one route class that turns the services' refusals into pages a person can act on (in their
language), instead of the API's JSON errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from archive.auth import has_permission
from archive.context import Archive
from archive.custody import Actor
from archive.deps import get_archive
from archive.errors import AuthError, DomainError
from archive.i18n import CATALOGUES, Lang, format_date, format_number, format_size, pick_lang, translate
from archive.i18n.explain import (
    custody_details,
    item_name,
    media_kind,
    query_problem,
    said_problems,
    validation_problems,
)
from archive.web.session import (
    LANG_COOKIE,
    actor_from_cookie,
    csrf_ok,
    csrf_token,
    is_locked,
    session_token,
)
from search import InvalidQuery, SearchUnavailable

log = logging.getLogger("temoin.web")
TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "Cache-Control": "no-store",  # testimonies must not linger in a shared computer's browser cache
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class LoginRequired(Exception):
    """No valid session cookie: go to the login page."""


class ScreenLocked(Exception):
    """The lock screen is on: only the password brings the pages back."""


class CsrfFailed(Exception):
    """A form came without this session's CSRF token."""


def request_lang(request: Request) -> Lang:
    return pick_lang(request.cookies.get(LANG_COOKIE))


def safe_next(target: str | None, default: str = "/ui/") -> str:
    """Only local paths of the web interface (no open redirect to another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def render_template(request: Request, name: str, *, lang: Lang, status: int = 200, **values: Any) -> HTMLResponse:
    def t(key: str, **kw: object) -> str:
        return translate(lang, key, **kw)

    context = {
        "lang": lang, "t": t, "path": request.url.path, "request_path": _here(request),
        "fmt_date": lambda v, with_time=True: format_date(v, lang, with_time=with_time),
        "fmt_num": lambda v, decimals=0: format_number(v, lang, decimals=decimals),
        "fmt_size": lambda v: format_size(v, lang),
        "label": lambda kind, value: _label(lang, kind, value),
        "details": lambda values: custody_details(lang, values),
        "media_kind": lambda media_type: media_kind(lang, media_type),
        "item_name": lambda media_type, when: item_name(lang, media_type, when),
        "actor": None, "csrf": "", "can": lambda _p: False,
        **values,
    }
    html = env.get_template(name).render(context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def _label(lang: Lang, kind: str, value: str | None) -> str:
    """A vocabulary value in the user's words; an unforeseen value is shown as it is rather than failing."""
    if not value:
        return "—"
    key = f"{kind}.{value}"
    return translate(lang, key) if key in CATALOGUES[lang] else value


def _here(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


@dataclass
class Page:
    request: Request
    archive: Archive
    actor: Actor
    lang: Lang
    csrf: str

    def t(self, key: str, **values: object) -> str:
        return translate(self.lang, key, **values)

    def label(self, kind: str, value: str | None) -> str:
        """A vocabulary value in the user's words (as templates' ``label``)."""
        return _label(self.lang, kind, value)

    def can(self, permission: str) -> bool:
        return self.actor.role == "system" or has_permission(self.actor.role, permission)

    def render(self, name: str, *, status: int = 200, **values: Any) -> HTMLResponse:
        return render_template(self.request, name, lang=self.lang, status=status, actor=self.actor,
                               csrf=self.csrf, can=self.can, **values)

    def check_csrf(self, sent: str | None) -> None:
        if not csrf_ok(self.request, self.archive, sent):
            raise CsrfFailed("missing or wrong CSRF token")


def _page(request: Request, archive: Archive, *, allow_locked: bool) -> Page:
    actor = actor_from_cookie(request, archive)
    token = session_token(request)
    if actor is None or token is None:
        raise LoginRequired()
    if not allow_locked and is_locked(request, archive):
        raise ScreenLocked()
    return Page(request, archive, actor, request_lang(request), csrf_token(archive, token))


def current_page(request: Request, archive: Annotated[Archive, Depends(get_archive)]) -> Page:
    return _page(request, archive, allow_locked=False)


def locked_page(request: Request, archive: Annotated[Archive, Depends(get_archive)]) -> Page:
    return _page(request, archive, allow_locked=True)


PageDep = Annotated[Page, Depends(current_page)]
LockedPageDep = Annotated[Page, Depends(locked_page)]


TITLES = {401: "error.forbidden", 403: "error.forbidden", 404: "error.not_found", 413: "error.too_large",
          409: "error.conflict", 410: "error.not_found", 503: "error.unavailable", 500: "error.internal"}


def error_page(request: Request, exc: Exception) -> Response:
    """A refusal as a page in the user's language, with the site's navigation; a bug as a logged 500 page."""
    lang = request_lang(request)
    if isinstance(exc, LoginRequired | AuthError):
        return RedirectResponse(f"/ui/login?next={quote(_here(request))}", status_code=303)
    if isinstance(exc, ScreenLocked):
        return RedirectResponse(f"/ui/locked?next={quote(_here(request))}", status_code=303)
    if isinstance(exc, CsrfFailed):
        status, detail = 403, translate(lang, "err.csrf")
    elif isinstance(exc, DomainError):
        status, detail = exc.status, exc.message(lang)
    elif isinstance(exc, InvalidQuery):
        status, detail = 422, query_problem(lang, exc)
    elif isinstance(exc, RequestValidationError):  # a form field missing, too long, not a number...
        said = said_problems(lang, validation_problems(lang, exc.errors()))
        status, detail = 422, translate(lang, "err.invalid_form", problems=said or translate(lang, "valid.other"))
    elif isinstance(exc, SearchUnavailable):
        status, detail = 503, translate(lang, "err.search_unavailable", detail=str(exc))
    else:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        status, detail = 500, translate(lang, "err.internal")
    actor = actor_from_cookie(request, request.app.state.archive) if status != 500 else None
    return render_template(request, "error.html", lang=lang, status=status,
                           title_key=TITLES.get(status, "error.invalid"), detail=detail, **navigation(actor))


def navigation(actor: Actor | None) -> dict[str, Any]:
    """What the header's menu needs for an error page: the actor and what their role may open."""
    if actor is None:
        return {"actor": None}
    return {"actor": actor, "can": lambda permission: actor.role == "system" or has_permission(actor.role, permission)}


class PageRoute(APIRoute):
    """Refusals, missing things, bad input and bugs become an HTML page; no session goes to the login page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # every failure of a page ends on a page (HTTPException included below)
                if isinstance(exc, HTTPException):
                    raise
                return error_page(request, exc)

        return guarded
