"""Every router of the web interface and of resumable uploads, for `create_app` to include."""

from __future__ import annotations

from fastapi import APIRouter

from archive.uploads.views import router as uploads_router
from archive.web.pages.acts import router as acts_router
from archive.web.pages.admin import router as admin_router
from archive.web.pages.cases import router as cases_router
from archive.web.pages.claims import router as claims_router
from archive.web.pages.disclosures import router as disclosures_router
from archive.web.pages.export import router as export_router
from archive.web.pages.items import router as items_router
from archive.web.pages.review import router as review_router
from archive.web.pages.scans import router as scans_router
from archive.web.pages.search import router as search_router
from archive.web.pages.session import router as session_router

routers: tuple[APIRouter, ...] = (uploads_router, session_router, cases_router, items_router, admin_router,
                                    search_router, review_router, export_router, claims_router, acts_router,
                                    disclosures_router, scans_router)
