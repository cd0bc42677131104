"""Acts and the passages that support them. No words of a testimony are stored here: a passage is an item, the
text version its offsets point into (``text_sha256``) and a character range, like a redaction span."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
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
