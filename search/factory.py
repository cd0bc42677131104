"""``init_search``: the one way the archive gets a SearchBackend; engine clients are imported lazily."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from search.base import SearchBackend


def init_search(
    *,
    backend: Literal["embedded", "elasticsearch"],
    path: Path | None = None,
    url: str | None = None,
    index: str = "temoin",
    username: str | None = None,
    password: str | None = None,
    node_class: Any = None,
    request_timeout: float = 30.0,
) -> SearchBackend:
    """The configured backend: ``embedded`` needs ``path``; ``elasticsearch`` needs ``url``.

    ``node_class`` swaps the HTTP node of the Elasticsearch client (tests only; production keeps the stock
    node).
    """
    if backend == "embedded":
        if path is None:
            raise ValueError("the embedded search backend needs path= (the index directory)")
        from search.embedded import EmbeddedSearch

        return EmbeddedSearch(path)
    if backend == "elasticsearch":
        if not url:
            raise ValueError("the elasticsearch search backend needs url= (e.g. http://127.0.0.1:9200)")
        from search.elastic.backend import ElasticsearchSearch

        return ElasticsearchSearch(url, index=index, username=username, password=password,
                                   node_class=node_class, request_timeout=request_timeout)
    raise ValueError(f"unknown search backend {backend!r}: use 'embedded' or 'elasticsearch'")
