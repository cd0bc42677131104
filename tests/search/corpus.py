"""Synthetic testimonies for the search tests (invented names, numbers and places)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from search import SearchDocument


def make_testimony(item_id: str, text: str, redacted: str | None = None, **fields: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "item_id": item_id,
        "case_id": "CASE-GAO",
        "collected_by": "doc-amina",
        "text": text,
        "redacted_text": text if redacted is None else redacted,
        "media_type": "text",
        "collected_at": datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        "consent_scopes": frozenset({"internal_case_use", "share_prosecution", "identity_disclosure"}),
        "confidentiality": "public",
        "language": "fr",
        "region": "Gao",
        "violation_types": ("detention",),
        "testimony_type": "written",
        "incident_date": date(2013, 2, 10),
    }
    values.update(fields)
    return SearchDocument(**values)
