"""Every router of the web interface and of resumable uploads, for `create_app` to include."""

from __future__ import annotations

from fastapi import APIRouter

from archive.uploads.views import router as uploads_router

routers: tuple[APIRouter, ...] = (uploads_router,)
