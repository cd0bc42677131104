"""Extend person spans over the given name, or the initial, just before them.

Name lists cannot hold every given name: in "NAMORY CISSÉ" or "Yalèma Tangara" the family name is found and
the given name before it is not (spaCy gives it nothing useful in ALL-CAPS transcripts). A capitalised word
directly before a PERSON span — one space apart, not a stop word, not a person cue ("Mme", "chez"), not on a
keep-list, not a common French or English word — is taken into the span. So is an initial ("B. Ag Mohamed",
"S. Keïta", "M. Sanogo": one capital and a dot, one space before the name; a "M." that is "Monsieur" goes
with the name too, which hides nothing more than the name).

After the span, an initial goes with it too ("SAMASSEKOU F.", "Siaka T:"), and so does a given name after a
comma when the span is a family name ("SAMASSEKOU, Adama", "Traoré, Nana": lists and files write the family name
first), and an ALL-CAPS family name and a comma before a given name ("SAMASSEKOU, Adama"). Initials standing for a
name found in the same text ("Rachel Oduya (RO)", then "RO:" before each of her questions) are that person too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.findings import Finding
from redaction.lexicon import Lexicon
from redaction.namelike import is_common_word, label_words
from redaction.words import split_words

NAME = "context.given_name_before.v1"
INITIALS = "context.initials_of_found_name.v1"
_BEFORE = re.compile(r"([^\W\d_][^\W\d_'’-]*) $")
_INITIAL = re.compile(r"(?<![\w.])[A-ZÀ-Ý]\.[ \t]$")
_INITIAL_AFTER = re.compile(r"[ \t][A-ZÀ-Ý](?:\.|(?=[:;,)\]]|[ \t]*$|[ \t]*\n))", re.M)
_GIVEN_AFTER = re.compile(r",[ \t]([^\W\d_][^\W\d_'’-]+)(?![\w'’-])")
_FAMILY_BEFORE = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][A-ZÀ-Ý'’\-]{2,}),[ \t]$")
#: Initials where a transcript or a report puts them: a speaker label at a line start ("RO:") or in brackets
#: right after the name ("(RO)").
_CAPS_TOKEN = re.compile(r"(?m)(?:^[ \t]*|(?<=\())[A-Z]{2,3}(?=[ \t]*:|\))")


def extend_given_names(findings: Iterable[Finding], text: str, lexicon: Lexicon) -> list[Finding]:
    findings = list(findings)
    keeps = [f for f in findings if f.keep]
    out = list(findings)
    for finding in findings:
        if finding.label != "PERSON" or finding.keep:
            continue
        out.extend(_after(finding, text, lexicon))
        out.extend(_family_before(finding, text, lexicon))
        initial = _INITIAL.search(text, max(0, finding.start - 4), finding.start)
        if initial is not None:
            out.append(Finding(initial.start(), finding.end, "PERSON", text[initial.start():finding.end], NAME,
                               finding.score * 0.9))
            continue
        match = _BEFORE.search(text, max(0, finding.start - 60), finding.start)
        if match is None or match.end() != finding.start:
            continue
        word = match.group(1)
        words = split_words(word)
        if not words or not word[0].isupper() or len(word) < 2:
            continue
        key = words[0].key
        if key in lexicon.stop_words or (key,) in lexicon.person_cues or lexicon.is_kept_word(key):
            continue
        if not lexicon.is_name(key) and (is_common_word(word) or key in label_words()):
            continue  # "MON MARI MOUSSA", "JE M'APPELLE AWA": a word, not a given name
        start = match.start(1)
        if any(k.start <= start < k.end for k in keeps):
            continue
        out.append(Finding(start, finding.end, "PERSON", text[start:finding.end], NAME, finding.score * 0.9))
    out.extend(_initials_of_names(out, text, lexicon))
    return out


def _after(finding: Finding, text: str, lexicon: Lexicon) -> list[Finding]:
    """The initial ("SAMASSEKOU F.") or, after a family name and a comma, the given name ("Traoré, Nana") that
    follows a person span."""
    initial = _INITIAL_AFTER.match(text, finding.end)
    if initial is not None:
        end = initial.end()
        return [Finding(finding.start, end, "PERSON", text[finding.start:end], NAME, finding.score * 0.9)]
    given = _GIVEN_AFTER.match(text, finding.end)
    if given is None:
        return []
    family = split_words(finding.text)
    if not family:
        return []
    last = family[-1]
    key = split_words(given.group(1))[0].key if split_words(given.group(1)) else ""
    if not (last.key in lexicon.family_names or (last.text.isupper() and len(last.text) >= 3)):
        return []
    if key not in lexicon.given_names or key in lexicon.family_names or not given.group(1)[0].isupper():
        return []
    end = given.end(1)
    return [Finding(finding.start, end, "PERSON", text[finding.start:end], NAME, finding.score * 0.9)]


def _family_before(finding: Finding, text: str, lexicon: Lexicon) -> list[Finding]:
    """An ALL-CAPS family name and a comma before a span that starts with a given name ("SAMASSEKOU, Adama")."""
    words = split_words(finding.text)
    if not words or words[0].key not in lexicon.given_names or not words[0].text[:1].isupper():
        return []
    match = _FAMILY_BEFORE.search(text, max(0, finding.start - 40), finding.start)
    if match is None or match.end() != finding.start:
        return []
    key = split_words(match.group(1))[0].key if split_words(match.group(1)) else ""
    if not key or key in lexicon.stop_words or lexicon.is_kept_word(key) or key in label_words() \
            or (not lexicon.is_name(key) and is_common_word(match.group(1))):
        return []
    start = match.start(1)
    return [Finding(start, finding.end, "PERSON", text[start:finding.end], NAME, finding.score * 0.9)]


def _initials_of_names(findings: list[Finding], text: str, lexicon: Lexicon) -> list[Finding]:
    """ALL-CAPS tokens of two or three letters that are the initials of a person found in the text ("RO" for
    "Rachel Oduya"), where a transcript's speaker labels ("RO:" at a line start) and a report's abbreviations
    ("(RO)") stand; never anywhere else (an OCR'd scan holds letter pairs by chance)."""
    initials: set[str] = set()
    for finding in findings:
        if finding.label != "PERSON" or finding.keep:
            continue
        words = [w for w in split_words(finding.text) if w.text[:1].isupper() and w.key not in lexicon.particles
                 and (w.key,) not in lexicon.person_cues]
        if 2 <= len(words) <= 3:
            initials.add("".join(w.text[0] for w in words))
    if not initials:
        return []
    out = []
    for match in _CAPS_TOKEN.finditer(text):
        value = match.group(0)
        if value in initials and value.lower() not in lexicon.stop_words and not lexicon.is_kept_word(value.lower()):
            out.append(Finding(match.start(), match.end(), "PERSON", value, INITIALS, 0.6))
    return out


BIRTH_YEAR = "context.birth_year_repeat.v1"
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_EVENT_BEFORE = re.compile(
    r"(?i)\b(?:janv\w*|f[ée]v\w*|mars|avr\w*|mai|juin|juil\w*|ao[uû]t|sept\w*|oct\w*|nov\w*|d[ée]c\w*|jan\w*|feb\w*|"
    r"march|apr\w*|may|june?|july?|aug\w*|since|depuis|until|jusqu\w*)\.?\s*$")
#: How far from a date of birth a bare repeat of its year still says it ("born 14/02/1966 ... her card says 1966").
NEAR = 120


def repeated_birth_years(findings: Iterable[Finding], text: str) -> list[Finding]:
    """The year of a date of birth written again on its own near it (``(2/5/1961 and "1961")``): that year is
    the date of birth too, and leaving it would show what the redacted date hides."""
    births = [f for f in findings if f.label == "BIRTH_DATE" and not f.keep]
    out: list[Finding] = []
    for birth in births:
        for year in set(_YEAR.findall(birth.text)):
            low, high = max(0, birth.start - NEAR), min(len(text), birth.end + NEAR)
            for match in re.finditer(rf"(?<![\w/.\-]){year}(?![\w/]|[.\-]\d)", text[low:high]):
                start, end = low + match.start(), low + match.end()
                if _EVENT_BEFORE.search(text, max(0, start - 16), start):
                    continue  # "Arrival : May 2017", "en mars 2019": an event's month and year stay
                if not any(b.start <= start and end <= b.end for b in births):
                    out.append(Finding(start, end, "BIRTH_DATE", year, BIRTH_YEAR, birth.score * 0.9))
    return out
