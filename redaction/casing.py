"""Lines whose capitals say nothing about names: ALL-CAPS transcripts and text written all in lower case."""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
_CASED_WORD = re.compile(r"(?<![\w'’@./\-])[^\W\d_]{3,}(?![\w@])")
_SENTENCE_END = ".!?:"


def lower_case_lines(text: str) -> tuple[list[int], list[int]]:
    """Lines written without capitals: at most 5% of their words of three letters or more (the first word of
    each sentence aside) begin with a capital. A text that is lower case as a whole makes all its lines so."""
    # One pass over the words counts for the whole text and for each line at once. A word never spans a line
    # break and its look-arounds never take one, so each line holds exactly the text's words inside it; only
    # "is this a sentence's first word" differs: within a line, the three characters before it stop at the
    # line's start.
    lines = [(line.start(), line.end()) for line in _LINE.finditer(text)]
    counts = [[0, 0] for _ in lines]  # capitals, total per line
    capitals = total = 0
    index = 0
    for match in _CASED_WORD.finditer(text):
        start = match.start()
        while lines[index][1] <= start:
            index += 1
        capital = text[start].isupper()
        before = text[max(0, start - 3):start].rstrip()
        counted = bool(before) and before[-1] not in _SENTENCE_END
        if counted:
            total += 1
            capitals += capital
        line_start = lines[index][0]
        if start - 3 < line_start:
            before = text[line_start:start].rstrip()
            counted = bool(before) and before[-1] not in _SENTENCE_END
        if counted:
            counts[index][1] += 1
            counts[index][0] += capital
    whole = total >= 6 and capitals <= 0.05 * total
    starts: list[int] = []
    ends: list[int] = []
    for (start, end), (line_capitals, line_total) in zip(lines, counts, strict=True):
        if (whole and line_capitals <= 0.05 * max(line_total, 1)) or (
                line_total >= 6 and line_capitals <= 0.05 * line_total):
            starts.append(start)
            ends.append(end)
    return starts, ends
