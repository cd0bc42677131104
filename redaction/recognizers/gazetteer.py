"""Gazetteers kept as data files (``redaction/conf``): Malian person names and localities.

A name or village name is often an ordinary word too ("Bah", "Tall", "Madina"), so a hit needs context:
a capital letter (inside ALL-CAPS lines capitals say nothing, so only unambiguous entries count there), a
cue before it ("M.", "ma sœur", "village de", "à", "camp de"), or a neighbouring name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from redaction.lexicon import Lexicon
from redaction.namelike import is_common_word, label_words
from redaction.places import Gazetteer, Place
from redaction.recognizers.base import Span, TextView
from redaction.words import Word, at_sentence_start

STRONG_PLACE_CUES = frozenset([
    "village", "hameau", "quartier", "camp", "site", "commune", "localite", "secteur", "fraction",
    "campement", "ville", "town", "hamlet", "neighbourhood", "neighborhood", "district", "settlement"
])
#: Titles after which even a lower-case word is a name ("mme sogoba").
HONORIFICS = frozenset(["m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "mr", "mrs", "ms", "dr", "docteur",
                        "maitre"])
#: "<head> [words] de X": a place named after a facility or a road ("Brigade territoriale de Diafarabé",
#: "route de Ténenkou").
SEAT_HEADS = frozenset([
    "poste", "brigade", "commissariat", "gendarmerie", "tribunal", "justice", "centre", "center", "clinique",
    "cscom", "csref", "hopital", "dispensaire", "maternite", "mairie", "prefecture", "ecole", "lycee", "route",
    "axe", "sortie", "entree", "piste", "environs", "marche", "foire", "mosquee", "cercle", "commune", "police",
    "juridique", "sante", "office", "antenne", "bureau", "station", "garage", "gare", "pont", "puits", "barrage",
])
#: In ALL-CAPS lines, where capitals say nothing, an unknown word right after one of these is a place.
CAPS_PLACE_CUES = frozenset(["a", "au", "aux", "in", "at", "from", "vers", "pres", "near", "to", "towards", "via",
                             "base", *STRONG_PLACE_CUES])
SEAT_LINKS = frozenset(["de", "du", "d", "of"])
#: Mid-sentence in cased text, a capitalised word that no list knows right after one of these is a place.
UNKNOWN_PLACE_CUES = frozenset(["a", "au", "in", "at", "from", "near", "between", "entre", "vers", "pres", "depuis",
                                "towards", "via", "to"])
WEAK_PLACE_CUES = frozenset([
    "a", "au", "aux", "de", "du", "d", "des", "vers", "pres", "dans", "depuis", "jusqu", "in", "at",
    "from", "to", "near", "of", "en", "sur", "for", "via", "towards", "toward"
])


def _gap_is_space(view: TextView, left: Word, right: Word) -> bool:
    """Only spaces between the two words, on one line (a name does not run into the next line's label, nor
    across a form's wide gap into the next field's label: "TANDIA      Prénom")."""
    gap = view.text[left.end:right.start]
    if gap.strip() or "\n" in gap:
        return False
    return len(gap) < 2 or right.key not in label_words()


class PersonNameRecognizer:
    """Given and family names of the name lists, name chains (Ag, Ould, Walet, Mint, Ben...) and their
    capitalised neighbours ("Aminata Sogoba": a known given name makes the next capitalised word a name)."""

    NAME: ClassVar[str] = "gazetteer.person_names.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("M.", "Mme", "monsieur", "madame", "ma sœur", "mon frère")
    SCORE: ClassVar[float] = 0.75
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _capital(self, view: TextView, word: Word) -> bool:
        return word.is_title or view.uncased(word.start)

    def _lower_name(self, word: Word) -> bool:
        """A listed name typed in lower case in an otherwise cased text (messages: "ils ont emmené seydou"):
        a name when it is no common word, no ambiguous entry and four letters or more."""
        return (word.text.islower() and len(word.key) >= 4 and word.key not in self.lexicon.ambiguous
                and not is_common_word(word.text))

    def _plain(self, word: Word) -> bool:
        """A capitalised word that may be an unknown part of a name (not a stop, keep or cue word)."""
        key = word.key
        lex = self.lexicon
        return (len(key) >= 2 and word.text.isalpha() and key not in lex.ambiguous
                and not lex.is_kept_word(key) and (key,) not in lex.person_cues)

    def _is_part(self, view: TextView, words: list[Word], index: int) -> bool:
        word = words[index]
        if self.lexicon.is_name(word.key) and (self._capital(view, word) or self._lower_name(word)):
            return True
        if word.key in self.lexicon.particles and index + 1 < len(words):
            following = words[index + 1]
            if following.text.islower() and not view.word_uncased(following):
                return _gap_is_space(view, word, following) and self._lower_name(following) \
                    and self.lexicon.is_name(following.key)  # "oumou walet sidi" in a cased message
            return _gap_is_space(view, word, following) and self._capital(view, following) \
                and (following.is_title or self.lexicon.is_name(following.key))
        return False

    def find(self, view: TextView) -> Iterable[Span]:
        words = view.words
        lex = self.lexicon
        for first, last, _ in lex.multiword_names.find(view.text, words):
            yield Span(words[first].start, words[last - 1].end, "PERSON", 0.9)
        index = 0
        count = len(words)
        while index < count:
            if not self._is_part(view, words, index):
                index += 1
                continue
            first = last = index
            while last + 1 < count and _gap_is_space(view, words[last], words[last + 1]) and (
                    self._is_part(view, words, last + 1) or words[last].key in lex.particles
                    or (words[last + 1].is_title and not view.uncased(words[last + 1].start)
                        and self._plain(words[last + 1]))
                    or (view.uncased(words[last + 1].start) and words[last].key in lex.given_names
                        and len(words[last + 1].key) >= 3 and self._plain(words[last + 1]))):
                last += 1
            while first > 0 and _gap_is_space(view, words[first - 1], words[first]) \
                    and words[first - 1].is_title and not view.uncased(words[first - 1].start) \
                    and self._plain(words[first - 1]) and not at_sentence_start(view.text, words[first - 1].start):
                first -= 1
            if last + 1 < count and _initial_after(view, words[last], words[last + 1]):
                last += 1  # "oumar k:", "sidi b?": a lower-case initial after a name in a message
            span = self._accept(view, words, first, last)
            if span is not None:
                yield span
            index = last + 1

    def _accept(self, view: TextView, words: list[Word], first: int, last: int) -> Span | None:
        start, end = words[first].start, words[last].end
        if last > first:
            return Span(start, end, "PERSON", 0.8)
        word = words[first]
        if not self.lexicon.is_ambiguous(word.key):
            return Span(start, end, "PERSON", 0.6 if view.uncased(start) else 0.7)
        if has_person_cue(view, words, first, self.lexicon):
            return Span(start, end, "PERSON", 0.7)
        return None


def _initial_after(view: TextView, name: Word, word: Word) -> bool:
    following = view.text[word.end:word.end + 1]
    return (len(word.text) == 1 and word.text in "bcdfghjklmnpqrstvwxz" and view.text[name.end:word.start] == " "
            and (not following or following in ":?!,;\n"))


def has_person_cue(view: TextView, words: list[Word], index: int, lexicon: Lexicon) -> bool:
    """A cue ("M.", "Mme", "ma sœur", "named"...) ends just before ``words[index]``."""
    for size in range(1, min(lexicon.person_cues.longest, index) + 1):
        key = tuple(w.key for w in words[index - size:index])
        if key in lexicon.person_cues and not view.text[words[index - 1].end:words[index].start].strip(" .:,"):
            return True
    return False


class PersonCueRecognizer:
    """Capitalised words right after a person cue, known names or not: "M. Kouyaté", "named Sogoba"."""

    NAME: ClassVar[str] = "context.person_cue.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("M.", "Mme", "monsieur", "madame", "nommé", "named", "called")
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, view: TextView) -> Iterable[Span]:
        words = view.words
        lex = self.lexicon
        for index in range(1, len(words)):
            word = words[index]
            lower = word.text.islower() and words[index - 1].key in HONORIFICS and self._lower_after_title(word)
            if not (word.is_title or (view.uncased(word.start) and lex.is_name(word.key)) or lower):
                continue
            if not has_person_cue(view, words, index, lex) or not self._usable(word):
                continue
            if not lex.is_name(word.key) and (word.key in label_words() or (
                    (view.word_uncased(word) or word.is_upper) and is_common_word(word.text))):
                continue  # "WITNESS STATEMENT", "Témoin : Witness C": a form's words, not a name
            last = index
            while last + 1 < len(words) and last - index < 3 and _gap_is_space(view, words[last], words[last + 1]) \
                    and (words[last + 1].is_title or words[last + 1].key in lex.particles) \
                    and (self._usable(words[last + 1]) or words[last + 1].key in lex.particles):
                last += 1
            yield Span(word.start, words[last].end, "PERSON", self.SCORE)

    def _lower_after_title(self, word: Word) -> bool:
        """A lower-case word after "mme", "m.", "dr" in a message ("g envoyé a mme sogoba"): a listed name, or a
        word of three letters or more that is no common word, stop word, label or keep-list term."""
        lex = self.lexicon
        key = word.key
        if len(key) < 3 or not word.text.isalpha() or key in lex.stop_words or key in label_words() \
                or lex.is_kept_word(key):
            return False
        return lex.is_name(key) or not is_common_word(word.text)

    def _usable(self, word: Word) -> bool:
        key = word.key
        return (len(key) >= 2 and key not in self.lexicon.ambiguous - self.lexicon.given_names \
            and not self.lexicon.is_kept_word(key)) or self.lexicon.is_name(key)


class LocalityRecognizer:
    """Villages, Bamako quartiers and IDP sites of the place tables, plus unknown capitalised names after a
    strong cue ("village de X", "camp de X"). Region names and major towns are left to the keep-list."""

    NAME: ClassVar[str] = "gazetteer.localities_ml.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("LOC",)
    CONTEXT: ClassVar[tuple[str, ...]] = tuple(sorted(STRONG_PLACE_CUES))
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = True

    def __init__(self, lexicon: Lexicon, places: Gazetteer) -> None:
        self.lexicon = lexicon
        self.places = places

    def find(self, view: TextView) -> Iterable[Span]:
        words = view.words
        seen: set[int] = set()
        for first, last, places in self.places.index.find(view.text, words):
            span = self._judge(view, words, first, last, places)
            if span is not None:
                seen.add(first)
                yield span
        yield from self._after_strong_cue(view, words, seen)

    def _cue(self, words: list[Word], first: int) -> str:
        previous = [w.key for w in words[max(0, first - 2):first]]
        if previous and previous[-1] in STRONG_PLACE_CUES:
            return "strong"
        if len(previous) == 2 and previous[0] in STRONG_PLACE_CUES and previous[1] in WEAK_PLACE_CUES:
            return "strong"
        if previous and previous[-1] in SEAT_LINKS and any(
                w.key in SEAT_HEADS for w in words[max(0, first - 4):first - 1]):
            return "strong"  # "Brigade de Diafarabé", "CLINIQUE DE KONNA", "route de Ténenkou"
        return "weak" if previous and previous[-1] in WEAK_PLACE_CUES else ""

    def _judge(self, view: TextView, words: list[Word], first: int, last: int,
               places: tuple[Place, ...]) -> Span | None:
        head = words[first]
        start, end = head.start, words[last - 1].end
        key = tuple(w.key for w in words[first:last])
        lex = self.lexicon
        if key in lex.keep:
            return None
        langs = (view.lang,) if view.lang in ("fr", "en") else ("fr", "en")
        if all(p.kind == "abroad" for p in places):
            # Towns abroad (Niamey, Abidjan, Nouakchott): distinctive in any case (WordNet lists some of them in
            # lower case: only the French word list counts); one that is also a French word ("paris", "rabat")
            # needs a capital or a cue.
            if len("".join(key)) < 4 or any(lex.is_ambiguous(k, 4) or lex.is_name(k) for k in key):
                return None
            if head.is_title or self._cue(words, first) or not any(is_common_word(w.text, ("fr",))
                                                                    for w in words[first:last]):
                return Span(start, end, "LOC", 0.75)
            return None
        uncased = all(view.word_uncased(w) for w in words[first:last])
        cue = self._cue(words, first)
        if not (head.is_title or uncased):
            # A lower-case word in cased text ("on est arrivés a dialakoro hier"): a place when a cue says so and
            # it is no common word and no person's name.
            if cue and len("".join(key)) >= 5 and not any(lex.is_name(k) for k in key) \
                    and not any(is_common_word(w.text, langs) for w in words[first:last]):
                return Span(start, end, "LOC", 0.6)
            return None
        if cue == "strong" or (last < len(words) and words[last].key in STRONG_PLACE_CUES):
            return Span(start, end, "LOC", 0.85)
        if uncased and all(is_common_word(w.text, langs) for w in words[first:last]):
            return None  # "marche", "bourse": in lower case or ALL CAPS only a strong cue makes them places
        single = key[0] if len(key) == 1 else ""
        ambiguous = bool(single) and (lex.is_ambiguous(single, 4) or lex.is_name(single))
        if cue == "weak" and not ambiguous:
            return Span(start, end, "LOC", 0.7)
        if cue == "weak" and single and not lex.is_name(single) and single not in lex.ambiguous and len(single) >= 3:
            return Span(start, end, "LOC", 0.5)
        if not cue and uncased and not ambiguous and len("".join(key)) >= 6 and not any(lex.is_name(k) for k in key) \
                and not any(is_common_word(w.text) for w in words[first:last]):
            return Span(start, end, "LOC", 0.5)  # "on est partis de niagassadiou": a long locality no word list knows
        header = view.in_caps(start) and not uncased  # "CENTRE DE SANTÉ Kona — FICHE"
        if not cue and not ambiguous and len("".join(key)) >= (4 if header else 5) and not uncased \
                and (header or not at_sentence_start(view.text, start)):
            return Span(start, end, "LOC", 0.5)
        return None

    def _unknown_place(self, view: TextView, word: Word, shortest: int = 5) -> bool:
        """A word that no list knows: no name, no keep-list term, no label, no common word."""
        lex = self.lexicon
        key = word.key
        langs = (view.lang,) if view.lang in ("fr", "en") else ("fr", "en")
        return (len(key) >= shortest and word.text.isalpha() and not lex.is_name(key) and key not in lex.ambiguous
                and not lex.is_kept_word(key) and key not in label_words() and not is_common_word(word.text, langs))

    def _after_strong_cue(self, view: TextView, words: list[Word], seen: set[int]) -> Iterator[Span]:
        lex = self.lexicon
        for index in range(len(words)):
            word = words[index]
            after = index + 1 < len(words) and words[index + 1].key in STRONG_PLACE_CUES and index > 0 \
                and words[index - 1].key in WEAK_PLACE_CUES | {"the", "le", "la"}
            if index in seen or not (word.is_title or view.uncased(word.start)):
                continue
            if index > 0 and view.in_caps(word.start) and view.word_uncased(word) \
                    and words[index - 1].key in CAPS_PLACE_CUES and self._unknown_place(view, word):
                yield Span(word.start, word.end, "LOC", 0.5)  # "NÉE À DIOURA", "BORN IN 1979 IN TOGORO"
                continue
            if not after and not view.uncased(word.start) and index > 0 and self._cue(words, index) != "strong" \
                    and words[index - 1].key in UNKNOWN_PLACE_CUES and self._unknown_place(view, word, 4) \
                    and not at_sentence_start(view.text, word.start) and not word.is_upper:
                yield Span(word.start, word.end, "LOC", 0.5)  # "checkpoint at Dioungouré", "vers Koumbéri"
                continue
            if not after and (view.uncased(word.start) or index == 0 or self._cue(words, index) != "strong"):
                continue
            if after:
                if word.key not in lex.ambiguous and not lex.is_kept_word(word.key) and len(word.key) >= 3:
                    yield Span(word.start, word.end, "LOC", 0.6)
                continue
            if word.key in lex.ambiguous or lex.is_kept_word(word.key) or len(word.key) < 3:
                continue
            last = index
            while last + 1 < len(words) and last - index < 2 and words[last + 1].is_title \
                    and _gap_is_space(view, words[last], words[last + 1]) and words[last + 1].key not in lex.ambiguous:
                last += 1
            yield Span(word.start, words[last].end, "LOC", 0.6)
