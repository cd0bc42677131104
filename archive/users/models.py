"""A role change waiting for a second administrator (two-person rule for roles that read testimonies)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archive.models import Base, UTCDateTime, new_id, utcnow


class RoleRequest(Base):
    """Asked by one administrator, applied only when a different one confirms it.

    ``from_role`` is empty for an account opened with a content role (the account stays inactive until then).
    """

    __tablename__ = "role_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    from_role: Mapped[str] = mapped_column(String(40), default="")
    to_role: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(120))
    requested_by_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | confirmed | superseded
    decided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LoginThrottle(Base):
    """Consecutive failed logins of one user name (``user:<name>``, also for names that do not exist) or one
    client address (``addr:<ip>``), shared by every process (``archive/users/throttle.py``)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(130), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
