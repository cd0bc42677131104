"""The Elasticsearch backend: an alias ``index`` over one concrete index ``<index>-<ns>``.

``rebuild`` creates a new concrete index (the template gives it the mapping), bulk-loads it, then moves the
alias in ONE ``update_aliases`` call (atomic: searches see the old or the new index, never none) and deletes
the old one. Writes made through this object while a rebuild runs go to both indices. Every write refreshes
before returning, so a consent withdrawal is gone from the next search.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sized
from typing import Any, Final

from elastic_transport import BaseNode, ConnectionError, ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search.base import (
    FACET_SIZE,
    Principal,
    Progress,
    Query,
    SearchDocument,
    SearchError,
    SearchResult,
    SearchUnavailable,
)
from search.elastic.dsl import constraints, scoped_query
from search.elastic.mapping import TEMPLATE_VERSION, index_template
from search.hits import HitBuilder, facet_result
from search.query import parse
from search.scope import scope_for
from search.stored import COLLECTED_AT, ITEM_ID, from_record, to_record

BULK_CHUNK: Final = 500
TEMPLATE_SUFFIX: Final = "-template"


class ElasticsearchSearch:
    """A SearchBackend on Elasticsearch (8/9) through the official client."""

    def __init__(
        self,
        url: str,
        *,
        index: str = "temoin",
        username: str | None = None,
        password: str | None = None,
        node_class: type[BaseNode] | None = None,
        request_timeout: float = 30.0,
    ) -> None:
        options: dict[str, Any] = {"request_timeout": request_timeout}
        if username is not None:
            options["basic_auth"] = (username, password or "")
        if node_class is not None:
            options["node_class"] = node_class
        self.client = Elasticsearch(url, **options)
        self.alias = index
        self.url = url
        self._ready = False
        self._rebuild_index: str | None = None

    # --- plumbing --------------------------------------------------------------------------------------
    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (ConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"Elasticsearch at {self.url} unreachable while {what}: {exc}") from exc
        except ApiError as exc:
            raise SearchError(f"Elasticsearch refused {what} on {self.alias!r}: {exc}") from exc

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.time_ns()}"

    def _ensure(self) -> None:
        """Install the template and create the first index behind the alias, once."""
        if self._ready:
            return
        body = index_template(self.alias)
        self._call("installing the index template", self.client.indices.put_index_template,
                   name=self.alias + TEMPLATE_SUFFIX, index_patterns=body["index_patterns"],
                   template=body["template"], priority=body["priority"], meta=body["_meta"])
        if not self._call("looking up the alias", self.client.indices.exists_alias, name=self.alias):
            if self._call("looking up the index", self.client.indices.exists, index=self.alias):
                raise SearchUnavailable(
                    f"{self.alias!r} is a concrete index, not an alias: delete it or pick another index name"
                )
            self._call("creating the index", self.client.indices.create,
                       index=self._new_index_name(), aliases={self.alias: {}})
        self._ready = True

    def _concrete_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _bulk(self, actions: Iterable[dict[str, Any]], *, refresh: bool) -> int:
        _, errors = self._call("writing documents", helpers.bulk, self.client, actions,
                               refresh=refresh, raise_on_error=False, chunk_size=BULK_CHUNK)
        # Deleting an unknown id (404) is fine; a version conflict (409) is a stale snapshot, rightly not written.
        failed = [e for e in errors if next(iter(e.values())).get("status") not in (404, 409)]
        if failed:
            raise SearchError(f"Elasticsearch rejected {len(failed)} document(s), first: {failed[0]}")
        return len(errors)

    @staticmethod
    def _index_actions(docs: Iterable[SearchDocument], target: str) -> Iterator[dict[str, Any]]:
        for doc in docs:  # external versions: a lower version than the indexed one is refused (409)
            yield {"_op_type": "index", "_index": target, "_id": doc.item_id, "_source": to_record(doc),
                   "version": doc.version, "version_type": "external_gte"}

    # --- writing -----------------------------------------------------------------------------------------
    def index(self, docs: Iterable[SearchDocument]) -> int:
        self._ensure()
        batch = list(docs)
        written = len(batch)
        for target in [self.alias] + ([self._rebuild_index] if self._rebuild_index else []):
            refused = self._bulk(self._index_actions(batch, target), refresh=True)
            if target == self.alias:
                written -= refused
        return written

    def delete(self, item_ids: Iterable[str]) -> None:
        self._ensure()
        ids = list(item_ids)
        for target in [self.alias] + ([self._rebuild_index] if self._rebuild_index else []):
            self._bulk(({"_op_type": "delete", "_index": target, "_id": i} for i in ids), refresh=True)

    def rebuild(
        self, docs: Iterable[SearchDocument], *, progress: Progress | None = None, total: int | None = None
    ) -> int:
        self._ensure()
        total = len(docs) if total is None and isinstance(docs, Sized) else total
        new = self._new_index_name()
        self._call("creating the new index", self.client.indices.create, index=new)
        self._rebuild_index = new
        written = 0
        try:
            def counted() -> Iterator[dict[str, Any]]:
                nonlocal written
                for action in self._index_actions(docs, new):
                    yield action
                    written += 1
                    if progress is not None and total and written % BULK_CHUNK == 0:
                        progress(min(written / total, 0.99))

            self._bulk(counted(), refresh=False)
            self._call("refreshing the new index", self.client.indices.refresh, index=new)
            old = self._concrete_indices()
            actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            actions.append({"add": {"index": new, "alias": self.alias}})
            self._call("swapping the alias", self.client.indices.update_aliases, actions=actions)
        except BaseException:
            self._rebuild_index = None
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        self._rebuild_index = None
        for name in old:
            self._call("deleting the old index", self.client.indices.delete, index=name,
                       ignore_unavailable=True)
        if progress is not None:
            progress(1.0)
        return written

    # --- reading -----------------------------------------------------------------------------------------
    def search(self, query: Query, principal: Principal) -> SearchResult:
        node = parse(query.text)
        scope = scope_for(principal, query.instant())
        if scope.sees_nothing:
            return SearchResult(total=0, hits=(), facets=facet_result(query, {}))
        self._ensure()
        if query.sort == "relevance":
            sort: list[Any] = ["_score", {ITEM_ID: "asc"}]
        else:
            order = "desc" if query.sort == "date_desc" else "asc"
            sort = [{COLLECTED_AT: {"order": order}}, {ITEM_ID: "asc"}]
        aggs = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in query.facets}
        response = self._call(
            "searching", self.client.search, index=self.alias,
            query=scoped_query(node, scope, constraints(query)),
            from_=query.offset, size=query.size, sort=sort, track_total_hits=True,
            **({"aggs": aggs} if aggs else {}),
        )
        builder = HitBuilder(scope, node)
        relevance = query.sort == "relevance"
        hits = tuple(
            builder.hit(from_record(h["_source"]), float(h["_score"] or 0.0) if relevance else 0.0)
            for h in response["hits"]["hits"]
        )
        aggregations = response.get("aggregations") or {}
        counts = {
            name: {str(b["key"]): int(b["doc_count"]) for b in aggregations.get(name, {}).get("buckets", [])}
            for name in query.facets
        }
        return SearchResult(total=int(response["hits"]["total"]["value"]), hits=hits,
                            facets=facet_result(query, counts))

    def count(self) -> int:
        self._ensure()
        return int(self._call("counting", self.client.count, index=self.alias)["count"])

    def check(self) -> None:
        self._call("checking the cluster", self.client.info)
        if not self._call("looking up the alias", self.client.indices.exists_alias, name=self.alias):
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} has no alias {self.alias!r}: run `temoin reindex` to create it"
            )

    def needs_rebuild(self) -> bool:
        """True when the index behind the alias was made by an older template (its mapping lacks fields)."""
        self._ensure()
        mappings = self._call("reading the mapping", self.client.indices.get_mapping, index=self.alias).body
        versions = {int(((m.get("mappings") or {}).get("_meta") or {}).get("temoin_template") or 0)
                    for m in mappings.values()}
        return versions != {TEMPLATE_VERSION}

    def close(self) -> None:
        self.client.close()
