"""The running archive: settings, database and object store, opened once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive import schema
from archive.auth import load_jwt_secret
from archive.db import Database
from archive.items.incoming import clean_incoming
from archive.settings import Settings
from archive.storage import init_storage
from archive.storage.base import ObjectStore

if TYPE_CHECKING:
    from search.base import SearchBackend


@dataclass
class Archive:
    settings: Settings
    db: Database
    store: ObjectStore
    jwt_secret: str
    _search: SearchBackend | None = field(default=None, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True) -> Archive:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings)
        if migrate:
            schema.upgrade(db.engine)
        clean_incoming(settings.uploads_dir, older_than_s=3600)  # other processes may be receiving
        store = init_storage(settings)
        return cls(settings=settings, db=db, store=store, jwt_secret=load_jwt_secret(settings))

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
        self.db.dispose()
