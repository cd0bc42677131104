"""Turn merged findings into a redacted text under a profile: the replacement string of every span."""

from __future__ import annotations

from redaction.findings import Action, Analysis, Entity, Finding, RedactionResult, WrittenSpan
from redaction.operators.generalise import generalised
from redaction.operators.remove import removed
from redaction.profiles import load_profile
from redaction.pseudonyms import Pseudonymiser


def _replacement(finding: Finding, action: Action, lang: str, pseudonymiser: Pseudonymiser,
                 how: str | None) -> tuple[Action, str]:
    if finding.keep or action == "keep":
        return "keep", finding.text
    if action == "pseudonymise":
        return action, pseudonymiser.pseudonym(finding.label, finding.text, lang)
    if action == "generalise":
        value = generalised(finding.label, finding.text, lang, how)
        if value is not None:
            return action, value
    return "remove", removed(finding.label, lang)


def apply_profile(text: str, analysis: Analysis, *, profile: str,
                  pseudonymiser: Pseudonymiser | None = None) -> RedactionResult:
    chosen = load_profile(profile)
    lang = "en" if analysis.lang == "en" else "fr"
    naming = pseudonymiser if pseudonymiser is not None else Pseudonymiser.ephemeral()
    findings = sorted(analysis.findings, key=lambda f: (f.start, f.end))
    for index in range(1, len(findings)):
        if findings[index].start < findings[index - 1].end:
            raise ValueError(f"findings overlap at offsets {findings[index - 1].start}-{findings[index].end}; "
                             "merge them first (RedactionEngine.apply does)")
    # Longest names first, so "Moussa" alone maps to "Moussa Traoré" seen later in the same text.
    replacements: dict[int, tuple[Action, str]] = {}
    for index in sorted(range(len(findings)), key=lambda i: -len(findings[i].text.split())):
        finding = findings[index]
        replacements[index] = _replacement(finding, chosen.action_for(finding.label), lang, naming,
                                           chosen.generalise_as(finding.label))
    pieces: list[str] = []
    entities: list[Entity] = []
    written: list[WrittenSpan] = []
    cursor = 0
    out = 0
    for index, finding in enumerate(findings):
        action, value = replacements[index]
        pieces.append(text[cursor:finding.start])
        out += finding.start - cursor
        pieces.append(value)
        if action != "keep":
            written.append(WrittenSpan(out, out + len(value), finding.label, action, value))
        out += len(value)
        cursor = finding.end
        entities.append(Entity(finding.start, finding.end, finding.label, finding.text, finding.recognizer,
                               finding.score, action, value))
    pieces.append(text[cursor:])
    return RedactionResult(analysis.lang, chosen.name, "".join(pieces), tuple(entities), analysis.flags,
                           analysis.names, tuple(written))
