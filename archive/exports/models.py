"""Tables of the export domain: an officer's check of an item's redacted media (issues 13 and 20)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class MediaCheck(Base):
    """An officer looked at (or listened to) an item's redacted media under one profile and marked it checked.

    ``fingerprint`` sums up what that redacted media was made from (the text, the spans in force, the case's
    names, the profile): when any of it changes, the check no longer applies and the media stays in."""

    __tablename__ = "media_checks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    profile: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # audio | scan
    fingerprint: Mapped[str] = mapped_column(String(64))
    checked_by: Mapped[str] = mapped_column(String(120))
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
