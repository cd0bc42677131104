"""Passages follow their words when a text is corrected: re-anchored through the difference between the two
versions, or flagged, never left silently pointing at other words."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.acts.models import ActPassage
from archive.items.artefacts import ItemText

Opcode = tuple[str, int, int, int, int]
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _map(ops: list[Opcode], starts: list[int], position: int, *, end: bool) -> int | None:
    """Where ``position`` of the old text is in the new one: inside unchanged text, or at the very edge of a
    changed part (the passage then holds the whole corrected part); None when it falls inside one."""
    at = bisect_right(starts, position - 1 if end else position) - 1
    if at < 0:
        return None
    tag, i1, i2, j1, j2 = ops[at]
    if tag == "equal" and i1 <= position <= i2:
        return j1 + (position - i1)
    if not end and position == i1:  # the passage begins with corrected words: it begins where they do
        return j1
    if end and position == i2:
        return j2
    return None


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text)]


def word_opcodes(old: str, new: str) -> list[Opcode]:
    """The difference between two texts word by word (a corrected word is replaced whole, never matched letter
    by letter), as character ranges."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [old[i:j] for i, j in a], [new[i:j] for i, j in b], autojunk=False)

    def span(tokens: list[tuple[int, int]], t1: int, t2: int, size: int) -> tuple[int, int]:
        start = tokens[t1][0] if t1 < len(tokens) else size
        return start, (tokens[t2 - 1][1] if t2 > t1 else start)

    ops: list[Opcode] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        (c1, c2), (d1, d2) = span(a, i1, i2, len(old)), span(b, j1, j2, len(new))
        ops.append((tag, c1, c2, d1, d2))
    return ops


def reanchor(session: Session, item_id: str, old: ItemText, new: ItemText) -> dict[str, int]:
    """Move the item's passages on ``old`` to ``new``: ``moved`` when their words are unchanged, ``corrected``
    when some words inside them were corrected (to be checked), ``stale`` when an edge fell inside a changed
    part or none of their words is left (to be linked again: no text is shown for it). Runs in the
    correction's own transaction."""
    passages = session.execute(select(ActPassage).where(ActPassage.item_id == item_id,
                                                        ActPassage.text_sha256 == old.sha256)).scalars().all()
    counts = {"moved": 0, "corrected": 0, "stale": 0}
    if not passages:
        return counts
    ops = word_opcodes(old.text, new.text)
    starts = [op[1] for op in ops]
    for passage in passages:
        start = _map(ops, starts, passage.start, end=False)
        end = _map(ops, starts, passage.end, end=True)
        kept = any(tag == "equal" and i1 < passage.end and passage.start < i2 for tag, i1, i2, _j1, _j2 in ops)
        if start is None or end is None or end <= start or not kept:
            passage.status = "stale"
        else:
            changed = any((tag != "equal" and i1 < passage.end and passage.start < i2)
                          or (tag == "insert" and passage.start < i1 < passage.end)
                          for tag, i1, i2, _j1, _j2 in ops)
            passage.status = "corrected" if changed or passage.status == "corrected" else "moved"
            passage.start, passage.end, passage.text_sha256 = start, end, new.sha256
        counts[passage.status] += 1
    session.flush()
    return counts
