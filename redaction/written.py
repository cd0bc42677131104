"""What the engine writes into a redacted text, recognised by its shape: placeholders ("[Téléphone]"),
pseudonyms ("[Personne A]", "[Lieu 3]"), generalisations ("[avril 1994]", "[10-14 ans]", "[25-34 ans en
2026]", "[cercle de Bandiagara, région de Mopti]") and the PDF box label ("[caviardé]").

The engine never proposes a span that lies inside such a shape (re-reading its own output, or a text that was
already redacted once), and ``redaction.leaks`` treats these shapes like the written spans it is given.
"""

from __future__ import annotations

import functools
import re

from redaction.pseudonyms import LABEL_NAMES

_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|January|February|"
           "March|April|May|June|July|August|September|October|November|December")
BOX_LABEL = "[caviardé]"


@functools.cache
def _pattern() -> re.Pattern[str]:
    names = sorted({n for pair in LABEL_NAMES.values() for n in pair}, key=len, reverse=True)
    label = "|".join(re.escape(n) for n in names)
    place = r"[^\[\]\n,]{1,60}"
    shapes = [
        rf"\[(?:{label})(?: [A-Z]{{1,3}}| \d{{1,5}})?\]",
        r"\[\d{1,3}(?:-\d{1,3}|\+) (?:ans|years)(?: (?:en|in) \d{4})?\]",
        rf"\[(?:{_MONTHS}) \d{{4}}\]",
        r"\[\d{4}\]",
        rf"\[cercle de {place}, région de {place}\]",
        rf"\[{place} cercle, {place} region\]",
        rf"\[région de {place}\]",
        rf"\[{place} region\]",
        rf"\[(?:{place}, )?district de Bamako\]",
        rf"\[(?:{place}, )?Bamako District\]",
        re.escape(BOX_LABEL),
    ]
    return re.compile("|".join(f"(?:{s})" for s in shapes))


def engine_shapes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every string in ``text`` shaped like something the engine writes."""
    return [m.span() for m in _pattern().finditer(text)]
