"""HTTP views for logging in and managing users: parse, call the service, serialise."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from archive.auth import authenticate, create_user, find_user, issue_token, require, roles, set_role
from archive.deps import ActorDep, ArchiveDep, SessionDep
from archive.i18n import accept_language, translate
from archive.models import User

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
    reason: str = ""


def _user(u: User) -> dict[str, Any]:
    return {"id": u.id, "username": u.username, "role": u.role, "active": u.active,
            "created_at": u.created_at.isoformat()}


@router.post("/auth/login", summary="Log in and receive a JWT")
def login(body: Login, request: Request, archive: ArchiveDep, session: SessionDep) -> Any:
    user = authenticate(session, username=body.username, password=body.password, settings=archive.settings)
    if user is None:  # the failure is committed with the session; answer 401
        lang = accept_language(request.headers.get("accept-language"))
        return JSONResponse({"error": translate(lang, "err.login_wrong"), "code": "login_wrong"}, status_code=401)
    token = issue_token(user, secret=archive.jwt_secret, ttl_minutes=archive.settings.jwt_ttl_minutes)
    return {"access_token": token, "token_type": "bearer", "role": user.role, "username": user.username}


@router.get("/users/me")
def me(actor: ActorDep) -> dict[str, Any]:
    return {"username": actor.name, "role": actor.role, "id": actor.user_id}


@router.get("/users")
def list_users(actor: ActorDep, session: SessionDep) -> list[dict[str, Any]]:
    require(actor, "users.manage")
    return [_user(u) for u in session.execute(select(User).order_by(User.username)).scalars()]


@router.post("/users", status_code=201)
def add_user(body: NewUser, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    return _user(create_user(session, actor=actor, username=body.username, role=body.role,
                             password=body.password))


@router.put("/users/{username}/role")
def change_role(username: str, body: RoleChange, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    user = find_user(session, username)
    set_role(session, actor=actor, user=user, role=body.role, reason=body.reason)
    return _user(user)


@router.get("/roles")
def list_roles() -> dict[str, Any]:
    return {r.name: {"description": r.description, "permissions": sorted(r.permissions)}
            for r in roles().values()}
