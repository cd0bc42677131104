"""The FastAPI application: routers from each domain, and errors as JSON a person can act on."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from archive.acts.views import router as acts_router
from archive.cases.views import router as cases_router
from archive.claims.views import router as claims_router
from archive.compression import CompressPages
from archive.context import Archive
from archive.disclosures.views import router as disclosures_router
from archive.errors import DomainError, TooManyAttempts
from archive.exports.views import router as exports_router
from archive.i18n import Lang, accept_language, translate
from archive.i18n.explain import query_problem, said_problems, validation_problems
from archive.integrity.views import router as custody_router
from archive.items.views import router as items_router
from archive.jobs.views import router as jobs_router
from archive.review.scan_views import router as scan_router
from archive.review.views import router as review_router
from archive.searches.views import router as search_router
from archive.settings import Settings
from archive.storage.base import ObjectMissing, StorageError
from archive.storage.verify import IntegrityError
from archive.users.views import router as users_router
from archive.web.page import navigation, render_template, request_lang
from archive.web.routers import routers as web_routers
from archive.web.session import actor_from_cookie
from search import InvalidQuery, SearchUnavailable

log = logging.getLogger("temoin.api")
DOCS_ASSETS = "/docs-assets"
PR_SET_PDEATHSIG = 1  # prctl(2)
#: The environment variable through which `temoin serve` tells its worker processes its pid.
SERVE_PID = "TEMOIN_SERVE_PID"


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _lang(request: Request) -> Lang:
    return accept_language(request.headers.get("accept-language"))


def _install_error_handlers(app: FastAPI) -> None:
    """Every refusal is mapped here, once: a DomainError to its status and catalogue message in the caller's
    language (Accept-Language, French by default); anything unexpected to a logged 500."""

    def domain(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        body: dict[str, object] = {"error": exc.message(_lang(request)), "code": exc.key}
        offset = getattr(exc, "offset", None)
        if offset is not None:
            body["offset"] = offset
        body.update(getattr(exc, "extra", None) or {})  # e.g. a blocked export: item, title, passage, review
        return JSONResponse(body, status_code=exc.status, headers=headers)

    def wrapped(status: int, key: str) -> Callable[[Request, Exception], JSONResponse]:
        def handler(request: Request, exc: Exception) -> JSONResponse:
            return _error(status, translate(_lang(request), f"err.{key}", detail=str(exc)), code=key)
        return handler

    def invalid(request: Request, exc: Exception) -> JSONResponse:
        """Pydantic's problems in the caller's language; `path` keeps the machine-readable field path."""
        lang = _lang(request)
        errors = exc.errors() if isinstance(exc, RequestValidationError | ValidationError) else []
        details = [{**said, "path": ".".join(str(p) for p in e.get("loc", ())), "type": str(e.get("type", ""))}
                   for e, said in zip(errors, validation_problems(lang, errors), strict=True)]
        text = said_problems(lang, details) or translate(lang, "valid.other")
        prefix = translate(lang, "api.invalid_request")
        return _error(422, f"{prefix} {text}", code="invalid_request", details=details)

    def bad_query(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InvalidQuery)
        return _error(422, query_problem(_lang(request), exc), code="search_invalid", problem=exc.code)

    def http_error(request: Request, exc: Exception) -> Response:
        """Routing errors (no such page, wrong method): an HTML page with navigation under /ui, JSON elsewhere."""
        assert isinstance(exc, StarletteHTTPException)
        key = {404: "page_not_found", 405: "method_not_allowed"}.get(exc.status_code)
        if key is None:
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)
        if request.url.path.startswith("/ui"):
            return render_template(request, "error.html", lang=request_lang(request), status=exc.status_code,
                                   title_key="error.not_found", detail=translate(request_lang(request), f"err.{key}"),
                                   **navigation(actor_from_cookie(request, request.app.state.archive)))
        return _error(exc.status_code, translate(_lang(request), f"err.{key}"), code=key)

    def internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, translate(_lang(request), "err.internal"), code="internal")

    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(InvalidQuery, bad_query)
    app.add_exception_handler(SearchUnavailable, wrapped(503, "search_unavailable"))
    app.add_exception_handler(StorageError, wrapped(503, "storage_unavailable"))
    app.add_exception_handler(IntegrityError, wrapped(500, "integrity"))
    app.add_exception_handler(ObjectMissing, wrapped(500, "object_missing"))
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(ClientDisconnect, lambda r, _e: _error(400, translate(_lang(r), "err.upload_cut_off"),
                                                                     code="upload_cut_off"))
    app.add_exception_handler(Exception, internal)
    app.add_exception_handler(StarletteHTTPException, http_error)


def create_app(archive: Archive | None = None, *, settings: Settings | None = None, migrate: bool = True) -> FastAPI:
    """Build the app; with no archive given, open one from settings (or the environment) at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = archive is None
        app.state.archive = archive or Archive.open(settings or Settings(), migrate=migrate)
        try:
            yield
        finally:
            if owned:
                app.state.archive.close()

    # /docs (Swagger UI) and /redoc load their scripts and styles from the archive itself (fastapi-offline ships
    # them, served under DOCS_ASSETS): they work on an office network with no internet. Swagger UI's validator
    # badge would send the spec's address to validator.swagger.io from any non-localhost address: off.
    app = FastAPIOffline(
        static_url=DOCS_ASSETS,
        swagger_ui_parameters={"validatorUrl": None},
        title="Témoin",
        description="Archive de témoignages pour la justice transitionnelle / transitional-justice testimony "
        "archive. Every error is JSON: {\"error\": \"what is wrong and what to do\", \"code\": \"...\"}, "
        "in the language of the Accept-Language header (French by default).",
        version="0.1.0",
        lifespan=lifespan,
    )
    if archive is not None:
        app.state.archive = archive
    _install_error_handlers(app)
    app.add_middleware(CompressPages)
    for router in (users_router, cases_router, items_router, jobs_router, review_router, scan_router, search_router,
                   custody_router, exports_router, claims_router, acts_router, disclosures_router, *web_routers):
        app.include_router(router)

    @app.get("/health", tags=["system"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def worker_process_app() -> FastAPI:
    """The app of one of `temoin serve`'s worker processes (uvicorn's factory): it opens its own archive from the
    environment at start-up. The parent process has migrated the schema, checked the stores and the index and
    runs the job worker; every process shares the database, the object store, the index and the login
    throttle (in the database), and keeps nothing of its own that another process would need."""
    _end_with_parent()
    return create_app(migrate=False)


def _end_with_parent() -> None:
    """A worker process dies with `temoin serve` (even killed with SIGKILL), as a single process would: no orphan
    keeps answering on the port, holding files and the database, after its parent is gone."""
    # The parent's pid as it said it (a worker still importing when its parent died already has init as parent:
    # ``getppid`` alone would then take init for the parent and keep the orphan running).
    parent = int(os.environ.get(SERVE_PID) or os.getppid())
    try:  # Linux: the kernel sends SIGKILL when the parent ends (it spawns workers from its main thread)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # elsewhere: look every second
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="temoin-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)
