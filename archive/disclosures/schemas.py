"""Typed reads and requests of the disclosure register. ``DisclosureRow`` is the command-line contract of
``temoin disclosures list --json``: exactly these keys."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

RECIPIENT_KINDS = ("court_registry", "defence_team", "prosecution", "reparations_board", "partner_organisation",
                   "other")


class RecipientCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(description=", ".join(RECIPIENT_KINDS))


class RecipientRead(BaseModel):
    id: str
    name: str
    kind: str
    created_by: str
    created_at: dt.datetime


class DisclosureRow(BaseModel):
    id: str
    recipient: str
    purpose: str
    profile: str
    bundle_sha256: str
    evidence_numbers: list[str]
    created_at: str
    by: str


class LiftedRead(BaseModel):
    item: str
    evidence_number: str | None
    span: str
    start: int
    end: int
    label: str
    reason_code: str
    reason: str
    decided_by: str
    decided_in: str


class DisclosureDetail(DisclosureRow):
    case: str
    bundle_id: str
    manifest_sha256: str
    key_fingerprint: str
    previous: str | None
    lifted: list[LiftedRead]


class LiftableSpan(BaseModel):
    """A redaction of a disclosed item that a lifting step may choose, as the asking lawyer may see it."""

    span: str
    item: str
    evidence_number: str | None
    label: str
    start: int
    end: int
    text: str | None = Field(description="The redacted words; None when your view of the item is redacted.")
    lifted: bool = Field(description="Already lifted in this disclosure or an earlier step: it stays lifted.")
    consent_allows: bool = Field(description="False when lifting it needs identity_disclosure, not given.")


class LiftRequest(BaseModel):
    span: str = Field(description="the redaction span's id (GET /items/{id}/redactions)")
    reason_code: str = Field(description="a reason of the list (GET /lift-reasons)")
    reason: str = Field(default="", max_length=2000, description="free text; required with 'other'")


class DiscloseRequest(BaseModel):
    profile: str = Field(description="reparations, prosecution or strict")
    recipient: str = Field(description="the recipient's name or id")
    purpose: str = Field(min_length=1, max_length=2000)


class LiftStep(BaseModel):
    lifts: list[LiftRequest] = Field(min_length=1)
    purpose: str = Field(default="", max_length=2000)


class LiftReasonRead(BaseModel):
    code: str
    label_fr: str
    label_en: str
    active: bool


class LiftReasonEdit(BaseModel):
    label_fr: str = Field(min_length=1, max_length=200)
    label_en: str = Field(min_length=1, max_length=200)
    active: bool = True


class HolderTask(BaseModel):
    """A recipient who holds an item whose consent for the disclosure's purpose is no longer in force."""

    item: str
    evidence_number: str | None
    scope: str
    recipient: str
    disclosure: str
    bundle_sha256: str
    disclosed_at: str


class ExtractCheck(BaseModel):
    ok: bool
    problem: str | None
    disclosures: int
    fingerprint: str | None
