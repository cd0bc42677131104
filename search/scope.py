"""THE access rules of search, as engine-neutral filters over a document's keyword fields.

For a principal, ``scope_for`` returns two disjoint filters: the documents whose FULL text they may search
and read, and the documents whose REDACTED text only they may search and read. Backends render both filters
into every query as (full filter AND match on full text) OR (redacted filter AND match on redacted text),
so a redacted name can only ever be matched in a document whose full text the principal may read.

    documentation_officer  full text of items they collected or in their assigned cases, with the
                           survivor's internal_case_use consent (as for reading the item in the archive)
    lawyer                 assigned cases with share_prosecution; full text only with identity_disclosure,
                           otherwise redacted text
    legal_aid_lawyer       the same with share_legal_aid
    reparations_officer    redacted text of items with share_reparations
    admin, auditor         nothing
    sealed items           only users named in sealed_users, on top of the rules above

Consent is judged at the instant of the search: a scope counts only if it is granted and its expiry (indexed
with the document) lies after that instant (``InForce``), so an expired consent is out of every search at
once, whatever the state of the jobs that keep the index in step with the system of record.

The same filters are evaluated in Python on every hit (``visible_text``) as a second, independent check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

from search.base import (
    IDENTITY_DISCLOSURE,
    INTERNAL_CASE_USE,
    NEVER,
    SHARE_LEGAL_AID,
    SHARE_PROSECUTION,
    SHARE_REPARATIONS,
    Principal,
    SearchDocument,
)

# Keyword fields the rules read (also indexed by every backend under these names).
CASE: Final = "case"
COLLECTED_BY: Final = "collected_by"
CONSENT_SCOPE: Final = "consent_scope"
CONFIDENTIALITY: Final = "confidentiality"
SEALED_USER: Final = "sealed_user"
UNTIL_PREFIX: Final = "until:"  # access-field key of a granted scope's expiry (ISO instant)

TextKind = Literal["full", "redacted"]


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


@dataclass(frozen=True)
class KeywordIn:
    """The document's keyword field holds at least one of ``values`` (no values: matches nothing)."""

    field: str
    values: frozenset[str]


@dataclass(frozen=True)
class InForce:
    """The consent ``scope`` is granted and does not expire before ``now``."""

    scope: str
    now: datetime


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class NoneOf:
    part: Filter


Filter = Everything | Nothing | KeywordIn | InForce | AllOf | AnyOf | NoneOf


@dataclass(frozen=True)
class AccessScope:
    """Documents whose full text the principal sees; (disjoint) those whose redacted text only they see."""

    full_text: Filter
    redacted_text: Filter

    @property
    def sees_nothing(self) -> bool:
        return isinstance(self.full_text, Nothing) and isinstance(self.redacted_text, Nothing)


def _has(field: str, *values: str) -> KeywordIn:
    return KeywordIn(field, frozenset(values))


def _unsealed_for(principal: Principal) -> Filter:
    """Not (sealed and the principal unnamed): written as an exclusion so engines need no match-all scan."""
    return NoneOf(AllOf((_has(CONFIDENTIALITY, "sealed"), NoneOf(_has(SEALED_USER, principal.user_id)))))


def scope_for(principal: Principal, now: datetime | None = None) -> AccessScope:
    """The two filters for ``principal`` at instant ``now`` (default: now); content-less roles see nothing."""
    now = now or datetime.now(UTC)

    def _has_consent(scope: str) -> InForce:
        return InForce(scope, now)

    unsealed = _unsealed_for(principal)
    assigned = KeywordIn(CASE, principal.assigned_cases)
    full: Filter = Nothing()
    redacted: Filter = Nothing()
    if principal.role == "documentation_officer":
        full = AllOf((AnyOf((_has(COLLECTED_BY, principal.user_id), assigned)),
                      _has_consent(INTERNAL_CASE_USE), unsealed))
    elif principal.role in ("lawyer", "legal_aid_lawyer"):
        share = SHARE_PROSECUTION if principal.role == "lawyer" else SHARE_LEGAL_AID
        shared = AllOf((assigned, _has_consent(share), unsealed))
        full = AllOf((shared, _has_consent(IDENTITY_DISCLOSURE)))
        redacted = AllOf((shared, NoneOf(_has_consent(IDENTITY_DISCLOSURE))))
    elif principal.role == "reparations_officer":
        redacted = AllOf((_has_consent(SHARE_REPARATIONS), unsealed))
    if not isinstance(full, Nothing):
        redacted = AllOf((redacted, NoneOf(full)))  # full text wins: the two sets never overlap
    return AccessScope(full_text=full, redacted_text=redacted)


def access_fields(doc: SearchDocument) -> dict[str, frozenset[str]]:
    """The keyword fields the rules read, as indexed for ``doc`` (with each granted scope's expiry)."""
    fields = {
        CASE: frozenset({doc.case_id}),
        COLLECTED_BY: frozenset({doc.collected_by}),
        CONSENT_SCOPE: frozenset(doc.consent_scopes),
        CONFIDENTIALITY: frozenset({doc.confidentiality}),
        SEALED_USER: frozenset(doc.sealed_users),
    }
    for scope in doc.consent_scopes:
        fields[UNTIL_PREFIX + scope] = frozenset({doc.consent_expiry.get(scope, NEVER).isoformat()})
    return fields


def _in_force(flt: InForce, fields: Mapping[str, frozenset[str]]) -> bool:
    if flt.scope not in fields.get(CONSENT_SCOPE, frozenset()):
        return False
    until = fields.get(UNTIL_PREFIX + flt.scope, frozenset())
    return all(datetime.fromisoformat(at) > flt.now for at in until)


def matches(flt: Filter, fields: Mapping[str, frozenset[str]]) -> bool:
    """Evaluate a filter on a document's keyword fields (missing field: no values)."""
    if isinstance(flt, Everything):
        return True
    if isinstance(flt, Nothing):
        return False
    if isinstance(flt, KeywordIn):
        return not flt.values.isdisjoint(fields.get(flt.field, frozenset()))
    if isinstance(flt, InForce):
        return _in_force(flt, fields)
    if isinstance(flt, AllOf):
        return all(matches(part, fields) for part in flt.parts)
    if isinstance(flt, AnyOf):
        return any(matches(part, fields) for part in flt.parts)
    return not matches(flt.part, fields)


def visible_text(scope: AccessScope, fields: Mapping[str, frozenset[str]]) -> TextKind | None:
    """Which text of a document (given its keyword fields) the scope lets the principal see, if any."""
    if matches(scope.full_text, fields):
        return "full"
    if matches(scope.redacted_text, fields):
        return "redacted"
    return None
