"""Labelled fields of statements, intake forms and PV layouts: "Nom : ...", "Prénom(s) : ...",
"Né(e) le ...", "Âge : 21", "Tél. : ...", "Adresse : ...", "N° dossier : ...", "Date of birth: ..." — the
VALUE is redacted whatever it looks like, with the label's meaning (Âge -> AGE, Né(e) le -> BIRTH_DATE,
Tél -> PHONE, Nom/Père/Mère -> PERSON, Village/Adresse -> LOC, NINA/N° dossier -> ID).

A label is a short phrase (at a line start, or after a wide gap on the same line) made only of label words
(``conf/forms/label_words.txt``), read through OCR noise ("N0m", "Prénorn", "Adrcsse", "Tel ."), followed
by a separator (":", ".", dotted or underlined leaders, a wide gap). The value runs to the end of the line or
to the next field on that line; an empty value never reaches into the next line. Fields whose label says the
value is not an identifier (Région, Pays, Sexe, Profession...) are left alone, and so are keep-list terms at
either end of a place ("Adresse : Banconi, Bamako" -> "Banconi").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from redaction.cleaning import fold
from redaction.lexicon import CONF, Lexicon, read_list
from redaction.namelike import word_may_be_name
from redaction.recognizers.base import Span, TextView
from redaction.words import split_words

PRIORITY = ("PHONE", "EMAIL", "BIRTH_DATE", "AGE", "ID", "LOC", "PERSON")
#: Labels that also name the speaker of a transcript line ("Témoin : Oui, c'était...").
_SPEAKERS = frozenset({"temoin", "witness", "enqueteur", "enquetrice", "interviewer", "interviewee", "declarant",
                       "declarante"})
_WEAK_PERSON = frozenset({"nom", "noms", "name", "names", "prenom", "prenoms"})
_STRONG_SINGLE_SPACE = frozenset({("ne", "le"), ("nee", "le"), ("ne", "e", "le"), ("tel",), ("nina",), ("dob",),
                                  ("age",), ("ddn",), ("ne", "vers"), ("nee", "vers"), ("ne", "en"), ("nee", "en")})
_OCR = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "|": "l", "!": "l", "$": "s", "@": "a", "€": "e"})
_START = re.compile(r"(?m)^[ \t]*(?:[-•*·▪>]+[ \t]*|\(?\d{1,2}[.)][ \t]+|[a-h][.)][ \t]+|\|[ \t]*)?")
_GAP = re.compile(r"(?:[ \t]{2,}|\t|[ \t]*\|[ \t]*)")
_LABEL_END = re.compile(r"(?=[ \t]*(?:[:：=;…]|\.{2,}|_{2,}|-{2,}|\.(?=[ \t])|[ \t]\.(?=\w)|[ \t]{2,}|\t|[ \t]+,|"
                        r" \. | - |[ \t]\d))")
_SEPARATOR = re.compile(r"[ \t]*(?:[:：=;]|\.{2,}|…+|_{2,}|-{2,}|\.(?=[ \t])|[ \t]\.(?=\w)| - |[ \t]{2,}|\t|[ \t]+,)"
                        r"[ \t.:：;,…_=\-]*")
_LABEL_START = re.compile(r"[^\W_]")
_FIRST_WORD = re.compile(r"[^\W_][\w°º]*(?:\([a-z]\))?")
_PLACEHOLDER = re.compile(r"(?i)^(?:n/?a|n[ée]ant|inconnue?|unknown|none|aucune?|nil|-+|/+|\?+|x+|\.+|non "
                          r"renseign[ée]e?|not (?:known|given|stated)|ras|\[[^\]]*\])$")
#: The rest of a number cut by a line break: a line that starts with a run of digits (and only that run, or
#: a wide gap before the next field).
_CONTINUED = re.compile(r"[ \t]*\n[ \t]*\d[\d \-/.]*\d(?=[ \t]*(?:\n|$)|[ \t]{2,})")
_CLAUSE = re.compile(r"[,;]\s+(?=[^\W\d_])|\.\s+(?=[A-ZÀ-Ý])")
_SENTENCE = re.compile(r"[?!]|\b(?:vous|nous|je|j'|il|elle|they|you|i|we|est|était|was|is)\b", re.I)


@dataclass(frozen=True)
class Field:
    label_start: int
    value_start: int
    value_end: int
    label: str
    speaker: bool = False


@functools.cache
def label_vocabulary() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in read_list(CONF / "forms" / "label_words.txt"):
        word, _, label = line.rpartition(" ")
        out.setdefault(word, label)
    return out


def label_keys(label: str) -> list[str] | None:
    """Folded, OCR-corrected words of a label phrase, or None when a word is no label word."""
    text = fold(label).replace("(s)", " ").replace("(e)", " e ").replace("(x)", " ").replace("°", " ")
    text = text.replace("º", " ")
    keys: list[str] = []
    for raw in re.split(r"[\s'’()./]+", text):
        word = raw.strip("-")
        if not word:
            continue
        key = _known_word(word)
        if key is None:
            return None
        keys.append(key)
    return keys or None


@functools.lru_cache(maxsize=65536)
def _known_word(word: str) -> str | None:
    return _known(word, label_vocabulary())


def _known(word: str, vocabulary: dict[str, str]) -> str | None:
    if word in vocabulary:
        return word
    candidates = [word.translate(_OCR), word.replace("rn", "m"), word.translate(_OCR).replace("rn", "m")]
    if len(word) <= 3:
        candidates.append(word.translate(_OCR).replace("c", "e"))  # "Né(e) lc", "Date dc naissance": c read for e
    for candidate in candidates:
        if candidate in vocabulary:
            return candidate
    if len(word) >= 5:
        near = _deletions()
        probe = word.translate(_OCR)
        for variant in (probe, *(probe[:i] + probe[i + 1:] for i in range(len(probe)))):
            for known in near.get(variant, ()):
                if _one_edit(probe, known):
                    return known
    return None


@functools.cache
def _deletions() -> dict[str, tuple[str, ...]]:
    """Label words of five letters or more indexed by themselves and by each one-letter deletion: a word one
    edit away from a label word shares a key with it (symmetric-delete lookup)."""
    index: dict[str, list[str]] = {}
    for known in label_vocabulary():
        if len(known) >= 5:
            for variant in {known, *(known[:i] + known[i + 1:] for i in range(len(known)))}:
                index.setdefault(variant, []).append(known)
    return {k: tuple(v) for k, v in index.items()}


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def classify(keys: list[str]) -> str | None:
    """The label a field's value takes, from its label words; None when it announces no identifier."""
    vocabulary = label_vocabulary()
    classes = [vocabulary[k] for k in keys]
    if "NONE" in classes or len(keys) > 8:
        return None
    present = set(classes)
    if "BIRTH_DATE" in present and not present & {"PHONE", "EMAIL"}:
        dated = set(keys) & {"date", "dob", "ddn", "born", "le", "vers", "en", "annee", "year"}
        if ("lieu" in keys or "place" in keys) and not dated:
            return "LOC"
        if set(keys) & {"ne", "nee", "nes"} and "a" in keys and not dated:
            return "LOC"
    for label in PRIORITY[:5]:
        if label in present:
            return label
    if keys in (["a"], ["at"]):
        return "LOC"  # "Né(e) le : ... à : Kala": the place that goes with the date
    deciding = [k for k, c in zip(keys, classes, strict=True) if c in ("LOC", "PERSON")]
    strong = [k for k in deciding if k not in _WEAK_PERSON] or deciding
    return vocabulary[strong[0]] if strong else None


