"""Turn request parameters (API query string or CLI options) into one search Query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from archive.errors import Invalid
from search import Query


def parse_filters(pairs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """["region=Mopti", "violation_type=torture", "region=Gao"] -> {"region": ("Mopti", "Gao"), ...}."""
    filters: dict[str, list[str]] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or not field.strip() or not value.strip():
            raise Invalid("filter_syntax", pair=pair)
        filters.setdefault(field.strip(), []).append(value.strip())
    return {k: tuple(v) for k, v in filters.items()}


def build_query(text: str, *, filters: Iterable[str] = (), collected_from: dt.datetime | None = None,
                collected_to: dt.datetime | None = None, incident_from: dt.date | None = None,
                incident_to: dt.date | None = None, sort: str = "relevance", page: int = 1, size: int = 10) -> Query:
    return Query(text=text, filters=parse_filters(filters), collected_from=collected_from, collected_to=collected_to,
                 incident_from=incident_from, incident_to=incident_to, sort=sort, page=page, size=size)
