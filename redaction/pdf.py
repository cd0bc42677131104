# mypy: disallow-untyped-calls=False
# (pymupdf ships py.typed but leaves most methods unannotated; its calls return Any here.)
"""Redacted PDFs: the text is REALLY removed from the content streams, then the result is checked.

:func:`redact_pdf` finds every needle on every page (case-, accent- and punctuation-insensitive, across
line breaks, see :mod:`redaction.needles`) and every explicit :class:`PageSpan`, removes the characters
with MuPDF redactions (``add_redact_annot`` + ``apply_redactions``; image pixels under a box are blanked
too) and draws an opaque box, optionally labelled. Pages that are scans (no text layer) or mostly images
are rendered and read with tesseract, and the pixels under the words found are blanked the same way. The
document is scrubbed (:mod:`redaction.pdf_scrub`) and written to a temporary file, which is checked before
it replaces ``dst``: extracting text from it yields none of the needles, no decompressed stream contains
one literally, OCR of the scanned pages does not read one, and no metadata is left. Otherwise
:class:`RedactionLeak` is raised naming the page and needle, and nothing is written.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pymupdf
from pymupdf import mupdf

from redaction.areas import PageArea, on_page
from redaction.needles import FoldedText, Needle, compile_needles, fold_key
from redaction.ocr_words import locate_needles
from redaction.output_errors import RedactionError, RedactionLeak
from redaction.pdf_checks import check_raw_streams
from redaction.pdf_scrub import remaining_metadata, scrub_document
from redaction.pdf_text import PageChars, page_chars, page_texts

__all__ = ["PageSpan", "PdfRedactionReport", "page_texts", "redact_pdf"]

LABEL = "[caviardé]"
DEFAULT_MAX_PAGES = 5000
OCR_DPI = 300
OCR_MAX_PIXELS = 40_000_000
IMAGE_COVERAGE_FOR_OCR = 0.3
_INSET = 0.08  # of the line height, top and bottom: MuPDF removes every character a box touches


@dataclass(frozen=True)
class PageSpan:
    """Characters ``start:end`` of page ``page_number`` (1-based) in the text given by :func:`page_texts`.

    ``text``, when given, must equal that slice (it guards against offsets computed on another
    extraction) and is also searched as a needle on that page, which is the only way to place a span on a
    scanned page.
    """

    page_number: int
    start: int
    end: int
    text: str | None = None


@dataclass(frozen=True)
class PdfRedactionReport:
    """What :func:`redact_pdf` did."""

    src: Path
    dst: Path
    pages: int
    boxes_per_page: tuple[int, ...]
    ocr_pages: tuple[int, ...]
    needles_not_found: tuple[str, ...]
    scrubbed: tuple[str, ...]


def redact_pdf(src: Path, dst: Path, *, needles: Sequence[str] = (), char_spans: Sequence[PageSpan] = (),
               fill_label: bool = True, ocr: Literal["auto", "always", "never"] = "auto",
               lang: str = "fra+eng", max_pages: int = DEFAULT_MAX_PAGES, areas: Sequence[PageArea] = (),
               progress: Callable[[float], None] | None = None) -> PdfRedactionReport:
    """Write ``dst``: ``src`` with every needle and span removed, boxed, scrubbed and verified. ``areas`` (boxes
    drawn by hand, as fractions of the page as shown) are removed the same way, text and pixels under them.

    ``ocr="auto"`` reads pages with no text layer or with images over 30% of their area; ``"always"``
    reads every page (for vector-outlined text), ``"never"`` none.
    """
    compiled, empty = compile_needles(needles)
    doc = open_pdf(src, max_pages=max_pages)
    try:
        spans_by_page = _check_spans(src, doc, char_spans)
        span_rects = {number: _span_rects(doc[number - 1], spans) for number, spans in spans_by_page.items()}
        scrubbed = scrub_document(doc)
        boxes: list[int] = []
        ocr_pages: list[int] = []
        found: set[str] = set()
        with tempfile.TemporaryDirectory(prefix="temoin-pdf-") as tmp:
            for page in doc.pages():
                number = page.number + 1
                page_needles = _page_needles(compiled, spans_by_page.get(number, ()))
                chars = page_chars(page)
                rects = span_rects.get(number, []) + _needle_rects(chars, page_needles, found)
                rects += _area_rects(page, on_page(list(areas), number))
                if _wants_ocr(page, chars, ocr):
                    ocr_pages.append(number)
                    rects += _ocr_rects(page, page_needles, lang, Path(tmp), found)
                _apply(page, rects, fill_label and not any(n.key in fold_key(LABEL) for n in page_needles))
                boxes.append(len(rects))
                if progress is not None:
                    progress(0.8 * number / doc.page_count)
            _write_verified(doc, dst, compiled, spans_by_page, set(ocr_pages), lang, Path(tmp))
    finally:
        doc.close()
    if progress is not None:
        progress(1.0)
    missing = tuple(n.text for n in compiled if n.key not in found) + empty
    return PdfRedactionReport(src, dst, len(boxes), tuple(boxes), tuple(ocr_pages), missing, scrubbed)


def open_pdf(src: Path, *, max_pages: int = DEFAULT_MAX_PAGES) -> pymupdf.Document:
    """Open a PDF for redaction, refusing what cannot be redacted safely with a clear reason."""
    if not src.is_file():
        raise RedactionError(src, "no such file")
    try:
        doc = pymupdf.open(src, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise RedactionError(src, f"not a readable PDF ({exc}); the file is corrupt or not a PDF: "
                             "re-export it from its source, or redact a scan of it as images") from exc
    if doc.needs_pass:
        doc.close()
        raise RedactionError(src, "the PDF is encrypted with a password; ask the depositor for the password or "
                             "an unencrypted copy, then ingest that copy")
    if doc.page_count > max_pages:
        count = doc.page_count
        doc.close()
        raise RedactionError(src, f"{count} pages, above the limit of {max_pages}; split the document")
    if doc.page_count == 0:
        doc.close()
        raise RedactionError(src, "the PDF has no pages")
    return doc


def _check_spans(src: Path, doc: pymupdf.Document,
                 spans: Sequence[PageSpan]) -> dict[int, tuple[PageSpan, ...]]:
    texts: dict[int, str] = {}
    by_page: dict[int, list[PageSpan]] = {}
    for span in spans:
        if not 1 <= span.page_number <= doc.page_count:
            raise RedactionError(src, f"span {span} names page {span.page_number}, but the PDF has pages "
                                 f"1 to {doc.page_count}")
        if span.page_number not in texts:
            texts[span.page_number] = page_chars(doc[span.page_number - 1], clipped=True).text
        text = texts[span.page_number]
        inside = 0 <= span.start < span.end <= len(text)
        if not inside and (span.text is None or text.strip()):
            raise RedactionError(src, f"span {span} is outside page {span.page_number}'s text "
                                 f"({len(text)} characters from redaction.pdf.page_texts())")
        if inside and span.text is not None and text[span.start:span.end] != span.text:
            raise RedactionError(src, f"span {span} does not match page {span.page_number}'s text "
                                 f"({text[span.start:span.end]!r} at those offsets); compute offsets on "
                                 "redaction.pdf.page_texts()")
        by_page.setdefault(span.page_number, []).append(span)
    return {number: tuple(items) for number, items in by_page.items()}


def _page_needles(needles: tuple[Needle, ...], spans: Sequence[PageSpan]) -> tuple[Needle, ...]:
    extra, _empty = compile_needles([s.text for s in spans if s.text])
    known = {n.key for n in needles}
    return needles + tuple(n for n in extra if n.key not in known)


def _span_rects(page: pymupdf.Page, spans: Sequence[PageSpan]) -> list[pymupdf.Rect]:
    chars = page_chars(page, clipped=True)
    rects: list[pymupdf.Rect] = []
    for span in spans:
        if span.end <= len(chars.text):
            rects.extend(chars.rects(span.start, span.end, inset=_INSET))
    return rects


def _area_rects(page: pymupdf.Page, areas: Sequence[PageArea]) -> list[pymupdf.Rect]:
    """Boxes drawn on the page as shown (rotation applied), in the page's own coordinates."""
    shown = page.rect
    return [pymupdf.Rect(shown.x0 + x0 * shown.width, shown.y0 + y0 * shown.height, shown.x0 + x1 * shown.width,
                         shown.y0 + y1 * shown.height) * page.derotation_matrix for x0, y0, x1, y1 in
            (area.box for area in areas)]


