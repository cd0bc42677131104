"""Intake metadata and consent as received from the API or the CLI, validated before anything is stored."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from archive.vocabulary import (
    ACCOUNT_KINDS,
    CONSENT_METHODS,
    CONSENT_SCOPES,
    LANGUAGES,
    TESTIMONY_TYPES,
    VIOLATION_TYPES,
    normalise_region,
    regions,
)


def _unknown(value: str, allowed: tuple[str, ...] | frozenset[str]) -> PydanticCustomError:
    """A value outside a closed vocabulary; the doors say it in the user's language (type ``vocabulary``)."""
    return PydanticCustomError("vocabulary", "unknown value {value!r}; possible values: {allowed}",
                               {"value": value, "allowed": ", ".join(allowed)})


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str | None = Field(None, max_length=300, description="Where the testimony came from.")
    tool: str | None = Field(None, max_length=200, description="Recording or collection tool.")
    account: Literal["direct", "indirect"] | None = Field(None, description="Direct or indirect account.")

    @field_validator("account")
    @classmethod
    def _account(cls, v: str | None) -> str | None:
        if v is not None and v not in ACCOUNT_KINDS:
            raise _unknown(v, ACCOUNT_KINDS)
        return v


class Intake(BaseModel):
    """Intake metadata of one testimony item."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=300, description="A title for the item (free text: redacted for "
                              "redacted-only roles). By default, made from the file name.")
    collected_at: dt.datetime | None = Field(None, description="When the testimony was collected (UTC).")
    collected_by: str | None = Field(None, max_length=120, description="Who collected it.")
    language: str | None = Field(None, description="Interview language: fr, en, bm, ff, son, tmh, ar, other.")
    region: str | None = Field(None, description="One of Mali's regions (see archive/data/regions.csv).")
    locality: str | None = Field(None, max_length=200, description="Locality (sensitive: never indexed raw).")
    testimony_type: Literal["survivor", "witness", "indirect"] | None = None
    confidentiality: Literal["public", "confidential", "sealed"] = "confidential"
    sealed_users: list[str] = Field(default_factory=list, description="User names allowed to see a sealed item.")
    violation_types: list[str] = Field(default_factory=list)
    incident_date: dt.date | None = None
    provenance: Provenance = Field(default_factory=Provenance)

    @field_validator("collected_at")
    @classmethod
    def _utc(cls, v: dt.datetime | None) -> dt.datetime | None:
        if v is None:
            return None
        if v.tzinfo is None:
            raise PydanticCustomError("timezone_missing", "collected_at needs a time zone (UTC), e.g. "
                                      "2024-03-01T10:00:00Z")
        return v.astimezone(dt.UTC)

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str | None) -> str | None:
        if v is not None and v not in LANGUAGES:
            raise _unknown(v, LANGUAGES)
        return v

    @field_validator("region")
    @classmethod
    def _region(cls, v: str | None) -> str | None:
        try:
            return normalise_region(v) if v else None
        except ValueError:
            raise PydanticCustomError("region", "unknown region {value!r}; known regions: {allowed}",
                                      {"value": v, "allowed": ", ".join(regions().values())}) from None

    @field_validator("testimony_type")
    @classmethod
    def _ttype(cls, v: str | None) -> str | None:
        if v is not None and v not in TESTIMONY_TYPES:
            raise _unknown(v, TESTIMONY_TYPES)
        return v

    @field_validator("violation_types")
    @classmethod
    def _violations(cls, v: list[str]) -> list[str]:
        unknown = [x for x in v if x not in VIOLATION_TYPES]
        if unknown:
            raise _unknown(", ".join(unknown), VIOLATION_TYPES)
        return sorted(set(v))


class ConsentGrant(BaseModel):
    """One consent scope given (or withdrawn) at intake or later."""

    model_config = ConfigDict(extra="forbid")

    scope: str
    status: Literal["granted", "withdrawn"] = "granted"
    method: Literal["oral", "thumbprint", "signature"] | None = None
    given_on: dt.datetime | None = None
    interpreter: str | None = Field(None, max_length=120)
    expires_at: dt.datetime | None = None
    note: str = Field("", max_length=2000)

    @field_validator("scope")
    @classmethod
    def _scope(cls, v: str) -> str:
        if v not in CONSENT_SCOPES:
            raise _unknown(v, CONSENT_SCOPES)
        return v

    @field_validator("method")
    @classmethod
    def _method(cls, v: str | None) -> str | None:
        if v is not None and v not in CONSENT_METHODS:
            raise _unknown(v, CONSENT_METHODS)
        return v

    @field_validator("given_on", "expires_at")
    @classmethod
    def _aware(cls, v: dt.datetime | None) -> dt.datetime | None:
        if v is not None and v.tzinfo is None:
            return v.replace(tzinfo=dt.UTC)
        return v
