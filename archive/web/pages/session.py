"""Pages of the browser session: log in and out, language, lock screen, content warning, static files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from archive.auth import issue_token
from archive.context import Archive
from archive.deps import ArchiveDep
from archive.errors import AuthError, NotFound, TooManyAttempts
from archive.i18n import pick_lang
from archive.users.service import LoggedIn, log_in
from archive.web.page import (
    LockedPageDep,
    PageDep,
    PageRoute,
    render_template,
    request_lang,
    safe_next,
)
from archive.web.session import (
    LANG_COOKIE,
    LOCK_COOKIE,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    WARNING_COOKIE,
    clear_session,
    is_locked,
    lock_mark,
    new_login_nonce,
    set_private_cookie,
    warning_mark,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=303)


@router.get("/ui/static/{name}")
def static(name: str) -> Response:
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        raise NotFound("static", name=name)
    return FileResponse(path, media_type=STATIC_TYPES[path.suffix],
                        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})


def _login_form(request: Request, *, next_url: str, error: str = "", status: int = 200,
                refusal: TooManyAttempts | None = None) -> Response:
    nonce = new_login_nonce()
    response = render_template(request, "login.html", lang=request_lang(request), status=status,
                               login_csrf=nonce, next_url=next_url, error=error,
                               error_text=refusal.message(request_lang(request)) if refusal else "")
    if refusal is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
    set_private_cookie(response, LOGIN_COOKIE, nonce, max_age=3600)
    return response


@router.get("/ui/login")
def login_form(request: Request, next: str = "/ui/") -> Response:
    return _login_form(request, next_url=safe_next(next))


def _log_in(request: Request, archive: Archive, username: str, password: str) -> LoggedIn:
    """The same login service as the API: throttled per name and address, nothing slow in a transaction."""
    return log_in(db=archive.db, threshold=archive.settings.login_max_failures,
                  username=username, password=password, address=request.client.host if request.client else None)


@router.post("/ui/login")
def login(request: Request, archive: ArchiveDep, username: Annotated[str, Form(max_length=120)],
          password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/ui/") -> Response:
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or csrf != expected:
        return _login_form(request, next_url=safe_next(next), error="login.expired", status=403)
    try:
        user = _log_in(request, archive, username, password)
    except TooManyAttempts as refusal:
        return _login_form(request, next_url=safe_next(next), status=429, refusal=refusal)
    except AuthError:
        return _login_form(request, next_url=safe_next(next), error="login.wrong", status=401)
    token = issue_token(user, secret=archive.jwt_secret, ttl_minutes=archive.settings.jwt_ttl_minutes)
    response = RedirectResponse(safe_next(next), status_code=303)
    for stale in (LOCK_COOKIE, WARNING_COOKIE):  # a new session starts unlocked, with the warning again
        response.delete_cookie(stale, path="/")
    set_private_cookie(response, SESSION_COOKIE, token, max_age=archive.settings.jwt_ttl_minutes * 60)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/ui/logout")
def logout(page: LockedPageDep, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    response = RedirectResponse("/ui/login", status_code=303)
    clear_session(response)
    return response


@router.post("/ui/lang")
def switch_lang(lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/ui/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, pick_lang(lang), max_age=365 * 86400, samesite="strict", path="/")
    return response


@router.post("/ui/lock")
def lock(page: LockedPageDep, csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/ui/"
         ) -> Response:
    page.check_csrf(csrf)
    response = RedirectResponse(f"/ui/locked?next={quote(safe_next(next))}", status_code=303)
    set_private_cookie(response, LOCK_COOKIE, lock_mark(page.archive, _token(page.request)))
    return response


def _token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


@router.get("/ui/locked")
def locked(page: LockedPageDep, next: str = "/ui/", error: str = "") -> Response:
    if not is_locked(page.request, page.archive):
        return RedirectResponse(safe_next(next), status_code=303)
    return page.render("locked.html", next_url=safe_next(next), error=error == "1")


@router.post("/ui/unlock")
def unlock(page: LockedPageDep, password: Annotated[str, Form(max_length=1024)],
           csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/ui/") -> Response:
    page.check_csrf(csrf)
    try:  # a real login check: counted, throttled and logged
        _log_in(page.request, page.archive, page.actor.name, password)
    except (AuthError, TooManyAttempts):
        return RedirectResponse(f"/ui/locked?error=1&next={quote(safe_next(next))}", status_code=303)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.delete_cookie(LOCK_COOKIE, path="/")
    return response


@router.post("/ui/warning")
def accept_warning(page: PageDep, csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/ui/"
                   ) -> Response:
    page.check_csrf(csrf)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_private_cookie(response, WARNING_COOKIE, warning_mark(page.archive, _token(page.request)))
    return response


@router.get("/ui/")
def home(page: PageDep) -> Response:
    return page.render("home.html")

