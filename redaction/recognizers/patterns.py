"""Pattern recognizers: phone numbers, national and travel IDs, emails, accounts, case file numbers.

Language-independent: they run on every text, French, English or unsupported. Where a pattern has a
named group ``v`` only that group is reported (the context words stay readable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from redaction.recognizers.base import Span, TextView
from redaction.recognizers.phones import PhoneRecognizer
from redaction.recognizers.references import ReferenceRecognizer

__all__ = ["CaseReferenceRecognizer", "EmailRecognizer", "IbanRecognizer", "IdDocumentRecognizer",
           "MobileMoneyRecognizer", "NinaRecognizer", "PhoneRecognizer", "ReferenceRecognizer", "RegexRecognizer",
           "iter_pattern_recognizers"]

_NUMBER_CONTEXT = r"(?:n[°ºo]\.?|num(?:éro|ero|ber)?\.?|#|no\.)"


class RegexRecognizer:
    NAME: ClassVar[str] = ""
    LABELS: ClassVar[tuple[str, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    SCORE: ClassVar[float] = 0.9
    YIELDS_TO_KEEP: ClassVar[bool] = False
    PATTERNS: ClassVar[tuple[re.Pattern[str], ...]] = ()

    def find(self, view: TextView) -> Iterable[Span]:
        for pattern in self.PATTERNS:
            for match in pattern.finditer(view.text):
                span = self.span_of(match)
                if span is not None:
                    yield span

    def span_of(self, match: re.Match[str]) -> Span | None:
        group = "v" if "v" in match.re.groupindex else 0
        start, end = match.span(group)
        return Span(start, end, self.LABELS[0], self.SCORE) if end > start else None


class NinaRecognizer(RegexRecognizer):
    """NINA (Numéro d'identification nationale): a dozen or so digits and a letter, spaced or not."""

    NAME = "pattern.nina_ml.v1"
    LABELS = ("ID",)
    CONTEXT = ("nina", "numéro d'identification nationale", "carte nina")
    SCORE = 0.95
    PATTERNS = (re.compile(r"(?<![\w])\d(?:[ .\-]?\d){10,15}[ .\-]?[A-Za-z](?![\w])"),)


_FOUR_DIGITS = r"(?=(?:[A-Z \-/]*\d){4})"
#: The value: letters and digits, groups parted by single spaces while digits follow ("000 417 MCN 2009").
_ID_VALUE = (rf"(?P<v>{_FOUR_DIGITS}[A-Z0-9](?:[A-Z0-9\-/]| (?=[A-Z0-9]*\d)"
             r"| (?!(?:DU|DE|DES|LE|LA|LES|ET|EN|AU|OF|ON|THE|AND|IN|TO|BY) )(?=[A-Z]{1,4} \d))*"
             r"(?: [A-Z](?![\w]))?)")


def _context_id(context: str) -> re.Pattern[str]:
    return re.compile(rf"(?i:{context})(?:[^\n\d]{{0,30}}?)(?:{_NUMBER_CONTEXT})?[ \t]*:?[ \t]*" + _ID_VALUE)


class IdDocumentRecognizer(RegexRecognizer):
    """Passport, voter card, identity card and other document numbers, announced by context words."""

    NAME = "pattern.id_document.v1"
    LABELS = ("ID",)
    CONTEXT = ("passeport", "passport", "carte d'électeur", "voter card", "carte d'identité", "identity card",
               "CNI", "NINA", "matricule", "permis", "acte de naissance", "carte consulaire")
    SCORE = 0.9
    PATTERNS = tuple(_context_id(c) for c in (
        r"passe-?port|passport",
        r"carte (?:d'|d’)?[ée]lecteur|carte [ée]lectorale|voter(?:'s|’s)? (?:card|id|registration)|"
        r"num[ée]ro d'[ée]lecteur|elector(?:al)? card",
        r"carte (?:nationale )?d'identit[ée]|identity card|id card|national id|\bCNI\b|\bNINA\b|\bCIN\b",
        r"matricule|permis(?: de conduire)?|driving licen[cs]e|driver'?s licen[cs]e|acte de naissance|"
        r"birth certificate|carte consulaire|consular card|fiche individuelle|carte de r[ée]fugi[ée]|"
        r"refugee (?:card|id)|carte biom[ée]trique",
    ))


class EmailRecognizer(RegexRecognizer):
    NAME = "pattern.email.v1"
    LABELS = ("EMAIL",)
    CONTEXT = ("email", "e-mail", "courriel", "mail")
    SCORE = 0.99
    # Each starts where a run of address characters starts (a start inside the run could only match if the
    # whole run does), and runs only on a text holding its "@" or bracketed "at": without both, trying every
    # word of every testimony was 1% of the engine's time.
    PATTERNS = (
        re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),
        re.compile(r"(?i)(?<![\w.+\-])[\w.+\-]+ ?[\[\(] ?(?:at|arobase|@) ?[\]\)] ?[\w\-]+"
                   r"(?: ?(?:\.|[\[\(] ?(?:dot|point) ?[\]\)]) ?[\w\-]+)+"),
    )
    _BRACKETED_AT: ClassVar[re.Pattern[str]] = re.compile(r"(?i)[\[\(] ?(?:at|arobase|@) ?[\]\)]")

    def find(self, view: TextView) -> Iterable[Span]:
        text = view.text
        for pattern, needed in zip(self.PATTERNS, ("@" in text, self._BRACKETED_AT.search(text) is not None),
                                   strict=True):
            if needed:
                for match in pattern.finditer(text):
                    span = self.span_of(match)
                    if span is not None:
                        yield span


