"""Role- and consent-scoped full-text search over testimonies (embedded tantivy or Elasticsearch).

The archive builds ``SearchDocument``s, calls ``init_search(...)`` once, then ``index``/``delete`` from the
index job stage and ``search(query, principal)`` from the API/CLI. Scoping is applied inside every backend.
"""

from search.base import (
    DEFAULT_FACETS,
    FILTER_FIELDS,
    Hit,
    InvalidQuery,
    Principal,
    Query,
    ScopeViolation,
    SearchBackend,
    SearchDocument,
    SearchError,
    SearchResult,
    SearchUnavailable,
    Snippet,
)
from search.factory import init_search

__all__ = [
    "DEFAULT_FACETS",
    "FILTER_FIELDS",
    "Hit",
    "InvalidQuery",
    "Principal",
    "Query",
    "ScopeViolation",
    "SearchBackend",
    "SearchDocument",
    "SearchError",
    "SearchResult",
    "SearchUnavailable",
    "Snippet",
    "init_search",
]
