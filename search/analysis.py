"""Text analysis shared by both engines and by the highlighter, so that what matches is what gets marked.

Each text is indexed in ONE language field, chosen from the document's language: French (Snowball French
stemmer, then ASCII folding), English (Snowball English, then folding) or plain (folding only) for any
other or unknown language. Elasticsearch is configured with the same chain (a pattern tokenizer splitting
on non-letters/digits, lowercase, Snowball stemmer, asciifolding), so both engines produce identical
tokens; ``docs/search.md`` records why stemming comes before folding.
"""

from __future__ import annotations

import functools
from typing import Final, Literal

import tantivy

Analysis = Literal["fr", "en", "plain"]
ANALYSES: Final[tuple[Analysis, ...]] = ("fr", "en", "plain")
NON_WORD: Final = r"[^\p{L}\p{N}]"  # what tantivy's simple tokenizer splits on; the ES mapping blanks it


def analysis_for(language: str | None) -> Analysis:
    """Which analysis a document in ``language`` (BCP 47 tag such as "fr", "fr-ML", "en") gets."""
    primary = (language or "").split("-")[0].split("_")[0].lower()
    if primary in ("fr", "fra", "fre"):
        return "fr"
    if primary in ("en", "eng"):
        return "en"
    return "plain"


@functools.cache
def analyzer(analysis: Analysis) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    if analysis == "fr":
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    elif analysis == "en":
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.filter(tantivy.Filter.ascii_fold()).build()


def tokens(text: str, analysis: Analysis) -> list[str]:
    """The indexed tokens of ``text`` under ``analysis``."""
    return analyzer(analysis).analyze(text)


def prefix_tokens(text: str) -> list[str]:
    """Tokens of a prefix: lowercased and folded, never stemmed (a stemmed prefix would not be a prefix)."""
    return analyzer("plain").analyze(text)


def word_variants(word: str, analysis: Analysis) -> tuple[str, ...]:
    """The spellings of a query word to try: French users often type past participles without accents.

    "arretee" stems to "arrete" while "arrêtée" stems to "arret"; trying "arretée" as well finds it.
    Only the final "e"/"ee"/"ere" (optionally plural) gets its accent back, and a variant is kept only when
    its stem is at least 4 letters long, so short words ("ete", "tue") do not drift to unrelated stems.
    """
    if analysis != "fr" or not word.isalpha() or word.lower() != _fold(word.lower()):
        return (word,)
    lower = word.lower()
    stem, plural = (lower[:-1], "s") if lower.endswith("s") else (lower, "")
    candidates: list[str] = []
    if stem.endswith("iere"):
        candidates.append(stem[:-4] + "ière" + plural)
    elif stem.endswith("ee"):
        candidates.append(stem[:-2] + "ée" + plural)
    elif stem.endswith("e") and len(stem) > 2:
        candidates.append(stem[:-1] + "é" + plural)
    variants = [word]
    base = set(tokens(word, "fr"))
    for candidate in candidates:
        stems = tokens(candidate, "fr")
        if len(stems) == 1 and len(stems[0]) >= 4 and stems[0] not in base:
            variants.append(candidate)
    return tuple(variants)


def _fold(text: str) -> str:
    folded = analyzer("plain").analyze(text)
    return folded[0] if len(folded) == 1 else text
