"""Generated scans of filled-in forms with their ground truth (the values written on them), for OCR tests and
``bench/ocr_forms.py``.

    form = generate_form(seed=7, layout="claim_boxes", noise="scan", language="fr")
    form.image          # the scanned page (8-bit gray)
    form.values         # every value written on it: kind, text, box in pixels of ``form.image``
    form.save(path)     # .png, .jpg or .pdf (an image-only PDF, no text layer)

``form_set(count, seed)`` gives a fixed set cycling through every layout, language and noise level.
Every name, place and number is invented (see ``form_values``).
"""

from __future__ import annotations

import io
import itertools
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image

from tests.ingest.form_canvas import Canvas
from tests.ingest.form_layouts import LANGUAGES, LAYOUTS, FieldValue, Sheet
from tests.ingest.form_noise import LEVELS, degrade

__all__ = ["LAYOUTS", "LEVELS", "FieldValue", "ScannedForm", "folded_words", "form_set", "generate_form", "value_found"]


@dataclass(frozen=True)
class ScannedForm:
    seed: int
    layout: str
    language: str
    noise: str
    dpi: int
    hand: str
    image: Image.Image
    values: tuple[FieldValue, ...]

    @property
    def name(self) -> str:
        return f"{self.layout}-{self.language}-{self.noise}-{self.seed}"

    def save(self, path: Path) -> Path:
        """Write the scan as PNG, JPEG (quality 85) or an image-only PDF page of the paper's size."""
        suffix = path.suffix.lower()
        if suffix == ".png":
            self.image.save(path, format="PNG", dpi=(self.dpi, self.dpi))
        elif suffix in (".jpg", ".jpeg"):
            self.image.save(path, format="JPEG", quality=85, dpi=(self.dpi, self.dpi))
        elif suffix == ".pdf":
            buffer = io.BytesIO()
            self.image.save(buffer, format="PNG")
            document = pymupdf.open()
            width, height = (side / self.dpi * 72 for side in self.image.size)
            page = document.new_page(width=width, height=height)
            page.insert_image(page.rect, stream=buffer.getvalue())
            document.save(path)
            document.close()
        else:
            raise ValueError(f"unsupported form file type {suffix!r} (use .png, .jpg or .pdf)")
        return path


def generate_form(seed: int, layout: str, noise: str = "clean", language: str | None = None,
                  dpi: int | None = None, hand: str | None = None) -> ScannedForm:
    """One filled-in form, rendered and scanned; the same arguments always give the same pixels."""
    rng = random.Random(f"{seed}-{layout}-{noise}-{language}-{dpi}-{hand}")
    level = LEVELS[noise]
    language = language or rng.choice(LANGUAGES[layout])
    dpi = dpi or rng.choice(sorted({level.dpi[0], (level.dpi[0] + level.dpi[1]) // 2, level.dpi[1]}))
    hand = hand or rng.choice(("typed", "caps", "hand"))
    canvas = Canvas(dpi, rng)
    sheet = Sheet(canvas, language, hand)
    LAYOUTS[layout](sheet)
    image, move = degrade(canvas.image, level, rng)
    values = tuple(FieldValue(value.kind, value.text, move(value.box)) for value in sheet.values)
    return ScannedForm(seed, layout, language, noise, dpi, hand, image, values)


def form_set(count: int, seed: int = 2024, dpi: int | None = None) -> list[ScannedForm]:
    """``count`` forms cycling through every (layout, language) and noise level, with varied hands (at the
    noise level's resolutions unless ``dpi`` is given)."""
    kinds = [(layout, language) for layout, languages in LANGUAGES.items() for language in languages]
    levels = list(LEVELS)
    forms = []
    for index, ((layout, language), noise) in enumerate(zip(itertools.cycle(kinds), itertools.cycle(levels))):
        if index == count:
            break
        forms.append(generate_form(seed + index, layout, noise, language, dpi))
    return forms


def folded_words(text: str) -> list[str]:
    """Lowercase letters and digits without accents, as runs (spaces and punctuation are boundaries)."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.findall(r"[a-z0-9]+", plain.replace("œ", "oe"))


def value_found(value: str, text: str) -> bool:
    """Whether ``value`` is in ``text`` ignoring case, accents, spacing and punctuation, starting and ending on
    a word boundary of the text ("D I A L L O" and "+223 76-12-34-56" count; "23" inside "1923" does not)."""
    wanted = "".join(folded_words(value))
    if not wanted:
        return True
    tokens = folded_words(text)
    joined = "".join(tokens)
    bounds, offset = {0}, 0
    for token in tokens:
        offset += len(token)
        bounds.add(offset)
    start = joined.find(wanted)
    while start >= 0:
        if start in bounds and start + len(wanted) in bounds:
            return True
        start = joined.find(wanted, start + 1)
    return False
