"""Users, roles (as data), argon2id passwords, JWT tokens and slowed-down failed logins."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.custody import Actor
from archive.errors import AuthError, Conflict, Invalid, NotFound, PermissionDenied
from archive.models import CaseAssignment, LoginFailure, User, utcnow
from archive.roles import Role as Role  # re-exported: roles are read through auth
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


def has_permission(role: str, permission: str) -> bool:
    return permission in check_role(role).permissions if role in roles() else False


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


def issue_token(user: User, *, secret: str, ttl_minutes: int) -> str:
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


def create_user(session: Session, *, actor: Actor, username: str, role: str, password: str) -> User:
    require(actor, "users.manage")
    check_role(role)
    username = username.strip()
    if not username or len(username) > 120:
        raise Invalid("username_length", max=120)
    if session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise Conflict("username_taken", username=username)
    user = User(username=username, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    custody.record(session, actor=actor, action="user_create", object_type="user", object_id=user.id,
                   details={"username": username, "role": role})
    return user


def set_role(session: Session, *, actor: Actor, user: User, role: str, reason: str = "") -> None:
    require(actor, "users.manage")
    check_role(role)
    old, user.role = user.role, role
    custody.record(session, actor=actor, action="permission_change", object_type="user", object_id=user.id,
                   reason=reason, details={"from": old, "to": role})


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


def login_delay(failures: int, threshold: int) -> float:
    """Seconds to wait before answering, growing after `threshold` consecutive failures (capped)."""
    if failures < threshold:
        return 0.0
    return float(min(2 ** (failures - threshold), 30))


def authenticate(session: Session, *, username: str, password: str, settings: Settings,
                 sleep: bool = True) -> User | None:
    """Check a password; failures are counted, slowed down and written to the custody log.

    Returns None on failure (rather than raising) so the caller commits the failure record.
    """
    failure = session.get(LoginFailure, username[:120])
    delay = login_delay(failure.count if failure else 0, settings.login_max_failures)
    if delay and sleep:
        time.sleep(delay)
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active or not password_matches(user.password_hash, password):
        if failure is None:
            failure = LoginFailure(username=username[:120], count=0)
            session.add(failure)
        failure.count += 1
        failure.last_at = utcnow()
        custody.record(session, actor=Actor(username[:120], user.role if user else "unknown"),
                       action="login_failed", object_type="user", object_id=user.id if user else "-",
                       details={"consecutive_failures": failure.count})
        return None
    if failure is not None:
        session.delete(failure)
    custody.record(session, actor=Actor(user.username, user.role, user.id), action="login",
                   object_type="user", object_id=user.id)
    return user
