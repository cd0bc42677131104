"""Areas drawn by hand (``redaction.areas``): painted over in redacted images and PDF pages, whatever OCR reads."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw

from redaction.areas import PageArea
from redaction.image import redact_image
from redaction.pdf import redact_pdf

AREA = PageArea(1, (0.25, 0.40, 0.75, 0.60))


def _grey_page(size: tuple[int, int] = (800, 500)) -> Image.Image:
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 20):  # scribbles everywhere, as handwriting no OCR reads
        draw.line((x, 0, x + 40, size[1]), fill=(90, 90, 200), width=3)
    return image


def _black_share(image: Image.Image, area: PageArea) -> float:
    x0, y0, x1, y1 = area.pixels(*image.size)
    histogram = image.convert("L").crop((x0 + 2, y0 + 2, x1 - 2, y1 - 2)).histogram()
    return sum(histogram[:8]) / sum(histogram)


@pytest.mark.parametrize(("box", "page", "message"), [
    ((0.5, 0.2, 0.4, 0.3), 1, "x0 < x1"), ((0.1, 0.2, 1.2, 0.3), 1, "<= 1"), ((0.1, 0.2, 0.3, 0.4), 0, "start at 1"),
])
def test_when_an_area_is_malformed_then_it_is_refused_saying_why(box: tuple[float, float, float, float], page: int,
                                                                 message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PageArea(page, box)


def test_when_an_area_is_given_in_fractions_then_its_pixels_are_rounded_outwards() -> None:
    assert PageArea(1, (0.1, 0.2, 0.45, 0.26)).pixels(2480, 3508) == (248, 701, 1116, 913)


def test_when_an_image_is_redacted_with_an_area_then_the_area_is_black_and_the_rest_untouched(tmp_path: Path) -> None:
    src = tmp_path / "page.png"
    _grey_page().save(src)
    report = redact_image(src, tmp_path / "out.png", needles=(), areas=(AREA, PageArea(2, (0.0, 0.0, 1.0, 1.0))))
    with Image.open(tmp_path / "out.png") as out:
        assert _black_share(out, AREA) == 1.0
        assert _black_share(out, PageArea(1, (0.0, 0.0, 0.2, 0.3))) < 0.05  # a page-2 area does not touch page 1
    assert report.boxes == ((AREA.pixels(800, 500),),)


def test_when_a_scanned_pdf_is_redacted_with_an_area_then_its_pixels_are_blanked(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    _grey_page().save(buffer, format="PNG")
    document = pymupdf.open()
    page = document.new_page(width=400, height=250)
    page.insert_image(page.rect, stream=buffer.getvalue())
    document.save(tmp_path / "scan.pdf")
    document.close()
    report = redact_pdf(tmp_path / "scan.pdf", tmp_path / "out.pdf", areas=(AREA,), fill_label=False)
    assert report.boxes_per_page == (1,)
    with pymupdf.open(tmp_path / "out.pdf") as out:
        pixmap = out[0].get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
        rendered = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    assert _black_share(rendered, AREA) > 0.95
    assert _black_share(rendered, PageArea(1, (0.0, 0.0, 0.2, 0.3))) < 0.05
