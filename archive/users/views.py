"""HTTP views for logging in and managing users: parse, call the service, serialise."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from archive.auth import issue_token, require, roles
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.models import User
from archive.users.models import RoleRequest
from archive.users.service import change_role, confirm_role, create_account, log_in, pending_requests

router = APIRouter(tags=["users"])


class Login(BaseModel):
    username: str = Field(max_length=120)
    password: str = Field(max_length=1024)


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=120)
    role: str
    password: str = Field(min_length=10, max_length=1024)


class RoleChange(BaseModel):
    role: str
    reason: str = Field("", max_length=2000)


class Confirmation(BaseModel):
    reason: str = Field("", max_length=2000)


def _user(u: User) -> dict[str, Any]:
    return {"id": u.id, "username": u.username, "role": u.role, "active": u.active,
            "created_at": u.created_at.isoformat()}


def _request(r: RoleRequest, username: str) -> dict[str, Any]:
    return {"id": r.id, "username": username, "from": r.from_role or None, "to": r.to_role,
            "requested_by": r.requested_by, "requested_at": r.requested_at.isoformat(), "status": r.status,
            "reason": r.reason}


@router.post("/auth/login", summary="Log in and receive a JWT (429 with Retry-After while attempts are blocked)")
async def login(body: Login, request: Request, archive: ArchiveDep) -> dict[str, Any]:
    address = request.client.host if request.client else None
    user = await run_in_threadpool(
        lambda: log_in(db=archive.db, threshold=archive.settings.login_max_failures,
                       username=body.username, password=body.password, address=address))
    token = issue_token(user, secret=archive.jwt_secret, ttl_minutes=archive.settings.jwt_ttl_minutes)
    return {"access_token": token, "token_type": "bearer", "role": user.role, "username": user.username}


@router.get("/users/me")
def me(actor: ActorDep) -> dict[str, Any]:
    return {"username": actor.name, "role": actor.role, "id": actor.user_id}


@router.get("/users")
def list_users(actor: ActorDep, session: SessionDep) -> list[dict[str, Any]]:
    require(actor, "users.manage")
    return [_user(u) for u in session.execute(select(User).order_by(User.username)).scalars()]


@router.post("/users", status_code=201,
             summary="Open an account (a role that reads content waits for a second administrator)")
def add_user(body: NewUser, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    opened = create_account(session=session, actor=actor, username=body.username, role=body.role,
                            password=body.password)
    pending = _request(opened.pending, opened.user.username) if opened.pending else None
    return {**_user(opened.user), "pending": pending}


@router.put("/users/{username}/role",
            summary="Change a role (202 with the pending request when a second administrator must confirm)")
def put_role(username: str, body: RoleChange, actor: ActorDep, session: SessionDep) -> Any:
    pending = change_role(session=session, actor=actor, username=username, role=body.role, reason=body.reason)
    if pending is not None:
        return JSONResponse({"pending": _request(pending, username)}, status_code=202)
    user = session.execute(select(User).where(User.username == username)).scalar_one()
    return _user(user)


@router.get("/role-requests", summary="Role changes waiting for a second administrator")
def list_requests(actor: ActorDep, session: SessionDep) -> list[dict[str, Any]]:
    return [_request(r, name) for r, name in pending_requests(session=session, actor=actor)]


@router.post("/role-requests/{request_id}/confirm", summary="Confirm another administrator's role change")
def confirm(request_id: str, body: Confirmation, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    return _user(confirm_role(session=session, actor=actor, request_id=request_id, reason=body.reason))


@router.get("/roles")
def list_roles() -> dict[str, Any]:
    return {r.name: {"description": r.description, "permissions": sorted(r.permissions)}
            for r in roles().values()}
