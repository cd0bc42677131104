"""The tesseract subprocess: TSV words, tesseract's own layout rebuilt, background runs, clear failures."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.exc import IngestError


def _png(lines: list[str]) -> bytes:
    image = Image.new("L", (900, 120 + 70 * len(lines)), 255)
    face = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    for row, line in enumerate(lines):
        ImageDraw.Draw(image).text((40, 40 + 70 * row), line, font=face, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_when_words_read_then_boxes_and_text_like_tesseracts_own() -> None:
    image = _png(["Witness statement", "second line here"])
    words = ocr.read_words(image, languages="eng", timeout=60, psm=3)
    assert [word.text for word in words] == ["Witness", "statement", "second", "line", "here"]
    assert all(0.5 <= word.confidence <= 1.0 and word.box[0] < word.box[2] for word in words)
    assert ocr.text_of(words).split() == ocr.ocr_image(image, languages="eng", timeout=60).split()
    assert ocr.text_of(words).count("\n") >= 2


def test_when_background_run_cancelled_then_no_result_and_no_process_left() -> None:
    pending = ocr.start_reading(_png(["a page nobody needs"] * 8), languages="eng", timeout=60, psm=3)
    pending.cancel()
    assert pending.finished


def test_when_tesseract_cannot_read_the_bytes_then_a_clear_error() -> None:
    with pytest.raises(IngestError, match="tesseract failed"):
        ocr.read_words(b"not an image at all", languages="eng", timeout=60, psm=3)


def test_when_no_words_then_empty_text() -> None:
    assert ocr.text_of([]) == ""