def _needle_rects(chars: PageChars, needles: Sequence[Needle], found: set[str]) -> list[pymupdf.Rect]:
    rects: list[pymupdf.Rect] = []
    for match in FoldedText(chars.text).find(needles):
        found.add(match.needle.key)
        rects.extend(chars.rects(match.start, match.end, inset=_INSET))
    return rects


def _wants_ocr(page: pymupdf.Page, chars: PageChars, mode: str) -> bool:
    if mode != "auto":
        return mode == "always"
    if not chars.text.strip():
        return True
    area = float(abs(page.rect))
    covered = sum(float(abs(pymupdf.Rect(info["bbox"]) & page.rect)) for info in page.get_image_info())
    return area > 0 and covered / area >= IMAGE_COVERAGE_FOR_OCR


def _render(page: pymupdf.Page, path: Path) -> pymupdf.Matrix:
    inches = abs(page.rect) / (72 * 72)
    dpi = min(OCR_DPI, math.sqrt(OCR_MAX_PIXELS / inches)) if inches > 0 else OCR_DPI
    matrix = pymupdf.Matrix(dpi / 72, dpi / 72)
    page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, annots=False).save(path)
    return matrix


def _ocr_rects(page: pymupdf.Page, needles: Sequence[Needle], lang: str, tmp: Path,
               found: set[str]) -> list[pymupdf.Rect]:
    if not needles:
        return []
    path = tmp / f"page-{page.number + 1}.png"
    inverse = ~_render(page, path)
    located = locate_needles(path, needles, lang=lang)
    found.update(located.found)
    rects = []
    for x0, y0, x1, y1 in located.boxes:
        pad = max(2.0, 0.12 * (y1 - y0))
        rects.append(pymupdf.Rect(x0 - pad, y0 - pad, x1 + pad, y1 + pad) * inverse)
    return rects


