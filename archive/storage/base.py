"""The object store contract: content-addressed blobs keyed by their SHA-256.

Every backend stores the blob under its hex SHA-256 and, beside it, a small sidecar recording that
hash (``<sha256>.sha256``) so the store can be checked without the database. Writes are idempotent
(the same bytes twice are stored once) and atomic (a crash leaves either nothing or the whole blob).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class StorageError(Exception):
    """The object store could not do what was asked (missing object, server down, bad key)."""


class ObjectMissing(StorageError):
    pass


def check_key(sha256: str) -> str:
    """Refuse anything that is not a lowercase hex SHA-256 (no path tricks reach a backend)."""
    if not SHA256_RE.match(sha256):
        raise StorageError(f"not a SHA-256 object key: {sha256!r}")
    return sha256


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    created: bool  # False when identical bytes were already stored


class ObjectStore(Protocol):
    """What the archive needs from an object store."""

    name: str

    def put(self, sha256: str, source: Path, *, media_type: str = "application/octet-stream") -> PutResult:
        """Store the file at ``source`` (whose SHA-256 the caller computed) under ``sha256``.

        Idempotent: if the object already exists, nothing is rewritten and ``created`` is False.
        """
        ...

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int: ...

    def open(self, sha256: str) -> AbstractContextManager[BinaryIO]:
        """A raw, unverified stream of the object's bytes. Raises ``ObjectMissing``."""
        ...

    def recorded_sha256(self, sha256: str) -> str | None:
        """The hash written beside the object at store time (sidecar), or None if absent."""
        ...

    def keys(self) -> Iterator[str]:
        """Every stored object key (SHA-256), sidecars excluded."""
        ...

    def check(self) -> None:
        """Raise ``StorageError`` with a plain explanation if the store cannot be used."""
        ...
