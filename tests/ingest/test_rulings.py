"""Ruling removal: lines, box borders and dotted leaders go, letters stay (measured pixel by pixel)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import rulings

FONTS = "/usr/share/fonts/truetype/dejavu/"
WORDS = ("Koulikoro", "Diarra", "Mopti", "Sanogo", "Yaya", "Djigui", "Sikasso", "Guindo", "1987", "+223 66")


def _cell(seed: int, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A ruled cell with a value written on an underline (descenders cross it): page, letters, rulings."""
    rng = random.Random(seed)
    mm = dpi / 25.4
    size = (round(90 * mm), round(16 * mm))
    face = ImageFont.truetype(FONTS + rng.choice(("DejaVuSans.ttf", "DejaVuSerif-Italic.ttf",
                                                  "DejaVuSansMono.ttf")), round(rng.uniform(9, 13) / 72 * dpi))
    letters = Image.new("L", size, 255)
    baseline = round(10 * mm)
    text = " ".join(rng.sample(WORDS, 3))
    ImageDraw.Draw(letters).text((round(4 * mm), baseline), text, font=face, fill=0, anchor="ls")
    lines = Image.new("L", size, 255)
    draw = ImageDraw.Draw(lines)
    weight = max(1, round(rng.uniform(0.2, 0.35) * mm))
    draw.rectangle([0, 0, size[0] - 1, size[1] - 1], outline=0, width=weight)
    draw.line([(round(3 * mm), baseline + 2), (size[0] - round(3 * mm), baseline + 2)], fill=0, width=weight)
    letters_ink, lines_ink = np.asarray(letters) < 128, np.asarray(lines) < 128
    page = np.minimum(np.asarray(letters), np.asarray(lines))
    return page, letters_ink, lines_ink


@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("seed", range(4))
def test_when_ruled_cell_cleaned_then_letters_stay_and_lines_go(dpi: int, seed: int) -> None:
    page, letters, lines = _cell(seed, dpi)
    flat = rulings.flat_field(page, dpi / 25.4)
    layout = rulings.analyse(flat, dpi / 25.4)
    dark = layout.cleaned < 128
    letters_alone = letters & ~lines & (flat < 128)  # letter pixels, as dark after flat-fielding as before
    kept = (dark & letters_alone).sum() / letters_alone.sum()
    lines_alone = lines & ~rulings.runs.dilate(letters, 2, 2)
    gone = (~dark & lines_alone).sum() / lines_alone.sum()
    assert kept >= 0.98, kept
    assert gone >= 0.97, gone
    # a descender that goes through the underline (ink just above and just below it) keeps its pixels there
    rows = np.flatnonzero(lines[:, lines.shape[1] // 2])
    top, bottom = rows[rows > rows.min() + 3].min(), rows[rows < rows.max() - 3].max()  # the underline's rows
    through = letters[top - 1] & letters[bottom + 1]
    crossing = np.zeros_like(letters)
    crossing[top:bottom + 1] = through & letters[top:bottom + 1]
    if crossing.sum():
        assert (dark & crossing).sum() / crossing.sum() >= 0.9


@pytest.mark.parametrize("dpi", [150, 300])
def test_when_dotted_leader_then_dots_removed_and_words_kept(dpi: int) -> None:
    """A label, a leader of typed full stops, and a value written over the leader (touching it at 150 dpi)."""
    mm = dpi / 25.4
    face = ImageFont.truetype(FONTS + "DejaVuSans.ttf", round(10 / 72 * dpi))
    words = Image.new("L", (round(120 * mm), round(12 * mm)), 255)
    ImageDraw.Draw(words).text((round(3 * mm), round(8 * mm)), "Nom :", font=face, fill=0, anchor="ls")
    ImageDraw.Draw(words).text((round(45 * mm), round(7.4 * mm)), "DIALLO Awa", font=face, fill=0, anchor="ls")
    dots = Image.new("L", words.size, 255)
    ImageDraw.Draw(dots).text((round(16 * mm), round(8 * mm)), "." * 120, font=face, fill=0, anchor="ls")
    page = np.minimum(np.asarray(words), np.asarray(dots))
    flat = rulings.flat_field(page, mm)
    layout = rulings.analyse(flat, mm)
    dark = layout.cleaned < 128
    word_ink = (np.asarray(words) < 128) & (flat < 128)
    dot_ink = (np.asarray(dots) < 128) & ~rulings.runs.dilate(np.asarray(words) < 200, round(mm), round(mm))
    assert (dark & word_ink).sum() / word_ink.sum() >= 0.99
    assert (~dark & dot_ink).sum() / dot_ink.sum() >= 0.97  # dots touching the value's letters stay


def test_when_grid_and_letter_boxes_then_cells_found() -> None:
    mm = 200 / 25.4
    image = Image.new("L", (round(150 * mm), round(60 * mm)), 255)
    draw = ImageDraw.Draw(image)
    for row in range(3):  # a table of 2 rows x 3 columns
        draw.line([(10 * mm, (5 + 10 * row) * mm), (130 * mm, (5 + 10 * row) * mm)], fill=0, width=2)
    for column in range(4):
        draw.line([((10 + 40 * column) * mm, 5 * mm), ((10 + 40 * column) * mm, 25 * mm)], fill=0, width=2)
    for box in range(8):  # a row of eight letter boxes, 5 mm each
        left = (10 + 5 * box) * mm
        draw.rectangle([left, 40 * mm, left + 5 * mm, 45 * mm], outline=0, width=2)
    layout = rulings.analyse(rulings.flat_field(np.asarray(image), mm), mm)
    widths = sorted((c[2] - c[0]) / mm for c in layout.cells)  # inside the borders
    assert len(widths) == 14
    assert all(4 <= width <= 5 for width in widths[:8]) and all(38 <= width <= 40 for width in widths[8:])
    assert (layout.cleaned < 128).sum() == 0  # nothing but rulings on this page


def test_when_page_is_plain_text_then_nothing_removed() -> None:
    mm = 200 / 25.4
    image = Image.new("L", (round(150 * mm), round(60 * mm)), 255)
    face = ImageFont.truetype(FONTS + "DejaVuSans.ttf", round(11 / 72 * 200))
    bold = ImageFont.truetype(FONTS + "DejaVuSans-Bold.ttf", round(16 / 72 * 200))
    draw = ImageDraw.Draw(image)
    draw.text((10 * mm, 10 * mm), "DÉCLARATION DU TÉMOIN — 17 MARS", font=bold, fill=0)
    for row, line in enumerate(("Les hommes armés sont arrivés au village à l'aube.",
                                "Ils ont emmené trois personnes vers Tombouctou; nul ne les a revues...",
                                "Fait à Mopti, lu et approuvé : Il. Illl. 1111 |||")):
        draw.text((10 * mm, (22 + 8 * row) * mm), line, font=face, fill=0)
    layout = rulings.analyse(rulings.flat_field(np.asarray(image), mm), mm)
    assert layout.removed == 0 and layout.cells == ()


def test_when_lighting_uneven_then_paper_flattened_to_white() -> None:
    ramp = np.tile(np.linspace(120, 250, 800, dtype=np.float32), (600, 1)).astype(np.uint8)
    ramp[300:310, 100:700] = (ramp[300:310, 100:700] * 0.3).astype(np.uint8)  # a dark stroke across
    flat = rulings.flat_field(ramp, 8.0)
    assert np.percentile(flat[:250], 5) >= 240
    assert flat[300:310, 120:680].max() < 128
