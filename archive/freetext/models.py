"""The stored redacted form of each free-text field (one row per object and field)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, utcnow


class FreeTextForm(Base):
    """The redacted form of one free-text field, with what it was made from: a keyed hash of the typed text
    (never the text itself) and the case vault's ``names_version``. A form whose text or vault has changed
    since is stale and is never shown (the field is withheld until the pipeline redoes it)."""

    __tablename__ = "free_text_forms"

    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)  # case | item
    object_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    source_hmac: Mapped[str] = mapped_column(String(64))
    names_version: Mapped[int] = mapped_column(Integer, default=0)
    profile: Mapped[str] = mapped_column(String(40))
    redacted: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
