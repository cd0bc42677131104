"""The form generator: its ground truth is really on the page, files come out as scans, matching is fair."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.ingest.forms import LAYOUTS, LEVELS, form_set, generate_form, value_found


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("noise", sorted(LEVELS))
def test_when_form_generated_then_every_value_is_inked_inside_the_page(layout: str, noise: str) -> None:
    form = generate_form(11, layout, noise, dpi=150)
    pixels = np.asarray(form.image)
    paper = np.percentile(pixels, 90)
    assert len(form.values) >= 8
    for value in form.values:
        x0, y0, x1, y1 = value.box
        assert 0 <= x0 < x1 <= form.image.width and 0 <= y0 < y1 <= form.image.height, value
        dark = pixels[y0:y1, x0:x1] < paper - 60
        assert dark.sum() >= 3 * len(value.text.replace(" ", "")), value  # a few ink pixels per character


def test_when_clean_form_then_value_boxes_do_not_overlap() -> None:
    for layout in LAYOUTS:
        boxes = [v.box for v in generate_form(3, layout, "clean", dpi=150).values]
        for index, a in enumerate(boxes):
            for b in boxes[index + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (layout, a, b)


def test_when_same_arguments_then_same_pixels() -> None:
    first, second = generate_form(5, "claim_boxes", "poor"), generate_form(5, "claim_boxes", "poor")
    assert first.values == second.values
    assert np.array_equal(np.asarray(first.image), np.asarray(second.image))


def test_when_form_set_then_every_layout_language_and_noise_level_is_in_it() -> None:
    forms = form_set(24, seed=1, dpi=60)
    assert {(f.layout, f.language) for f in forms} == {("pv_dotted", "fr"), ("admission_grid", "fr"),
                                                       ("admission_grid", "en"), ("claim_boxes", "fr"),
                                                       ("intake_two_column", "en"), ("intake_two_column", "fr"),
                                                       ("relatives_table", "fr"), ("relatives_table", "en")}
    assert {f.noise for f in forms} == set(LEVELS)
    assert {v.kind for f in forms for v in f.values} >= {"name", "relative", "dob", "age", "phone", "village",
                                                        "nina", "file_number"}


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".pdf"])
def test_when_saved_then_a_scan_without_text(tmp_path: Path, suffix: str) -> None:
    form = generate_form(2, "admission_grid", "scan", dpi=150)
    path = form.save(tmp_path / f"form{suffix}")
    if suffix == ".pdf":
        with pymupdf.open(path) as document:
            assert document.page_count == 1
            assert document[0].get_text("text").strip() == ""
            assert document[0].get_images()
            assert document[0].rect.width == pytest.approx(form.image.width / form.dpi * 72, rel=1e-3)
    else:
        with Image.open(path) as image:
            assert image.size == form.image.size


@pytest.mark.parametrize(("value", "text", "found"), [
    ("DIALLO", "Nom : D I A L L O", True),
    ("Keïta", "NOM KEITA", True),
    ("+223 76 12 34 56", "Tél. 22376123456", True),
    ("76 12 34 56", "Tél. 176123456", False),  # the value must start (and end) on a word boundary
    ("+223 76 12 34 56", "Tél. +223 76-12-34-56", True),
    ("23", "né en 1923", False),
    ("23", "Âge : 23 ans", True),
    ("Sœur", "soeur", True),
    ("17 mars 1990", "17 mars  1990", True),
    ("17 mars 1990", "17 mai 1990", False),
])
def test_when_value_searched_then_case_accents_and_spacing_are_ignored(value: str, text: str, found: bool) -> None:
    assert value_found(value, text) is found
