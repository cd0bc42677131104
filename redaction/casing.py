"""Lines whose capitals say nothing about names: ALL-CAPS transcripts and text written all in lower case."""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
_CASED_WORD = re.compile(r"(?<![\w'’@./\-])[^\W\d_]{3,}(?![\w@])")


def lower_case_lines(text: str) -> tuple[list[int], list[int]]:
    """Lines written without capitals: at most 5% of their words of three letters or more (the first word of
    each sentence aside) begin with a capital. A text that is lower case as a whole makes all its lines so."""
    def share(start: int, end: int) -> tuple[int, int]:
        capitals = total = 0
        for match in _CASED_WORD.finditer(text, start, end):
            before = text[max(start, match.start() - 3):match.start()].rstrip()
            if not before or before[-1] in ".!?:":
                continue  # a sentence's first word says nothing
            total += 1
            capitals += match.group(0)[0].isupper()
        return capitals, total

    capitals, total = share(0, len(text))
    whole = total >= 6 and capitals <= 0.05 * total
    starts: list[int] = []
    ends: list[int] = []
    for line in _LINE.finditer(text):
        line_capitals, line_total = share(line.start(), line.end())
        if (whole and line_capitals <= 0.05 * max(line_total, 1)) or (
                line_total >= 6 and line_capitals <= 0.05 * line_total):
            starts.append(line.start())
            ends.append(line.end())
    return starts, ends
