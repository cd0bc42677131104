"""`temoin fixity` and `temoin audit verify|unseal`: prove that nothing changed; read sealed words (logged)."""

from __future__ import annotations

import typer

from archive.cli.app import app
from archive.cli.common import AS_OPTION, JSON_OPTION, emit_json, err, opened_archive, out, resolve_actor, say

audit = typer.Typer(help="Journal de traçabilité / custody log.", no_args_is_help=True)
app.add_typer(audit, name="audit")


@app.command("fixity")
def fixity(as_json: bool = JSON_OPTION) -> None:
    """Re-hash every stored object; report each mismatch or missing object (exit 1 if any)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from archive.custody import SYSTEM
    from archive.integrity.service import run_fixity
    with opened_archive() as archive, Progress(TextColumn("fixity"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("fixity", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        with archive.db.session() as session:
            report = run_fixity(session, archive.store, actor=SYSTEM, progress=progress)
    if as_json:
        emit_json(report.as_dict())
    else:
        for p in report.problems:
            err.print(say("cli.fixity_problem", kind=p.kind, sha256=p.sha256, items=", ".join(p.items) or "-",
                          detail=p.detail), style="red", markup=False, highlight=False)
        out.print(say("cli.fixity", checked=report.checked, problems=len(report.problems)))
    if not report.ok:
        raise typer.Exit(1)


@audit.command("verify")
def audit_verify(as_json: bool = JSON_OPTION) -> None:
    """Verify the hash chain of the custody log; exit 1 naming the first altered, removed or moved entry."""
    from rich.markup import escape

    from archive.integrity.service import verify_custody
    with opened_archive() as archive, archive.db.session() as session:
        report = verify_custody(session)
    if as_json:
        emit_json(report.as_dict())
    elif report.ok:
        out.print(say("cli.chain_ok", entries=report.entries, head=report.head_hash))
    else:
        err.print(f"[red]{escape(say('cli.chain_broken', seq=report.first_bad_seq, problem=report.problem))}[/]")
    if not report.ok:
        raise typer.Exit(1)


@audit.command("unseal")
def audit_unseal(seq: int = typer.Argument(..., help="Custody entry number."),
                 field: str = typer.Argument(..., help="Sealed field: query (a search), filename (an upload)."),
                 reason: str = typer.Option(..., "--reason", help="Why (kept in the custody log)."),
                 as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Read the sealed words of one custody entry (data-protection officer only; the reading is logged)."""
    from archive.custody import unseal
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            value = unseal(session, archive.key, actor=actor, seq=seq, name=field, reason=reason)
    if as_json:
        emit_json({"seq": seq, "field": field, "value": value})
    else:
        out.print(value, markup=False, highlight=False)
