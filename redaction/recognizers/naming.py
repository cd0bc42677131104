"""Names announced by the words around them, whatever their case and whether the name lists know them:

- naming phrases: "je m'appelle oumou walet sidi", "my name is ...", "on l'appelait abou bakr",
  "TEMBELY DIT SOUMBOUROU", "alias Requin", "known as ...";
- nicknames in quotes after a naming word: "dit « Grand Issa »", "his nickname "Barbe Rouge"",
  "le surnom de l'homme : « le Borgne »" (the whole quoted name is the span; the quotes stay);
- greetings and letters: "Hello Fatoumata,", "Dear Moussa", "Bonjour Awa".

The words taken are those that may be a name: listed names, or words that are no common French or English
word, no stop word, no keep-list term and no form label. A quoted nickname may hold ordinary words ("le
Borgne") when one of its words after the first is capitalised or name-like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from redaction.lexicon import Lexicon
from redaction.namelike import is_common_word, label_words
from redaction.recognizers.base import Span, TextView
from redaction.words import Word, split_words

_NAMING = re.compile(
    r"(?i)\b(?:je\s+m['’ ]?app?[eè]ll?e?|je\s+mapp?ell?e?|my\s+name\s+is|mon\s+nom\s+est|mon\s+nom\s+c['’]?est|"
    r"on\s+l['’]app?ell?(?:e|ait|aient)|on\s+m['’]app?ell?e|(?:il|elle)\s+s['’]app?ell?(?:e|ait)|nomm[ée]e?|"
    r"surnomm[ée]e?|dite?|alias|a\.k\.a\.?|aka|nicknamed|nickname(?:\s+(?:is|was))?|known(?:\s+\w+){0,3}\s+as|called|named)"
    r"(?P<gap>[ \t]*[:,]?[ \t]*(?P<quote>[«\"“‘'][ \t]*)?)")
#: The first words of the naming phrases: the regex runs only where one of them starts a word.
_FIRST_KEYS = frozenset({"je", "my", "mon", "on", "il", "elle", "nomme", "nommee", "surnomme", "surnommee", "dit",
                         "dite", "alias", "a", "aka", "nicknamed", "nickname", "known", "called", "named"})
_QUOTED = re.compile(r"(?i)\bsurnom\b[^«\"“\n]{0,30}?[«\"“][ \t]*")
_CLOSE = re.compile(r"[ \t]*[»\"”’']")
_GREETINGS = ("hi ", "hello", "dear", "bonjour", "bonsoir", "salut", "cher")
_GREETING = re.compile(r"(?im)(?:^|(?<=[\]:>]\s))[ \t]*(?:hi|hello|dear|bonjour|bonsoir|salut|cher|ch[èe]re)[ \t]+"
                       r"(?=[A-ZÀ-Ý])")


class NamingCueRecognizer:
    NAME: ClassVar[str] = "context.naming_cue.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("PERSON",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("je m'appelle", "my name is", "dit", "alias", "known as", "Dear")
    SCORE: ClassVar[float] = 0.7
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        starts = [w.start for w in view.words if w.key in _FIRST_KEYS]
        matches = (_NAMING.match(text, start) for start in starts)
        for match in (m for m in matches if m is not None):
            if match.group("quote"):
                yield from self._quoted(view, match.end())
            else:
                yield from self._words(view, match.end(), 3)
        lowered = text.lower()
        if "surnom" in lowered:
            for match in _QUOTED.finditer(text):
                yield from self._quoted(view, match.end())
        if any(g in lowered for g in _GREETINGS):
            for match in _GREETING.finditer(text):
                yield from self._words(view, match.end(), 2, capitalised=True)

    def _name_like(self, word: Word) -> bool:
        lex = self.lexicon
        key = word.key
        if len(key) < 2 or not word.text.isalpha() or key in lex.stop_words or lex.is_kept_word(key) \
                or (key,) in lex.person_cues:
            return False
        if lex.is_name(key):
            return key not in label_words()
        return key not in label_words() and key not in lex.particles and not is_common_word(word.text)

    def _words(self, view: TextView, start: int, most: int, capitalised: bool = False) -> Iterator[Span]:
        words = [w for w in split_words(view.text[start:start + 80])]
        taken: list[Word] = []
        for word in words:
            gap = view.text[start + (taken[-1].end if taken else 0):start + word.start]
            if (taken and gap not in (" ", "\t")) or (not taken and gap.strip()) or len(taken) >= most:
                break
            if word.key in self.lexicon.particles and taken:
                taken.append(word)
                continue
            if not self._name_like(word) or (capitalised and not word.is_title):
                break
            taken.append(word)
        while taken and taken[-1].key in self.lexicon.particles:
            taken.pop()
        if taken:
            yield Span(start + taken[0].start, start + taken[-1].end, "PERSON", self.SCORE)

    def _quoted(self, view: TextView, start: int) -> Iterator[Span]:
        text = view.text
        end = start
        while end < len(text) and end - start <= 40 and text[end] not in "»\"”’'\n,.;!?":
            end += 1
        if end >= len(text) or _CLOSE.match(text, end) is None:
            return
        words = split_words(text[start:end])
        if not words or len(words) > 3:
            return
        if any(self._name_like(w) for w in words) or any(w.is_title for w in words[1:]):
            value_end = start + words[-1].end
            yield Span(start + words[0].start, value_end, "PERSON", self.SCORE)
