"""`temoin migrate`: move this archive to PostgreSQL + S3/MinIO + Elasticsearch (or other local targets).

Target URL forms (see docs/migrate.md); secrets missing from a URL are read from the environment:

- database: any SQLAlchemy URL; ``postgresql://`` means psycopg 3. The password may come from ``PGPASSWORD``.
- storage: ``s3://ACCESS:SECRET@HOST:PORT/BUCKET[?secure=1&region=R&retention_days=N]`` (credentials also
  from ``TEMOIN_MIGRATE_S3_ACCESS_KEY`` / ``TEMOIN_MIGRATE_S3_SECRET_KEY``), or ``local:/path``.
- search: ``elasticsearch+http[s]://[USER:PASS@]HOST:PORT[/INDEX]`` (credentials also from
  ``TEMOIN_MIGRATE_ES_USERNAME`` / ``TEMOIN_MIGRATE_ES_PASSWORD``), or ``embedded[:/path]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

import typer

from archive.cli.app import app
from archive.cli.common import (
    JSON_OPTION,
    cli_lang,
    emit_json,
    err,
    fail,
    opened_archive,
    out,
    say,
)

if TYPE_CHECKING:
    from rich.progress import TaskID

    from archive.settings import Settings

_TRUE = {"1", "true", "yes", "on"}


def _database(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        raise ValueError(f"--to {url!r} is not a database URL: give e.g. postgresql://temoin@db:5432/temoin")
    return url


def _storage(url: str, env: Mapping[str, str]) -> dict[str, Any]:
    from pydantic import SecretStr
    if url.startswith("local:"):
        return {"storage": "local", "storage_dir": Path(url.removeprefix("local:")).expanduser()}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname or not parts.path.strip("/"):
        raise ValueError(f"--storage {url!r} is not understood: give s3://ACCESS:SECRET@HOST:PORT/BUCKET "
                         "or local:/path")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    access = unquote(parts.username or "") or env.get("TEMOIN_MIGRATE_S3_ACCESS_KEY", "")
    secret = unquote(parts.password or "") or env.get("TEMOIN_MIGRATE_S3_SECRET_KEY", "")
    if not access or not secret:
        raise ValueError("--storage names no S3 credentials: put them in the URL (s3://ACCESS:SECRET@...) or set "
                         "TEMOIN_MIGRATE_S3_ACCESS_KEY and TEMOIN_MIGRATE_S3_SECRET_KEY")
    return {"storage": "s3", "s3_endpoint": f"{parts.hostname}:{parts.port or 9000}", "s3_access_key": access,
            "s3_secret_key": SecretStr(secret), "s3_bucket": parts.path.strip("/"),
            "s3_secure": query.get("secure", "0").lower() in _TRUE, "s3_region": query.get("region"),
            "s3_retention_days": int(query.get("retention_days", "0"))}


def _search(url: str, env: Mapping[str, str]) -> dict[str, Any]:
    from pydantic import SecretStr
    if url == "embedded" or url.startswith("embedded:"):
        path = url.removeprefix("embedded").removeprefix(":")
        return {"search_backend": "embedded", **({"search_dir": Path(path).expanduser()} if path else {})}
    parts = urlsplit(url)
    if parts.scheme not in ("elasticsearch+http", "elasticsearch+https") or not parts.hostname:
        raise ValueError(f"--search {url!r} is not understood: give elasticsearch+http://[USER:PASS@]HOST:PORT"
                         "[/INDEX] or embedded[:/path]")
    scheme = parts.scheme.split("+", 1)[1]
    user = unquote(parts.username or "") or env.get("TEMOIN_MIGRATE_ES_USERNAME") or None
    password = unquote(parts.password or "") or env.get("TEMOIN_MIGRATE_ES_PASSWORD") or None
    return {"search_backend": "elasticsearch", "elasticsearch_url": f"{scheme}://{parts.hostname}:{parts.port or 9200}",
            "elasticsearch_index": parts.path.strip("/") or "temoin", "elasticsearch_username": user,
            "elasticsearch_password": SecretStr(password) if password else None}


def target_settings(source: Settings, *, to: str, storage: str, search: str,
                    env: Mapping[str, str] | None = None) -> Settings:
    """The source's settings with the target's database, object store and search backend.

    The data directory (keys, state file) stays the source's: copy ``<data_dir>/keys`` to the servers."""
    from archive.settings import Settings
    env = os.environ if env is None else env
    update: dict[str, Any] = {"database_url": _database(to), **_storage(storage, env), **_search(search, env)}
    return Settings(**{**source.model_dump(), **update})


@app.command("migrate")
def migrate_command(
    to: str = typer.Option(..., "--to", envvar="TEMOIN_MIGRATE_TO", help="Target database URL."),
    storage: str = typer.Option(..., "--storage", envvar="TEMOIN_MIGRATE_STORAGE",
                                help="s3://ACCESS:SECRET@HOST:PORT/BUCKET[?secure=1] or local:/path."),
    search: str = typer.Option("embedded", "--search", envvar="TEMOIN_MIGRATE_SEARCH",
                               help="elasticsearch+http://[USER:PASS@]HOST:PORT[/INDEX] or embedded[:/path]."),
    batch: int = typer.Option(1000, help="Rows per insert."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Move this archive to other servers, verifying every object and the custody chain; resumable."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from archive.context import Archive
    from archive.migrate import MigrationFailed, MigrationRefused, migrate
    from archive.storage.base import StorageError
    with opened_archive() as source:
        try:
            settings = target_settings(source.settings, to=to, storage=storage, search=search)
            target = Archive.open(settings, migrate=False)
        except (ValueError, StorageError, OSError) as exc:
            fail(say("cli.migrate_target", detail=exc), 2)
        try:
            with Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), console=err,
                          transient=not err.is_terminal) as bars:
                tasks: dict[str, TaskID] = {}

                def step(what: str, done: int, total: int) -> None:
                    if what not in tasks:
                        tasks[what] = bars.add_task(what, total=total)
                    bars.update(tasks[what], completed=done, total=total)

                report = migrate(source, target, step=step, batch=batch)
        except MigrationRefused as exc:
            fail(say("cli.migrate_refused", detail=exc.message(cli_lang())), exc.exit_code)
        except MigrationFailed as exc:
            fail(say("cli.migrate_stopped", detail=exc.message(cli_lang())), exc.exit_code)
        finally:
            target.close()
    if as_json:
        emit_json(report.as_dict())
    elif report.already_done:
        out.print(say("cli.migrate_already", target=report.target), highlight=False)
    else:
        out.print(say("cli.migrate_done", rows=sum(report.rows.values()), objects=report.objects, bytes=report.bytes,
                      entries=report.chain.get("entries"), indexed=report.indexed, seconds=report.seconds),
                  highlight=False)
