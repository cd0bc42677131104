"""A corrected transcript keeps its timing (issue 13): the corrected words are aligned to the recognised ones
(``difflib`` on normalised tokens) so that segments and word times survive a correction.

- a word kept as it was keeps its time;
- words replaced by others share the time of the words they replace (spread evenly);
- words inserted where nothing was recognised take the gap between their neighbours;
- words deleted take their time with them; a segment left without words disappears.

Every new word's ``text`` is a substring of the corrected text, in order, so the audio redaction
(``redaction.audio.align_words``) finds each of them, and each segment's ``text`` is the corrected text from its
first word to its last. Deleting half a transcript leaves the other half's timing intact.

    segments = realign(old_document["segments"], corrected_text)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(r"\S+")


@dataclass
class _Old:
    start: float
    end: float
    key: str
    segment: int
    probability: float


@dataclass
class _New:
    start_char: int
    end_char: int
    text: str
    key: str
    start: float = 0.0
    end: float = 0.0
    segment: int = 0
    probability: float = 1.0


def _key(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _old_words(segments: list[dict[str, Any]]) -> list[_Old]:
    out: list[_Old] = []
    for index, segment in enumerate(segments):
        words = segment.get("words") or []
        if words:
            for w in words:
                for token in _TOKEN.findall(str(w.get("text", ""))) or [""]:
                    out.append(_Old(float(w["start"]), float(w["end"]), _key(token), index,
                                    float(w.get("probability") or 0.0)))
        else:  # a segment without word times: its tokens share its interval
            tokens = _TOKEN.findall(str(segment.get("text", "")))
            start, end = float(segment.get("start") or 0.0), float(segment.get("end") or 0.0)
            step = (end - start) / max(len(tokens), 1)
            for i, token in enumerate(tokens):
                out.append(_Old(start + i * step, start + (i + 1) * step, _key(token), index, 0.0))
    return out


def _spread(news: list[_New], start: float, end: float, segment: int) -> None:
    step = (end - start) / max(len(news), 1)
    for i, new in enumerate(news):
        new.start, new.end, new.segment, new.probability = start + i * step, start + (i + 1) * step, segment, 1.0


def realign(segments: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Segments for the corrected ``text``, timed from the recognised ``segments`` (see the module docstring)."""
    old = _old_words([s for s in segments if isinstance(s, dict)])
    new = [_New(m.start(), m.end(), m.group(), _key(m.group())) for m in _TOKEN.finditer(text)]
    if not old or not new:
        return []
    matcher = difflib.SequenceMatcher(None, [o.key for o in old], [n.key for n in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                o, n = old[i1 + k], new[j1 + k]
                n.start, n.end, n.segment, n.probability = o.start, o.end, o.segment, o.probability
        elif tag == "replace":
            _spread(new[j1:j2], old[i1].start, old[i2 - 1].end, old[i1].segment)
        elif tag == "insert":
            before = old[i1 - 1] if i1 > 0 else None
            after = old[i1] if i1 < len(old) else None
            start = before.end if before else (after.start if after else 0.0)
            end = after.start if after else start
            _spread(new[j1:j2], start, max(start, end), before.segment if before else (after.segment if after else 0))
    out: list[dict[str, Any]] = []
    for n in new:
        if not out or out[-1]["_segment"] != n.segment:
            out.append({"_segment": n.segment, "_first": n.start_char, "words": []})
        out[-1]["_last"] = n.end_char
        out[-1]["words"].append({"start": round(n.start, 3), "end": round(n.end, 3), "text": n.text,
                                 "probability": round(n.probability, 3)})
    for segment in out:
        words = segment["words"]
        segment.update({"start": words[0]["start"], "end": max(w["end"] for w in words),
                        "text": text[segment.pop("_first"):segment.pop("_last")]})
        del segment["_segment"]
    return out
