"""Re-hash stored objects: the check behind every download and behind ``temoin fixity``."""

from __future__ import annotations

import hashlib

from archive.storage.base import CHUNK, ObjectStore, Progress, StorageError, check_key


class IntegrityError(StorageError):
    """The stored bytes (or their sidecar) no longer match the SHA-256 they were stored under."""

    def __init__(self, message: str, *, sha256: str, actual: str | None) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.actual = actual


def hash_object(store: ObjectStore, sha256: str, *, progress: Progress | None = None) -> tuple[str, int]:
    """Stream the object through SHA-256 in 1 MiB chunks; return (hex digest, size in bytes).

    Raises ``ObjectMissing`` if the object is not stored.
    """
    check_key(sha256)
    total = max(store.size(sha256), 1) if progress else 1
    digest = hashlib.sha256()
    size = 0
    with store.open(sha256) as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(min(size / total, 1.0))
    if progress:
        progress(1.0)
    return digest.hexdigest(), size


def verify_object(store: ObjectStore, sha256: str, *, progress: Progress | None = None) -> int:
    """Check that the object's bytes and its sidecar still match ``sha256``; return its size.

    Raises ``IntegrityError`` on any mismatch and ``ObjectMissing`` if the object is gone.
    """
    actual, size = hash_object(store, sha256, progress=progress)
    where = f"{store.name} store"
    if actual != sha256:
        raise IntegrityError(
            f"object {sha256} in the {where} is damaged: its bytes now hash to {actual}. Do not serve it; "
            "restore the original from backup (or an earlier S3 version) and run `temoin fixity` again",
            sha256=sha256,
            actual=actual,
        )
    try:
        recorded = store.recorded_sha256(sha256)
    except StorageError as exc:
        raise IntegrityError(
            f"object {sha256} in the {where} has intact bytes but an unreadable sidecar "
            f"({exc}); restore the sidecar from backup",
            sha256=sha256,
            actual=actual,
        ) from exc
    if recorded is not None and recorded != sha256:
        raise IntegrityError(
            f"object {sha256} in the {where} has intact bytes but its sidecar records {recorded}: the "
            "sidecar was altered; restore it from backup",
            sha256=sha256,
            actual=actual,
        )
    return size
