"""`temoin transfer export|import|verify`: field offices send their new records to the central archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    cli_lang,
    emit_json,
    err,
    fail,
    opened_archive,
    out,
    read_key,
    resolve_actor,
    say,
    shown,
    warn,
)

transfer = typer.Typer(help="Transferts des antennes / field-office transfers.", no_args_is_help=True)
app.add_typer(transfer, name="transfer")


def _since(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        fail(say("cli.transfer_since", value=repr(value)), 2)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@transfer.command("export")
def export(since: str = typer.Option(..., "--since", help="ISO date (UTC unless a zone is given)."),
           output: Path = typer.Option(..., "-o", "--output", help="Where to write the package ZIP."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Write the cases, items, consent, artefacts, spans and custody entries recorded since a date."""
    from rich.progress import BarColumn, Progress, TextColumn

    from archive.transfer.export import export_since
    moment = _since(since)
    with opened_archive() as archive, Progress(TextColumn("export"), BarColumn(), console=err,
                                               transient=True) as bar:
        task = bar.add_task("export", total=1.0)
        result = export_since(archive, actor=resolve_actor(archive, as_user), since=moment, dst=output,
                              progress=lambda f: bar.update(task, completed=f))
    if as_json:
        emit_json(result.as_dict())
    else:
        out.print(f"{shown(result.path)}\t{result.sha256}\t" + ", ".join(f"{k} {v}" for k, v in result.counts.items()))


@transfer.command("import")
def import_(package: Path, key: Path | None = typer.Option(None, "--key", help="The field office's public key (PEM)."),
            as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Verify a package (hashes, signature, custody) and merge it without duplicates."""
    from archive.transfer.importer import import_package
    from archive.transfer.package import TransferRefused
    key_pem = read_key(key)
    with opened_archive() as archive:
        try:
            report = import_package(archive, actor=resolve_actor(archive, as_user), path=package, key_pem=key_pem,
                                    key_source=shown(key) if key else "--key")
        except TransferRefused as exc:
            fail(say("cli.transfer_refused", detail=exc.message(cli_lang())), exc.exit_code)
    if as_json:
        emit_json(report.as_dict())
        return
    for warning in report.warnings:
        warn(warning)
    if report.already_imported:
        out.print(say("cli.transfer_already", sha256=report.manifest_sha256))
    else:
        added = ", ".join(f"{k} +{v}" for k, v in report.added.items())
        out.print(say("cli.transfer_imported", origin=report.origin, added=added), markup=False)


@transfer.command("verify")
def verify(as_json: bool = JSON_OPTION) -> None:
    """Re-verify the field offices' custody entries kept here and every reference to them; exit 1 if broken."""
    from archive.transfer.foreign import verify_foreign
    with opened_archive() as archive, archive.db.session() as session:
        report = verify_foreign(session, archive.store)
    if as_json:
        emit_json(report.as_dict())
    else:
        for problem in report.problems:
            err.print(f"[red]{problem}[/]", highlight=False)
        out.print(say("cli.transfer_verified", segments=report.segments, entries=report.entries,
                      references=report.references))
    if not report.ok:
        raise typer.Exit(1)
