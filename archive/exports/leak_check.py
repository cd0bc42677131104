# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""The pre-export leak check: every output is read back and scanned before the bundle is finalised.

Texts and transcripts are scanned as the engine wrote them with ``engine.check_output``: it knows what the
redaction wrote (``RedactionResult.written``: placeholders, pseudonyms, generalisations such as "[avril
1994]") and never flags it, nor labels the profile keeps. A span a person rejected on this text is treated
like written text: it is never flagged again, unless words beside it look identifying. Every person-name
variant of the case's pseudonym vault (whole names and their identifying parts, folded) is searched too.
Text extracted back from redacted PDFs is scanned for vault names and for PERSON and identifier labels.
Anything found blocks the export with ``err.export_blocked_leak``: the item by its title, the passage as the
exporter may see it, what to do and the review page. The bundle's own files (summary, manifest, custody
extract) are made from metadata and never block: a custody entry naming a person of the case is left out,
and a case title that names one is replaced by a neutral one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from archive.exports.blocked import blocked
from archive.exports.plan import ItemPlan
from archive.exports.render import OutputFile
from redaction.lexicon import load_lexicon
from redaction.needles import compile_needles, find_in_text
from redaction.profiles import load_profile
from redaction.propagate import canonical_name
from redaction.words import split_words

if TYPE_CHECKING:
    from archive.context import Archive

IDENTIFIER_LABELS = frozenset({"PHONE", "ID", "EMAIL", "ACCOUNT", "CASE_REF", "BIRTH_DATE"})
Progress = Callable[[float], None]


def name_needles(names: tuple[str, ...]) -> list[str]:
    """Every vault name that may be a person's name, canonical, and each of its parts that identifies alone."""
    from redaction.namelike import may_propagate, name_like_parts

    lexicon = load_lexicon()
    out: list[str] = []
    for name in names:
        canonical = canonical_name(name, lexicon)
        if not canonical or not may_propagate(canonical):
            continue
        out.append(canonical)
        out.extend(w.text for w in name_like_parts(canonical, lexicon))
    return list(dict.fromkeys(out))


def decided_ranges(plan: ItemPlan) -> list[tuple[int, int]]:
    """What the engine wrote and what a person rejected, as ranges of the redacted text."""
    from archive.exports.blocked import to_redacted

    ranges = [(w.start, w.end) for w in plan.result.written]
    for start, end in plan.rejected:
        low, high = to_redacted(plan.result, start), to_redacted(plan.result, end)
        if high > low and plan.result.redacted_text[low:high] == plan.text.text[start:end]:
            ranges.append((low, high))
    return ranges


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
        self.profile_name = profile
        self.profile = load_profile(profile)
        self.allowed = [_fold(a) for a in allowed if _fold(a)]
        names = tuple(n for n in vault_names if not self._is_allowed(n))
        self.needles, _ = compile_needles([n for n in name_needles(names) if not self._is_allowed(n)])

    def _is_allowed(self, text: str) -> bool:
        """Every word of ``text`` lies inside one lifted text (word boundaries, case folded)."""
        folded = _fold(text)
        return bool(folded) and any(f" {folded} " in f" {a} " for a in self.allowed)

    def vault_match(self, text: str) -> tuple[int, int] | None:
        for match in find_in_text(text, self.needles):
            return match.start, match.end
        return None

    def text_leak(self, text: str, lang: str, written: list[tuple[int, int]],
                  labels: frozenset[str] | None = None) -> tuple[int, int] | None:
        """Where the first real leak of a redacted ``text`` is, or None."""
        found = self.vault_match(text)
        if found is not None:
            return found
        with self.archive.spacy_pass() as engine:
            leaks = engine.check_output(text, written, lang=lang, profile=self.profile_name)
        for f in leaks:
            if labels is not None and f.label not in labels:
                continue
            if self.allowed and self._is_allowed(text[f.start:f.end]):
                continue  # lifted for this recipient, with a recorded reason
            return f.start, f.end
        return None


def check_outputs(check: LeakCheck, plans: list[ItemPlan], files: list[OutputFile],
                  progress: Progress | None = None) -> None:
    """Scan every item output; raise ExportBlocked (``export_blocked_leak``) on the first identifier found."""
    from redaction.pdf import LABEL as BOX_LABEL

    by_item = {p.item.id: p for p in plans}
    for number, out in enumerate(files, start=1):
        plan = by_item[out.item_id]
        lang = "en" if plan.item.language == "en" else "fr"
        if out.kind in ("text", "transcript"):
            text = plan.result.redacted_text  # the file adds only timestamps and page references
            found = check.text_leak(text, lang, decided_ranges(plan))
            if found is not None:
                raise blocked("leak", item=plan.item, title=plan.title,
                              passage=plan.quote(*found, in_output=True))
        elif out.kind == "pdf":
            text = pdf_text(str(out.path))
            found = check.text_leak(text, lang, label_ranges(text, BOX_LABEL), IDENTIFIER_LABELS | {"PERSON"})
            if found is not None:
                from archive.exports.blocked import quote

                raise blocked("leak", item=plan.item, title=plan.title, passage=quote(text, *found, masks=[found]))
        if progress is not None:
            progress(number / max(len(files), 1))
