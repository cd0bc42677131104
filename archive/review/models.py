"""Tables of the review domain: names an officer ruled out of a case's pseudonym vault, and boxes drawn by hand on
scanned pages (issue 20)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class VaultRejection(Base):
    """A string an officer rejected as a person's name: it never enters (or stays in) the case's vault.

    Only a keyed hash of the folded string is stored (``Pseudonymiser.identity``), never the string."""

    __tablename__ = "vault_rejections"
    __table_args__ = (UniqueConstraint("case_id", "name_hmac", name="uq_vault_rejections_case_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    name_hmac: Mapped[str] = mapped_column(String(64))
    rejected_by: Mapped[str] = mapped_column(String(120))
    rejected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DrawnBox(Base):
    """A box an officer drew by hand on a scanned page to hide what is under it (issue 20): it is painted over
    when the page leaves as an image (export, redacted preview), whatever the OCR read there.

    The box is in fractions of the page as shown (0..1, origin top-left), so it fits any rendering of the page.
    A removed box stays as a row (who removed it, when); only boxes without ``removed_at`` apply."""

    __tablename__ = "drawn_boxes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(40))
    drawn_by: Mapped[str] = mapped_column(String(120))
    drawn_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
