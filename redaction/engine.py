"""The redaction engine: parse each text once, run every recognizer on the shared view, merge, apply.

    engine = RedactionEngine()
    result = engine.redact(text, lang="auto", profile="strict", case_names=known_names)
    result.redacted_text, result.entities, result.flags, result.names

Offsets always index the ORIGINAL input string. A text that is neither French nor English is redacted with
every language-independent recognizer (and the French model, for recall) and flagged
``needs_human_review`` with the reason: never passed silently as clean.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from redaction import nlp
from redaction.cleaning import CleanText, clean
from redaction.extend import extend_given_names, repeated_birth_years
from redaction.findings import NEEDS_HUMAN_REVIEW, Analysis, Finding, RedactionResult, WrittenSpan
from redaction.language import SUPPORTED, detect
from redaction.leaks import outside, real_leaks
from redaction.lexicon import load_lexicon
from redaction.merge import merge
from redaction.namelike import word_may_be_name
from redaction.propagate import CaseNames, PropagationRecognizer, may_propagate
from redaction.pseudonyms import Pseudonymiser
from redaction.recognizers import Recognizer, TextView, builtin_recognizers
from redaction.redact import apply_profile
from redaction.words import split_words
from redaction.written import engine_shapes

Progress = Callable[[float], None]
#: Recognizers whose PERSON spans are names worth propagating across the case.
NAME_SOURCES = frozenset({"ner.spacy_fr.v1", "ner.spacy_en.v1", "gazetteer.person_names.v1",
                          "context.person_cue.v1", "gazetteer.arabic_names.v1", "context.naming_cue.v1"})
LANGS = ("auto", "fr", "en")


class RedactionEngine:
    """Models and word lists load lazily, once, on first use; one engine serves a whole stream."""

    def __init__(self, *, recognizers: Sequence[Recognizer] | None = None, batch_size: int = 32) -> None:
        self._recognizers = list(recognizers) if recognizers is not None else None
        self._lock = threading.Lock()
        self.batch_size = batch_size

    @property
    def recognizers(self) -> list[Recognizer]:
        with self._lock:
            if self._recognizers is None:
                self._recognizers = builtin_recognizers()
            return self._recognizers

    def analyze(self, text: str, *, lang: str = "auto", case_names: Iterable[str] = ()) -> list[Finding]:
        return list(self.analyze_many([text], lang=lang, case_names=case_names)[0].findings)

    def analyze_many(self, texts: Iterable[str], *, lang: str = "auto", case_names: Iterable[str] = (),
                     langs: Sequence[str | None] | None = None, progress: Progress | None = None,
                     ) -> list[Analysis]:
        """Analyse several texts with one batched spaCy pass per language. ``langs`` overrides ``lang`` per
        text (None = use ``lang``)."""
        items = list(texts)
        if any(not isinstance(t, str) for t in items):
            raise TypeError("texts to analyse must be str (decode bytes first)")
        requested = [(langs[i] or lang) if langs is not None else lang for i in range(len(items))]
        for value in requested:
            if value not in LANGS:
                raise ValueError(f"unsupported language {value!r}; expected one of {', '.join(LANGS)}")
        known = list(case_names)
        recognizers = self.recognizers
        lexicon = load_lexicon()
        cleaned = [clean(t) for t in items]
        plans = [self._plan(c, r) for c, r in zip(cleaned, requested, strict=True)]
        views = [TextView(c, code) for c, (code, _, _) in zip(cleaned, plans, strict=True)]
        for model in SUPPORTED:
            chosen = [i for i, (_, ner_lang, _) in enumerate(plans) if ner_lang == model]
            if not chosen:
                continue
            inputs = (nlp.recase(cleaned[i].text, lambda w: lexicon.is_name(w.lower()),
                                 lambda w: word_may_be_name(w, lexicon), lower_lines=views[i].lower_lines,
                                 caps_lines=views[i].caps_lines) for i in chosen)
            for i, spans in zip(chosen, nlp.entities(model, inputs, self.batch_size), strict=True):
                views[i].ner, views[i].ner_lang = spans, model
                if progress is not None:
                    progress(0.8 * (chosen.index(i) + 1) / max(len(items), 1))
        yield_names = frozenset(r.NAME for r in recognizers if r.YIELDS_TO_KEEP)
        results = []
        for number, (view, (code, _, flags)) in enumerate(zip(views, plans, strict=True)):
            results.append(self._analyse(view, code, flags, recognizers, known, yield_names))
            if progress is not None:
                progress(0.8 + 0.2 * (number + 1) / max(len(items), 1))
        return results

    def _plan(self, text: CleanText, requested: str) -> tuple[str, str, tuple[str, ...]]:
        """(language code reported, spaCy model to run or "", flags)."""
        if not text.text.strip():
            return (requested if requested != "auto" else "und"), "", ()
        detection = detect(text.text)
        flags: tuple[str, ...] = ()
        if not detection.supported:
            flags = (NEEDS_HUMAN_REVIEW, f"reason: {detection.reason}")
        elif detection.mixed:
            flags = ("mixed_language",)
        if requested != "auto":
            return requested, requested, flags
        if detection.supported:
            return detection.lang, detection.lang, flags
        return detection.lang, ("" if detection.lang in ("ar", "tmh") else "fr"), flags

    def _analyse(self, view: TextView, code: str, flags: tuple[str, ...], recognizers: list[Recognizer],
                 case_names: list[str], yield_names: frozenset[str]) -> Analysis:
        findings: list[Finding] = []
        for recognizer in recognizers:
            findings.extend(self._to_findings(view.clean, recognizer, view))
        keeps = [f for f in findings if f.keep]
        names = list(dict.fromkeys(
            f.text for f in findings if f.label == "PERSON" and f.recognizer in NAME_SOURCES and not f.keep
            and not any(k.start <= f.start and f.end <= k.end for k in keeps) and may_propagate(f.text)))
        case = CaseNames([*case_names, *names], load_lexicon())
        if case:
            findings.extend(self._to_findings(view.clean, PropagationRecognizer(case), view))
        findings = extend_given_names(findings, view.clean.original, load_lexicon())
        findings.extend(repeated_birth_years(findings, view.clean.original))
        shapes = engine_shapes(view.clean.original)
        if shapes:
            findings = _outside_shapes(findings, shapes, view.clean.original)
        merged = merge(findings, yield_names, view.clean.original)
        if any(f.recognizer == "pattern.non_latin_run.v1" for f in findings) and NEEDS_HUMAN_REVIEW not in flags:
            flags = (*flags, NEEDS_HUMAN_REVIEW, "reason: passages in a non-Latin script were not analysed")
        return Analysis(code, tuple(merged), tuple(names), flags)

    @staticmethod
    def _to_findings(text: CleanText, recognizer: Recognizer, view: TextView) -> list[Finding]:
        out = []
        for span in recognizer.find(view):
            start, end = text.to_original(span.start, span.end)
            out.append(Finding(start, end, span.label, text.original[start:end], recognizer.NAME, span.score,
                               span.keep))
        return out

    def redact(self, text: str, *, lang: str = "auto", profile: str = "strict",
               pseudonymiser: Pseudonymiser | None = None, case_names: Iterable[str] = ()) -> RedactionResult:
        return self.redact_many([text], lang=lang, profile=profile, pseudonymiser=pseudonymiser,
                                case_names=case_names)[0]

    def redact_many(self, texts: Iterable[str], *, lang: str = "auto", profile: str = "strict",
                    pseudonymiser: Pseudonymiser | None = None, case_names: Iterable[str] = (),
                    langs: Sequence[str | None] | None = None, progress: Progress | None = None,
                    ) -> list[RedactionResult]:
        items = list(texts)
        analyses = self.analyze_many(items, lang=lang, case_names=case_names, langs=langs, progress=progress)
        return [apply_profile(text, analysis, profile=profile, pseudonymiser=pseudonymiser)
                for text, analysis in zip(items, analyses, strict=True)]

    def check_output(self, redacted_text: str, written: Iterable[WrittenSpan | tuple[int, int]], *,
                     lang: str = "fr", profile: str | None = None) -> list[Finding]:
        """Findings on an output the engine wrote that are real leaks (``redaction.leaks.real_leaks``):
        placeholders, pseudonyms and generalisations are never flagged, nor labels ``profile`` keeps."""
        findings = self.analyze(redacted_text, lang=lang if lang in LANGS else "auto")
        return real_leaks(redacted_text, written, findings, lang=lang, profile=profile)

    def apply(self, text: str, findings: Iterable[Finding], *, profile: str = "strict",
              pseudonymiser: Pseudonymiser | None = None, lang: str = "fr") -> RedactionResult:
        """Apply reviewed spans (accepted, rejected already removed, added by an officer) to ``text``."""
        merged = merge(list(findings), frozenset(), text)
        return apply_profile(text, Analysis(lang, tuple(merged), ()), profile=profile, pseudonymiser=pseudonymiser)


def _outside_shapes(findings: list[Finding], shapes: list[tuple[int, int]], text: str) -> list[Finding]:
    """Findings cut free of engine-shaped strings ("[Personne A]", "[avril 1994]"): a finding inside one is
    dropped, one that overlaps one keeps only its outer parts that still hold a word or a number."""
    lexicon = load_lexicon()
    out: list[Finding] = []
    for finding in findings:
        if finding.keep or not any(s < finding.end and finding.start < e for s, e in shapes):
            out.append(finding)
            continue
        for start, end in outside(finding.start, finding.end, shapes):
            words = split_words(text[start:end])
            if not words or not any(w.text.isdigit() or word_may_be_name(w.text, lexicon) for w in words):
                continue
            start, end = start + words[0].start, start + words[-1].end
            out.append(Finding(start, end, finding.label, text[start:end], finding.recognizer, finding.score))
    return out
