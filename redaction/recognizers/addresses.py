"""Addresses and named facilities below region level: "rue 142, porte 37", "27 rue Polonceau, 75018 Paris",
"Flat 3, 41 Coldharbour Lane", "Commune VI", "ACI 2000", "site de déplacés de Faladié", "camp de Mbera",
"Mbera camp", "Sénou IDP site", "grand marché de Koutiala", "Place du Cinquantenaire", "the Kalabambougou quarter";
lower-case names in cased text when they are no common word ("camp de réfugiés de tinzawat"). The facility word
goes with the name: the named site, camp or market is the place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from redaction.namelike import is_common_word
from redaction.recognizers.base import Span, TextView

_STREET = (r"(?i:rue|avenue|av\.|boulevard|bd|route|impasse|lot|parcelle|porte|villa|street|st\.|road|rd\.|lane|"
           r"flat|apartment|apt\.?|house|plot|block|carr[ée]|secteur|sector|zone)")
_NUMBERED = rf"\b{_STREET}\s*(?:n[°º]\s*)?\d{{1,5}}[A-Za-z]?\b"
_NAMED = rf"\b\d{{1,5}}[A-Za-z]?,?\s+{_STREET}\s+(?:[A-ZÀ-Ý][\w'’\-]*\s?){{1,3}}"
_NAMED_EN = (r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'’\-]+\s){1,3}(?:Street|St\.?|Road|Rd\.?|Lane|Avenue|Ave\.?|Close|Drive|"
             r"Way|Boulevard|Crescent|Place|Square|Terrace)\b")
_CODE = r"(?:\d{5}|[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2})"  # French and British postcodes
_POSTCODE = rf"(?:,?\s+{_CODE}(?:\s+[A-ZÀ-Ý][\w'’\-]+)?|,?\s+[A-ZÀ-Ý][\w'’\-]+\s+{_CODE})"
#: After numbered parts, the quartier they are in: "rue 12, porte 9, Hippodrome" (a kept town after it is
#: cut off again by the keep-list: "..., Bamako").
_QUARTER = (r"(?:,[ \t]*(?!(?i:t[ée]l|phone|n[°º]|nina|née?|born)\b)[A-ZÀ-Ý][\w'’\-]+(?:[ \t][A-ZÀ-Ý][\w'’\-]+)?"
            r"(?![\w'’]))")
_ADDRESS = re.compile(rf"(?:{_NAMED}|{_NAMED_EN}|{_NUMBERED})"
                      rf"(?:(?:\s*,\s*|[ \t]+)(?:{_NAMED}|{_NAMED_EN}|{_NUMBERED}))*"
                      rf"(?:{_POSTCODE}|(?<=\d)(?P<quarter>{_QUARTER}))?")
_COMMUNE = re.compile(r"\b(?i:commune)\s+(?:[IVX]{1,4}|\d{1,2})\b|\bACI\s?2000\b")
#: A quartier and its numbered sector: "Lafiabougou, secteur 4", "Yirgoungou sector 21".
_SECTOR = re.compile(r"(?<![\w'’\-])[A-ZÀ-Ý][\w'’\-]+,?[ \t]+(?i:secteur|sector|zone)[ \t]*(?:n[°º][ \t]*)?\d{1,3}\b")
_PLACE_WORD = r"(?:[A-ZÀ-Ý][\w'’\-]*|[a-zà-ÿ][\w'’\-]{2,})"
_FACILITY_BEFORE = re.compile(
    r"(?i:\b(?:grand[\s\-]+)?(?:s[iíì]te|camp|campement|march[ée]|market|foire|centre|center|place|h[ôo]tel)"
    r"(?:\s+(?:de|des|pour)\s+(?:d[ée]plac[ée]s|r[ée]fugi[ée]s|idps?|refugees))?\s+(?:de\s+(?:la\s+|l')?|d'|du\s+|"
    r"of\s+(?:the\s+)?))"
    rf"(?P<name>{_PLACE_WORD}(?:[ \t\-]{_PLACE_WORD})?)")
_FACILITY_AFTER = re.compile(
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?)\s+(?i:(?:idp\s+|refugee\s+|displacement\s+|displaced\s+)?"
    r"(?:site|camp|market|quarter|neighbou?rhood|hotel))\b")
_STOP_NAMES = frozenset({"le", "la", "les", "l", "the", "a", "un", "une", "ce", "cette", "notre", "leur", "son", "sa"})


class AddressRecognizer:
    NAME: ClassVar[str] = "pattern.address.v1"
    LABELS: ClassVar[tuple[str, ...]] = ("LOC",)
    CONTEXT: ClassVar[tuple[str, ...]] = ("rue", "porte", "commune", "site de", "camp de", "marché de")
    SCORE: ClassVar[float] = 0.8
    YIELDS_TO_KEEP: ClassVar[bool] = True

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for pattern in (_ADDRESS, _COMMUNE, _SECTOR):
            for match in pattern.finditer(text):
                if pattern is _SECTOR and is_common_word(re.split(r"[,\s]", match.group(0))[0]):
                    continue  # "Le secteur 4", "Each sector 2": no quartier named before it
                yield Span(match.start(), match.end(), "LOC", self.SCORE)
                if match.groupdict().get("quarter"):  # the street and door alone are an address too
                    yield Span(match.start(), match.start("quarter"), "LOC", self.SCORE)
        for match in _FACILITY_BEFORE.finditer(text):
            name = match.group("name")
            first = name.split()[0].lower()
            if first in _STOP_NAMES or (not name[:1].isupper() and not view.uncased(match.start("name"))
                                        and is_common_word(name.split()[0])):
                continue  # "camp de réfugiés de tinzawat" yes, "centre de santé" no
            end = match.end("name")
            parts = re.split(r"[ \t\-]", name)
            if len(parts) == 2 and parts[1].islower() and is_common_word(parts[1]):
                end = match.start("name") + len(parts[0])  # "tinzawat depuis 2020": the place is one word
            yield Span(match.start(), end, "LOC", 0.75)
        for match in _FACILITY_AFTER.finditer(text):
            if match.group("name").split()[0].lower() not in _STOP_NAMES:
                yield Span(match.start(), match.end(), "LOC", 0.7)
