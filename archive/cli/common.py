"""What every command shares: opening the archive, acting as a user, JSON on stdout, errors on stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

from archive.errors import DomainError
from archive.i18n import Lang, translate

if TYPE_CHECKING:
    from archive.context import Archive
    from archive.custody import Actor


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

AS_OPTION = typer.Option(None, "--as", help="Act as this user (their role and assignments apply).")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document on stdout and nothing else.")


def cli_lang() -> Lang:
    """The language of messages: TEMOIN_LANG, else the locale (LANG), French unless it says English."""
    value = (os.environ.get("TEMOIN_LANG") or os.environ.get("LANG") or "fr").lower()
    return "en" if value.startswith("en") else "fr"


def say(key: str, **values: object) -> str:
    """A catalogue message in the CLI's language (TEMOIN_LANG / LANG, French by default)."""
    return translate(cli_lang(), key, **values)


def fail(message: str, code: int = 1) -> NoReturn:
    from rich.markup import escape

    label = say("cli.error")
    err.print(f"[bold red]{label}:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def warn(message: object) -> None:
    """A warning on stderr, labelled in the user's language (the message printed as it is, never as markup)."""
    from rich.markup import escape

    err.print(f"[yellow]{say('cli.warning')}:[/] {escape(str(message))}", highlight=False)


def failed(message: object) -> None:
    """What did not hold, on stderr, labelled in the user's language (the command then exits 1)."""
    from rich.markup import escape

    err.print(f"[bold red]{say('cli.failed')}:[/] {escape(str(message))}", highlight=False)


def refuse(exc: DomainError) -> NoReturn:
    """A service's refusal, in the user's language, with the exit code of its kind."""
    fail(exc.message(cli_lang()), exc.exit_code)


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
        fail(say("cli.key_unreadable", path=shown(key), detail=exc.strerror or exc), 2)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


@contextmanager
def opened_archive() -> Iterator[Archive]:
    """Open the archive from the environment; turn known failures into a clear message and exit code."""
    from pydantic import ValidationError

    from archive.context import Archive
    from archive.settings import Settings
    from archive.storage.base import StorageError
    from search import InvalidQuery, SearchUnavailable

    lang = cli_lang()
    try:
        settings = Settings()
        archive = Archive.open(settings)
    except DomainError as exc:
        fail(translate(lang, "cli.cannot_open", detail=exc.message(lang)))
    except (ValueError, ValidationError, StorageError, OSError) as exc:
        fail(translate(lang, "cli.cannot_open", detail=str(exc)))
    try:
        yield archive
    except DomainError as exc:
        refuse(exc)
    except InvalidQuery as exc:
        from archive.i18n.explain import query_problem

        fail(query_problem(lang, exc), 2)
    except (StorageError, SearchUnavailable) as exc:
        fail(str(exc), 5)
    except ValidationError as exc:
        from archive.i18n.explain import said_problems, validation_problems

        fail(said_problems(lang, validation_problems(lang, exc.errors())), 2)
    finally:
        archive.close()


def resolve_actor(archive: Archive, username: str | None) -> Actor:
    """`--as USER` acts with that user's role; without it, the local operator (`system`) acts."""
    from archive.auth import find_user
    from archive.custody import SYSTEM, Actor

    if username is None:
        return SYSTEM
    with archive.db.session() as session:
        try:
            user = find_user(session, username)
        except DomainError as exc:
            refuse(exc)
        if not user.active:
            fail(translate(cli_lang(), "err.account_disabled"), 3)
        return Actor(user.username, user.role, user.id)
