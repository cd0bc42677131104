"""Choose the ingestor for a file: the registered ingestor with the highest ``SCORE`` for its sniffed type wins.

Built-in ingestors come in through the same door as extensions: ``Registry.register``. Extensions may also be
declared as ``temoin.ingestors`` entry points (``name = "package.module:IngestorClass"``).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path

from ingest.base import Extraction, IngestOptions, Ingestor, Progress
from ingest.exc import EmptyFile, IngestError, UnsupportedMediaType
from ingest.sniff import sniff

BUILTINS = (
    "ingest.text:PlainTextIngestor", "ingest.text:HtmlIngestor", "ingest.text:RtfIngestor",
    "ingest.pdf:PdfIngestor", "ingest.docx:DocxIngestor", "ingest.docx:OdtIngestor",
    "ingest.image:ImageIngestor", "ingest.audio:AudioIngestor",
)
ENTRY_POINT_GROUP = "temoin.ingestors"


class Registry:
    """Ingestor classes by media type."""

    def __init__(self) -> None:
        self._ingestors: list[type[Ingestor]] = []

    def register(self, ingestor: type[Ingestor]) -> type[Ingestor]:
        """Add an ingestor class (usable as a decorator). Its ``NAME`` must be versioned and unique."""
        if not (isinstance(ingestor, type) and issubclass(ingestor, Ingestor)):
            raise TypeError(f"{ingestor!r} is not an Ingestor subclass")
        if not ingestor.NAME or not ingestor.MIME_TYPES:
            raise ValueError(f"{ingestor.__name__} must declare NAME and MIME_TYPES")
        if any(known.NAME == ingestor.NAME and known is not ingestor for known in self._ingestors):
            raise ValueError(f"an ingestor named {ingestor.NAME!r} is already registered")
        if ingestor not in self._ingestors:
            self._ingestors.append(ingestor)
        return ingestor

    def register_path(self, dotted: str) -> type[Ingestor]:
        """Register ``"package.module:ClassName"``."""
        module_name, _, class_name = dotted.partition(":")
        ingestor = getattr(importlib.import_module(module_name), class_name)
        return self.register(ingestor)

    def ingestors(self) -> tuple[type[Ingestor], ...]:
        return tuple(self._ingestors)

    def media_types(self) -> frozenset[str]:
        return frozenset(mime for ingestor in self._ingestors for mime in ingestor.MIME_TYPES)

    def choose(self, media_type: str, *, path: Path | None = None) -> type[Ingestor]:
        """The best-scoring ingestor for ``media_type`` (the first registered wins a tie)."""
        candidates = [ingestor for ingestor in self._ingestors if media_type in ingestor.MIME_TYPES]
        if not candidates:
            raise UnsupportedMediaType(
                f"no ingestor reads {media_type}; supported: {', '.join(sorted(self.media_types()))}. If the "
                "file is text in an unusual encoding, re-save it as UTF-8; otherwise convert it to PDF", path=path)
        return max(candidates, key=lambda ingestor: ingestor.SCORE)

    def extract(self, path: Path, *, media_type: str | None = None, options: IngestOptions | None = None,
                progress: Progress | None = None) -> Extraction:
        """Sniff (unless ``media_type`` is given), choose the ingestor and run it."""
        options = options or IngestOptions()
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise IngestError(f"file not found: {path}", path=path) from exc
        if size == 0:
            raise EmptyFile("the file is empty (0 bytes); upload it again", path=path)
        kind = media_type or sniff(path)
        ingestor = self.choose(kind, path=path)
        try:
            return ingestor().extract(path, options=options, progress=progress)
        except (IngestError, KeyboardInterrupt, SystemExit):
            raise
        except MemoryError as exc:
            raise IngestError(f"{ingestor.NAME} ran out of memory on this {kind} file", path=path) from exc
        except Exception as exc:  # failure is data: the worker records it on the item and moves on
            raise IngestError(f"{ingestor.NAME} failed on this {kind} file ({type(exc).__name__}: {exc}); "
                              "the file may be damaged", path=path) from exc


def default_registry() -> Registry:
    """A registry holding the built-in ingestors and those declared as ``temoin.ingestors`` entry points."""
    registry = Registry()
    for dotted in BUILTINS:
        registry.register_path(dotted)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        registry.register(entry.load())
    return registry


_default: Registry | None = None


def registry() -> Registry:
    """The process-wide default registry, built on first use."""
    global _default
    if _default is None:
        _default = default_registry()
    return _default


def extract(path: Path, *, media_type: str | None = None, options: IngestOptions = IngestOptions(),
            progress: Progress | None = None) -> Extraction:
    """Extract text and metadata from the file at ``path`` with the default registry."""
    return registry().extract(path, media_type=media_type, options=options, progress=progress)
