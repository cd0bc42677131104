"""What the doors send in and get back. A withheld citation has no item id in its schema: a role the survivor
did not consent to cannot be served which testimony it is."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class IdentityIn(BaseModel):
    given_name: str = Field("", max_length=200)
    family_name: str = Field("", max_length=200)
    birth_date: str = Field("", max_length=20, description="YYYY-MM-DD, YYYY-MM, YYYY or 'vers YYYY'.")
    birth_place: str = Field("", max_length=200)
    father_name: str = Field("", max_length=200)
    mother_name: str = Field("", max_length=200)
    sex: str = Field("", max_length=10)


class CitationIn(BaseModel):
    item: str = Field(min_length=1, max_length=36)
    note: str = Field("", max_length=2000, description="Where in the testimony (page, paragraph, minute).")


class NewClaim(BaseModel):
    programme: str = Field(min_length=1, max_length=60)
    victim_category: str = Field("direct", max_length=20)
    claimant: IdentityIn | None = None
    claimant_id: str | None = Field(None, description="An existing claimant (id or label) instead of a new one.")
    identity_consent: bool = Field(False, description="The claimant consented to identity disclosure (payment).")
    citations: list[CitationIn] = Field(default_factory=list)


class TransitionIn(BaseModel):
    to: str = Field(min_length=1, max_length=30)
    reason: str = Field("", max_length=20_000)
    outcome: str | None = None
    cite: list[str] = Field(default_factory=list)


class DuplicateDecisionIn(BaseModel):
    decision: str = Field(pattern="^(same|different)$")
    reason: str = Field("", max_length=2000)


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class CitationRead(BaseModel):
    withheld: bool = False
    item: str | None = None  # None when withheld
    note: str = ""
    consent_in_force: bool = True


class LinkIn(BaseModel):
    relation: str = Field(max_length=20, description="The claimant is the spouse, child, parent, sibling, household "
                                                     "member or other relative of the person.")
    fate: str = Field(max_length=20, description="killed, disappeared, injured, alive or unknown.")
    person_id: str | None = Field(None, max_length=36, description="An existing person record (id or label).")
    person: IdentityIn | None = Field(None, description="Or a new person record (sealed like a claimant).")


class LinkRead(BaseModel):
    person: str  # the person's pseudonymous label
    relation: str
    fate: str


class CheckRead(BaseModel):
    rule: str
    met: bool | None
    detail: str


class EventRead(BaseModel):
    from_status: str
    to_status: str
    outcome: str | None
    reason: str
    cited: list[str]
    actor: str
    role: str
    at: dt.datetime


class ClaimSummary(BaseModel):
    id: str
    claimant: str  # the pseudonymous label
    programme: str
    status: str
    outcome: str | None
    due_at: dt.datetime
    overdue: bool
    flags: list[str]


class ClaimRead(ClaimSummary):
    programme_version: str
    victim_category: str
    reasoning: str
    citations: list[CitationRead]
    eligible: bool
    checks: list[CheckRead]
    open_duplicates: int
    duplicate_checks_pending: int  # the registration's duplicate check not done yet: no decision until it is
    links: list[LinkRead] = Field(default_factory=list)  # household and indirect-victim links
    claimant_flags: list[str]
    history: list[EventRead]


class CandidateRead(BaseModel):
    id: str
    a: str  # labels
    b: str
    probability: float
    status: str
    fields: dict[str, str]


class IdentityRead(IdentityIn):
    label: str


class ProgrammeRead(BaseModel):
    key: str
    title: str
    version: str
    act_types: list[str]
    period: list[dt.date]
    victim_categories: list[str]
    measures: list[str]
    required_evidence: int
    assessment_days: int
