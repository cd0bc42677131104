"""Accounts, roles and logins: the one service every door (API, web pages, CLI) calls.

Roles that read testimonies (any permission ``items.read*`` or ``items.download``) are granted only by two
people: the administrator who asks and a different one who confirms (the two-person rule of case-management
systems for GBV data). Nobody changes their own role, and the last administrator cannot be removed. The local
operator on the archive machine (CLI without ``--as``) acts directly: they already hold the database and keys.

Logging in checks the throttle and reads the account in one read-only unit of work (no lock),
verifies the password outside any transaction, then writes the outcome in one short transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import check_role, find_user, hash_password, password_matches, require
from archive.custody import Actor
from archive.db import Database
from archive.errors import AuthError, Conflict, Forbidden, Invalid, NotFound, TooManyAttempts
from archive.models import User, utcnow
from archive.users import throttle
from archive.users.models import RoleRequest

CONTENT_PERMISSIONS = frozenset({"items.read", "items.read_redacted", "items.download"})


def reads_content(role: str) -> bool:
    return bool(check_role(role).permissions & CONTENT_PERMISSIONS)


def _needs_second_admin(actor: Actor, role: str) -> bool:
    return actor.role != "system" and reads_content(role)


def _active_admins(session: Session, *, other_than: str) -> int:
    query = select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True),
                                                         User.id != other_than)
    return int(session.execute(query).scalar_one())


def _opening(session: Session, user_id: str) -> bool:
    """Is this account waiting to open (created with a content role, not yet confirmed)?"""
    query = select(RoleRequest.id).where(RoleRequest.user_id == user_id, RoleRequest.status == "pending",
                                         RoleRequest.from_role == "")
    return session.execute(query).first() is not None


def _keep_an_admin(session: Session, user: User, role: str) -> None:
    if user.role == "admin" and role != "admin" and user.active and not _active_admins(session, other_than=user.id):
        raise Conflict("role_last_admin")


def _supersede(session: Session, user_id: str, actor: Actor) -> None:
    for earlier in session.execute(select(RoleRequest).where(RoleRequest.user_id == user_id,
                                                             RoleRequest.status == "pending")).scalars():
        earlier.status, earlier.decided_by, earlier.decided_at = "superseded", actor.name, utcnow()


def _request(session: Session, *, actor: Actor, user: User, role: str, reason: str, new: bool) -> RoleRequest:
    new = new or (not user.active and _opening(session, user.id))  # still an account waiting to open
    _supersede(session, user.id, actor)
    request = RoleRequest(user_id=user.id, from_role="" if new else user.role, to_role=role, reason=reason,
                          requested_by=actor.name, requested_by_id=actor.user_id)
    session.add(request)
    session.flush()
    custody.record(session, actor=actor, action="permission_change_requested", object_type="user",
                   object_id=user.id, reason=reason,
                   details={"request": request.id, "from": request.from_role or None, "to": role})
    return request


@dataclass(frozen=True)
class AccountOpened:
    user: User
    pending: RoleRequest | None  # set when the role waits for a second administrator (account inactive)


def create_account(*, session: Session, actor: Actor, username: str, role: str, password: str) -> AccountOpened:
    require(actor, "users.manage")
    check_role(role)
    username = username.strip()
    if not username or len(username) > 120:
        raise Invalid("username_length", max=120)
    if session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise Conflict("username_taken", username=username)
    waits = _needs_second_admin(actor, role)
    user = User(username=username, role=role, password_hash=hash_password(password), active=not waits)
    session.add(user)
    session.flush()
    custody.record(session, actor=actor, action="user_create", object_type="user", object_id=user.id,
                   details={"username": username, "role": role, "waits_for_confirmation": waits})
    pending = _request(session, actor=actor, user=user, role=role, reason="", new=True) if waits else None
    return AccountOpened(user, pending)


def create_user(session: Session, *, actor: Actor, username: str, role: str, password: str) -> User:
    """``create_account`` for callers that only need the user (the account is inactive while its role waits)."""
    return create_account(session=session, actor=actor, username=username, role=role, password=password).user


def change_role(*, session: Session, actor: Actor, username: str, role: str, reason: str = ""
                ) -> RoleRequest | None:
    """Change a user's role now, or (for a role that reads content) ask a second administrator to confirm it:
    then the pending request is returned and the user keeps their role until it is confirmed."""
    require(actor, "users.manage")
    check_role(role)
    user = find_user(session, username)
    if actor.user_id is not None and actor.user_id == user.id:
        raise Forbidden("role_own")
    _keep_an_admin(session, user, role)
    if user.role == role and user.active:
        return None  # nothing to change
    if _needs_second_admin(actor, role):
        return _request(session, actor=actor, user=user, role=role, reason=reason, new=False)
    if not user.active and _opening(session, user.id):
        user.active = True  # an account waiting to open with a content role opens with this one instead
    _supersede(session, user.id, actor)
    old, user.role = user.role, role
    custody.record(session, actor=actor, action="permission_change", object_type="user", object_id=user.id,
                   reason=reason, details={"from": old, "to": role})
    return None


def pending_requests(*, session: Session, actor: Actor) -> list[tuple[RoleRequest, str]]:
    """Role changes waiting for a second administrator, with the user name each concerns."""
    require(actor, "users.manage")
    rows = session.execute(select(RoleRequest, User.username).join(User, User.id == RoleRequest.user_id)
                           .where(RoleRequest.status == "pending").order_by(RoleRequest.requested_at))
    return [(request, name) for request, name in rows.all()]


def confirm_role(*, session: Session, actor: Actor, request_id: str, reason: str = "") -> User:
    """The second administrator's confirmation: the role (and, for a new account, the account) takes effect."""
    require(actor, "users.manage")
    request = session.get(RoleRequest, request_id)
    if request is None:
        raise NotFound("role_request", id=request_id)
    if request.status != "pending":
        raise Conflict("role_request_closed", status=request.status)
    if actor.user_id is not None and actor.user_id == request.user_id:
        raise Forbidden("role_own")
    if actor.role != "system" and (actor.user_id is None or actor.user_id == request.requested_by_id
                                   or actor.name == request.requested_by):
        raise Forbidden("role_confirm_same_admin")
    user = session.get(User, request.user_id)
    if user is None:
        raise NotFound("user", username=request.user_id)
    _keep_an_admin(session, user, request.to_role)  # admins may have changed since it was asked
    old = user.role
    user.role = request.to_role
    if not request.from_role:
        user.active = True  # an account opened with a content role starts now
    request.status, request.decided_by, request.decided_at = "confirmed", actor.name, utcnow()
    custody.record(session, actor=actor, action="permission_change", object_type="user", object_id=user.id,
                   reason=reason or request.reason,
                   details={"from": old if request.from_role else None, "to": request.to_role,
                            "request": request.id, "requested_by": request.requested_by,
                            "confirmed_by": actor.name})
    return user


