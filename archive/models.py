"""The system of record: SQLAlchemy 2 models. The search index is derived from these rows and blobs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: use UTC-aware datetimes")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[Item]] = relationship(back_populates="case")


class CaseAssignment(Base):
    __tablename__ = "case_assignments"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    assigned_by: Mapped[str] = mapped_column(String(120))
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Blob(Base):
    """A content-addressed object in the object store; the SHA-256 is the key."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    stored_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Item(Base):
    """One testimony item: an original file (or typed text) with its intake metadata."""

    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="file")  # file | typed_text
    filename: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(300), default="")  # free text: redacted for redacted-only roles
    status: Mapped[str] = mapped_column(String(20), default="queued")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    duplicate_of: Mapped[str | None] = mapped_column(String(36), nullable=True)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_by_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Intake metadata
    collected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    collected_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    language: Mapped[str | None] = mapped_column(String(12), nullable=True)
    region: Mapped[str | None] = mapped_column(String(60), nullable=True)
    locality: Mapped[str | None] = mapped_column(String(200), nullable=True)  # sensitive
    testimony_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    confidentiality: Mapped[str] = mapped_column(String(20), default="confidential")
    violation_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    incident_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # metadata from ingest
    # Grows with every change that derived state (redacted text, index entry) must follow; an index entry
    # carries the revision it was built from, so a slow writer can never replace a newer entry.
    revision: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="items")


class SealedAccess(Base):
    """Users named on an item under seal: only they may see it."""

    __tablename__ = "sealed_access"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)


class ConsentEvent(Base):
    """Append-only consent history; the latest event per (item, scope) is in force."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_scope_item", "scope", "item_id", "id"),)  # latest per item

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    scope: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))  # granted | withdrawn
    given_on: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    interpreter: Mapped[str | None] = mapped_column(String(120), nullable=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class Artefact(Base):
    """Something derived from an item (extracted text, transcript, ...), itself a content-addressed blob."""

    __tablename__ = "artefacts"
    __table_args__ = (UniqueConstraint("item_id", "kind", "version"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    media_type: Mapped[str] = mapped_column(String(120))
    tool: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Job(Base):
    """A durable unit of work on an item, run by a worker through its stages in order.

    Jobs are also the outbox of the services: a change schedules its follow-ups here in its own transaction.
    ``version`` is the item revision the job must reflect at least; ``urgent`` jobs are what a read is
    waiting for (run first, right after the change commits; searches catch up urgent index jobs first)."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_ready", "status", "run_after"), Index("ix_jobs_pending", "stage", "status"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: The job's subject: an item for the pipeline's stages, a claimant for ``duplicates`` (no foreign key).
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    run_after: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    worker: Mapped[str | None] = mapped_column(String(120), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    transient_failures: Mapped[int] = mapped_column(Integer, default=0)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CustodyEntry(Base):
    """One append-only, hash-chained entry of the custody log."""

    __tablename__ = "custody"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC, exactly as hashed
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(120), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, exactly as hashed
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class CustodyHead(Base):
    """A single row locked while appending, so concurrent writers extend the chain one at a time."""

    __tablename__ = "custody_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    entry_hash: Mapped[str] = mapped_column(String(64))


class RedactionSpan(Base):
    """A proposed or reviewed span of an item's text. The text itself is not stored: offsets point into the
    artefact named by `text_sha256`, so no identifier sits in the database in clear."""

    __tablename__ = "redaction_spans"
    __table_args__ = (Index("ix_spans_item", "item_id", "status"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    text_sha256: Mapped[str] = mapped_column(String(64))  # the text artefact the offsets refer to
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    recognizer: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float)
    keep: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed|accepted|rejected|added
    reviewer: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseVault(Base):
    """The case's pseudonym map (who is "[Personne A]"), sealed with AES-GCM under the archive key."""

    __tablename__ = "case_vaults"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    names_version: Mapped[int] = mapped_column(Integer, default=0)  # grows when new names join the case
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Bundle(Base):
    """A redacted case bundle handed out of the archive: what was exported, by whom, and whether revoked."""

    __tablename__ = "bundles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    profile: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    creator: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))  # of the whole ZIP
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    items: Mapped[int] = mapped_column(Integer, default=0)
    withheld: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


# Tables of domains kept in their own modules, imported here so that the metadata sees them.
from archive.acts import models as _acts_models  # noqa: E402,F401  (coded acts: issue 15)
from archive.claims import models as _claims_models  # noqa: E402,F401
from archive.disclosures import models as _disclosure_models  # noqa: E402,F401
from archive.exports.models import MediaCheck as MediaCheck  # noqa: E402
from archive.freetext import models as _freetext_models  # noqa: E402,F401  (free-text forms)
from archive.review.models import DrawnBox as DrawnBox  # noqa: E402
from archive.review.models import VaultRejection as VaultRejection  # noqa: E402
from archive.users import models as _users_models  # noqa: E402,F401  (role_requests, login_throttle)
