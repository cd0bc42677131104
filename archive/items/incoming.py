"""Receive a file as a stream: bytes go to a private temp file while the SHA-256 is computed.

Memory stays flat whatever the size. Nothing is visible in the archive until the finished file has
been committed to the object store and the item row written. A request that dies discards its file at once;
a crash leaves only a temp file in ``<data_dir>/incoming``, named after its host and process, that the next
start removes whatever its age (a file of a process still running on this host is left alone; a file of another
host sharing the directory is removed once it is an hour old).
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from archive.errors import TooLarge

PREFIX = "upload-"
#: Another host's file (a shared directory) is removed only once this old: we cannot see its processes.
OTHER_HOST_AGE_S = 3600.0


def _host() -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in socket.gethostname())[:40] or "host"


def _started(pid: int) -> str:
    """When a process started (clock ticks since boot, Linux), so a reused pid is not taken for the old process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def _owner(pid: int) -> str:
    return f"{pid}.{_started(pid)}"


def owner_prefix() -> str:
    """``upload-<host>-<pid>.<start>-``: whose temp file this is, so a start tells a live upload from a leftover."""
    return f"{PREFIX}{_host()}-{_owner(os.getpid())}-"


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
        fd, name = tempfile.mkstemp(prefix=owner_prefix(), dir=directory)
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
        # No fsync here: this file is a temporary whose loss in a crash loses nothing (no receipt was given).
        # The object store makes the bytes durable when it takes them (``LocalStore`` fsyncs the file before
        # linking it under its key; S3 acknowledges a stored object), so one flush to disk per upload, not two.
        self._fh.flush()
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


def _alive(owner: str) -> bool:
    pid, _, started = owner.partition(".")
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by another user
    return _started(int(pid)) == started  # the same pid started again later is another process


def leftovers(directory: Path, *, now: float | None = None) -> Iterator[Path]:
    """Temp files of one-shot uploads whose process is gone (this host), or an hour old (another host, or a
    name from an older version). Resumable uploads' parts (``resumable-*``) are not leftovers: they wait for
    their client (see ``archive/uploads``)."""
    if not directory.exists():
        return
    now = time.time() if now is None else now
    host_prefix = f"{PREFIX}{_host()}-"
    for path in directory.glob(PREFIX + "*"):
        name = path.name
        if name.startswith(host_prefix):
            if not _alive(name[len(host_prefix):].split("-", 1)[0]):
                yield path
            continue
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if age >= OTHER_HOST_AGE_S:
            yield path


def clean_incoming(directory: Path) -> tuple[int, int]:
    """Remove the leftovers of interrupted uploads (called at every start): how many files, how many bytes."""
    removed = freed = 0
    for path in list(leftovers(directory)):
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        removed, freed = removed + 1, freed + size
    return removed, freed


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
