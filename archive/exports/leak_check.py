# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""The pre-export leak check: every output is read back and scanned before the bundle is finalised.

Texts as written, text extracted back from the redacted PDFs (pymupdf) and transcripts are scanned with
the recognizers (``engine().analyze``) and with every person-name variant of the case's pseudonym vault
(whole names and their identifying parts, folded: case, accents and punctuation do not matter). Anything
found blocks the export; the error names the file and the span (offsets and label, never the string).

A finding that touches what the redaction itself wrote (a pseudonym such as "[Personne A]", a
generalised place, a "[caviardé]" box label) is a leak only if its remaining words include a known
personal name (statistical models glue pseudonyms to their neighbours: "Personne B]. Appelez"); a
finding whose label the profile keeps (places under ``prosecution``) is not a leak. Redacted PDFs keep
their layout and non-redacted text, so their extracted text is scanned for vault names and for PERSON
and identifier labels (phone, ID, email, account, case reference, date of birth). The summary, the
manifest and the custody extract are scanned for vault names (the case title also for identifiers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.exports.plan import ExportBlocked, ItemPlan
from archive.exports.render import OutputFile
from redaction.findings import RedactionResult
from redaction.lexicon import load_lexicon
from redaction.needles import compile_needles, find_in_text
from redaction.profiles import load_profile
from redaction.propagate import canonical_name, usable_parts
from redaction.words import split_words

if TYPE_CHECKING:
    from archive.context import Archive

IDENTIFIER_LABELS = frozenset({"PHONE", "ID", "EMAIL", "ACCOUNT", "CASE_REF", "BIRTH_DATE"})
Progress = Callable[[float], None]


@dataclass(frozen=True)
class Leak:
    file: str
    start: int
    end: int
    label: str
    source: str

    def message(self) -> str:
        return (f"{self.file}: an identifier survives redaction ({self.label} at characters "
                f"{self.start}-{self.end}, found by {self.source}); the export was stopped and nothing was "
                "written: review this item's redactions, then export again")


def name_needles(names: tuple[str, ...]) -> list[str]:
    """Every vault name, canonical, and each of its parts that identifies on its own."""
    lexicon = load_lexicon()
    out: list[str] = []
    for name in names:
        canonical = canonical_name(name, lexicon)
        if not canonical:
            continue
        out.append(canonical)
        out.extend(w.text for w in usable_parts(split_words(canonical), lexicon))
    return list(dict.fromkeys(out))


def written_ranges(result: RedactionResult) -> list[tuple[int, int]]:
    """Where each replacement the redaction wrote (not kept text) sits in the redacted text."""
    ranges, shift = [], 0
    for e in sorted(result.entities, key=lambda e: e.start):
        start = e.start + shift
        if e.action != "keep":
            ranges.append((start, start + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    return ranges


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def residual_names(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> list[str]:
    """Known personal names among the words of ``text[start:end]`` that the redaction did not write."""
    lexicon = load_lexicon()
    chars = list(text[start:end])
    for s, e in ranges:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = " "
    return [w.text for w in split_words("".join(chars)) if lexicon.is_name(w.text.lower())]


def label_ranges(text: str, label: str) -> list[tuple[int, int]]:
    """Every occurrence of a box label (e.g. "[caviardé]") in text extracted from a redacted PDF."""
    ranges, at = [], text.find(label)
    while at >= 0:
        ranges.append((at, at + len(label)))
        at = text.find(label, at + 1)
    return ranges


def pdf_text(path: str) -> str:
    import pymupdf  # loads only when a bundle is checked

    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def _fold(text: str) -> str:
    return " ".join(w.text.lower() for w in split_words(text))


class LeakCheck:
    """``allowed``: the texts of spans lifted for this disclosure (a decision recorded with its reason); the
    vault names they hold and recognizer findings made only of them are let through, nothing else."""

    def __init__(self, archive: Archive, *, profile: str, vault_names: tuple[str, ...],
                 allowed: tuple[str, ...] = ()) -> None:
        self.archive = archive
        self.profile = load_profile(profile)
        self.allowed = [_fold(a) for a in allowed if _fold(a)]
        names = tuple(n for n in vault_names if not self._is_allowed(n))
        self.needles, _ = compile_needles([n for n in name_needles(names) if not self._is_allowed(n)])

    def _is_allowed(self, text: str) -> bool:
        """Every word of ``text`` lies inside one lifted text (word boundaries, case folded)."""
        folded = _fold(text)
        return bool(folded) and any(f" {folded} " in f" {a} " for a in self.allowed)

    def vault_leak(self, file: str, text: str) -> Leak | None:
        for match in find_in_text(text, self.needles):
            return Leak(file, match.start, match.end, "PERSON", "the case's pseudonym vault")
        return None

    def recognizer_leak(self, file: str, text: str, lang: str, written: list[tuple[int, int]],
                        labels: frozenset[str] | None = None) -> Leak | None:
        with self.archive.spacy_pass() as engine:
            findings = engine.analyze(text, lang=lang)
        for f in findings:
            if f.keep or self.profile.action_for(f.label) == "keep":
                continue
            if labels is not None and f.label not in labels:
                continue
            if self.allowed and self._is_allowed(text[f.start:f.end]):
                continue  # lifted for this recipient, with a recorded reason
            if _overlaps(f.start, f.end, written) and not residual_names(text, f.start, f.end, written):
                continue  # a model gluing a pseudonym to its neighbour ("Personne B]. Appelez")
            return Leak(file, f.start, f.end, f.label, f.recognizer)
        return None

    def check_text(self, file: str, text: str, lang: str, written: list[tuple[int, int]],
                   labels: frozenset[str] | None = None) -> None:
        leak = self.vault_leak(file, text) or self.recognizer_leak(file, text, lang, written, labels)
        if leak is not None:
            raise ExportBlocked(leak.message())


def check_outputs(check: LeakCheck, plans: list[ItemPlan], files: list[OutputFile],
                  progress: Progress | None = None) -> None:
    """Scan every item output; raise ExportBlocked on the first identifier found."""
    from redaction.pdf import LABEL as BOX_LABEL

    by_item = {p.item.id: p for p in plans}
    for number, out in enumerate(files, start=1):
        plan = by_item[out.item_id]
        lang = "en" if plan.item.language == "en" else "fr"
        if out.kind in ("text", "transcript"):
            text = out.path.read_text(encoding="utf-8")
            check.check_text(out.name, text, lang, written_ranges(plan.result))
        elif out.kind == "pdf":
            text = pdf_text(str(out.path))
            leak = check.vault_leak(out.name, text)
            if leak is None:
                leak = check.recognizer_leak(out.name, text, lang, label_ranges(text, BOX_LABEL),
                                             IDENTIFIER_LABELS | {"PERSON"})
            if leak is not None:
                raise ExportBlocked(leak.message())
        if progress is not None:
            progress(number / max(len(files), 1))
