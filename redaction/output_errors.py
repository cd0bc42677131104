"""Errors raised while writing redacted outputs (PDF, image, audio).

``str(error)`` always says which file, where (page, needle, interval) and what to do about it.
"""

from __future__ import annotations

from pathlib import Path


class RedactionError(Exception):
    """A redacted output could not be produced; nothing trustworthy was written to the destination."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class RedactionLeak(RedactionError):
    """The output was written but a redacted string can still be read from it; the output was deleted."""

    def __init__(self, path: Path | str, needle: str, where: str) -> None:
        self.needle = needle
        self.where = where
        super().__init__(
            path,
            f"redacted text {needle!r} can still be extracted from {where}; the output was deleted. "
            "Do not release this item: review it by hand (the text may be drawn in a way the redactor "
            "cannot locate, e.g. as outlines or inside an image).",
        )