@dataclass(frozen=True)
class LoggedIn:
    id: str
    username: str
    role: str


def log_in(*, db: Database, threshold: int, username: str, password: str, address: str | None) -> LoggedIn:
    """Check a password; refused at once (TooManyAttempts, with the wait) while the name or address is blocked.
    Failures are counted (shared by every process: ``archive/users/throttle.py``) and written to the custody log
    in one short transaction; nothing slow happens inside a transaction."""
    name = username[:120]
    with db.reader() as session:  # the throttle and the account: reads, never SQLite's write lock
        wait = throttle.retry_after(session, username=name, address=address, threshold=threshold)
        user = None if wait > 0 else session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        found = LoggedIn(user.id, user.username, user.role) if user is not None and user.active else None
        stored = user.password_hash if user is not None else None
    if wait > 0:
        raise TooManyAttempts("login_throttled", seconds=max(1, round(wait)))
    # argon2 runs outside any transaction (and against a dummy hash for unknown names: same cost, same answer)
    matches = password_matches(stored or _dummy_hash(), password) and found is not None
    if not matches:
        with db.session() as session:
            failures = throttle.failed(session, username=name, address=address, threshold=threshold)
            custody.record(session, actor=Actor(name, found.role if found else "unknown"), action="login_failed",
                           object_type="user", object_id=found.id if found else "-",
                           details={"consecutive_failures": failures})
        raise AuthError("login_wrong")
    assert found is not None
    with db.session() as session:
        throttle.succeeded(session, username=name)
        custody.record(session, actor=Actor(found.username, found.role, found.id), action="login",
                       object_type="user", object_id=found.id)
    return found


@cache
def _dummy_hash() -> str:
    return hash_password("no account has this password " + secrets.token_hex(16))
