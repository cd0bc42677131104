"""Errors an ingestor raises for bad input.

Every error carries a human reason: ``str(error)`` says which file, what is wrong and what to do. The archive
records it on the item and moves on to the next job; the original file is never touched.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be turned into text. ``str(e)`` is the reason shown to the officer."""

    def __init__(self, reason: str, *, path: Path | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path.name}: {reason}" if path is not None else reason)


class EmptyFile(IngestError):
    """The file has no bytes at all."""


class UnsupportedMediaType(IngestError):
    """No ingestor handles the file's sniffed type."""


class EncryptedDocument(IngestError):
    """The document needs a password to open."""


class CorruptFile(IngestError):
    """The bytes claim a format but cannot be read as it."""


class ResourceLimitExceeded(IngestError):
    """The file would cost too much to process (page count, pixels, unzipped size, duration): a likely bomb."""


class ToolUnavailable(IngestError):
    """An external tool or model the ingestor needs is missing or broken (an installation problem)."""
