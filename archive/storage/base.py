"""The object store contract: content-addressed blobs keyed by their SHA-256.

Every backend stores the blob under its hex SHA-256 and, beside it, a small sidecar recording that
hash (``<sha256>.sha256``) so the store can be checked without the database. Writes are idempotent
(the same bytes twice are stored once) and atomic (a crash leaves either nothing or the whole blob).
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO, Protocol

SHA256_RE = re.compile(r"\A[0-9a-f]{64}\Z")  # \Z: unlike $, refuses a trailing newline
CHUNK = 1024 * 1024

Progress = Callable[[float], None]
"""Receives the fraction (0..1) of a long operation that is done."""


class StorageError(Exception):
    """The object store could not do what was asked (missing object, server down, bad key)."""


class ObjectMissing(StorageError):
    pass


def check_key(sha256: str) -> str:
    """Refuse anything that is not a lowercase hex SHA-256 (no path tricks reach a backend)."""
    if not SHA256_RE.match(sha256):
        raise StorageError(f"not a SHA-256 object key: {sha256!r}")
    return sha256


def check_source(source: Path) -> int:
    """The size of the regular file a put is asked to store; a clear ``StorageError`` otherwise."""
    try:
        info = source.stat()
    except OSError as exc:
        raise StorageError(
            f"cannot read the file to store, {source}: {exc.strerror or exc}; check that it exists and is "
            "readable"
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{source} is not a regular file (a directory, device or pipe?): store files only")
    return info.st_size


@dataclass(frozen=True)
class Sidecar:
    """What is written beside every object at store time (``<sha256>.sha256``).

    On disk and in S3 it is one line of JSON with sorted keys, for example::

        {"media_type": "audio/ogg", "sha256": "9f86...", "size": 1048576, "stored_at": "2026-11-03T09:12:44Z"}
    """

    sha256: str
    size: int
    media_type: str
    stored_at: str  # UTC, ISO 8601 with a trailing Z

    def encode(self) -> bytes:
        fields = {"media_type": self.media_type, "sha256": self.sha256, "size": self.size,
                  "stored_at": self.stored_at}
        return (json.dumps(fields, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")

    @classmethod
    def decode(cls, data: bytes, *, where: str) -> Sidecar:
        """Parse a sidecar; ``where`` names it in the error if it is damaged."""
        try:
            fields = json.loads(data.decode("utf-8"))
            sidecar = cls(sha256=str(fields["sha256"]), size=int(fields["size"]),
                          media_type=str(fields.get("media_type", "application/octet-stream")),
                          stored_at=str(fields.get("stored_at", "")))
        except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            raise StorageError(f"the sidecar {where} is damaged ({exc!r}); it should be one line of JSON "
                               "with sha256 and size: restore it from backup") from exc
        return sidecar


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    created: bool  # False when identical bytes were already stored


class ObjectStore(Protocol):
    """What the archive needs from an object store."""

    name: str

    def put(
        self,
        sha256: str,
        source: Path,
        *,
        media_type: str = "application/octet-stream",
        move: bool = False,
        progress: Progress | None = None,
    ) -> PutResult:
        """Store the file at ``source`` (whose SHA-256 the caller computed) under ``sha256``.

        Idempotent: if the object already exists, nothing is rewritten and ``created`` is False.
        ``move=True`` lets the store take the file (rename instead of copy when it can); after a
        successful return the source is gone, after a failure it is left in place.
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

    def cleanup_partial(self, *, older_than: timedelta | None = None) -> int:
        """Remove what interrupted puts left behind (never visible under a key); return how many.

        Only leftovers idle for longer than ``older_than`` are touched, so a put still running in
        another process survives; ``None`` means the backend's safe default.
        """
        ...
