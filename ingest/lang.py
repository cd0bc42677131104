"""Guess whether a text is French, English or something else, and name the Malian languages it may be in.

A heuristic, not a classifier: scripts (Arabic, Tifinagh), letters of the Malian Latin orthographies
(ɛ ɔ ɲ ŋ, ɓ ɗ ƴ, ǝ ɣ) and frequent function words. Its job is routing: anything that is not clearly French or
English is ``other`` with a note naming the suspected languages, so the item goes to human transcription.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FRENCH = frozenset({
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "il", "elle", "ils", "elles", "nous",
    "vous", "je", "tu", "que", "qui", "quoi", "dans", "pour", "pas", "sur", "au", "aux", "avec", "ce",
    "cette", "ces", "se", "sont", "ont", "été", "était", "avait", "mais", "ou", "où", "son", "sa", "ses",
    "leur", "leurs", "par", "ne", "on", "y", "lui", "nos", "notre", "très", "tout", "tous", "toute",
    "aussi", "comme", "sans", "sous", "chez", "après", "avant", "puis", "alors", "quand", "parce", "c", "d",
    "l", "j", "n", "qu", "m", "s", "t", "mon", "ma", "mes", "ton", "ta", "tes", "être", "avoir",
    "fait", "ai", "avons", "avez", "suis", "sommes", "êtes",
})
ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "is", "was", "it", "that", "he", "she", "they", "we", "you", "with",
    "for", "on", "at", "by", "from", "this", "have", "has", "had", "not", "are", "were", "be", "been",
    "his", "her", "their", "an", "or", "but", "my", "me", "him", "them", "our", "your", "what", "which",
    "who", "when", "where", "there", "then", "than", "so", "if", "into", "about", "after", "before",
    "because", "would", "could", "should", "will", "did", "do", "does", "i",
})
_MALIAN_WORDS = {
    "Bambara": frozenset({
        "ye", "ka", "ko", "bɛ", "tɛ", "kɔ", "ani", "tun", "fɛ", "dɔ", "bɛɛ", "mɔgɔ", "walasa", "nka",
        "sisan", "kɔrɔ", "dugu", "jamana", "cɛ", "muso", "olu", "nin", "kelen", "fila", "sababu", "tuma",
        "waati", "kuma", "bɔ", "taa", "sɔrɔ", "aw", "anw", "ɲɛ", "ɲɔgɔn", "kɛ", "fɔ", "yɛrɛ", "ninnu",
        "kosɔn", "furu", "denmisɛn", "sɛnɛ", "bolo", "fana", "dɔrɔn", "tuguni", "ɲuman", "tiɲɛ", "kɔni",
        "tugu", "bɛna", "tɛna",
    }),
    "Fulfulde": frozenset({
        "ɗum", "ɓe", "ɗo", "ngam", "ɗon", "wonaa", "woni", "kadi", "fof", "kala", "ndee", "hono", "mbiy",
        "ɓeen", "nde", "miɗo", "omo", "oɗon", "ngoni", "ɗuum", "nden", "ɓaawo", "sanne", "jooni", "nder",
        "gooto", "ɗiɗi", "yimɓe", "fulɓe", "pullo", "jaaraama", "ɓesngu", "haray",
    }),
    "Songhai": frozenset({
        "nda", "ga", "ay", "ir", "ngu", "yaadin", "hala", "jine", "kul", "borey", "kaŋ", "sohõ", "woodin",
        "koy", "kar", "fondo", "boro", "hunkuna", "wey", "alboro", "woy", "ciini", "koyra", "haŋ", "ŋa",
        "ŋaa", "ihinka", "afo",
    }),
    "Tamasheq": frozenset({
        "ǝd", "əd", "dǝ", "də", "ɣur", "ad", "aman", "tamašaq", "tamasheq", "imǝnokal", "imənokal", "nǝk",
        "nək", "šin", "ǝs", "əs", "tǝ", "tə", "wǝr", "wər", "kǝl", "kəl", "awa", "iman", "alxer",
    }),
}
_MALIAN_LETTERS = {
    "Bambara": frozenset("ɛɔɲ"),
    "Fulfulde": frozenset("ɓɗƴ"),
    "Songhai": frozenset("ŋõẽ"),
    "Tamasheq": frozenset("ǝəɣḍṭẓš"),
}
WHISPER_MALIAN_NOTE = (
    "the speech model does not know Bambara, Fulfulde, Songhai or Tamasheq and often mistakes them for "
    "another language"
)
_TOKEN = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 200_000
_MIN_TOKENS = 3


@dataclass(frozen=True)
class LanguageGuess:
    """``language`` is ``fr``, ``en``, ``other`` or None (too little text); ``note`` explains, for humans."""

    language: str | None
    note: str | None = None
    suspected: tuple[str, ...] = ()


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` (only its first 200,000 characters are looked at)."""
    sample = text[:_SAMPLE_CHARS]
    by_script = _by_script(sample)
    if by_script is not None:
        return by_script
    tokens = _TOKEN.findall(sample.lower())
    if len(tokens) < _MIN_TOKENS:
        return LanguageGuess(None, "too little text to tell the language")
    counts = Counter(tokens)
    total = len(tokens)
    french = sum(n for word, n in counts.items() if word in FRENCH) / total
    english = sum(n for word, n in counts.items() if word in ENGLISH) / total
    malian = {name: _malian_score(name, counts, total) for name in _MALIAN_WORDS}
    suspected = tuple(name for name, score in sorted(malian.items(), key=lambda kv: -kv[1]) if score >= 0.05)
    best_malian = max(malian.values())
    main, main_score = ("fr", french) if french >= english else ("en", english)
    if main_score >= 0.12 and main_score > best_malian:
        if suspected:
            passages = ", ".join(suspected)
            return LanguageGuess(main, f"mostly {_NAMES[main]}, with passages that may be in {passages}: "
                                       "have them checked by a human transcriber", suspected)
        return LanguageGuess(main, None)
    if suspected:
        return LanguageGuess("other", f"not French or English; suspected {', '.join(suspected)}: "
                                      "route to human transcription", suspected)
    return LanguageGuess("other", "not French or English and no Malian language recognised: "
                                  "route to human transcription")


