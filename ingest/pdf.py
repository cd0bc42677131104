"""PDF: the text layer of each page (pymupdf); pages without one are rendered and OCR'd with tesseract.

Refused before any page is read: encrypted documents (a password is needed), corrupt files and page trees
with more than ``max_pages`` pages. Rendering is capped at ``max_pixels`` per page, so a page that claims to be
huge is rendered at a lower resolution instead of exhausting memory.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ingest import lang, ocr
from ingest.base import Extraction, IngestOptions, Ingestor, Page, Progress, report
from ingest.exc import CorruptFile, EncryptedDocument, ResourceLimitExceeded
from ingest.page_reader import read_page

SENSITIVE = frozenset({"author", "creator", "title", "subject", "keywords"})
_MIN_LAYER_CHARS = 20
_METADATA_KEYS = {
    "author": "author", "creator": "creator", "producer": "producer", "title": "title", "subject": "subject",
    "keywords": "keywords", "creationDate": "creation_date", "modDate": "modification_date", "format": "pdf_format",
}


class PdfIngestor(Ingestor):
    NAME = "ingest.pdf.v2"
    MIME_TYPES = frozenset({"application/pdf"})
    EXTENSIONS = frozenset({".pdf"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        import pymupdf

        document = _open(path)
        try:
            count = _check(document, path, options)
            languages = ocr.ocr_languages_for(options.language, options.ocr_languages)
            pages: list[Page] = []
            forms: list[int] = []
            for index in range(count):
                page, layout = _read_page(document, index, path, options, languages)
                pages.append(page)
                if layout == "form":
                    forms.append(index + 1)
                report(progress, (index + 1) / count)
            metadata = _metadata(document, count, pages)
            if forms:
                metadata["ocr_forms"] = forms
        finally:
            document.close()
        ocr_used = any(page.ocr for page in pages)
        tool = f"pymupdf {pymupdf.VersionBind}" + (f" + tesseract {ocr.tesseract_version()}" if ocr_used else "")
        text = "\n\n".join(page.text.strip("\n") for page in pages)
        guess = lang.settle_language(text, options.language)
        if ocr_used:
            metadata["ocr_languages"] = languages
        return Extraction(
            text=text, media_type="application/pdf", ingestor=self.NAME, tool=tool, language=guess.language,
            language_note=guess.note, pages=tuple(pages), metadata=metadata,
            sensitive_keys=frozenset(key for key in SENSITIVE if key in metadata),
        )


def _open(path: Path) -> Any:
    import pymupdf

    try:
        return pymupdf.open(path, filetype="pdf")  # type: ignore[no-untyped-call]
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise CorruptFile(f"not a readable PDF ({exc}); ask for the original file or a re-export",
                          path=path) from exc


def _check(document: Any, path: Path, options: IngestOptions) -> int:
    if document.needs_pass:
        raise EncryptedDocument("the PDF is encrypted and needs a password; ask the depositor for an "
                                "unprotected copy (the original is kept as it is)", path=path)
    try:
        count = int(document.page_count)
    except RuntimeError as exc:
        raise CorruptFile(f"the PDF's page tree is invalid ({exc}); it may be damaged or crafted",
                          path=path) from exc
    if count > options.max_pages:
        raise ResourceLimitExceeded(f"the PDF has {count:,} pages, over the limit of {options.max_pages:,}; "
                                    "split it or raise max_pages", path=path)
    if count == 0:
        raise CorruptFile("the PDF has no pages", path=path)
    return count


def _read_page(document: Any, index: int, path: Path, options: IngestOptions, languages: str) -> tuple[Page, str]:
    """The page and how it was read: ``text_layer``, or the OCR layout (``form``, ``plain``, ``empty``)."""
    try:
        page = document.load_page(index)
        layer = str(page.get_text("text"))
        if len(layer.strip()) >= _MIN_LAYER_CHARS or not _has_marks(page):
            return Page(index + 1, layer, False, "text_layer"), "text_layer"
        image, zoom = _render(page, options)
    except RuntimeError as exc:
        raise CorruptFile(f"page {index + 1} cannot be read ({exc})", path=path) from exc
    ocr.check_languages(languages)
    reading = read_page(image, languages=languages, timeout=options.ocr_timeout_seconds, px_per_mm=zoom * 72 / 25.4)
    text = f"{layer.strip()}\n{reading.text}" if layer.strip() else reading.text
    return Page(index + 1, text, True, "ocr", image.width, image.height, reading.words,
                reading.regions), reading.layout


def _has_marks(page: Any) -> bool:
    """Whether a page without a usable text layer has anything to OCR (images or vector drawings)."""
    return bool(page.get_images(full=False)) or bool(page.get_drawings())


def _render(page: Any, options: IngestOptions) -> tuple[Any, float]:
    """The page as an 8-bit gray image at ``ocr_dpi`` (lower if it would exceed ``max_pixels``), and the zoom."""
    import pymupdf
    from PIL import Image

    zoom = options.ocr_dpi / 72.0
    width, height = page.rect.width, page.rect.height
    if width * height * zoom * zoom > options.max_pixels:
        zoom = math.sqrt(options.max_pixels / max(width * height, 1.0))
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom),  # type: ignore[no-untyped-call]
                               colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pixmap.width, pixmap.height), bytes(pixmap.samples)), zoom


def _metadata(document: Any, count: int, pages: list[Page]) -> dict[str, Any]:
    found: dict[str, Any] = {"page_count": count}
    for source, key in _METADATA_KEYS.items():
        value = (document.metadata or {}).get(source)
        if isinstance(value, str) and value.strip():
            found[key] = value.strip()
    found["ocr_pages"] = [page.number for page in pages if page.ocr]
    if document.is_encrypted or (document.metadata or {}).get("encryption"):
        found["encryption"] = (document.metadata or {}).get("encryption") or "yes"
    return found
