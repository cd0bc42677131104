"""Deskew: the angle of a turned page is found, and boxes go back onto the page as it came in."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import deskew
from tests.ingest.form_noise import rotate_box

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _page() -> Image.Image:
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(FONT, 26)
    for row in range(14):
        draw.text((80, 60 + row * 55), f"Déclaration du témoin, page une, ligne numéro {row}", font=face, fill=0)
    return image


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.4, 2.5])
def test_when_page_turned_then_angle_found(angle: float) -> None:
    turned = _page().rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert deskew.skew_angle(np.asarray(turned) < 128) == pytest.approx(angle, abs=0.1)


def test_when_page_straight_or_empty_then_zero() -> None:
    assert deskew.skew_angle(np.asarray(_page()) < 128) == 0.0
    assert deskew.skew_angle(np.zeros((300, 300), dtype=bool)) == 0.0


@pytest.mark.parametrize("angle", [-2.0, 1.5])
def test_when_box_found_on_straightened_page_then_it_covers_the_original_box(angle: float) -> None:
    box = (300, 200, 500, 240)
    on_turned = rotate_box(box, angle, 1200, 900)  # where the text is on the turned scan
    back = deskew.box_on_original(box, angle, 1200, 900)  # the straightened page's box, carried back
    assert back[0] <= on_turned[0] + 1 and back[1] <= on_turned[1] + 1
    assert back[2] >= on_turned[2] - 1 and back[3] >= on_turned[3] - 1
