"""The browser session: the JWT in an HttpOnly, SameSite=Strict cookie, a CSRF token bound to it, the lock.

The CSRF token is an HMAC of the session token under the archive's secret: nothing to store, and it
changes with every login. Forms carry it in a hidden field, page scripts in the ``X-CSRF-Token`` header.
Before login, a random value in a cookie must match the form's (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from archive.auth import actor_from_token
from archive.context import Archive
from archive.custody import Actor
from archive.errors import AuthError

SESSION_COOKIE = "temoin_session"
LOGIN_COOKIE = "temoin_login_csrf"
LANG_COOKIE = "temoin_lang"
LOCK_COOKIE = "temoin_locked"
WARNING_COOKIE = "temoin_warning_seen"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


def _mac(secret: str, purpose: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def csrf_token(archive: Archive, token: str) -> str:
    return _mac(archive.jwt_secret, "csrf", token)


def warning_mark(archive: Archive, token: str) -> str:
    """Proof that the content warning was accepted in this login session (not valid for the next one)."""
    return _mac(archive.jwt_secret, "warning", token)


def lock_mark(archive: Archive, token: str) -> str:
    return _mac(archive.jwt_secret, "lock", token)


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def actor_from_cookie(request: Request, archive: Archive) -> Actor | None:
    """The logged-in actor, or None if there is no valid session cookie."""
    token = session_token(request)
    if not token:
        return None
    try:
        with archive.db.reader() as session:  # every page: a read, never SQLite's write lock
            return actor_from_token(session, token, secret=archive.jwt_secret)
    except AuthError:
        return None


def csrf_ok(request: Request, archive: Archive, sent: str | None) -> bool:
    token = session_token(request)
    return bool(token and sent and hmac.compare_digest(csrf_token(archive, token), sent))


def is_locked(request: Request, archive: Archive) -> bool:
    token = session_token(request)
    mark = request.cookies.get(LOCK_COOKIE)
    return bool(token and mark and hmac.compare_digest(lock_mark(archive, token), mark))


def warning_seen(request: Request, archive: Archive) -> bool:
    token = session_token(request)
    mark = request.cookies.get(WARNING_COOKIE)
    return bool(token and mark and hmac.compare_digest(warning_mark(archive, token), mark))


def set_private_cookie(response: Response, name: str, value: str, *, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                        secure=False)  # served over plain HTTP on a local network too; TLS is the proxy's job


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def clear_session(response: Response) -> None:
    for name in (SESSION_COOKIE, LOCK_COOKIE, WARNING_COOKIE):
        response.delete_cookie(name, path="/")
