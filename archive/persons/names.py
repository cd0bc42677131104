"""Person names made comparable: folded, put in the right field, mapped to one spelling, phonetic keys.

The variants are data (``data/name_variants.csv``: Kulibali = Coulibaly, Fanta ~ Fatoumata...); the
phonetic key catches the spellings nobody listed (``Kouyaté``/``Kuyate``, ``Diarra``/``Djarra``). Which
words are family names and which are given names comes from the redaction gazetteers
(``redaction/conf/names``) plus this table; it lets a name written family-first be put back in order.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

VARIANTS = Path(__file__).resolve().parent / "data" / "name_variants.csv"
_NOT_LETTER = re.compile(r"[^a-z]+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")
_VOWELS = "aeiou"


@functools.lru_cache(maxsize=200_000)
def fold(text: str, *, digits: bool = False) -> str:
    """Lower case, no accents, apostrophes dropped (N'Diaye = Ndiaye), other punctuation and hyphens as spaces.

    Digits are dropped from names; places keep them (``digits=True``: "Commune 4", a postcode).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’ʼ`´‘]", "", plain).replace("ß", "ss").replace("æ", "ae").replace("œ", "oe")
    return (_NOT_LETTER_OR_DIGIT if digits else _NOT_LETTER).sub(" ", plain).strip()


@functools.lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A sound key for one folded word: French/Manding spellings of the same sound meet.

    dj/dy/di+vowel -> j, ou/w -> u, c/q/ck/kh -> k (s before e/i), y -> i, ph -> f, z -> s, h dropped, doubled
    letters single, and a run of vowels kept as its first vowel (Traore/Trawore, Kouyaté/Kuyate, Maïga/Maiga).
    """
    word = token
    for old, new in (("tch", "c"), ("dj", "j"), ("dy", "j"), ("ph", "f"), ("kh", "k"), ("ck", "k"), ("qu", "k"),
                     ("gu", "g"), ("ou", "u"), ("oo", "u"), ("w", "u"), ("y", "i"), ("z", "s"), ("x", "ks")):
        word = word.replace(old, new)
    word = re.sub(r"di(?=[aeou])", "j", word)
    word = re.sub(r"c(?=[ei])", "s", word).replace("c", "k").replace("q", "k")
    word = word.replace("h", "") or word
    word = re.sub(r"(.)\1+", r"\1", word)
    return re.sub(rf"([{_VOWELS}])[{_VOWELS}]+", r"\1", word)


def skeleton(key: str) -> str:
    """The consonants of a phonetic key after its first letter: robust to vowel typos (jones/jonse)."""
    return key[:1] + "".join(c for c in key[1:] if c not in _VOWELS)


@dataclass(frozen=True)
class NameTable:
    spelling: dict[str, str]    # folded variant -> folded canonical spelling
    diminutive: dict[str, str]  # folded canonical -> folded root name
    family: frozenset[str]      # folded words known as family names
    given: frozenset[str]       # folded words known as given names
    particles: frozenset[str]   # canonical particles (ag, walet, ould, mint)

    def canonical(self, token: str) -> str:
        return self.spelling.get(token, token)

    def root(self, token: str) -> str:
        canon = self.canonical(token)
        return self.diminutive.get(canon, canon)


def _gazetteer(name: str) -> set[str]:
    """Single-word names of a redaction gazetteer (read as data: importing redaction's code pulls in spaCy)."""
    path = resources.files("redaction") / "conf" / "names" / name
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = fold(line.split("#", 1)[0])
        if entry and " " not in entry:
            words.add(entry)
    return words


@functools.cache
def load_name_table(path: Path = VARIANTS) -> NameTable:
    """Read the variant table once; a malformed row names its line."""
    spelling: dict[str, str] = {}
    diminutive: dict[str, str] = {}
    family, given = _gazetteer("family_names.txt"), _gazetteer("given_names.txt")
    particles: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(n, r) for n, r in enumerate(csv.reader(handle), 1) if r and not r[0].startswith("#")]
    for line, row in rows[1:]:
        if len(row) != 4 or row[2] not in ("spelling", "diminutive") or row[3] not in ("family", "given", "particle"):
            raise ValueError(f"{path}: line {line} should be name,same_as,spelling|diminutive,family|given|particle")
        name, same_as, kind, field = fold(row[0]), fold(row[1]), row[2], row[3]
        if kind == "spelling":
            spelling[name] = same_as
        else:
            diminutive[name] = same_as
        {"family": family, "given": given, "particle": particles}[field].update({name, same_as})
    # A diminutive written in another spelling still reaches its root.
    diminutive.update({v: diminutive[c] for v, c in spelling.items() if c in diminutive})
    particles = {spelling.get(p, p) for p in particles}
    return NameTable(spelling, diminutive, frozenset(family), frozenset(given), frozenset(particles))


def _is_family(token: str, table: NameTable) -> bool:
    return token in table.family and token not in table.given


def _is_given(token: str, table: NameTable) -> bool:
    return token in table.given and token not in table.family


def orient(given: str, family: str, table: NameTable) -> tuple[list[str], list[str]]:
    """Folded tokens of the given and family names, swapped back when clearly written the other way round.

    A whole name in one field ("TRAORE Fatoumata") is split on the words known as family names.
    """
    g, f = fold(given).split(), fold(family).split()
    if g and f:
        family_first = all(_is_family(t, table) for t in g) and not any(_is_family(t, table) for t in f)
        given_last = all(_is_given(t, table) for t in f) and not any(_is_given(t, table) for t in g)
        return (f, g) if family_first or given_last else (g, f)
    whole = g or f
    if len(whole) < 2:
        return g, f
    fam: list[str] = []
    rest: list[str] = []
    for index, token in enumerate(whole):
        after_particle = index > 0 and table.canonical(whole[index - 1]) in table.particles
        if _is_family(token, table) or table.canonical(token) in table.particles or after_particle:
            fam.append(token)
        else:
            rest.append(token)
    if fam and rest:
        return rest, fam
    return g, f


@dataclass(frozen=True, slots=True)
class NameKeys:
    """What the model compares for one name: folded text, canonical spelling, root, sound key, block key."""

    norm: str | None
    canon: str | None
    root: str | None
    phon: str | None
    key: str | None  # skeleton of the main word's sound key: for blocking


def name_keys(tokens: list[str], table: NameTable, *, main: str = "first") -> NameKeys:
    """Keys of a folded name; ``main`` says which word carries the block key (first given / last family word)."""
    if not tokens:
        return NameKeys(None, None, None, None, None)
    canon = [table.canonical(t) for t in tokens]
    words = [c for c in canon if c not in table.particles] or canon
    main_word = words[0] if main == "first" else words[-1]
    return NameKeys(
        norm=" ".join(tokens),
        canon=" ".join(canon),
        root=" ".join(table.root(t) for t in tokens),
        phon=" ".join(phonetic(c) for c in canon),
        key=skeleton(phonetic(table.root(main_word))),
    )


def parent_keys(text: str, table: NameTable) -> NameKeys:
    """A father's or mother's name as written (often the given name alone, or given + family)."""
    return name_keys(fold(text).split(), table, main="first")