def find_fields(text: str, inner: Iterable[int] = ()) -> Iterator[Field]:
    """Fields of ``text``; ``inner`` are positions inside lines (after a single space) where a label followed
    by a colon may start another field ("Nom : X Prénom : Y")."""
    inside = sorted(inner)
    for line in re.finditer(r"[^\n]+", text):
        low = bisect.bisect_left(inside, line.start() + 1)
        high = bisect.bisect_left(inside, line.end())
        yield from _line_fields(text, line.start(), line.end(), inside[low:high])


def _line_fields(text: str, line_start: int, line_end: int, inner: list[int]) -> Iterator[Field]:
    starts = [_START.match(text, line_start, line_end).end()]  # type: ignore[union-attr]
    starts += [m.end() for m in _GAP.finditer(text, line_start, line_end) if m.end() < line_end]
    parsed = [f for f in (_parse(text, s, line_end) for s in starts) if f is not None]
    for position in inner if parsed else ():  # "Nom : X Prénom : Y" — only on a line that is a form's
        if any(p[0] <= position < p[1] for p in parsed) or position in starts:
            continue
        found = _parse(text, position, line_end, colon=True)
        if found is not None:
            parsed.append(found)
    parsed.sort()
    for index, (label_start, value_start, label) in enumerate(parsed):
        end = parsed[index + 1][0] if index + 1 < len(parsed) else line_end
        if value_start < end and label != "NONE":
            words = label_keys(text[label_start:value_start].rstrip(" \t.:：;,…_=-")) or []
            yield Field(label_start, value_start, end, label, bool(set(words) & _SPEAKERS))


def _parse(text: str, start: int, line_end: int, colon: bool = False) -> tuple[int, int, str] | None:
    """The first label phrase from ``start`` (as short as possible, then longer: "Né(e) 1e : ...") that is
    followed by a separator: (label start, value start, label)."""
    if _LABEL_START.match(text, start, line_end) is None:
        return None
    first = _FIRST_WORD.match(text, start, line_end)
    if first is None or label_keys(first.group(0)) is None:
        return None  # the first word of a label is a label word: most lines stop here
    for end in range(start + 1, min(line_end, start + 50) + 1):
        if not _LABEL_END.match(text, end, line_end) or text[end - 1] in " \t":
            continue
        keys = label_keys(text[start:end])
        if keys is None:
            continue
        found = _parse_at(text, start, end, line_end, keys, colon)
        if found is not None:
            return found
    return None


