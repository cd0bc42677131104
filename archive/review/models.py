"""Tables of the review domain: names an officer ruled out of a case's pseudonym vault (issue 20)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
