"""Receive a file as a stream: bytes go to a private temp file while the SHA-256 is computed.

Memory stays flat whatever the size. Nothing is visible in the archive until the finished file has
been committed to the object store and the item row written; a crash leaves only a temp file in
``<data_dir>/incoming`` that the next start removes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from archive.errors import TooLarge

PREFIX = "upload-"


class UploadTooLarge(TooLarge):
    """Larger than ``TEMOIN_MAX_UPLOAD_BYTES``: nothing is kept."""

    def __init__(self, key: str = "upload_too_large", /, *, limit: int) -> None:
        super().__init__(key, limit=limit)
        self.limit = limit


@dataclass(frozen=True)
class ReceivedFile:
    path: Path
    sha256: str
    size: int
    filename: str


class IncomingFile:
    """A temp file being filled chunk by chunk; use as a context manager (discarded on error)."""

    def __init__(self, directory: Path, *, limit: int, filename: str = "") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=PREFIX, dir=directory)
        self._fh = os.fdopen(fd, "wb", buffering=0)
        self.path = Path(name)
        self.limit = limit
        self.size = 0
        self.filename = filename
        self._hash = hashlib.sha256()
        self._done = False

    def write(self, chunk: bytes | memoryview) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise UploadTooLarge(limit=self.limit)
        self._hash.update(chunk)
        self._fh.write(chunk)

    def finish(self) -> ReceivedFile:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._done = True
        return ReceivedFile(self.path, self._hash.hexdigest(), self.size, self.filename)

    def discard(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> IncomingFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None or not self._done:
            self.discard()


def clean_incoming(directory: Path, *, older_than_s: float = 0.0) -> int:
    """Remove temp files left by an interrupted upload (called at start-up)."""
    if not directory.exists():
        return 0
    removed, now = 0, time.time()
    for path in directory.glob(PREFIX + "*"):
        if now - path.stat().st_mtime >= older_than_s:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def safe_filename(name: str | bytes | None) -> str:
    """A display name only (never used as a path): last component, no control characters."""
    if name is None:
        return ""
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    else:  # names from the file system may carry undecodable bytes as surrogates
        name = name.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in "\x00")
    name = name.strip().lstrip(".") or "unnamed"
    return name[:255]
