"""Word boxes from the ``tesseract`` binary (TSV output), for painting over text in images and scans."""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from redaction.needles import Needle, match_words
from redaction.output_errors import RedactionError

DEFAULT_TIMEOUT = 600.0
_TSV_COLUMNS = 12


@dataclass(frozen=True)
class OcrWord:
    """One word found by tesseract, with its box in pixels of the image it was read from."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) in pixels."""
        return (self.left, self.top, self.left + self.width, self.top + self.height)


@functools.cache
def tesseract_binary() -> str:
    """Path of the tesseract binary, or a clear error if it is not installed."""
    found = shutil.which("tesseract")
    if found is None:
        raise RedactionError("tesseract", "the tesseract binary is not installed (apt-get install tesseract-ocr "
                             "tesseract-ocr-fra tesseract-ocr-eng)")
    return found


@functools.cache
def tesseract_version() -> str:
    """E.g. ``tesseract 5.3.0``, for reports."""
    result = subprocess.run([tesseract_binary(), "--version"], capture_output=True, text=True, check=False)
    lines = (result.stdout or result.stderr).splitlines()
    return lines[0].strip() if lines else "tesseract (unknown version)"


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Words (level 5 rows with text) of a tesseract TSV document, in tesseract's reading order."""
    words: list[OcrWord] = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < _TSV_COLUMNS or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        left, top, width, height = (int(cells[i]) for i in (6, 7, 8, 9))
        words.append(OcrWord(text, left, top, width, height, float(cells[10])))
    return words


def ocr_words(image: Path, *, lang: str = "fra+eng", psm: int = 3,
              timeout: float = DEFAULT_TIMEOUT) -> list[OcrWord]:
    """Run tesseract on an image file and return its words with their boxes."""
    command = [tesseract_binary(), str(image), "stdout", "-l", lang, "--psm", str(psm), "tsv"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RedactionError(image, f"tesseract took more than {timeout:.0f} s; split or downscale the "
                             "image, or raise the timeout") from exc
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-3:]
        raise RedactionError(image, f"tesseract failed (exit {result.returncode}): {' | '.join(detail)}. "
                             f"Check that the OCR languages {lang!r} are installed (tesseract --list-langs)")
    return parse_tsv(result.stdout)


@dataclass(frozen=True)
class NeedleBoxes:
    """Where needles were read in an image: word boxes in pixels and the keys of the needles found."""

    boxes: tuple[tuple[int, int, int, int], ...]
    found: frozenset[str]


def locate_needles(image: Path, needles: Sequence[Needle], *, lang: str = "fra+eng",
                   psms: Sequence[int] = (3, 11), fuzzy: bool = True,
                   timeout: float = DEFAULT_TIMEOUT) -> NeedleBoxes:
    """OCR ``image`` once per page-segmentation mode and box every word that belongs to a needle.

    Mode 3 (automatic layout) reads paragraphs; mode 11 (sparse text) catches isolated labels, stamps and
    captions that mode 3 misses. Their results are united: recall first.
    """
    boxes: set[tuple[int, int, int, int]] = set()
    found: set[str] = set()
    if not needles:
        return NeedleBoxes((), frozenset())
    for psm in psms:
        words = ocr_words(image, lang=lang, psm=psm, timeout=timeout)
        for match in match_words([w.text for w in words], needles, fuzzy=fuzzy):
            found.add(match.needle.key)
            boxes.update(w.box for w in words[match.first:match.last + 1])
    return NeedleBoxes(tuple(sorted(boxes)), frozenset(found))
