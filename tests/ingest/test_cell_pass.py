"""Second pass: a row of letter boxes is read as words, a cell is read on its own, in one tesseract run."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest import cell_pass, rulings

FONTS = "/usr/share/fonts/truetype/dejavu/"
DPI = 200
MM = DPI / 25.4


def _form() -> Image.Image:
    image = Image.new("L", (round(170 * MM), round(50 * MM)), 255)
    draw = ImageDraw.Draw(image)
    caps = ImageFont.truetype(FONTS + "DejaVuSans-Bold.ttf", round(11 / 72 * DPI))
    for index, letter in enumerate("DIALLO SALIMATA" + " " * 3):  # 18 boxes: a name, an empty box, a name
        left = (10 + 6 * index) * MM
        draw.rectangle([left, 8 * MM, left + 6 * MM, 14 * MM], outline=20, width=2)
        if letter != " ":
            draw.text((left + 3 * MM, 11.3 * MM), letter, font=caps, fill=30, anchor="mm")
    for column in range(3):  # a ruled row of three cells
        draw.rectangle([(10 + 50 * column) * MM, 28 * MM, (60 + 50 * column) * MM, 40 * MM], outline=20, width=2)
    plain = ImageFont.truetype(FONTS + "DejaVuSansMono.ttf", round(10 / 72 * DPI))
    draw.text((13 * MM, 36 * MM), "Sokouraba", font=plain, fill=30, anchor="ls")
    draw.text((113 * MM, 36 * MM), "+223 76 40 18 52", font=plain, fill=30, anchor="ls")
    return image


def test_when_letter_boxes_and_cells_then_each_read_alone_as_words() -> None:
    flat = rulings.flat_field(np.asarray(_form()), MM)
    layout = rulings.analyse(flat, MM)
    fields = cell_pass.fields_of(layout.cells, layout.ink, MM)
    assert [len(field.boxes) for field in fields] == [18, 1, 1]  # the empty middle cell is not read
    read = cell_pass.read_fields(fields, layout.cleaned, layout.ink, languages="fra+eng", timeout=60)
    texts = [" ".join(word.text for word in read.get(index, [])) for index in range(len(fields))]
    assert texts[0].split() == ["DIALLO", "SALIMATA"]
    assert texts[1] == "Sokouraba" and texts[2].replace(" ", "") == "+22376401852"
    for index, field in enumerate(fields):  # words are placed back inside their field on the page
        for word in read[index]:
            x0, y0, x1, y1 = field.box
            assert x0 - 2 <= word.box[0] < word.box[2] <= x1 + 2 and y0 - 2 <= word.box[1] < word.box[3] <= y1 + 2


def test_when_no_field_has_ink_then_nothing_read() -> None:
    blank = np.full((200, 300), 255, dtype=np.uint8)
    assert cell_pass.read_fields([], blank, blank < 128, languages="eng", timeout=10) == {}
