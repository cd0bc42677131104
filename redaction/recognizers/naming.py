"""Names announced by the words around them, whatever their case and whether the name lists know them:

- naming phrases: "je m'appelle oumou walet sidi", "my name is ...", "on l'appelait abou bakr",
  "TEMBELY DIT SOUMBOUROU", "alias Requin", "known as ...";
- nicknames in quotes after a naming word: "dit « Grand Issa »", "his nickname "Barbe Rouge"",
  "le surnom de l'homme : « le Borgne »" (the whole quoted name is the span; the quotes stay);
- greetings and letters: "Hello Fatoumata,", "Dear Moussa", "Bonjour Awa";
- a nickname in quotes a few words after a naming verb, written as a name (every word capitalised) even when
  its words are ordinary ones: "ses hommes appelaient « Colonel Mangue »", "they called him "Biscuit"", "tout le
  monde l'appelle « Petite Lune »";
- message headers: the name before an address in angle brackets ("Margot Lefèvre <m.l@example.org>") and the
  capitalised names of a From / To / Cc line ("Cc: Yannick Obrecht").

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
#: A naming verb, then at most three short words, then an opening quote: the quoted words are a nickname.
_CALLED_QUOTE = re.compile(
    r"(?i)\b(?:app?ell?(?:e|es|ent|er|ait|aient|é|ée|és|ées)|surnomm\w*|nicknam\w*|call(?:s|ed|ing)?|"
    r"known\s+as)"
    r"(?:[ \t]+[\w'’]{1,8}){0,3}[ \t]*[:,]?[ \t]*[«\"“‘][ \t]*")
_MAIL_NAME = re.compile(r"([A-ZÀ-Ý][\w'’\-]+(?:[ \t]+[A-ZÀ-Ý][\w'’\-]+){0,3})[ \t]*<[^<>@\s]+@[^<>\s]+>")
_HEADER = re.compile(r"(?im)^[ \t]*(?:from|to|cc|bcc|de|[àa]|expéditeur|destinataires?)[ \t]*:[ \t]*(?P<value>[^\n]+)")
_HEADER_NAME = re.compile(r"(?<![\w@.])[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:[ \t]+[A-ZÀ-Ý][a-zà-ÿ'’\-]+){1,3}(?![\w@])")
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
        if any(q in text for q in "«\"“‘"):
            for match in _CALLED_QUOTE.finditer(text):
                yield from self._quoted(view, match.end(), written_as_name=True)
        if "@" in text:
            for match in _MAIL_NAME.finditer(text):
                if self._header_name(match.group(1)):
                    yield Span(match.start(1), match.end(1), "PERSON", self.SCORE)
        if ":" in text:
            for header in _HEADER.finditer(text):
                for match in _HEADER_NAME.finditer(header.group("value")):
                    if self._header_name(match.group(0)) and any(
                            self._name_like(w) for w in split_words(match.group(0))):
                        start = header.start("value") + match.start()
                        yield Span(start, start + len(match.group(0)), "PERSON", self.SCORE)

    def _header_name(self, value: str) -> bool:
        """Words of a message header that may be a person's name: no keep-list, label or stop word."""
        words = split_words(value)
        lex = self.lexicon
        return bool(words) and not any(
            w.key in lex.stop_words or lex.is_kept_word(w.key) or w.key in label_words() for w in words)

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

    def _quoted(self, view: TextView, start: int, written_as_name: bool = False) -> Iterator[Span]:
        text = view.text
        end = start
        while end < len(text) and end - start <= 40 and text[end] not in "»\"”’'\n,.;!?":
            end += 1
        if end >= len(text) or _CLOSE.match(text, end) is None:
            return
        words = split_words(text[start:end])
        if not words or len(words) > 3:
            return
        as_name = written_as_name and all(w.is_title and w.text.isalpha() for w in words) \
            and not view.uncased(start) and not any(w.key in self.lexicon.stop_words for w in words)
        if any(self._name_like(w) for w in words) or any(w.is_title for w in words[1:]) or as_name:
            value_end = start + words[-1].end
            yield Span(start + words[0].start, value_end, "PERSON", self.SCORE)
