"""Write a ZIP to disk member by member, in chunks, with ZIP64: memory stays flat whatever the sizes.

Already-compressed media (PDF, images, audio) are stored; text is deflated. The archive is written to a
hidden temporary file beside the destination and moved into place only when complete, so a failure
leaves no partial bundle behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = 1024 * 1024
_STORED_PREFIXES = ("audio/", "video/", "image/", "application/pdf")
# A fixed timestamp: the same files give the same member headers (the manifest carries the real time).
_DATE = (1980, 1, 1, 0, 0, 0)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class BundleWriter:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf

    def add_file(self, name: str, path: Path, media_type: str) -> None:
        info = self._info(name, media_type)
        with path.open("rb") as src, self.zf.open(info, "w", force_zip64=True) as dst:
            while chunk := src.read(CHUNK):
                dst.write(chunk)

    def set_comment(self, comment: bytes) -> None:
        self.zf.comment = comment

    def add_bytes(self, name: str, data: bytes, media_type: str) -> None:
        self.zf.writestr(self._info(name, media_type), data)

    @staticmethod
    def _info(name: str, media_type: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_DATE)
        stored = media_type.startswith(_STORED_PREFIXES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info


@contextmanager
def bundle_zip(dst: Path) -> Iterator[BundleWriter]:
    """Yield a writer; on success the ZIP replaces ``dst`` atomically, on any error nothing is left."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".partial", dir=dst.parent)
    os.close(handle)
    partial = Path(name)
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
            yield BundleWriter(zf)
        os.replace(partial, dst)
    finally:
        partial.unlink(missing_ok=True)
