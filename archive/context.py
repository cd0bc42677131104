"""The running archive: settings, database, object store, search index and redaction engine, opened once.

Everything a service needs from the process is here and passed in, never read from module globals: the
search backend is built in ``Archive.open`` (tests hand in their own); the redaction engine is built on
first use (spaCy loads only in the processes and commands that redact) and one spaCy pass runs at a time.
After every committed transaction the archive runs the urgent follow-ups that transaction scheduled (the
outbox of ``pipeline``), so a read made right after a change already reflects it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive import schema
from archive.auth import load_jwt_secret
from archive.db import Database
from archive.items.incoming import clean_incoming
from archive.keys import archive_key
from archive.settings import Settings
from archive.storage import init_storage
from archive.storage.base import ObjectStore

if TYPE_CHECKING:
    from redaction.engine import RedactionEngine
    from search.base import SearchBackend

log = logging.getLogger("temoin.archive")


def open_search(settings: Settings) -> SearchBackend:
    """The configured search backend (the engine client is imported only here, lazily)."""
    from search import init_search

    return init_search(
        backend=settings.search_backend, path=settings.resolved_search_dir, url=settings.elasticsearch_url,
        index=settings.elasticsearch_index, username=settings.elasticsearch_username,
        password=settings.elasticsearch_password.get_secret_value() if settings.elasticsearch_password else None)


@dataclass
class Archive:
    settings: Settings
    db: Database
    store: ObjectStore
    jwt_secret: str
    #: The backend handed in (tests) or opened on first use (a command that never searches never opens it).
    _search_backend: SearchBackend | None = field(default=None, repr=False)
    _search_open: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _engine: RedactionEngine | None = field(default=None, repr=False)
    _engine_build: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: One spaCy pass at a time in this process (the models are shared, not thread-safe).
    engine_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _search_checked: bool = field(default=False, repr=False)
    _search_check: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _key: bytes | None = field(default=None, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True, search: SearchBackend | None = None) -> Archive:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings)
        if migrate:
            schema.upgrade(db.engine)
        removed, freed = clean_incoming(settings.uploads_dir)  # live uploads of other processes are kept
        if removed:
            log.info("removed %d partial upload(s) left by interrupted requests (%d bytes)", removed, freed)
        store = init_storage(settings)
        archive = cls(settings=settings, db=db, store=store, jwt_secret=load_jwt_secret(settings),
                      _search_backend=search)
        db.after_commit = archive._after_commit
        return archive

    @property
    def key(self) -> bytes:
        """The archive key: seals pseudonym vaults and sealed custody details. Read (or made) once per process:
        it never changes for the life of an archive, and every upload, search and sealed entry needs it."""
        if self._key is None:
            self._key = archive_key(self.settings)
        return self._key

    @property
    def search_backend(self) -> SearchBackend:
        """The search backend as it is (opened on first use; see ``search`` for the checked one)."""
        if self._search_backend is None:
            with self._search_open:
                if self._search_backend is None:
                    self._search_backend = open_search(self.settings)
        return self._search_backend

    @property
    def search(self) -> SearchBackend:
        """The search backend, rebuilt from the system of record first if its layout is outdated."""
        if not self._search_checked:
            with self._search_check:
                if not self._search_checked:
                    if self.search_backend.needs_rebuild():
                        from archive.pipeline.index import reindex

                        log.warning("the search index has an older layout: rebuilding it from the database")
                        reindex(self)
                    self._search_checked = True
        return self.search_backend

    def engine(self) -> RedactionEngine:
        """The redaction engine of this archive (built on first use; models load on first analysis)."""
        if self._engine is None:
            with self._engine_build:
                if self._engine is None:
                    from redaction.engine import RedactionEngine

                    self._engine = RedactionEngine()
        return self._engine

    @contextmanager
    def spacy_pass(self) -> Iterator[RedactionEngine]:
        """The engine, for one analysis at a time in this process."""
        engine = self.engine()
        with self.engine_lock:
            yield engine

    def _after_commit(self, job_ids: list[str]) -> None:
        from archive.pipeline.runner import run_now

        run_now(self, job_ids)

    def close(self) -> None:
        if self._search_backend is not None:
            self._search_backend.close()
        self.db.dispose()


AfterCommit = Callable[[list[str]], None]
