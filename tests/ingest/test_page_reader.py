"""Reading pages: forms give up their values (more than tesseract's page layout did), plain pages read as
before, review regions point at what was not read, and odd pages give a clear, empty result."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.page_reader import PageReading, read_page
from tests.ingest.forms import LAYOUTS, ScannedForm, generate_form, value_found

LANGUAGES = "fra+eng"


def _read(image: Image.Image) -> PageReading:
    return read_page(image, languages=LANGUAGES, timeout=120)


def _old_path(image: Image.Image) -> str:
    """What the image ingestor did before forms were handled: tesseract --psm 3 on the whole page."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return ocr.ocr_image(buffer.getvalue(), languages=LANGUAGES, timeout=120, psm=3)


def _recall(forms: list[ScannedForm], texts: list[str]) -> float:
    pairs = [(value, text) for form, text in zip(forms, texts, strict=True) for value in form.values
             if value.kind != "other"]
    return sum(value_found(value.text, text) for value, text in pairs) / len(pairs)


@pytest.fixture(scope="module")
def scanned() -> list[ScannedForm]:
    """One form of each layout, scanned at 150 dpi (small, so the test stays quick)."""
    return [generate_form(seed, layout, "scan", dpi=150) for seed, layout in enumerate(sorted(LAYOUTS))]


@pytest.fixture(scope="module")
def readings(scanned: list[ScannedForm]) -> list[PageReading]:
    return [_read(form.image) for form in scanned]


def test_when_forms_read_then_values_found_and_more_than_before(scanned: list[ScannedForm],
                                                                readings: list[PageReading]) -> None:
    new = _recall(scanned, [reading.text for reading in readings])
    old = _recall(scanned, [_old_path(form.image) for form in scanned])
    assert new >= 0.9, new
    assert new >= old + 0.1, (new, old)
    assert all(reading.layout == "form" for reading in readings)


def test_when_form_read_then_boxes_lie_on_the_page(scanned: list[ScannedForm], readings: list[PageReading]) -> None:
    for form, reading in zip(scanned, readings, strict=True):
        width, height = form.image.size
        assert reading.words
        for item in (*reading.words, *reading.regions):
            x0, y0, x1, y1 = item.box
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, item
        assert {region.kind for region in reading.regions} <= {"low_confidence", "unread"}
        assert all(0.0 <= word.confidence <= 1.0 for word in reading.words)


def test_when_admission_grid_read_then_label_and_value_on_one_line(scanned: list[ScannedForm],
                                                                   readings: list[PageReading]) -> None:
    form, reading = next((f, r) for f, r in zip(scanned, readings, strict=True) if f.layout == "admission_grid")
    surname = next(v.text for v in form.values if v.kind == "name")
    label = "Nom" if form.language == "fr" else "Surname"
    assert re.search(rf"{label}\s*:\s*{re.escape(surname)}", reading.text, re.IGNORECASE), reading.text


def test_when_letter_boxes_read_then_the_name_is_one_word(scanned: list[ScannedForm],
                                                         readings: list[PageReading]) -> None:
    form, reading = next((f, r) for f, r in zip(scanned, readings, strict=True) if f.layout == "claim_boxes")
    surname = next(v.text for v in form.values if v.kind == "name")
    assert surname.upper() in reading.text.upper().split(), reading.text


def test_when_forms_turned_and_blurred_then_still_read() -> None:
    forms = [generate_form(21, layout, "poor", dpi=150, hand="typed")  # up to 3° off, blurred, specks, JPEG 45
             for layout in ("admission_grid", "pv_dotted")]
    readings = [_read(form.image) for form in forms]
    assert _recall(forms, [reading.text for reading in readings]) >= 0.75
    assert all(reading.skew_degrees != 0.0 for reading in readings)


def test_when_plain_page_then_read_as_tesseract_lays_it_out() -> None:
    image = Image.new("L", (1400, 500), 255)
    face = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "Les soldats sont arrivés au village.", font=face, fill=0)
    draw.text((60, 140), "Ils ont brûlé les greniers.", font=face, fill=0)
    reading = _read(image)
    assert reading.layout == "plain"
    assert reading.text.split() == _old_path(image).split()
    assert [w.text for w in reading.words][:3] == ["Les", "soldats", "sont"]


def test_when_page_has_a_scribble_then_it_is_an_unread_region() -> None:
    image = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    draw.text((80, 80), "Nom : DIALLO", font=face, fill=0)
    draw.line([(80, 130), (1100, 130)], fill=0, width=3)  # a ruling: the page is a form
    draw.line([(500 + (i % 2) * 30 + i * 6, 500 + (i % 3) * 25) for i in range(40)], fill=0, width=4)
    reading = _read(image)
    unread = [region for region in reading.regions if region.kind == "unread"]
    assert any(r.box[0] <= 520 and r.box[2] >= 700 and r.box[1] <= 510 and r.box[3] >= 540 for r in unread), unread
    assert all(region.confidence == 0.0 for region in unread)


@pytest.mark.parametrize(("name", "image"), [
    ("black", Image.new("L", (1240, 1754), 0)),
    ("white", Image.new("L", (1240, 1754), 255)),
    ("one pixel", Image.new("L", (1, 1), 0)),
    ("thin strip", Image.new("L", (4000, 10), 0)),
])
def test_when_page_is_odd_then_clear_empty_result(name: str, image: Image.Image) -> None:
    reading = _read(image)
    assert reading.text.strip() == "" and reading.words == ()
    if name == "black":  # all ink and nothing read: the whole page is for a person to look at
        assert [region.kind for region in reading.regions] == ["unread"]
    else:
        assert reading.regions == ()
