"""The shapes every ingestor shares: options in, an ``Extraction`` out.

An ingestor is a pure function from a stored file to text plus metadata. It never modifies the file, never
touches a database or the network, and reports long work through ``progress`` (a fraction 0..1).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Word:
    """One transcribed word with its time span in seconds from the start of the recording."""

    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    """One transcribed stretch of speech (roughly a sentence) with its words."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


Box = tuple[int, int, int, int]
"""(x0, y0, x1, y1) in pixels of a page image, origin top-left, x1/y1 exclusive."""


@dataclass(frozen=True)
class WordBox:
    """A word read by OCR and where it is on the page image; ``confidence`` is tesseract's, from 0 to 1."""

    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class OcrRegion:
    """An area of an OCR'd page that a person should look at before trusting its redaction.

    ``kind`` is ``low_confidence`` (words read with a confidence below ``ingest.page_reader.LOW_CONFIDENCE``;
    ``confidence`` is the lowest of them) or ``unread`` (ink that no word covers: handwriting, stamps,
    signatures, a value the OCR could not read; ``confidence`` is 0).
    """

    box: Box
    kind: str
    confidence: float


@dataclass(frozen=True)
class Page:
    """The text of one page (PDF page, TIFF frame, image), numbered from 1; ``ocr`` says it was read by OCR.

    ``source`` is ``ocr`` (an image, or a PDF page without a text layer, read by tesseract) or ``text_layer``
    (a PDF page's own text). For OCR'd pages, ``width`` × ``height`` is the size in pixels of the page image
    that ``words`` and ``ocr_regions`` boxes refer to: the image itself for image files (EXIF orientation
    applied), the page rendered at ``IngestOptions.ocr_dpi`` (or lower, see ``max_pixels``) for PDFs.
    """

    number: int
    text: str
    ocr: bool
    source: str = ""
    """``ocr`` or ``text_layer``; derived from ``ocr`` when not given."""
    width: int = 0
    height: int = 0
    words: tuple[WordBox, ...] = ()
    ocr_regions: tuple[OcrRegion, ...] = ()

    def __post_init__(self) -> None:
        if not self.source:
            object.__setattr__(self, "source", "ocr" if self.ocr else "text_layer")


@dataclass(frozen=True)
class IngestOptions:
    """What an ingestor may do. Limits refuse likely bombs before the expensive work starts."""

    language: str | None = None
    """Language hint from the intake metadata ("fr", "en", ...). Chooses OCR order and the ASR language."""
    ocr_languages: str = "fra+eng"
    """Tesseract languages when the hint is neither French nor English."""
    asr_model_dir: Path | None = None
    """A CTranslate2 Whisper directory (the archive's ``TEMOIN_ASR_MODEL``); None means Whisper base."""
    model_cache_dir: Path | None = None
    """Where the default Whisper base model is assembled once; None means ``~/.cache/temoin/whisper-base``."""
    max_pages: int = 2000
    """PDFs and multi-page TIFFs with more pages are refused before any page is read."""
    max_pixels: int = 50_000_000
    """Most pixels decoded for one image or OCR'd page. JPEGs above it are decoded at 1/2, 1/4 or 1/8 scale,
    PDF pages are rendered at a lower resolution, other images are refused."""
    max_unzipped_bytes: int = 512 * 1024 * 1024
    """Most bytes a DOCX/ODT may unzip to (sum of the sizes its zip directory declares)."""
    max_zip_ratio: int = 200
    """Most a single DOCX/ODT member may expand (declared size / compressed size) before it is called a bomb."""
    max_text_bytes: int = 256 * 1024 * 1024
    """Text, Markdown, HTML and RTF files larger than this are refused."""
    max_duration_seconds: float = 4 * 3600.0
    """Audio/video longer than this is refused (checked on the header, then enforced while decoding)."""
    ocr_dpi: int = 300
    """Resolution at which PDF pages without a text layer are rendered for OCR."""
    ocr_timeout_seconds: float = 300.0
    """Tesseract is killed after this long on one page."""
    asr_vad: bool = True
    """Skip non-speech with the Silero voice-activity detector bundled in faster-whisper (silence stays silent
    instead of producing hallucinated text)."""
    asr_beam_size: int = 5


@dataclass(frozen=True)
class Extraction:
    """What an ingestor got out of a file, with the provenance needed to trust it."""

    text: str
    media_type: str
    ingestor: str
    """Versioned ingestor name, e.g. ``ingest.pdf.v1``."""
    tool: str
    """Tool and version that made the text, e.g. ``pymupdf 1.26.0 + tesseract 5.3.0``."""
    language: str | None = None
    """``fr``, ``en``, ``other`` or None when there is too little text to tell."""
    language_note: str | None = None
    """Why the language is what it is; names suspected Malian languages so the item can go to a human."""
    pages: tuple[Page, ...] = ()
    segments: tuple[Segment, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    """JSON-serialisable facts about the file (page count, duration, codec, EXIF...)."""
    sensitive_keys: frozenset[str] = frozenset()
    """Keys of ``metadata`` that identify people or places (author, GPS) and must be redacted."""


class Ingestor(ABC):
    """Base class: subclasses declare what they read and implement ``extract``.

    ``NAME`` is versioned (``ingest.pdf.v1``) and stored with every extraction; bump it when output changes.
    For a sniffed media type the registered ingestor with the highest ``SCORE`` wins.
    """

    NAME: ClassVar[str] = ""
    MIME_TYPES: ClassVar[frozenset[str]] = frozenset()
    EXTENSIONS: ClassVar[frozenset[str]] = frozenset()
    SCORE: ClassVar[int] = 0

    @abstractmethod
    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        """Read ``path`` (never modifying it) and return its text and metadata, or raise an ``IngestError``."""


def report(progress: Progress | None, fraction: float) -> None:
    """Call ``progress`` with ``fraction`` clamped to 0..1, if there is a callback."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))
