"""Tables of the disclosure register (migration 0011): evidence numbers, recipients, disclosures, lifted spans
and the admin-edited list of reasons for lifting a redaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class EvidenceNumber(Base):
    """An item's evidence number, assigned once at intake (``TEM-<case>-<office>-<seq>``), never changed or
    reused: the unique constraint on ``number`` holds across migrations and field-office transfers."""

    __tablename__ = "evidence_numbers"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    prefix: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvidenceSequence(Base):
    """The last sequence number used per prefix (case code + office code), locked while numbering."""

    __tablename__ = "evidence_sequences"

    prefix: Mapped[str] = mapped_column(String(40), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Recipient(Base):
    """Who receives evidence: a court registry, a defence team, a reparations board, a partner organisation."""

    __tablename__ = "recipients"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Disclosure(Base):
    """One signed bundle handed to one recipient: the register's row. ``previous_id`` names the earlier
    disclosure a lifting step builds on."""

    __tablename__ = "disclosures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bundle_id: Mapped[str] = mapped_column(ForeignKey("bundles.id"), unique=True)
    recipient_id: Mapped[str] = mapped_column(ForeignKey("recipients.id"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    profile: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    item_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    evidence_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    previous_id: Mapped[str | None] = mapped_column(ForeignKey("disclosures.id"), nullable=True)
    authorised_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiftedSpan(Base):
    """A redaction span lifted for one disclosure, with the reason and who decided it. The span's text is
    never stored: offsets point into the text artefact ``text_sha256``."""

    __tablename__ = "lifted_spans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    disclosure_id: Mapped[str] = mapped_column(ForeignKey("disclosures.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    span_id: Mapped[str] = mapped_column(String(36))
    text_sha256: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str] = mapped_column(String(40))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiftReason(Base):
    """A reason category for lifting a redaction, edited by the admin (built-ins: ICC-style categories)."""

    __tablename__ = "lift_reasons"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_fr: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

