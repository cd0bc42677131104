"""Object storage: one ``ObjectStore`` protocol, two backends (local directory, S3/MinIO).

``init_storage(settings)`` picks the backend from ``settings.storage``; the S3 backend and its
client (minio) are imported only when chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.storage.base import (
    ObjectMissing,
    ObjectStore,
    Progress,
    PutResult,
    Sidecar,
    StorageError,
    check_key,
)
from archive.storage.local import LocalStore
from archive.storage.verify import IntegrityError, hash_object, verify_object

if TYPE_CHECKING:
    from archive.settings import Settings

__all__ = [
    "IntegrityError",
    "LocalStore",
    "ObjectMissing",
    "ObjectStore",
    "Progress",
    "PutResult",
    "Sidecar",
    "StorageError",
    "check_key",
    "hash_object",
    "init_storage",
    "verify_object",
]


def init_storage(settings: Settings) -> ObjectStore:
    """The object store named by ``settings.storage``. No I/O happens here: the S3 bucket is
    prepared on first write, and ``store.check()`` tells whether the store is usable."""
    if settings.storage == "local":
        return LocalStore(settings.resolved_storage_dir)
    if settings.storage == "s3":
        from archive.storage.s3 import S3Store

        return S3Store(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key.get_secret_value(),
            settings.s3_bucket,
            secure=settings.s3_secure,
            region=settings.s3_region,
            retention_days=settings.s3_retention_days,
        )
    raise StorageError(f"unknown storage backend {settings.storage!r}: set TEMOIN_STORAGE to 'local' or 's3'")
