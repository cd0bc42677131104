"""The word lists of ``redaction/conf``: names, cues, ambiguous entries and keep-lists, loaded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from redaction.cleaning import fold_key
from redaction.words import PhraseIndex

CONF = Path(__file__).resolve().parent / "conf"
#: spaCy's stop-word lists, carried as data (``conf/stopwords/<lang>.txt``): importing spaCy takes seconds.
STOP_WORD_LANGS = ("fr", "en")

#: Keep-list files (``conf/keep/<file>.txt``) and the label their spans carry.
KEEP_FILES: dict[str, str] = {
    "regions": "LOC", "countries": "LOC", "armed_groups": "ORG", "institutions": "ORG", "time_words": "DATE",
}
#: Region names that are also cercle towns: kept only when the text says "région de X" / "X region".
REGIONS_IN_CONTEXT = "regions_2023"


def read_list(path: Path) -> list[str]:
    """Entries of a one-per-line data file; ``#`` starts a comment, blank lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FileNotFoundError(f"redaction data file {path} cannot be read ({exc}); reinstall temoin") from exc
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


@dataclass(frozen=True)
class Lexicon:
    given_names: frozenset[str]
    family_names: frozenset[str]
    multiword_names: PhraseIndex[str]
    particles: frozenset[str]
    person_cues: PhraseIndex[str]
    ambiguous: frozenset[str]
    keep: PhraseIndex[str]
    keep_case_sensitive: frozenset[str]
    stop_words: frozenset[str]
    regions_in_context: PhraseIndex[str]

    def is_name(self, key: str) -> bool:
        return key in self.given_names or key in self.family_names

    def is_ambiguous(self, key: str, shortest: int = 3) -> bool:
        """Too short (fewer than ``shortest`` letters) or also an ordinary word: needs a cue."""
        return len(key) < shortest or key in self.ambiguous

    def is_kept_word(self, key: str) -> bool:
        return (key,) in self.keep


@functools.cache
def load_lexicon(conf: Path = CONF) -> Lexicon:
    names = conf / "names"
    given = read_list(names / "given_names.txt")
    family = read_list(names / "family_names.txt")
    multi = [n for n in family if " " in n]
    stop = {fold_key(w) for lang in STOP_WORD_LANGS for w in read_list(conf / "stopwords" / f"{lang}.txt")}
    time_words = {fold_key(w) for w in read_list(conf / "keep" / "time_words.txt")}
    ambiguous = {fold_key(w) for w in read_list(names / "ambiguous.txt")} | stop | time_words
    keep: PhraseIndex[str] = PhraseIndex()
    case_sensitive: set[str] = set()
    for file, label in KEEP_FILES.items():
        for entry in read_list(conf / "keep" / f"{file}.txt"):
            keep.add(entry, label)
            if entry.isupper() and len(entry) <= 5:
                case_sensitive.add(entry)
    return Lexicon(
        given_names=frozenset(fold_key(n) for n in given if " " not in n),
        family_names=frozenset(fold_key(n) for n in family if " " not in n),
        multiword_names=PhraseIndex((n, "PERSON") for n in multi),
        particles=frozenset(fold_key(p) for p in read_list(names / "particles.txt")),
        person_cues=PhraseIndex((c, c) for c in read_list(names / "person_cues.txt")),
        ambiguous=frozenset(ambiguous),
        keep=keep,
        keep_case_sensitive=frozenset(case_sensitive),
        stop_words=frozenset(stop | time_words),
        regions_in_context=PhraseIndex((r, "LOC") for r in read_list(conf / "keep" / f"{REGIONS_IN_CONTEXT}.txt")),
    )
