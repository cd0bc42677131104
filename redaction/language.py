"""Tell French from English, and flag anything else (Bambara, Arabic, ...) for human review.

A cheap, dependency-free detector: the share of very common function words of each language, plus the
script (Arabic, Tifinagh) and the letters of Manding/Fulfulde orthographies (ɛ, ɔ, ɲ, ŋ, ɓ, ɗ, ƴ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORTED = ("fr", "en")

_FR = frozenset([
    "le", "la", "les", "des", "du", "et", "est", "une", "un", "pour", "dans", "que", "qui", "il",
    "elle", "nous", "je", "ne", "pas", "avec", "sur", "au", "aux", "ont", "été", "mon", "ma", "mes",
    "son", "sa", "ses", "ce", "cette", "sont", "était", "avait", "ils", "elles", "on", "lui", "leur",
    "leurs", "mais", "ou", "où", "donc", "vous", "y", "en", "par", "plus", "tout", "tous", "très",
    "nous", "notre", "nos", "quand", "comme", "après", "avant", "chez", "vers", "sans", "sous", "été",
    "suis", "ai"
])
_EN = frozenset([
    "the", "and", "of", "to", "was", "were", "is", "are", "in", "he", "she", "they", "we", "my", "his",
    "her", "with", "that", "on", "for", "at", "from", "had", "have", "has", "not", "this", "it", "our",
    "their", "them", "me", "him", "but", "when", "then", "there", "which", "who", "what", "would",
    "could", "been", "into", "out", "by", "an", "as", "after", "before", "said", "told"
])
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_TIFINAGH = re.compile(r"[\u2d30-\u2d7f]")
_AFRICAN_LETTERS = re.compile(r"[ɛɔɲŋɓɗƴƐƆƝŊƁƊƳ]")
#: Share of function words below which a text is not French or English.
MIN_SHARE = 0.12


@dataclass(frozen=True, slots=True)
class Detection:
    lang: str  # "fr", "en", or a code for an unsupported language ("ar", "bm", "und")
    supported: bool
    reason: str = ""
    mixed: bool = False


def detect(text: str) -> Detection:
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return Detection("und", False, "no words to analyse")
    arabic = len(_ARABIC.findall(sample))
    if arabic / letters > 0.5:
        return Detection("ar", False, "Arabic-script text: no recognizer for this language")
    if len(_TIFINAGH.findall(sample)) / letters > 0.5:
        return Detection("tmh", False, "Tifinagh text: no recognizer for this language")
    words = [w.lower() for w in _WORD.findall(sample)]
    fr = sum(1 for w in words if w in _FR) / len(words)
    en = sum(1 for w in words if w in _EN) / len(words)
    african = len(_AFRICAN_LETTERS.findall(sample)) / letters
    if african > 0.01 and max(fr, en) < 0.3:
        return Detection("bm", False, "text looks like Bambara/Manding or Fulfulde: no recognizer for it")
    if max(fr, en) < MIN_SHARE and len(words) >= 6:
        return Detection("und", False, f"language not recognised as French or English "
                                       f"(function words: fr {fr:.2f}, en {en:.2f})")
    lang = "en" if en > fr else "fr"
    mixed = min(fr, en) >= 0.05 and min(fr, en) / max(fr, en, 1e-9) > 0.3
    return Detection(lang, True, "", mixed)
