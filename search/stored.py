"""How a SearchDocument is stored in an index: one flat record shared by both engines.

Keyword fields keep the users' names (``case``, ``region``, ``consent_scope``...); each text goes into the
field of its language analysis (``text_fr``, ``redacted_fr``, ...); page and timestamp maps ride along in
``meta`` (stored, never indexed). Elasticsearch keeps the record as ``_source``; the embedded engine keeps
it as JSON in a stored bytes field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

from search.analysis import ANALYSES, Analysis, analysis_for
from search.base import CODED_FIELDS, NEVER, RULE_SCOPES, SearchDocument
from search.scope import CASE, COLLECTED_BY, CONFIDENTIALITY, CONSENT_SCOPE, SEALED_USER, UNTIL_PREFIX, TextKind

ITEM_ID: Final = "item_id"
COLLECTED_AT: Final = "collected_at"
INCIDENT_DATE: Final = "incident_date"
META: Final = "meta"
VERSION: Final = "version"
# Keyword fields (exact values; filters and facets), mapped to how they are read from a SearchDocument.
KEYWORD_FIELDS: Final[tuple[str, ...]] = (
    ITEM_ID, CASE, COLLECTED_BY, CONSENT_SCOPE, CONFIDENTIALITY, SEALED_USER,
    "region", "violation_type", "testimony_type", "language", "media_type", *CODED_FIELDS,
)


def until_field(scope: str) -> str:
    """The date field holding when a granted rule scope runs out (NEVER when it does not)."""
    return f"consent_until_{scope}"


#: Date fields the access filters range over: one per scope the rules read.
UNTIL_FIELDS: Final[tuple[str, ...]] = tuple(until_field(s) for s in RULE_SCOPES)


def consent_until(doc: SearchDocument) -> dict[str, datetime]:
    """For each granted rule scope, the instant it runs out (NEVER when it does not)."""
    return {scope: doc.consent_expiry.get(scope, NEVER) for scope in RULE_SCOPES if scope in doc.consent_scopes}


def text_field(kind: TextKind, analysis: Analysis) -> str:
    return f"{'text' if kind == 'full' else 'redacted'}_{analysis}"


TEXT_FIELDS: Final[dict[TextKind, tuple[str, ...]]] = {
    "full": tuple(text_field("full", a) for a in ANALYSES),
    "redacted": tuple(text_field("redacted", a) for a in ANALYSES),
}


def keyword_values(doc: SearchDocument) -> dict[str, list[str]]:
    """Every keyword field of ``doc`` as a list of values (empty list: no value)."""

    def one(value: str | None) -> list[str]:
        return [value] if value else []

    return {
        ITEM_ID: [doc.item_id],
        CASE: [doc.case_id],
        COLLECTED_BY: one(doc.collected_by),
        CONSENT_SCOPE: sorted(doc.consent_scopes),
        CONFIDENTIALITY: [doc.confidentiality],
        SEALED_USER: sorted(doc.sealed_users),
        "region": one(doc.region),
        "violation_type": sorted(set(doc.violation_types)),
        "testimony_type": one(doc.testimony_type),
        "language": one(doc.language),
        "media_type": one(doc.media_type),
        **{name: sorted(set(doc.coded.get(name, ()))) for name in CODED_FIELDS},
    }


def to_record(doc: SearchDocument) -> dict[str, Any]:
    analysis = analysis_for(doc.language)
    record: dict[str, Any] = dict(keyword_values(doc))
    record[COLLECTED_AT] = doc.collected_at.astimezone(UTC).isoformat()
    record[INCIDENT_DATE] = doc.incident_date.isoformat() if doc.incident_date else None
    record[VERSION] = doc.version
    for scope, until in consent_until(doc).items():
        record[until_field(scope)] = until.astimezone(UTC).isoformat()
    # Elasticsearch copies text_fr/text_en into text_plain (copy_to); the embedded engine indexes both.
    record[text_field("full", analysis)] = doc.text
    record[text_field("redacted", analysis)] = doc.redacted_text
    record[META] = {
        "analysis": analysis,
        "title": doc.title,
        "evidence_number": doc.evidence_number,
        "pages": [list(p) for p in doc.pages],
        "redacted_pages": [list(p) for p in doc.redacted_pages],
        "segments": [list(s) for s in doc.segments],
        "redacted_segments": [list(s) for s in doc.redacted_segments],
        "consent_expiry": {scope: at.isoformat() for scope, at in doc.consent_expiry.items()},
    }
    return record


@dataclass(frozen=True)
class TextView:
    """One text of a stored testimony with its page and timestamp maps."""

    text: str
    pages: tuple[tuple[int, int], ...]
    segments: tuple[tuple[float, int], ...]


@dataclass(frozen=True)
class StoredTestimony:
    item_id: str
    case_id: str
    analysis: Analysis
    access: Mapping[str, frozenset[str]]
    collected_at: datetime
    incident_date: date | None
    _record: Mapping[str, Any]

    @property
    def evidence_number(self) -> str | None:
        """The item's evidence number; None in a record indexed before numbers were stored (``meta`` is never
        indexed, so an older index answers unchanged until it is rebuilt)."""
        value = self._record[META].get("evidence_number")
        return str(value) if value else None

    @property
    def version(self) -> int:
        return int(self._record.get(VERSION) or 0)

    def view(self, kind: TextKind) -> TextView:
        """The text of ``kind``; call it only for the kind ``scope.visible_text`` allowed."""
        meta = self._record[META]
        prefix = "" if kind == "full" else "redacted_"
        return TextView(
            text=str(self._record.get(text_field(kind, self.analysis)) or ""),
            pages=tuple((int(p), int(o)) for p, o in meta[prefix + "pages"]),
            segments=tuple((float(s), int(o)) for s, o in meta[prefix + "segments"]),
        )


def from_record(record: Mapping[str, Any]) -> StoredTestimony:
    analysis = record[META]["analysis"]
    if analysis not in ANALYSES:
        raise ValueError(f"record {record.get(ITEM_ID)!r}: unknown analysis {analysis!r}; rebuild the index")
    incident = record.get(INCIDENT_DATE)
    access = {name: frozenset(record.get(name) or ()) for name in (CASE, COLLECTED_BY, CONSENT_SCOPE,
                                                                     CONFIDENTIALITY, SEALED_USER)}
    expiry = record[META].get("consent_expiry") or {}
    for scope in access[CONSENT_SCOPE]:
        access[UNTIL_PREFIX + scope] = frozenset({str(expiry.get(scope) or NEVER.isoformat())})
    return StoredTestimony(
        item_id=str(record[ITEM_ID][0]),
        case_id=str(record[CASE][0]),
        analysis=analysis,
        access=access,
        collected_at=datetime.fromisoformat(record[COLLECTED_AT]),
        incident_date=date.fromisoformat(incident) if incident else None,
        _record=record,
    )
