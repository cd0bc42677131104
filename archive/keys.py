"""The archive's own secrets, kept in <data_dir>/keys with mode 0600: created on first use, never printed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from archive.errors import Invalid
from archive.settings import Settings

ARCHIVE_KEY = "archive.key"


def _private_file(path: Path, make: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            raise Invalid("key_file_mode", path=path) from None
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(make)
    return make


def archive_key(settings: Settings) -> bytes:
    """32 random bytes: keys the pseudonym HMACs and seals the case pseudonym maps. Back it up with the
    database: without it, sealed maps cannot be opened."""
    key = _private_file(settings.keys_dir / ARCHIVE_KEY, secrets.token_bytes(32))
    if len(key) != 32:
        raise Invalid("archive_key_damaged", path=settings.keys_dir / ARCHIVE_KEY)
    return key