def _apply(page: pymupdf.Page, rects: Sequence[pymupdf.Rect], label: bool) -> None:
    for rect in rects:
        size = min(9.0, rect.height * 0.6)
        page.add_redact_annot(rect, text=LABEL if label and size >= 4 else None, fontname="helv",
                              fontsize=size, fill=(0, 0, 0), text_color=(1, 1, 1), cross_out=False)
    page.apply_redactions(images=mupdf.PDF_REDACT_IMAGE_PIXELS,
                          graphics=mupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                          text=mupdf.PDF_REDACT_TEXT_REMOVE)


def _write_verified(doc: pymupdf.Document, dst: Path, needles: tuple[Needle, ...],
                    spans_by_page: dict[int, tuple[PageSpan, ...]], ocr_pages: set[int], lang: str,
                    tmp: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".redacting-", suffix=".pdf", dir=dst.parent)
    os.close(handle)
    partial = Path(name)
    try:
        doc.save(partial, garbage=4, clean=True, deflate=True, deflate_images=True, deflate_fonts=True,
                 no_new_id=True, encryption=mupdf.PDF_ENCRYPT_NONE, preserve_metadata=0)
        _verify(partial, dst, needles, spans_by_page, ocr_pages, lang, tmp)
        os.replace(partial, dst)
    finally:
        partial.unlink(missing_ok=True)


def _verify(path: Path, dst: Path, needles: tuple[Needle, ...], spans_by_page: dict[int, tuple[PageSpan, ...]],
            ocr_pages: set[int], lang: str, tmp: Path) -> None:
    with pymupdf.open(path) as written:
        problems = remaining_metadata(written)
        if problems:
            raise RedactionError(dst, f"metadata survived scrubbing ({', '.join(problems)}); nothing written")
        for page in written.pages():
            page_needles = _page_needles(needles, spans_by_page.get(page.number + 1, ()))
            for match in FoldedText(page_chars(page).text).find(page_needles):
                raise RedactionLeak(dst, match.needle.text, f"page {page.number + 1} (text layer)")
            if page.number + 1 in ocr_pages and page_needles:
                image = tmp / f"verify-{page.number + 1}.png"
                _render(page, image)
                located = locate_needles(image, page_needles, lang=lang, psms=(3,), fuzzy=False)
                for needle in page_needles:
                    if needle.key in located.found:
                        raise RedactionLeak(dst, needle.text, f"page {page.number + 1} (OCR of the output)")
        leak = check_raw_streams(written, needles)  # span texts are page-scoped: checked on their page above
        if leak is not None:
            raise RedactionLeak(dst, leak[1].text, f"PDF object {leak[0]} (decompressed bytes)")
