"""Acts and the passages that support them. No words of a testimony are stored here: a passage is an item, the
text version its offsets point into (``text_sha256``) and a character range, like a redaction span."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class Act(Base):
    """One violation against one victim, coded from a testimony of a case."""

    __tablename__ = "acts"
    __table_args__ = (Index("ix_acts_case", "case_id"), Index("ix_acts_item", "item_id"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))  # the testimony it was coded from
    act_type: Mapped[str] = mapped_column(String(40))
    date_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)  # day|month|year|around
    region: Mapped[str | None] = mapped_column(String(60), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)  # below region: identifying detail
    perpetrator_group: Mapped[str | None] = mapped_column(String(60), nullable=True)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("act_incidents.id"), nullable=True)
    victim_sex: Mapped[str] = mapped_column(String(10), default="unknown")
    victim_age_band: Mapped[str | None] = mapped_column(String(12), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft|reviewed|final
    created_by: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ActPassage(Base):
    """A character range of one text version of an item that supports an act.

    ``status``: ``current`` (points into the item's current text), ``moved`` (re-anchored after a correction
    that left its words as they were), ``corrected`` (re-anchored, but words inside it were corrected: to be
    checked), ``stale`` (its words cannot be found again: to be linked again; no text is shown for it)."""

    __tablename__ = "act_passages"
    __table_args__ = (Index("ix_act_passages_act", "act_id"), Index("ix_act_passages_item", "item_id"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    act_id: Mapped[str] = mapped_column(ForeignKey("acts.id"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    text_sha256: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="current")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActPerson(Base):
    """A person mentioned in a case, stored under the case pseudonym only ("[Personne A]"): the names behind it
    live in the sealed case vault that redaction keeps, never here. ``origin_place`` (below region) is
    identifying detail, shown to full readers only."""

    __tablename__ = "act_persons"
    __table_args__ = (UniqueConstraint("case_id", "pseudonym", name="uq_act_persons_pseudonym"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(80))
    sex: Mapped[str] = mapped_column(String(10), default="unknown")
    age_band: Mapped[str | None] = mapped_column(String(12), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin_region: Mapped[str | None] = mapped_column(String(60), nullable=True)
    origin_place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActRole(Base):
    """The part a person of the case plays in one act: victim, witness, alleged perpetrator, source,
    intervening party."""

    __tablename__ = "act_roles"
    __table_args__ = (UniqueConstraint("act_id", "person_id", "role", name="uq_act_roles"),
                      Index("ix_act_roles_person", "person_id"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    act_id: Mapped[str] = mapped_column(ForeignKey("acts.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("act_persons.id"))
    role: Mapped[str] = mapped_column(String(24))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Incident(Base):
    """An event of a case that groups acts which happened together (an attack on a village on a date)."""

    __tablename__ = "act_incidents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    date_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    region: Mapped[str | None] = mapped_column(String(60), nullable=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActCell(Base):
    """Ready counts of acts for statistics (``archive/acts/cells.py``): one row per set of one to three coded
    fields (``subset``, their names joined by commas), case and values (``v1..v3``; "" when unused)."""

    __tablename__ = "act_cells"
    __table_args__ = (UniqueConstraint("subset", "case_id", "v1", "v2", "v3", name="uq_act_cells"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subset: Mapped[str] = mapped_column(String(80))
    case_id: Mapped[str] = mapped_column(String(36))
    v1: Mapped[str] = mapped_column(String(60))
    v2: Mapped[str] = mapped_column(String(60))
    v3: Mapped[str] = mapped_column(String(60))
    n: Mapped[int] = mapped_column(Integer)


class ActCellItem(Base):
    """The items whose acts ``act_cells`` counts (a grant of aggregate_stats without expiry, no seal)."""

    __tablename__ = "act_cell_items"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)


class ActTerm(Base):
    """A term of an editable vocabulary (``act_type``, ``perpetrator_group``): labels and definitions in French
    and English, its origin (GBVIMS, HURIDOCS, the commission's, the keep-list). A deprecated term stays for the
    acts that use it and is refused for new ones."""

    __tablename__ = "act_terms"

    vocabulary: Mapped[str] = mapped_column(String(30), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    origin: Mapped[str] = mapped_column(String(40), default="")
    label_fr: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    definition_fr: Mapped[str] = mapped_column(String(1000), default="")
    definition_en: Mapped[str] = mapped_column(String(1000), default="")
    deprecated: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(120), default="system")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
