"""What the doors send and receive for acts and statistics; one read schema per visibility level."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field


class PassageIn(BaseModel):
    """A character range of the item's current text (as shown on its page)."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)


class ActCreate(BaseModel):
    act_type: str = Field(description="A term of the act-type vocabulary (rape, killing, arbitrary_detention...).")
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; prefix ~ for 'around'.")
    region: str | None = Field(None, description="A region of Mali (code or name).")
    place: str | None = Field(None, max_length=200, description="Locality or commune: identifying detail.")
    perpetrator_group: str | None = None
    victim_sex: str = "unknown"
    victim_age_band: str | None = None
    passages: list[PassageIn] = Field(default_factory=list)


class ActReview(BaseModel):
    status: str = Field(description="reviewed (by a second officer) or final")


class PassageRead(BaseModel):
    id: str
    item: str
    start: int
    end: int
    status: str = Field(description="current, moved, corrected (words inside were corrected: check), stale "
                        "(to be linked again; no text)")
    text: str | None = Field(None, description="The passage in your visibility level; None when withheld.")
    cite: str | None = Field(None, description="Its citation: the item's evidence number with the page "
                             "(NUMBER:page) or the second (NUMBER@seconds) it begins at; with start-end, the "
                             "character range in the item's text.")


class ActPersonRef(BaseModel):
    """A person named in an act: the case pseudonym and the role, never a name."""

    person: str
    pseudonym: str
    role: str


class PersonCreate(BaseModel):
    pseudonym: str = Field(max_length=80, description="A person pseudonym of the case, as redaction gave it "
                           "(\"[Personne A]\" or \"[Person A]\").")
    sex: str = "unknown"
    age_band: str | None = None
    birth_year: int | None = None
    origin_region: str | None = None
    origin_place: str | None = Field(None, max_length=200, description="Locality: identifying detail.")


class PersonRead(BaseModel):
    id: str
    case: str
    pseudonym: str
    sex: str
    age_band: str | None = None
    birth_year: int | None = None
    origin_region: str | None = None
    origin_place: str | None = None


class PersonLink(BaseModel):
    person: str = Field(description="The id of a person of the act's case.")
    role: str = Field(description="victim, witness, alleged_perpetrator, source or intervening_party")


class IncidentCreate(BaseModel):
    label: str = Field(max_length=200, description="What happened, in a few words (no names: pseudonyms).")
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD; prefix ~ for 'around'.")
    region: str | None = None


class IncidentRead(BaseModel):
    id: str
    case: str
    label: str
    date_year: int | None = None
    date_month: int | None = None
    date_precision: str | None = None
    region: str | None = None


class ActIncident(BaseModel):
    incident: str | None = Field(None, description="An incident of the act's case; null to take it out.")


class ActCommon(BaseModel):
    id: str
    case: str
    item: str
    act_type: str
    crsv: bool
    date_year: int | None = None
    region: str | None = None
    perpetrator_group: str | None = None
    victim_sex: str
    status: str
    incident: str | None = None
    persons: list[ActPersonRef] = Field(default_factory=list)
    passages: list[PassageRead]


class ActRedactedRead(ActCommon):
    """For redacted-only roles: no place below region; a sexual-violence act shows its year only and no age."""

    view: Literal["redacted"] = "redacted"
    date_month: int | None = None
    date_precision: str | None = None
    victim_age_band: str | None = None


class ActFullRead(ActCommon):
    view: Literal["full"] = "full"
    date_month: int | None = None
    date_day: int | None = None
    date_precision: str | None = None
    place: str | None = None
    victim_age_band: str | None = None
    created_by: str
    created_at: dt.datetime
    reviewed_by: str | None = None


ActRead = Annotated[ActFullRead | ActRedactedRead, Field(discriminator="view")]


class CrossCell(BaseModel):
    row: str
    column: str
    count: int


class CrossTable(BaseModel):
    rows: str
    columns: str
    cells: list[CrossCell]


class ActList(BaseModel):
    acts: list[ActRead]
    facets: dict[str, dict[str, int]] = Field(description="Per coded field, how many of these acts carry each value.")
    table: CrossTable | None = None


class StatsCell(BaseModel):
    key: dict[str, str]
    count: int | None = Field(description="None for a suppressed cell.")


class StatsRead(BaseModel):
    by: list[str]
    min_cell: int
    cells: list[StatsCell]
    suppressed_cells: int


class TermRead(BaseModel):
    vocabulary: str
    code: str
    origin: str
    label_fr: str
    label_en: str
    definition_fr: str
    definition_en: str
    deprecated: bool


class TermWrite(BaseModel):
    label_fr: str = Field(max_length=120)
    label_en: str = Field(max_length=120)
    definition_fr: str = Field("", max_length=1000)
    definition_en: str = Field("", max_length=1000)
    origin: str | None = Field(None, max_length=40, description="GBVIMS, HURIDOCS, CVJR (the commission's), ...")
    deprecated: bool | None = None


class TermDeleted(BaseModel):
    vocabulary: str
    code: str
    outcome: str = Field(description="deleted, or deprecated when acts use the term (they keep it)")
