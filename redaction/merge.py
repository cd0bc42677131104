"""Merge overlapping findings so the WIDEST cover wins (recall first), and settle keep-list spans.

1. A keep-list span removes the weak findings it covers (recognizers whose ``YIELDS_TO_KEEP`` is true:
   spaCy, the locality gazetteer); never an identifier, a listed name or a propagated name.
2. Overlapping redaction findings merge into one span covering all of them, labelled after the most
   identifying member (a person, then an identifier, then a place, then a date or miscellaneous mention;
   within a tier the widest, then the higher score): a MISC span that swallowed a name is treated as the
   name it contains.
   Two place spans separated only by spaces or a comma on one line are joined ("SANS FIL SECTEUR 2",
   "Banconi, Sikoroni": the parts of one address).
3. A keep-list span that still overlaps a redaction is dropped (the redaction covers it); the others are
   reported with ``keep=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.findings import Finding

_WORD = re.compile(r"[^\W\d_]+")
_PLACE_GAP = re.compile(r"[ \t]*,?[ \t]*")
#: Recognizers of addresses, whose numbers are door and street numbers, never a kept year ("ACI 2000").
NUMBERED_PLACES = frozenset({"pattern.address.v1"})
_STOP = frozenset(["the", "les", "des", "une", "par", "pour", "avec", "dans", "devant", "and", "of", "from"])
#: Which label a merged span takes when its members disagree: the lowest tier wins, then the widest member.
SENSITIVITY: dict[str, int] = {"PERSON": 0, "KINSHIP": 0, "ID": 1, "ACCOUNT": 1, "PHONE": 1, "EMAIL": 1,
                               "BIRTH_DATE": 1, "CASE_REF": 1, "AGE": 1, "LOC": 2, "ORG": 2, "DATE": 3, "MISC": 3}


def merge(findings: Iterable[Finding], yields_to_keep: frozenset[str], text: str) -> list[Finding]:
    """Merged findings over ``text`` (the original string their offsets index)."""
    findings = list(findings)
    keeps = sorted((f for f in findings if f.keep), key=lambda f: (f.start, -f.end))
    others = [f for f in findings if not f.keep and f.end > f.start]
    keeps = _outermost(keeps)
    if keeps:
        others = [piece for f in others for piece in _outside_keeps(f, keeps, yields_to_keep, text)]
    merged = _join_places(_join_names_across_lines(_union(others, text), text), text)
    kept = [k for k in keeps if not any(m.start < k.end and k.start < m.end for m in merged)]
    return sorted(merged + kept, key=lambda f: (f.start, f.end))


def _outermost(keeps: list[Finding]) -> list[Finding]:
    result: list[Finding] = []
    for finding in keeps:
        if result and finding.end <= result[-1].end:
            continue
        result.append(finding)
    return result


def _outside_keeps(finding: Finding, keeps: list[Finding], yields_to_keep: frozenset[str],
                   text: str) -> list[Finding]:
    """A weak finding loses the parts a keep span covers; what is left stays only if it still holds a
    capitalised word that is not a stop word ("the Africa Corps" -> nothing; "Ansar Dine de Kidal" -> ...).
    A PERSON finding that merely overlaps a keep span is left whole."""
    overlapping = [k for k in keeps if k.start < finding.end and finding.start < k.end
                   and not (k.label == "DATE" and finding.recognizer in NUMBERED_PLACES)]
    if not overlapping or finding.recognizer not in yields_to_keep:
        return [finding]
    if finding.label == "PERSON" and not any(k.start <= finding.start and finding.end <= k.end
                                             for k in overlapping):
        return [finding]
    pieces: list[tuple[int, int]] = [(finding.start, finding.end)]
    for keep in overlapping:
        pieces = [p for s, e in pieces for p in ((s, min(e, keep.start)), (max(s, keep.end), e)) if p[1] > p[0]]
    out = []
    for start, end in pieces:
        words = _WORD.findall(text[start:end])
        if any(w[0].isupper() and len(w) >= 3 and w.lower() not in _STOP for w in words):
            out.append(Finding(start, end, finding.label, text[start:end], finding.recognizer, finding.score))
    return out


def _union(findings: list[Finding], text: str) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    clusters: list[list[Finding]] = []
    end = -1
    for finding in ordered:
        if clusters and finding.start < end:
            clusters[-1].append(finding)
            end = max(end, finding.end)
        else:
            clusters.append([finding])
            end = finding.end
    merged: list[Finding] = []
    for cluster in clusters:
        start = min(f.start for f in cluster)
        stop = max(f.end for f in cluster)
        lead = max(cluster, key=lambda f: (-_rank(f.label), f.end - f.start, f.score))
        score = max(f.score for f in cluster)
        merged.append(Finding(start, stop, lead.label, text[start:stop], lead.recognizer, score))
    return merged


def _join_names_across_lines(findings: list[Finding], text: str) -> list[Finding]:
    """Two person spans with only a line break between them are one name cut by the layout
    ("Lassina\nCoulibaly"): the break goes with them."""
    out: list[Finding] = []
    for finding in findings:
        previous = out[-1] if out else None
        gap = text[previous.end:finding.start] if previous is not None else ""
        if previous is not None and previous.label == finding.label == "PERSON" and gap.count("\n") == 1 \
                and not gap.strip():
            out[-1] = Finding(previous.start, finding.end, "PERSON", text[previous.start:finding.end],
                              previous.recognizer, max(previous.score, finding.score))
        else:
            out.append(finding)
    return out


def _join_places(findings: list[Finding], text: str) -> list[Finding]:
    """Two place spans with only spaces or a comma between them on one line are one place ("SANS FIL SECTEUR 2",
    "Lafiabougou Secteur 3"): the space between goes with them, so nothing of the address stays readable."""
    out: list[Finding] = []
    for finding in findings:
        previous = out[-1] if out else None
        if previous is not None and previous.label == finding.label == "LOC" \
                and 0 < finding.start - previous.end <= 3 and _PLACE_GAP.fullmatch(text[previous.end:finding.start]):
            out[-1] = Finding(previous.start, finding.end, "LOC", text[previous.start:finding.end],
                              previous.recognizer, max(previous.score, finding.score))
        else:
            out.append(finding)
    return out


def _rank(label: str) -> int:
    return SENSITIVITY.get(label, 3)
