"""Kinship and role phrases that point to one person, as ONE span: "la fille de Moussa", "la femme du chef de
village", "le fils de l'imam", "his brother's wife", "the daughter of the village chief"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.recognizers.base import Span, TextView

_KIN_FR = (
    r"grand-p[èe]re|grand-m[èe]re|grands-parents|petit-fils|petite-fille|beau-fr[èe]re|belle-s(?:œ|oe)ur|"
    r"beau-p[èe]re|belle-m[èe]re|belle-fille|beau-fils|demi-fr[èe]re|demi-s(?:œ|oe)ur|co-?[ée]pouse|"
    r"fille|fils|femme|[ée]pouse|mari|[ée]poux|p[èe]re|m[èe]re|fr[èe]re|s(?:œ|oe)ur|oncle|tante|cousine?|"
    r"neveu|ni[èe]ce|gendre|bru|veuve|veuf|enfants?|b[ée]b[ée]|fianc[ée]e?|orpheline?|maman|papa|tonton|tantie"
)
_ADJ_FR = (r"a[îi]n[ée]e?|cadette?|petite?|grande?|jeune|derni[èe]re?|premi[èe]re?|deuxi[èe]me|seconde?|"
           r"troisi[èe]me|unique|propre")
_ROLE_FR = (
    r"chef (?:de|du) village|chef (?:de|du) quartier|chef de fraction|chef coutumier|chef de famille|"
    r"adjoint au maire|sous-pr[ée]fet|pr[ée]fet|imam|maire|marabout|griot|griotte|notable|commandant|"
    r"conseill[eè]re?|institut(?:eur|rice)|boutiqui[eè]re?|commer[çc]ante?|berger|pasteur|pr[êe]tre|"
    r"directeur|directrice|pr[ée]sidente?|d[ée]l[ée]gu[ée]e?|infirmi[eè]re?|sage-femme|muezzin|cadi|voisine?|"
    r"patronne?|propri[ée]taire|chef"
)
_DET_FR = r"(?:la|le|les|sa|son|ses|ma|mon|mes|leur|leurs|notre|nos|votre|vos|une|un|cette|ce|cet)"
_PLACE_FR = r"(?:\s+(?:du|de la|de)\s+(?:village|quartier|mosqu[ée]e))"
_OF_FR = r"(?:de la|de|du|des|d')"
_NAME = (r"(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:\s+(?:(?i:ag|ould|walet|mint|ben|bin|ibn|bint)\s+)?[A-ZÀ-ÖØ-Þ][\w'’\-]*){0,2})")
_KIN_EN = (
    r"brother-in-law|sister-in-law|father-in-law|mother-in-law|daughter-in-law|son-in-law|grandfather|"
    r"grandmother|grandson|granddaughter|stepmother|stepfather|half-brother|half-sister|co-wife|daughter|son|"
    r"wife|husband|father|mother|brother|sister|uncle|aunt|cousin|nephew|niece|widow|widower|child|children|"
    r"baby|fianc[ée]e?"
)
_ADJ_EN = r"eldest|elder|older|younger|youngest|little|big|first|second|third|only|own"
_ROLE_EN = (r"village chief|village head|chief of the village|head of the village|imam|mayor|marabout|griot|"
            r"teacher|shopkeeper|trader|herder|pastor|priest|headman|neighbou?r|muezzin|qadi|elder|councillor|"
            r"commander|chief")
_DET_EN = r"(?:the|his|her|my|their|our|your|a|an|its|this|that)"
_POSS = r"(?i:'s|’s|')"

_FRENCH = re.compile(
    rf"(?i:\b(?:{_DET_FR}\s+|l'|l’)?(?:(?:{_ADJ_FR})\s+)?(?:{_KIN_FR})(?:\s+(?:{_ADJ_FR}))?\s*{_OF_FR}\s*"
    rf"(?:(?:{_DET_FR}\s+|l'|l’)?(?:{_KIN_FR})(?:\s+(?:{_ADJ_FR}))?\s*{_OF_FR}\s*)*)"
    rf"(?:(?i:(?:{_DET_FR}\s+|l'|l’)?(?:{_ROLE_FR})\b{_PLACE_FR}?)|{_NAME})"
)
_ENGLISH_OF = re.compile(
    rf"(?i:\b(?:{_DET_EN}\s+)?(?:(?:{_ADJ_EN})\s+)?(?:{_KIN_EN})\s+of\s+"
    rf"(?:(?:{_DET_EN}\s+)?(?:{_KIN_EN})\s+of\s+)*)"
    rf"(?:(?i:(?:{_DET_EN}\s+)?(?:{_ROLE_EN})\b)|{_NAME})"
)
_ENGLISH_POSSESSIVE = re.compile(
    rf"(?:(?i:\b(?:{_DET_EN}\s+)?(?:(?:{_ADJ_EN})\s+)?(?:{_ROLE_EN}|{_KIN_EN}))|\b{_NAME}){_POSS}\s+"
    rf"(?i:(?:(?:{_ADJ_EN})\s+)?(?:{_KIN_EN})(?:{_POSS}\s+(?:(?:{_ADJ_EN})\s+)?(?:{_KIN_EN}))*)\b"
)

#: What every match of the English patterns holds (a cheap test first: most texts hold none, and the full
#: patterns are slow to scan): "<kin> of" and "'s [adjective] <kin>".
_ENGLISH_OF_NEED = re.compile(rf"(?i:(?:{_KIN_EN})\s+of\s)")
_ENGLISH_POSSESSIVE_NEED = re.compile(rf"['’](?i:s?\s+(?:(?:{_ADJ_EN})\s+)?(?:{_KIN_EN}))")
_PATTERNS = ((_FRENCH, None), (_ENGLISH_OF, _ENGLISH_OF_NEED), (_ENGLISH_POSSESSIVE, _ENGLISH_POSSESSIVE_NEED))


class KinshipRecognizer:
    NAME: ClassVar[str] = "pattern.kinship.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("KINSHIP",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("fille de", "femme du", "fils de", "wife of", "daughter of", "'s wife")
    SCORE: ClassVar[float] = 0.8
    YIELDS_TO_KEEP: ClassVar[bool] = False

    def find(self, view: TextView) -> Iterable[Span]:
        for pattern, need in _PATTERNS:
            if need is not None and need.search(view.text) is None:
                continue
            for match in pattern.finditer(view.text):
                start = match.start()
                value = match.group(0)
                trimmed = value.rstrip(" '’-")
                if len(trimmed.split()) >= 2 or "'" in trimmed or "’" in trimmed:
                    yield Span(start, start + len(trimmed), "KINSHIP", self.SCORE)
