"""Page text in reading order from word boxes: rows top to bottom, words left to right.

Words whose vertical centres fall within one another's line are one row, so a label and the value written
after it ("Nom : ...... DIALLO") stay on one line even when the value sits a little higher or lower than
the label. Inside a ruled table, the cells of a row are separated by " | ", except a label cell followed by
its value cell, which reads "Label : value" (the shape form-field recognizers expect) — when the label is the
first, third, fifth... cell of its row: a pair starts there (in "Aminata | père | 76", "père" is a value).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

Box = tuple[int, int, int, int]

LABEL_WORDS = frozenset((
    "nom", "noms", "prenom", "prenoms", "name", "names", "surname", "firstname", "forename", "nee", "ne",
    "naissance", "birth", "born", "dob", "date", "age", "ans", "tel", "telephone", "phone", "mobile", "contact",
    "adresse", "address", "domicile", "residence", "village", "quartier", "commune", "cercle", "lieu", "place",
    "pere", "mere", "father", "mother", "parent", "parents", "kin", "proche", "prevenir", "lien", "relation",
    "relationship", "nina", "dossier", "file", "case", "ref", "reference", "numero", "no", "n", "demande",
    "request", "sexe", "sex", "genre", "gender", "profession", "occupation", "epoux", "epouse", "spouse",
))
"""Words of form labels, without accents (a cell made of a few words, one of them here, is a label)."""


@dataclass(frozen=True)
class Placed:
    """A word on the page (deskewed page coordinates), the cell it was read in if any, and the line tesseract
    put it on (words of one tesseract line stay on one row)."""

    text: str
    box: Box
    confidence: float
    cell: int | None = None
    line: tuple[int, ...] | None = None


def rows_of(words: list[Placed]) -> list[list[Placed]]:
    """Words grouped into rows. Words of one tesseract line form a segment; segments sorted by vertical
    centre join the row whose running centre is within half a line height of theirs (a segment more than
    four times taller starts its own row); each row reads left to right."""
    segments: dict[tuple[int, ...], list[Placed]] = {}
    for number, word in enumerate(words):
        segments.setdefault(word.line if word.line is not None else (-1, number), []).append(word)
    rows: list[tuple[float, float, list[Placed]]] = []  # running centre, typical height, words
    for top, bottom, height, members in sorted(_spans(segments.values()), key=lambda s: (s[0] + s[1]) / 2):
        middle = (top + bottom) / 2
        if rows:
            centre, row_height, row = rows[-1]
            if abs(middle - centre) <= 0.5 * max(height, row_height) and height <= 4 * row_height:
                row.extend(members)
                if height >= 0.6 * row_height:  # punctuation and accents do not move the row
                    count = len(row)
                    share = len(members) / count
                    rows[-1] = (centre + (middle - centre) * share, row_height + (height - row_height) * share, row)
                continue
        rows.append((middle, height, list(members)))
    return [sorted(row, key=lambda w: w.box[0]) for _, _, row in rows]


def _spans(segments: Iterable[list[Placed]]) -> list[tuple[float, float, float, list[Placed]]]:
    """Each segment's top, bottom (the middle of its words' extents) and typical word height."""
    spans = []
    for members in segments:
        heights = sorted(max(1, w.box[3] - w.box[1]) for w in members)
        middles = sorted((w.box[1] + w.box[3]) / 2 for w in members)
        middle = middles[len(middles) // 2]
        height = float(heights[len(heights) // 2])
        spans.append((middle - height / 2, middle + height / 2, height, members))
    return spans


def assemble(words: list[Placed]) -> str:
    """The page's text: one line per row, table cells joined as "Label : value" or with " | "; a label printed
    on the page followed by a value read in a cell or a row of letter boxes ("NOM [K][E][I][T][A]") also reads
    "Label : value"."""
    lines = []
    for row in rows_of(words):
        runs: list[list[Placed]] = []  # neighbouring words read in the same cell (or in none)
        for word in row:
            if runs and runs[-1][-1].cell == word.cell:
                runs[-1].append(word)
            else:
                runs.append([word])
        parts: list[str] = []
        cells = 0  # cells of the row read so far
        for index, run in enumerate(runs):
            text = " ".join(word.text for word in run)
            if index:
                before = runs[index - 1]
                left = " ".join(word.text for word in before)
                if before[0].cell is not None and run[0].cell is not None:
                    # a label starts a (label, value) pair: in "Aminata | père | 76" the second cell is a value
                    parts.append(_cell_separator(_cell_text(row, before[0].cell), _cell_text(row, run[0].cell))
                                 if cells % 2 == 1 else " | ")
                else:
                    parts.append(" : " if _label_then_value(left, text) else " ")
            parts.append(text)
            cells += run[0].cell is not None
        lines.append("".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")


def _cell_text(row: list[Placed], cell: int) -> str:
    return " ".join(word.text for word in row if word.cell == cell)


def _label_then_value(left: str, right: str) -> bool:
    return not left.rstrip().endswith(":") and is_label(left) and not is_label(right)


def _cell_separator(left: str, right: str) -> str:
    if left.rstrip().endswith(":"):
        return " "
    if _label_then_value(left, right):
        return " : "
    return " | "


def is_label(text: str) -> bool:
    """Whether a cell's text looks like a form label: a few words without digits, one of them a label word."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    if any(char.isdigit() for char in plain):
        return False
    words = re.findall(r"[a-z]+", plain)
    return 0 < len(words) <= 5 and any(word in LABEL_WORDS for word in words)
