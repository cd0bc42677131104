"""The first administrator account, created on first start of an empty archive."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from archive.context import Archive
from archive.custody import SYSTEM
from archive.models import User
from archive.users.service import create_user

FIRST_ADMIN = "admin"


def ensure_first_admin(archive: Archive) -> str | None:
    """Create `admin` with a random password if there is no user yet; return that password (shown once)."""
    with archive.db.session() as session:
        if session.execute(select(func.count()).select_from(User)).scalar_one():
            return None
        password = secrets.token_urlsafe(15)
        create_user(session, actor=SYSTEM, username=FIRST_ADMIN, role="admin", password=password)
        return password
