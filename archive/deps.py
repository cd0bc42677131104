"""FastAPI dependencies: the running archive, a unit-of-work session, the authenticated actor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from archive.auth import actor_from_token
from archive.context import Archive
from archive.custody import Actor
from archive.errors import AuthError

bearer = HTTPBearer(auto_error=False, description="JWT from POST /auth/login")


def get_archive(request: Request) -> Archive:
    archive: Archive = request.app.state.archive
    return archive


def get_session(archive: Annotated[Archive, Depends(get_archive)]) -> Iterator[Session]:
    """One transaction per request: committed if the view returns, rolled back if it raises."""
    with archive.db.session() as session:
        yield session


def get_actor(
    archive: Annotated[Archive, Depends(get_archive)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    if credentials is None:
        raise AuthError("login_first")
    with archive.db.reader() as session:  # every request: never SQLite's write lock
        return actor_from_token(session, credentials.credentials, secret=archive.jwt_secret)


ArchiveDep = Annotated[Archive, Depends(get_archive)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ActorDep = Annotated[Actor, Depends(get_actor, scope="function")]
