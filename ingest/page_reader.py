"""Read one page image: plain pages as tesseract lays them out, forms with rulings removed and cells re-read.

``read_page`` decides per page. It flat-fields the lighting, straightens the page and looks for rulings
(``ingest.rulings``) on a ~150 dpi copy. A page without any (a letter, a photo of a wall) is read as before:
tesseract ``--psm 3`` on the page as it is (that run is started first and goes on beside the glance; it is
killed when the page turns out to be a form). A form — table lines, underlines, dotted leaders, letter boxes — is read
on the straightened page with the rulings removed, with ``--psm 11`` (sparse text: it finds values
scattered across a form that ``--psm 3`` drops as "not a text block"); then every cell and every row of
letter boxes is read again on its own (``ingest.cell_pass``) and its words replace the page's words in that
cell when they are at least as confident; letters and digits swapped inside reference numbers are put back
(``ingest.codes``). The text is rebuilt in reading order from the word boxes
(``ingest.reading_order``). Every box is given in pixels of the page image as it came in.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from ingest import cell_pass, codes, deskew, ocr, ocr_regions, rulings
from ingest.base import Box, OcrRegion, WordBox
from ingest.ocr_regions import LOW_CONFIDENCE
from ingest.reading_order import Placed, assemble

FORM_PSM = 11
CELL_PSM = 6
WORK_MAX_PX_PER_MM = 12.0
"""Forms finer than ~300 dpi are analysed and read at 300 dpi (enough for tesseract, bounded memory)."""
GLANCE_PX_PER_MM = 6.0
"""Whether a page has rulings at all is decided on a copy at ~150 dpi (plain pages cost little more than
tesseract itself); only forms are then analysed at full resolution."""
MIN_SIDE = 16
"""Pages narrower or lower than this many pixels hold nothing to read."""
A4_MM2 = 210.0 * 297.0
CELL_PASS = True
CELL_MARGIN = 0.03
"""A cell's own reading replaces the page's words there when its mean confidence is higher by this much (or
when the page's words are below ``LOW_CONFIDENCE``, or there are none)."""


@dataclass(frozen=True)
class PageReading:
    text: str
    words: tuple[WordBox, ...]
    regions: tuple[OcrRegion, ...]
    layout: str
    """``form`` (rulings found and removed, cells re-read), ``plain`` or ``empty`` (too small to read)."""
    skew_degrees: float = 0.0


def pixels_per_mm(width: int, height: int) -> float:
    """A guess for an image of unknown resolution: a page of about A4 area."""
    return max(2.0, math.sqrt(width * height / A4_MM2))


def read_page(gray: Image.Image, *, languages: str, timeout: float, px_per_mm: float | None = None) -> PageReading:
    """Read an 8-bit gray page image (see the module's description). ``px_per_mm`` is the image's resolution
    when known (a rendered PDF page); otherwise it is guessed from the size, as for a page of A4 area."""
    width, height = gray.size
    if min(width, height) < MIN_SIDE:
        return PageReading("", (), (), "empty")
    density = px_per_mm or pixels_per_mm(width, height)
    # most pages are plain: tesseract starts on the page as it is while the glance looks for rulings
    pending = ocr.start_reading(_encoded(gray), languages=languages, timeout=timeout, psm=3)
    try:
        glance, glance_scale = _at_most(gray, density, GLANCE_PX_PER_MM)
        glance_flat = rulings.flat_field(np.asarray(glance), density / glance_scale)
        angle = deskew.skew_angle(glance_flat < 160)
        strict = glance_flat < min(rulings.otsu(glance_flat), 190)
        form = rulings.has_rulings(_straightened(glance_flat, angle), density / glance_scale,
                                   ink=None if angle else strict)
    except BaseException:
        pending.cancel()
        raise
    if not form:
        try:  # the ink to compare with the words is ready before tesseract is done
            ink = ocr_regions.ink_tiles(strict, density / glance_scale)
        except BaseException:
            pending.cancel()
            raise
        return _read_plain(pending, ink, density / glance_scale, glance_scale)
    pending.cancel()
    work, scale = _at_most(gray, density, WORK_MAX_PX_PER_MM)
    flat = glance_flat if scale == glance_scale else rulings.flat_field(np.asarray(work), density / scale)
    layout = rulings.analyse(_straightened(flat, angle), density / scale)
    placed = _read_form(layout, density / scale, languages, timeout)

    def on_page(box: Box) -> Box:
        x0, y0, x1, y1 = deskew.box_on_original(box, angle, work.width, work.height)
        return (math.floor(x0 * scale), math.floor(y0 * scale), min(width, math.ceil(x1 * scale)),
                min(height, math.ceil(y1 * scale)))

    regions = ocr_regions.low_confidence(placed) + ocr_regions.unread(layout.ink, placed, density / scale)
    return PageReading(
        text=assemble(placed),
        words=tuple(WordBox(word.text, on_page(word.box), round(word.confidence, 3)) for word in placed),
        regions=tuple(OcrRegion(on_page(region.box), region.kind, region.confidence) for region in regions),
        layout="form", skew_degrees=round(angle, 3))


def _at_most(gray: Image.Image, density: float, limit: float) -> tuple[Image.Image, float]:
    """The page at no more than ``limit`` pixels per mm, and how many times smaller than the original it is."""
    if density <= limit:
        return gray, 1.0
    scale = density / limit
    size = (max(1, round(gray.width / scale)), max(1, round(gray.height / scale)))
    return gray.resize(size, Image.Resampling.BOX), gray.width / size[0]


def _straightened(flat: rulings.Gray, angle: float) -> rulings.Gray:
    if not angle:
        return flat
    turned = Image.fromarray(flat).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(turned)


def _read_plain(pending: ocr.PendingReading, ink: ocr_regions.InkTiles, density: float, scale: float) -> PageReading:
    """Tesseract's own page layout (``--psm 3``) on the page as it is; regions from the flat-fielded ink
    (``ink``, at ``density`` pixels per mm, ``scale`` times smaller than the page)."""
    words = pending.words()
    placed = [Placed(word.text, word.box, word.confidence) for word in words]
    on_work = [Placed(p.text, _scaled(p.box, 1 / scale), p.confidence) for p in placed]
    regions = [ocr_regions.Region(_scaled(r.box, scale), r.kind, r.confidence)
               for r in ocr_regions.unread(ink, on_work, density)]
    regions = ocr_regions.low_confidence(placed) + regions
    return PageReading(
        text=ocr.text_of(words),
        words=tuple(WordBox(word.text, word.box, round(word.confidence, 3)) for word in words),
        regions=tuple(OcrRegion(region.box, region.kind, region.confidence) for region in regions),
        layout="plain")


def _read_form(layout: rulings.Layout, density: float, languages: str, timeout: float) -> list[Placed]:
    page_words = ocr.read_words(_encoded(Image.fromarray(layout.cleaned)), languages=languages, timeout=timeout,
                                psm=FORM_PSM)
    placed = [Placed(w.text, w.box, w.confidence, None, (w.block, w.paragraph, w.line))
              for w in page_words if _worth_keeping(w)]
    fields = cell_pass.fields_of(layout.cells, layout.ink, density) if CELL_PASS else []
    reread = cell_pass.read_fields(fields, layout.cleaned, layout.ink, languages=languages, timeout=timeout,
                                   psm=CELL_PSM)
    for index, field in enumerate(fields):
        x0, y0, x1, y1 = field.box
        inside = [p for p in placed if x0 <= (p.box[0] + p.box[2]) / 2 < x1 and y0 <= (p.box[1] + p.box[3]) / 2 < y1]
        others = [p for p in placed if p not in inside]
        new = [Placed(w.text, w.box, w.confidence, index, (-2, index, w.paragraph, w.line))
               for w in reread.get(index, []) if _worth_keeping(w)]
        if field.letter_boxes:  # recomposed letters read better, unless boxes were lost and letters with them
            better = bool(new) and _characters(new) >= _characters(inside)
        else:
            better = bool(new) and (not inside or _mean(new) > _mean(inside) + CELL_MARGIN
                                    or _mean(inside) < LOW_CONFIDENCE)
        if better:
            placed = others + new
        else:
            placed = others + [Placed(p.text, p.box, p.confidence, index, p.line) for p in inside]
    return [replace(p, text=codes.fix_code(p.text)) for p in placed]


def _worth_keeping(word: ocr.OcrWord) -> bool:
    """Words with a letter or digit; punctuation alone only when tesseract is fairly sure (":" after labels)
    and never what is left of a ruling (``|``, ``_``, dashes)."""
    if any(char.isalnum() for char in word.text):
        return True
    return word.confidence >= 0.4 and not set(word.text) <= set("|_-—–=~'\"[]!/\\")


def _characters(words: list[Placed]) -> int:
    return sum(char.isalnum() for word in words for char in word.text)


def _mean(words: list[Placed]) -> float:
    return sum(word.confidence for word in words) / len(words)


def _scaled(box: Box, factor: float) -> Box:
    return (math.floor(box[0] * factor), math.floor(box[1] * factor), math.ceil(box[2] * factor),
            math.ceil(box[3] * factor))


def _encoded(image: Image.Image) -> bytes:
    """The image as tesseract reads it from stdin: an uncompressed TIFF (~0.1 s to write for an A4 page at
    300 dpi, against ~0.25 s for a PNG even at compression level 1; tesseract reads both as fast, and PGM or BMP
    ~3 s slower; the words it reads are the same)."""
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF")
    return buffer.getvalue()
