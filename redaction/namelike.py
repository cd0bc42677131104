"""Does a string look like a person's name? The gate for pseudonym propagation (issue 20).

A string found as PERSON may enter a case's pseudonym vault, and be matched again in every document of the
case, only if it looks like a name: never a French or English common word, a form-label word ("cercle",
"Âge", "Signature", "Nom", "Village"), a keep-list term or a stop word. Names of the name lists pass even
when another language uses them as words ("Awa", "Fanta", "Moussa"); names that are also common French or
English words ("Tall", "Sow": listed in ``conf/names/ambiguous.txt`` AND found in the word lists) pass only
inside a longer name, never alone.

Common words: ``conf/words/{fr,en}.txt.gz`` (derived from the lemmatizer tables of the spaCy models, see
``conf/README.md``), checked with the lemmatizer's own suffix rules (``conf/words/rules.json``) so that
plurals and conjugated forms count as words too. Nothing here imports spaCy.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from collections.abc import Iterable

from redaction.cleaning import fold_key
from redaction.lexicon import CONF, Lexicon, load_lexicon, read_list
from redaction.words import Word, split_words

WORDS = CONF / "words"
FORMS = CONF / "forms"
LANGS = ("fr", "en")


def _fold_bulk(value: str) -> str:
    if value.isascii():
        return value.replace("'", "").replace("-", "")
    decomposed = unicodedata.normalize("NFKD", value)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("œ", "oe").replace("æ", "ae").replace("'", "").replace("-", "")


@functools.cache
def common_words(lang: str) -> frozenset[str]:
    """Folded keys of the common words of ``lang`` ("fr" or "en")."""
    path = WORDS / f"{lang}.txt.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return frozenset(_fold_bulk(w) for w in handle.read().split())
    except OSError as exc:
        raise FileNotFoundError(f"word list {path} cannot be read ({exc}); reinstall temoin") from exc


@functools.cache
def _rules(lang: str) -> tuple[tuple[str, str], ...]:
    raw = json.loads((WORDS / "rules.json").read_text(encoding="utf-8"))
    return tuple((_fold_bulk(old), _fold_bulk(new)) for old, new in raw[lang])


@functools.cache
def label_words() -> frozenset[str]:
    """Words that form the labels of form fields (``conf/forms/label_words.txt``), folded."""
    out = set()
    for line in read_list(FORMS / "label_words.txt"):
        word, _, label = line.rpartition(" ")
        if label != "QUALIFIER":
            out.add(fold_key(word))
    return frozenset(out | {fold_key(w) for w in read_list(FORMS / "other_words.txt")})


def is_common_word(word: str, langs: Iterable[str] = LANGS) -> bool:
    """``word`` (any case, accents or not) is a French or English word, or an inflected form of one."""
    key = fold_key(word)
    return bool(key) and _common_key(key, tuple(langs))


@functools.lru_cache(maxsize=262144)
def _common_key(key: str, langs: tuple[str, ...]) -> bool:
    for lang in langs:
        words = common_words(lang)
        if key in words:
            return True
        for old, new in _rules(lang):
            if len(key) > len(old) + 1 and key.endswith(old) and (key[:len(key) - len(old)] + new) in words:
                return True
    return False


def _blocked(key: str, lexicon: Lexicon) -> bool:
    return (key in lexicon.stop_words or key in lexicon.particles or (key,) in lexicon.person_cues
            or lexicon.is_kept_word(key) or key in label_words())


def word_is_name_like(word: str, lexicon: Lexicon | None = None) -> bool:
    """One word that may identify a person on its own, and be propagated alone."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    key = fold_key(word)
    if len(key) < 2 or not word.replace("'", "").replace("-", "").replace("’", "").isalpha():
        return False
    if _blocked(key, lexicon):
        return False
    if lexicon.is_name(key) and len(key) >= 3:
        return key not in lexicon.ambiguous or not is_common_word(word)
    return not is_common_word(word)


def word_may_be_name(word: str, lexicon: Lexicon | None = None) -> bool:
    """Weaker test for the engine's own proposals: a listed name (even one that is also a word) or any word
    that is not a common word, a label word, a keep-list term or a stop word."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    key = fold_key(word)
    if len(key) < 1 or not word.replace("'", "").replace("-", "").replace("’", "").isalpha():
        return False
    if lexicon.is_name(key):
        return key not in label_words() and not lexicon.is_kept_word(key)
    if len(key) == 1 and word.isupper():
        return True  # an initial ("K. T.")
    if _blocked(key, lexicon):
        return False
    if len(key) == 1:
        return word.isupper()  # an initial ("K. T."), never a lower-case letter ("b. 1979")
    return not is_common_word(word)


def name_like_parts(name: str, lexicon: Lexicon | None = None) -> list[Word]:
    """The words of ``name`` that identify on their own (and may be matched alone across a case)."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    return [w for w in split_words(name) if word_is_name_like(w.text, lexicon)]


def rejection(name: str, lang: str = "fr", lexicon: Lexicon | None = None) -> str | None:
    """Why ``name`` may not enter a case's pseudonym vault, or None when it may."""
    del lang  # both languages' word lists apply: testimonies mix them
    lexicon = lexicon if lexicon is not None else load_lexicon()
    from redaction.propagate import canonical_name

    canonical = canonical_name(name, lexicon)
    words = split_words(canonical)
    if not words:
        return "no word left once titles and stop words are removed"
    if len(words) > 6 or "\n\n" in canonical:
        return "too long to be one person's name"
    if any(c.isdigit() for c in canonical):
        return "holds a number: a name has none"
    if tuple(w.key for w in words) in lexicon.keep:
        return "a keep-list term"
    labels = [w.text for w in words if w.key in label_words() and not lexicon.is_name(w.key)]
    if labels:
        return f"contains a form label word ({labels[0]})"
    if not any(word_is_name_like(w.text, lexicon) for w in words):
        return "no word of it looks like a name (common words, labels, keep-list terms or initials only)"
    return None


def may_propagate(name: str, lang: str = "fr") -> bool:
    """True when ``name`` (found as PERSON) may enter a case's vault and be propagated to its documents."""
    return rejection(name, lang) is None