def language_from_code(code: str | None, *, probability: float | None = None) -> LanguageGuess:
    """Map a language code (from Whisper or intake metadata) to fr / en / other with a routing note."""
    if code is None:
        return LanguageGuess(None, "no language detected")
    code = code.lower().split("-")[0].split("_")[0]
    if code in ("fr", "en"):
        if probability is not None and probability < 0.5:
            return LanguageGuess(code, f"detected {_NAMES[code]} with low confidence ({probability:.2f}): "
                                       "have a human check the transcript")
        return LanguageGuess(code, None)
    name = CODE_NAMES.get(code, code)
    if name in _MALIAN_WORDS or name == "Arabic":
        return LanguageGuess("other", f"{name}: route to human transcription", (name,))
    confidence = f" (confidence {probability:.2f})" if probability is not None else ""
    return LanguageGuess("other", f"detected {name}{confidence}, but {WHISPER_MALIAN_NOTE}: "
                                  "route to human transcription")


CODE_NAMES = {
    "bm": "Bambara", "bam": "Bambara", "ff": "Fulfulde", "ful": "Fulfulde", "fuh": "Fulfulde",
    "ffm": "Fulfulde", "ses": "Songhai", "son": "Songhai", "khq": "Songhai", "twq": "Songhai",
    "tmh": "Tamasheq", "taq": "Tamasheq", "thv": "Tamasheq", "ar": "Arabic", "ara": "Arabic",
    "sw": "Swahili", "ha": "Hausa", "yo": "Yoruba", "ln": "Lingala", "so": "Somali", "wo": "Wolof",
    "fr": "French", "en": "English",
}
_NAMES = {"fr": "French", "en": "English"}


def _by_script(sample: str) -> LanguageGuess | None:
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    tifinagh = sum(1 for ch in letters if "\u2d30" <= ch <= "\u2d7f")
    if tifinagh / len(letters) >= 0.3:
        return LanguageGuess("other", "Tifinagh script: probably Tamasheq; route to human transcription",
                             ("Tamasheq",))
    if arabic / len(letters) >= 0.3:
        return LanguageGuess("other", "Arabic script: Arabic, or a Malian language written in Ajami; "
                                      "route to human transcription", ("Arabic",))
    return None


def _malian_score(name: str, counts: Counter[str], total: int) -> float:
    words = _MALIAN_WORDS[name]
    letters = _MALIAN_LETTERS[name]
    word_hits = sum(n for word, n in counts.items() if word in words)
    letter_hits = sum(n for word, n in counts.items() if word not in words and letters.intersection(word))
    return (word_hits + letter_hits) / total


def settle_language(text: str, hint: str | None) -> LanguageGuess:
    """Detect the language of ``text``; when there is too little text, fall back on the intake hint."""
    guess = detect_language(text)
    if guess.language is not None or not hint:
        return guess
    from_hint = language_from_code(hint)
    note = f"too little text to tell; taken from the intake metadata ({hint})"
    if from_hint.note:
        note = f"{note}; {from_hint.note}"
    return LanguageGuess(from_hint.language, note, from_hint.suspected)
