"""The embedded search engine (default, no server): tantivy on disk under ``path``.

Layout: ``path/CURRENT`` names the live index directory (``path/index-<ns>``). ``rebuild`` fills a new
directory, then replaces CURRENT atomically (``os.replace``) and swaps the in-memory index; searches keep
using the old one until then. Writes take a process-wide lock, open a writer, commit and release it, so a
second process (API next to a worker) can write too; a search notices a commit or a swap made by another
process (CURRENT and meta.json are checked on every search) and reloads before answering.

Each index directory holds ``SCHEMA`` (the layout version it was made with). An index made with another
layout is replaced by an empty one on open and ``needs_rebuild()`` says so: the archive then rebuilds it from
the system of record. A write never replaces a document by one with a lower ``version``.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import tantivy

from search.base import (
    FACET_SIZE,
    Principal,
    Progress,
    Query,
    SearchDocument,
    SearchResult,
    SearchUnavailable,
)
from search.embedded_query import RECORD, SCHEMA_VERSION, Renderer, build_schema, register_analyzers, to_tantivy
from search.hits import HitBuilder, facet_result
from search.query import parse
from search.scope import scope_for
from search.stored import COLLECTED_AT, INCIDENT_DATE, ITEM_ID, from_record

CURRENT: Final = "CURRENT"
SCHEMA: Final = "SCHEMA"
WRITER_HEAP: Final = 64_000_000
REBUILD_HEAP: Final = 256_000_000
REBUILD_COMMIT_EVERY: Final = 20_000
LOCK_TIMEOUT: Final = 30.0


@dataclass
class _Live:
    directory: Path
    index: tantivy.Index
    meta_mtime: int


class EmbeddedSearch:
    """A SearchBackend on tantivy; thread-safe; see the module docstring for the on-disk layout."""

    def __init__(self, path: Path, *, writer_heap: int = WRITER_HEAP) -> None:
        self.path = Path(path)
        self.writer_heap = writer_heap
        self.schema = build_schema()
        self.renderer = Renderer(self.schema)
        self._write_lock = threading.RLock()
        self._rebuild_writer: tantivy.IndexWriter | None = None
        self._rebuild_versions: dict[str, int] = {}
        self._outdated = False
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            if not (self.path / CURRENT).exists():
                self._point_to(self._create(self._new_directory()).directory)
            elif not self._current_is_current_layout():
                self._outdated = True
                old = self._current_directory()
                self._point_to(self._create(self._new_directory()).directory)
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise SearchUnavailable(f"cannot create the search index in {self.path}: {exc}") from exc
        self._live = self._open_current()

    # --- on-disk state -----------------------------------------------------------------------------------
    def _new_directory(self) -> Path:
        directory = self.path / f"index-{time.time_ns()}"
        directory.mkdir()
        return directory

    def _create(self, directory: Path) -> _Live:
        index = tantivy.Index(self.schema, path=str(directory), reuse=False)
        register_analyzers(index)
        (directory / SCHEMA).write_text(str(SCHEMA_VERSION), encoding="utf-8")
        return _Live(directory, index, _mtime(directory))

    def _current_directory(self) -> Path | None:
        try:
            name = (self.path / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return self.path / name if name else None

    def _current_is_current_layout(self) -> bool:
        directory = self._current_directory()
        try:
            return directory is not None and (directory / SCHEMA).read_text(encoding="utf-8").strip() == str(
                SCHEMA_VERSION)
        except OSError:
            return False

    def needs_rebuild(self) -> bool:
        return self._outdated

    def _point_to(self, directory: Path) -> None:
        tmp = self.path / f"{CURRENT}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(directory.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path / CURRENT)

    def _open_current(self) -> _Live:
        try:
            name = (self.path / CURRENT).read_text(encoding="utf-8").strip()
            directory = self.path / name
            index = tantivy.Index.open(str(directory))
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(
                f"cannot open the search index in {self.path}: {exc}; run `temoin reindex` to rebuild it"
            ) from exc
        register_analyzers(index)
        return _Live(directory, index, _mtime(directory))

    def _fresh(self) -> _Live:
        """The live index, reopened or reloaded if another process swapped or committed since."""
        live = self._live
        try:
            name = (self.path / CURRENT).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SearchUnavailable(f"search index pointer {self.path / CURRENT} unreadable: {exc}") from exc
        mtime = _mtime(live.directory)
        if name != live.directory.name or mtime == 0:  # swapped (and maybe already deleted) by a rebuild
            live = self._live = self._open_current()
        elif mtime != live.meta_mtime:
            live.index.reload()
            live.meta_mtime = mtime
        return live

    # --- writing -------------------------------------------------------------------------------------------
    def _writer(self, index: tantivy.Index, heap: int, threads: int = 1) -> tantivy.IndexWriter:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if time.monotonic() > deadline:
                    raise SearchUnavailable(
                        f"search index {self.path} locked by another writer for {LOCK_TIMEOUT:.0f} s: {exc}"
                    ) from exc
                time.sleep(0.05)

    @staticmethod
    def _stage(writer: tantivy.IndexWriter, docs: list[SearchDocument], deletions: list[str]) -> None:
        for item_id in deletions:
            writer.delete_documents_by_term(ITEM_ID, item_id)
        for doc in docs:
            writer.delete_documents_by_term(ITEM_ID, doc.item_id)
            writer.add_document(to_tantivy(doc))

    @staticmethod
    def _indexed_versions(index: tantivy.Index, item_ids: list[str]) -> dict[str, int]:
        searcher = index.searcher()
        schema = index.schema
        versions: dict[str, int] = {}
        for item_id in item_ids:
            found = searcher.search(tantivy.Query.term_query(schema, ITEM_ID, item_id), 1).hits
            if found:
                record = json.loads(bytes(searcher.doc(found[0][1]).get_first(RECORD) or b"{}"))
                versions[item_id] = int(record.get("version") or 0)
        return versions

    def _apply(self, docs: list[SearchDocument], deletions: list[str]) -> int:
        with self._write_lock:
            live = self._fresh()
            # tantivy's writer lock is the one lock every process shares: take it first, then read the versions
            # indexed (another process may have committed a newer one while we waited), then write and commit,
            # so "never replace a document by an older version" holds across processes, not only threads.
            writer = self._writer(live.index, self.writer_heap)
            try:
                live.index.reload()
                indexed = self._indexed_versions(live.index, [d.item_id for d in docs])
                newest: dict[str, SearchDocument] = {}
                for doc in docs:  # the highest version of each item in the batch, if not older than the index's
                    if doc.version >= indexed.get(doc.item_id, 0) and (
                            doc.item_id not in newest or doc.version >= newest[doc.item_id].version):
                        newest[doc.item_id] = doc
                fresh = list(newest.values())
                if not fresh and not deletions:
                    writer.rollback()
                    return 0
                self._stage(writer, fresh, deletions)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            if self._rebuild_writer is not None:  # a rebuild runs in this process: its index gets them too
                self._stage(self._rebuild_writer, fresh, deletions)
                self._rebuild_versions.update({d.item_id: d.version for d in fresh})
            live.index.reload()
            live.meta_mtime = _mtime(live.directory)
            return len(fresh)

    def index(self, docs: Iterable[SearchDocument]) -> int:
        batch = list(docs)
        return self._apply(batch, []) if batch else 0

    def delete(self, item_ids: Iterable[str]) -> None:
        ids = list(item_ids)
        if ids:
            self._apply([], ids)

    def rebuild(
        self, docs: Iterable[SearchDocument], *, progress: Progress | None = None, total: int | None = None
    ) -> int:
        total = len(docs) if total is None and isinstance(docs, Sized) else total
        directory = self._new_directory()
        fresh = self._create(directory)
        written = 0
        writer: tantivy.IndexWriter | None = None
        try:
            writer = self._writer(fresh.index, REBUILD_HEAP, threads=min(2, os.cpu_count() or 1))
            with self._write_lock:
                self._rebuild_writer = writer
                self._rebuild_versions = {}
            seen: set[str] = set()
            for doc in docs:
                with self._write_lock:  # interleave with index()/delete() that also write into `fresh`
                    if doc.version < self._rebuild_versions.get(doc.item_id, -1):
                        continue  # index() already put a newer state of this item into `fresh`
                    if doc.item_id in seen or doc.item_id in self._rebuild_versions:
                        writer.delete_documents_by_term(ITEM_ID, doc.item_id)
                    seen.add(doc.item_id)
                    writer.add_document(to_tantivy(doc))
                    written += 1
                    if written % REBUILD_COMMIT_EVERY == 0:
                        writer.commit()
                if progress is not None and total and written % 500 == 0:
                    progress(min(written / total, 0.99))
            with self._write_lock:
                writer.commit()
                writer.wait_merging_threads()
                old = self._live.directory
                self._point_to(fresh.directory)
                fresh.index.reload()
                self._live = _Live(fresh.directory, fresh.index, _mtime(fresh.directory))
                self._rebuild_writer = writer = None
                self._rebuild_versions = {}
                self._outdated = False
        except BaseException:
            with self._write_lock:
                self._rebuild_writer = None
            if writer is not None:  # stop the writer's threads before removing its files
                writer.rollback()
                writer.wait_merging_threads()
            del fresh
            shutil.rmtree(directory, ignore_errors=True)
            raise
        if old != fresh.directory:
            shutil.rmtree(old, ignore_errors=True)
        if progress is not None:
            progress(1.0)
        return written

    # --- reading -------------------------------------------------------------------------------------------
    def search(self, query: Query, principal: Principal) -> SearchResult:
        node = parse(query.text)
        scope = scope_for(principal, query.instant())
        if scope.sees_nothing:
            return SearchResult(total=0, hits=(), facets=facet_result(query, {}))
        render = self.renderer
        constraints = [render.keyword_in(name, values) for name, values in query.filters.items()]
        if query.collected_from is not None or query.collected_to is not None:
            constraints.append(render.date_range(COLLECTED_AT, query.collected_from, query.collected_to))
        if query.incident_from is not None or query.incident_to is not None:
            constraints.append(render.date_range(INCIDENT_DATE, query.incident_from, query.incident_to))
        scoped = self.renderer.scoped(node, scope, constraints)
        searcher = self._fresh().index.searcher()
        if query.sort == "relevance":
            found = searcher.search(scoped, query.size, count=True, offset=query.offset)
        else:
            order = tantivy.Order.Desc if query.sort == "date_desc" else tantivy.Order.Asc
            found = searcher.search(scoped, query.size, count=True, offset=query.offset,
                                    order_by_field=COLLECTED_AT, order=order)
        builder = HitBuilder(scope, node)
        hits = tuple(
            builder.hit(from_record(json.loads(bytes(searcher.doc(address).get_first(RECORD) or b"{}"))),
                        float(score) if query.sort == "relevance" else 0.0)
            for score, address in found.hits
        )
        counts: dict[str, dict[str, int]] = {}
        if query.facets:
            aggs = searcher.aggregate(scoped, {
                name: {"terms": {"field": name, "size": FACET_SIZE}} for name in query.facets
            })
            counts = {name: {b["key"]: int(b["doc_count"]) for b in aggs[name]["buckets"]}
                      for name in query.facets}
        total = int(getattr(found, "count", 0) or 0)
        return SearchResult(total=total, hits=hits, facets=facet_result(query, counts))

    def count(self) -> int:
        return int(self._fresh().index.searcher().num_docs)

    def check(self) -> None:
        try:
            live = self._fresh()
            live.index.searcher().search(tantivy.Query.all_query(), 1)
        except SearchUnavailable:
            raise
        except (OSError, ValueError) as exc:
            raise SearchUnavailable(f"search index in {self.path} cannot serve searches: {exc}") from exc

    def close(self) -> None:
        with self._write_lock:
            self._rebuild_writer = None


def _mtime(directory: Path) -> int:
    try:
        return (directory / "meta.json").stat().st_mtime_ns
    except OSError:
        return 0
