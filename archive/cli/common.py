"""What every command shares: opening the archive, acting as a user, JSON on stdout, errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from archive.auth import AuthError, PermissionDenied, find_user
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.settings import Settings
from archive.storage.base import StorageError
from search import SearchUnavailable

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

AS_OPTION = typer.Option(None, "--as", help="Act as this user (their role and assignments apply).")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document on stdout and nothing else.")


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]erreur / error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def shown(path: object) -> str:
    """A path as text that can always be printed (undecodable bytes become U+FFFD)."""
    return str(path).encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def read_key(key: Path | None) -> bytes | None:
    """The public key given with `--key`, or None; an unreadable file ends the command with a clear error."""
    if key is None:
        return None
    try:
        return key.read_bytes()
    except OSError as exc:
        fail(f"cannot read the key {shown(key)}: {exc.strerror or exc}", 2)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


@contextmanager
def opened_archive() -> Iterator[Archive]:
    """Open the archive from the environment; turn known failures into a clear message and exit code."""
    try:
        settings = Settings()
        archive = Archive.open(settings)
    except (ValueError, ValidationError, StorageError, OSError) as exc:
        fail(f"cannot open the archive: {exc}")
    try:
        yield archive
    except PermissionDenied as exc:
        fail(f"refused: {exc}", 3)
    except AuthError as exc:
        fail(str(exc), 3)
    except LookupError as exc:
        fail(str(exc.args[0]) if exc.args else str(exc), 4)
    except (StorageError, SearchUnavailable) as exc:
        fail(str(exc), 5)
    except (ValueError, ValidationError) as exc:
        fail(str(exc), 2)
    finally:
        archive.close()


def resolve_actor(archive: Archive, username: str | None) -> Actor:
    """`--as USER` acts with that user's role; without it, the local operator (`system`) acts."""
    if username is None:
        return SYSTEM
    with archive.db.session() as session:
        user = find_user(session, username)
        if not user.active:
            fail(f"the account {username!r} is disabled", 3)
        return Actor(user.username, user.role, user.id)
