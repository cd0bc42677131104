"""The FastAPI application: routers from each domain, and errors as JSON a person can act on."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import ValidationError
from starlette.requests import ClientDisconnect

from archive.auth import AuthError, PermissionDenied
from archive.cases.views import router as cases_router
from archive.compression import CompressPages
from archive.context import Archive
from archive.exports.views import router as exports_router
from archive.integrity.views import router as custody_router
from archive.items.incoming import UploadTooLarge
from archive.items.multipart import BadUpload
from archive.items.service import EmptyUpload
from archive.items.views import router as items_router
from archive.jobs.views import router as jobs_router
from archive.review.views import router as review_router
from archive.searches.views import router as search_router
from archive.settings import Settings
from archive.storage.base import ObjectMissing, StorageError
from archive.storage.verify import IntegrityError
from archive.users.views import router as users_router
from archive.web.routers import routers as web_routers
from search import InvalidQuery, SearchUnavailable

log = logging.getLogger("temoin.api")
DOCS_ASSETS = "/docs-assets"


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    table: list[tuple[type[Exception], int]] = [
        (AuthError, 401), (PermissionDenied, 403), (LookupError, 404), (UploadTooLarge, 413),
        (EmptyUpload, 422), (BadUpload, 400), (InvalidQuery, 422), (SearchUnavailable, 503),
        (IntegrityError, 500), (ObjectMissing, 500), (StorageError, 503),
    ]
    for exc_type, status in table:
        def handler(_req: Request, exc: Exception, status: int = status) -> JSONResponse:
            message = str(exc.args[0]) if isinstance(exc, LookupError) and exc.args else str(exc)
            if status == 401:
                return JSONResponse({"error": message}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
            return _error(status, message)

        app.add_exception_handler(exc_type, handler)

    def invalid(_req: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError | ValidationError) else []
        details = [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")} for e in errors]
        text = "; ".join(f"{d['field']}: {d['problem']}" for d in details) or str(exc)
        return _error(422, f"invalid request: {text}", details=details)

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(ValueError, lambda _r, exc: _error(422, str(exc)))
    app.add_exception_handler(ClientDisconnect, lambda _r, _e: _error(400, "the upload was cut off: nothing stored"))


def create_app(archive: Archive | None = None, *, settings: Settings | None = None) -> FastAPI:
    """Build the app; with no archive given, open one from settings (or the environment) at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = archive is None
        app.state.archive = archive or Archive.open(settings or Settings())
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
        "archive. Every error is JSON: {\"error\": \"what is wrong and what to do\"}.",
        version="0.1.0",
        lifespan=lifespan,
    )
    if archive is not None:
        app.state.archive = archive
    _install_error_handlers(app)
    app.add_middleware(CompressPages)
    for router in (users_router, cases_router, items_router, jobs_router, review_router, search_router,
                   custody_router, exports_router, *web_routers):
        app.include_router(router)

    @app.get("/health", tags=["system"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
