"""The default object store: a directory tree of read-only, content-addressed files.

Layout: ``<root>/ab/cd/<sha256>`` holds the bytes and ``<root>/ab/cd/<sha256>.sha256`` the sidecar
(one line of JSON, see ``Sidecar``). A put writes a temporary file named ``.partial-...`` in the same
directory, fsyncs it, makes it read-only (0o444), writes the sidecar, then hard-links the temporary
file to its final name (``os.link`` refuses to overwrite, so two concurrent puts of the same bytes
cannot clobber each other) and fsyncs the directory. A crash at any point leaves at most a
``.partial-*`` file or a sidecar without object, both invisible under the key and removed by
``cleanup_partial()``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive.storage.base import (
    CHUNK,
    SHA256_RE,
    ObjectMissing,
    Progress,
    PutResult,
    Sidecar,
    StorageError,
    check_key,
    check_source,
)

PARTIAL_PREFIX = ".partial-"
SIDECAR_SUFFIX = ".sha256"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH  # 0o444
DEFAULT_PARTIAL_AGE = dt.timedelta(hours=1)
_SHARD_CHARS = frozenset("0123456789abcdef")


def utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_shard(name: str) -> bool:
    return len(name) == 2 and set(name) <= _SHARD_CHARS


class LocalStore:
    """Objects in a local directory (the default backend)."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"

    # -- paths -------------------------------------------------------------------------------------

    def path_of(self, sha256: str) -> Path:
        """Where the object's bytes live (whether or not they are stored yet)."""
        key = check_key(sha256)
        return self.root / key[:2] / key[2:4] / key

    def _sidecar_path(self, sha256: str) -> Path:
        return self.path_of(sha256).with_name(sha256 + SIDECAR_SUFFIX)

    def _make_shard(self, shard: Path) -> None:
        """Create ``root/ab/cd`` and fsync each parent whose entries changed."""
        created: list[Path] = []
        for directory in (self.root, shard.parent, shard):
            if not directory.is_dir():
                try:
                    directory.mkdir(parents=directory == self.root)
                    created.append(directory)
                except FileExistsError:
                    if not directory.is_dir():
                        raise StorageError(
                            f"{directory} exists but is not a directory: move it away so the "
                            "object store can use this path"
                        ) from None
                except OSError as exc:
                    raise StorageError(
                        f"cannot create {directory} in the object store ({exc.strerror or exc}): check "
                        "that the disk is mounted, not full, and writable by this user"
                    ) from exc
        for directory in created:
            _fsync_dir(directory.parent)

    def _temp_path(self, shard: Path, sha256: str) -> Path:
        return shard / f"{PARTIAL_PREFIX}{sha256[:16]}-{os.getpid()}-{secrets.token_hex(6)}"

    # -- writing -----------------------------------------------------------------------------------

    def put(
        self,
        sha256: str,
        source: Path,
        *,
        media_type: str = "application/octet-stream",
        move: bool = False,
        progress: Progress | None = None,
    ) -> PutResult:
        final = self.path_of(sha256)
        source = Path(source)
        source_size = check_source(source)
        if final.exists():
            if move:
                source.unlink(missing_ok=True)
            if progress:
                progress(1.0)
            return PutResult(sha256=sha256, size=final.stat().st_size, created=False)
        self._make_shard(final.parent)
        linked = self._put_by_link(sha256, source, source_size, media_type) if move else None
        if linked is not None:
            created = linked
        else:
            created = self._put_by_copy(sha256, source, media_type, progress)
            if move:
                source.unlink(missing_ok=True)
        if progress:
            progress(1.0)
        return PutResult(sha256=sha256, size=final.stat().st_size, created=created)

    def _put_by_link(self, sha256: str, source: Path, size: int, media_type: str) -> bool | None:
        """Take ``source`` itself as the object; return ``created``, or None to say: copy instead.

        The bytes are not re-read: the caller hashed them while receiving them. A symlink, or a file
        with other hard links, is copied instead: the stored inode must have no name outside the store.
        """
        final = self.path_of(sha256)
        info = source.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_nlink != 1:
            return None
        try:
            os.chmod(source, READ_ONLY)
            fd = os.open(source, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            self._write_sidecar(sha256, size, media_type)
            os.link(source, final)
            created = True
        except FileExistsError:
            created = False  # a concurrent put stored the same bytes first: ours are redundant
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                return None  # another filesystem, or no hard links here: fall back to a copy
            raise StorageError(f"cannot move {source} into the object store at {final}: {exc}") from exc
        _fsync_dir(final.parent)
        source.unlink(missing_ok=True)
        return created

    def _put_by_copy(self, sha256: str, source: Path, media_type: str, progress: Progress | None) -> bool:
        final = self.path_of(sha256)
        temp = self._temp_path(final.parent, sha256)
        try:
            size = self._copy_hashing(source, temp, sha256, progress)
            os.chmod(temp, READ_ONLY)
            self._write_sidecar(sha256, size, media_type)
            try:
                os.link(temp, final)
                created = True
            except FileExistsError:
                created = False  # a concurrent put won the race with the same bytes
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                os.replace(temp, final)  # filesystem without hard links: same bytes, atomic rename
                created = True
            _fsync_dir(final.parent)
        finally:
            temp.unlink(missing_ok=True)
        return created

    def _copy_hashing(self, source: Path, temp: Path, sha256: str, progress: Progress | None) -> int:
        """Copy ``source`` to the new file ``temp`` (fsynced), checking that the bytes hash to ``sha256``."""
        digest = hashlib.sha256()
        done = 0
        try:
            with source.open("rb") as src:
                total = max(os.fstat(src.fileno()).st_size, 1)
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(min(done / total, 1.0) * 0.99)
                    dst.flush()
                    os.fsync(dst.fileno())
        except OSError as exc:
            raise StorageError(
                f"could not copy {source} into the object store ({exc}); nothing was stored. "
                "Check free space and permissions, then retry"
            ) from exc
        if digest.hexdigest() != sha256:
            raise StorageError(
                f"the bytes of {source} hash to {digest.hexdigest()}, not to the key {sha256}: "
                "the file changed after it was hashed, or the wrong hash was passed; "
                "nothing was stored"
            )
        return done

    def _write_sidecar(self, sha256: str, size: int, media_type: str) -> None:
        path = self._sidecar_path(sha256)
        temp = self._temp_path(path.parent, sha256)
        data = Sidecar(sha256=sha256, size=size, media_type=media_type, stored_at=utc_stamp()).encode()
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, READ_ONLY)
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)

    # -- reading -----------------------------------------------------------------------------------

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path_of(sha256).stat().st_size
        except FileNotFoundError:
            raise self._missing(sha256) from None

    @contextlib.contextmanager
    def open(self, sha256: str) -> Iterator[BinaryIO]:
        try:
            stream = self.path_of(sha256).open("rb")
        except FileNotFoundError:
            raise self._missing(sha256) from None
        with stream:
            yield stream

    def recorded_sha256(self, sha256: str) -> str | None:
        path = self._sidecar_path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        return Sidecar.decode(data, where=str(path)).sha256

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for first in sorted(p for p in self.root.iterdir() if _is_shard(p.name) and p.is_dir()):
            for second in sorted(p for p in first.iterdir() if _is_shard(p.name) and p.is_dir()):
                prefix = first.name + second.name
                for entry in sorted(second.iterdir()):
                    if SHA256_RE.match(entry.name) and entry.name.startswith(prefix) and entry.is_file():
                        yield entry.name

    def _missing(self, sha256: str) -> ObjectMissing:
        return ObjectMissing(
            f"object {sha256} is not in the local store {self.root} (expected at "
            f"{self.path_of(sha256)}); if the database lists it, restore it from backup"
        )

    # -- maintenance -------------------------------------------------------------------------------

    def check(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise StorageError(
                f"the object store path {self.root} is a file, not a directory: point "
                "TEMOIN_STORAGE_DIR at a directory"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f"{PARTIAL_PREFIX}check-{os.getpid()}-{secrets.token_hex(4)}"
            probe.write_bytes(b"probe")
            probe.unlink()
        except OSError as exc:
            raise StorageError(
                f"cannot write into the object store directory {self.root} ({exc.strerror or exc}): "
                "check that the disk is mounted, not full, and writable by this user"
            ) from exc

    def cleanup_partial(self, *, older_than: dt.timedelta | None = None) -> int:
        """Remove ``.partial-*`` files and sidecars without object left by interrupted puts.

        Only files not modified for ``older_than`` (default one hour) are removed: a put running in
        another process keeps writing to its file, so it is never taken for a leftover.
        """
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - (older_than if older_than is not None else DEFAULT_PARTIAL_AGE).total_seconds()
        removed = 0
        for directory, _dirs, files in os.walk(self.root):
            for name in files:
                path = Path(directory) / name
                orphan_sidecar = (
                    name.endswith(SIDECAR_SUFFIX)
                    and SHA256_RE.match(name[: -len(SIDECAR_SUFFIX)])
                    and not (Path(directory) / name[: -len(SIDECAR_SUFFIX)]).exists()
                )
                if not (name.startswith(PARTIAL_PREFIX) or orphan_sidecar):
                    continue
                try:
                    if path.stat().st_mtime <= cutoff:
                        path.unlink()
                        removed += 1
                except FileNotFoundError:
                    continue  # finished or removed meanwhile
        return removed