class IbanRecognizer(RegexRecognizer):
    NAME = "pattern.iban.v1"
    LABELS = ("ACCOUNT",)
    CONTEXT = ("iban", "rib", "compte bancaire", "bank account")
    SCORE = 0.9
    PATTERNS = (re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,6}){3,9}(?![\w])"),)

    def span_of(self, match: re.Match[str]) -> Span | None:
        value = match.group(0)
        trimmed = re.sub(r"(?: [A-Z]+)+$", "", value)
        if sum(c.isdigit() for c in trimmed) < 10:
            return None
        return Span(match.start(), match.start() + len(trimmed), "ACCOUNT", self.SCORE)


class MobileMoneyRecognizer(RegexRecognizer):
    """Orange Money / Moov Money / Wave / Sama Money account or transaction numbers."""

    NAME = "pattern.mobile_money.v1"
    LABELS = ("ACCOUNT",)
    CONTEXT = ("orange money", "moov money", "wave", "sama money", "mobicash", "transaction")
    SCORE = 0.9
    PATTERNS = (
        re.compile(r"(?i:orange[ \-]?money|\bOM\b|moov(?: africa)?(?: money)?|\bwave\b|sama[ \-]?money|mobicash|"
                   r"flooz|mobile money|transfert|transaction|compte|account)"
                   r"[^\n\d]{0,40}?(?P<v>\+?\(?\d[\d \t.\-()]{5,18}\d)"),
        re.compile(r"(?i:transaction|transfert|r[ée]f[ée]rence|ref\.?|id)[ \t]*(?:id|n[°º]|no\.?)?[ \t]*:?[ \t]*"
                   r"(?P<v>(?=[A-Z0-9.]*\d{3})[A-Z0-9]{2,}(?:\.[A-Z0-9]+){1,4})"),
    )

    def span_of(self, match: re.Match[str]) -> Span | None:
        start, end = match.span("v")
        value = match.group("v")
        if sum(c.isdigit() for c in value) < 8 and "." not in value:
            return None
        return Span(start, end, "ACCOUNT", self.SCORE)


class CaseReferenceRecognizer(RegexRecognizer):
    """File numbers announced by a register code or a word: "RG n° 2019/123", "dossier n° 45/2020", "PV n° 0123".
    The span is the number, with the register code when there is one ("RG n° 2019/123"); a word such as
    "dossier" or "plainte" stays readable."""

    NAME = "pattern.case_reference.v2"
    LABELS = ("CASE_REF",)
    CONTEXT = ("RG", "PV", "dossier", "plainte", "procès-verbal", "case", "file")
    SCORE = 0.85
    PATTERNS = (
        re.compile(r"(?:(?P<code>\b(?:RG|RP|RI|RPI|RMP|RAC|R\.G\.|P\.V\.|PV))|(?i:\b(?:proc[èe]s[- ]verbal|dossier|"
                   r"plainte|affaire|jugement|arr[êe]t|ordonnance|requ[êe]te|case|file|complaint|docket|police report|"
                   r"report)))[ \t]*(?P<no>(?i:n[°º]|no\.?|num(?:éro|ero|ber)?\.?|#)?)[ \t]*:?[ \t]*"
                   r"(?P<v>(?=[A-Z0-9/\-.]*\d)[A-Z0-9][A-Z0-9/\-.]*[A-Z0-9])"),
    )

    def span_of(self, match: re.Match[str]) -> Span | None:
        value = match.group("v")
        if not re.search(r"\d.*[/\-]|[/\-].*\d", value) and not match.group("no") and not match.group("code"):
            return None
        start = match.start("code") if match.group("code") else match.start("v")
        return Span(start, match.end("v"), "CASE_REF", self.SCORE)


def iter_pattern_recognizers() -> Iterator[RegexRecognizer | PhoneRecognizer | ReferenceRecognizer]:
    yield from (PhoneRecognizer(), NinaRecognizer(), IdDocumentRecognizer(), EmailRecognizer(),
                IbanRecognizer(), MobileMoneyRecognizer(), CaseReferenceRecognizer(), ReferenceRecognizer())