def _parse_at(text: str, start: int, label_end: int, line_end: int, keys: list[str],
              colon: bool) -> tuple[int, int, str] | None:
    label = classify(keys) or "NONE"
    separator = _SEPARATOR.match(text, label_end, line_end)
    if colon:
        if separator is None or not re.match(r"[ \t]*[:：;]", separator.group(0)):
            return None
        return start, separator.end(), label
    if separator is not None and separator.group(0).strip(" \t"):
        return start, separator.end(), label
    if tuple(keys) in _STRONG_SINGLE_SPACE and re.match(r"[ \t]\d", text[label_end:line_end]):
        return start, label_end + 1, label  # "Né(e) le 23/09/1997", "Tel 76 12 34 56"
    if separator is not None:
        return start, separator.end(), label  # a wide gap: "Nom      TRAORE"
    return None


class FormFieldRecognizer:
    NAME: ClassVar[str] = "pattern.form_field.v1"
    LABELS: ClassVar[tuple[str, ...]] = PRIORITY
    CONTEXT: ClassVar[tuple[str, ...]] = ("Nom", "Prénom(s)", "Né(e) le", "Âge", "Tél.", "Adresse", "N° dossier")
    SCORE: ClassVar[float] = 0.9
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        words = view.words
        vocabulary = label_vocabulary()
        inner = [w.start for i, w in enumerate(words) if i and text[w.start - 1] in " \t"
                 and vocabulary.get(w.key, "QUALIFIER") != "QUALIFIER"]
        for field in find_fields(text, inner):
            start, end = _trim(text, field.value_start, field.value_end)
            while field.label == "BIRTH_DATE" and start > field.label_start and text[start - 1] == "-" \
                    and text[start] in "-/":
                start -= 1  # "--/--/1958": an unknown day and month are part of the date
            if end <= start or _PLACEHOLDER.match(text[start:end]) or not any(c.isalnum() for c in text[start:end]):
                continue
            if field.label in ("PERSON", "LOC") and _SENTENCE.search(text[start:end]) \
                    and len(text[start:end].split()) > 3:
                continue
            if field.speaker and not any(word_may_be_name(w.text, self.lexicon)
                                         for w in split_words(text[start:end])):
                continue  # "Témoin : Oui." is a speaker's answer in a transcript, not a name
            if field.label == "PERSON" and any(c.isdigit() for c in text[start:end]) and not any(
                    word_may_be_name(w.text, self.lexicon) for w in split_words(text[start:end])):
                continue  # "Drafted on: 12 May 2021": a date under a person's label, no name in it
            if field.label not in ("PERSON", "LOC"):
                cut = _CLAUSE.search(text, start, end)  # "Née le 03/04/1994, elle vivait..." ends at the comma
                if cut is not None:
                    start, end = _trim(text, start, cut.start())
            if field.label in ("ID", "PHONE"):
                broken = _CONTINUED.match(text, end)
                if broken is not None and end == field.value_end and text[end - 1].isalnum():
                    end = broken.end()  # "Passeport : A 41\n70623": the number goes on after the break
            if field.label == "LOC":
                start, end = self._without_kept_ends(text, start, end)
                if end <= start:
                    continue
            yield Span(start, end, field.label, self.SCORE)

    def _without_kept_ends(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Drop keep-list terms (regions, Bamako, countries) written first or last in a place value."""
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^,;/()\-–]+", text[start:end])]
        parts = [(start + s, start + e) for s, e in parts if text[start + s:start + e].strip()]
        while parts and self._kept(text[parts[-1][0]:parts[-1][1]]):
            parts.pop()
        while parts and self._kept(text[parts[0][0]:parts[0][1]]):
            parts.pop(0)
        if not parts:
            return start, start
        return _trim(text, parts[0][0], parts[-1][1])

    def _kept(self, value: str) -> bool:
        key = tuple(w.key for w in split_words(value))
        while key and key[-1] in ("region", "regions"):
            key = key[:-1]  # "Mopti region"
        while key and key[0] in ("region", "de", "du"):
            key = key[1:]  # "région de Mopti"
        return bool(key) and key in self.lexicon.keep


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t.:_…-=":
        start += 1
    while end > start and text[end - 1] in " \t.,;:_…=":
        if text[end - 1] == "." and end - 2 >= start and text[end - 2].isupper() \
                and (end - 3 < start or not text[end - 3].isalpha()):
            break  # an initial keeps its dot: "G.", "DAO R."
        end -= 1
    return start, end
