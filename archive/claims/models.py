"""Tables of the claims register. Claimants' identifying fields are never stored in clear: one AES-GCM box
under the archive key (``archive/claims/identity.py``); a claimant is known by a pseudonymous label."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class Claimant(Base):
    """A person who claims (or on whose behalf a claim is made), pseudonymous: ``label`` is what staff see."""

    __tablename__ = "claimants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # names, birth date and place, parents: AES-GCM box
    identity_consent: Mapped[bool] = mapped_column(Boolean, default=False)  # consented to identity disclosure
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("claimants.id"), nullable=True, index=True)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Claim(Base):
    """One claim under one programme, from registration to delivered measure."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    claimant_id: Mapped[str] = mapped_column(ForeignKey("claimants.id"), index=True)
    programme: Mapped[str] = mapped_column(String(60))
    programme_version: Mapped[str] = mapped_column(String(80))  # the rules' version and their SHA-256
    victim_category: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="registered", index=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reasoning: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimCitation(Base):
    """Evidence a claim relies on: a testimony item (and where in it, in the officer's words)."""

    __tablename__ = "claim_citations"

    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ClaimEvent(Base):
    """One step of a claim's life: who, when, from which status to which, why, citing what."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    cited: Mapped[list[str]] = mapped_column(JSON, default=list)
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DuplicateCandidate(Base):
    """Two claimants the matcher judges likely the same person, until a person decides (and maybe undoes)."""

    __tablename__ = "duplicate_candidates"
    __table_args__ = (UniqueConstraint("a", "b"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    a: Mapped[str] = mapped_column(ForeignKey("claimants.id"), index=True)
    b: Mapped[str] = mapped_column(ForeignKey("claimants.id"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | same | different | undone
    decided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    moved_claims: Mapped[list[str]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatcherModel(Base):
    """What the duplicate matcher learnt in one training run on the register (Splink's settings with m, u and
    the prior; no names): a registration's check scores the new claimant with the latest one."""

    __tablename__ = "matcher_models"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    trained_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    records: Mapped[int] = mapped_column(Integer)
    prior: Mapped[float] = mapped_column(Float)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    trained_by: Mapped[str] = mapped_column(String(120))


class ClaimLink(Base):
    """A household or indirect-victim link of a claim: the claimant is ``relation`` of ``person`` (another
    pseudonymous person record, e.g. a husband killed or a son disappeared), whose ``fate`` the claim states."""

    __tablename__ = "claim_links"
    __table_args__ = (UniqueConstraint("claim_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("claimants.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # spouse | child | parent | sibling | household | ...
    fate: Mapped[str] = mapped_column(String(20))      # killed | disappeared | injured | alive | unknown
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
