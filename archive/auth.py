"""Users, roles (as data), argon2id passwords and JWT tokens (logins and role changes: archive/users/service.py)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Protocol

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.custody import Actor
from archive.errors import AuthError, Invalid, NotFound, PermissionDenied
from archive.models import CaseAssignment, User
from archive.roles import Role as Role  # re-exported: roles are read through auth
from archive.roles import has_permission as has_permission  # one rule, kept with the roles
from archive.roles import roles as roles
from archive.settings import Settings

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
JWT_ALGORITHM = "HS256"
KNOWN_BAD_SECRETS = frozenset({"changeme", "change-me", "secret", "changethis", "temoin", "default", "password"})
MIN_SECRET_LENGTH = 32


def check_role(name: str) -> Role:
    try:
        return roles()[name]
    except KeyError:
        raise Invalid("role_unknown", role=name, roles=sorted(roles())) from None


def require(actor: Actor, permission: str) -> None:
    if actor.role == "system":
        return  # the local operator on the archive machine (CLI without --as)
    if not has_permission(actor.role, permission):
        raise PermissionDenied("permission_missing", role=actor.role, permission=permission)


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise Invalid("password_short", min=10)
    return _hasher.hash(password)


def password_matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def load_jwt_secret(settings: Settings) -> str:
    """The configured secret, or one generated on first run and kept with mode 0600."""
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value()
        if secret.strip().lower() in KNOWN_BAD_SECRETS or len(secret) < MIN_SECRET_LENGTH:
            raise Invalid("config_jwt_secret", min=MIN_SECRET_LENGTH)
        return secret
    path = settings.keys_dir / "jwt.secret"
    if not path.exists():
        settings.keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_private(path, secrets.token_urlsafe(48))
    if path.stat().st_mode & 0o077:
        raise Invalid("key_file_mode", path=path)
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


class TokenSubject(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def username(self) -> str: ...
    @property
    def role(self) -> str: ...


def issue_token(user: TokenSubject, *, secret: str, ttl_minutes: int) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {"sub": user.id, "name": user.username, "role": user.role, "iat": now,
              "exp": now + dt.timedelta(minutes=ttl_minutes)}
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


def actor_from_token(session: Session, token: str, *, secret: str) -> Actor:
    try:
        claims = jwt.decode(token, secret, algorithms=[JWT_ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise AuthError("session_expired") from None
    except jwt.PyJWTError:
        raise AuthError("token_invalid") from None
    user = session.get(User, claims["sub"])
    if user is None or not user.active:
        raise AuthError("account_disabled")
    return Actor(user.username, user.role, user.id)  # role from the database, never from the token


def find_user(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound("user", username=username)
    return user


def assigned_cases(session: Session, user_id: str | None) -> frozenset[str]:
    if user_id is None:
        return frozenset()
    rows = session.execute(select(CaseAssignment.case_id).where(CaseAssignment.user_id == user_id))
    return frozenset(rows.scalars())
