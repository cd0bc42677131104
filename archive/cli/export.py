"""`temoin export`, `temoin verify`, `temoin keys show|rotate`, `temoin bundles list|revoke`."""

from __future__ import annotations

from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    emit_json,
    fail,
    failed,
    opened_archive,
    out,
    read_key,
    refuse,
    resolve_actor,
    say,
    shown,
    warn,
)

keys = typer.Typer(help="Clés de signature des lots / bundle signing keys.", no_args_is_help=True)
bundles = typer.Typer(help="Lots exportés / exported bundles.", no_args_is_help=True)
app.add_typer(keys, name="keys")
app.add_typer(bundles, name="bundles")


@app.command("export")
def export(case_id: str,
           profile: str = typer.Option(..., "--profile", help="reparations, prosecution or strict."),
           output: Path = typer.Option(..., "-o", "--output", help="Where to write the ZIP bundle."),
           to: str | None = typer.Option(None, "--to", help="Required: the recipient (a recorded name or id; "
                                         "`temoin disclosures recipients add`)."),
           purpose: str | None = typer.Option(None, "--purpose", help="Required: what the bundle is for."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Export a case as a signed, redacted ZIP bundle for a named recipient and purpose, recorded in the
    disclosure register (refused with exit 3 if nothing may be exported; exit 2 without --to or --purpose,
    exit 4 for a recipient not on record)."""
    from archive.errors import Invalid
    from archive.exports.plan import ExportBlocked
    if to is None or not to.strip():  # every export names its recipient and purpose: checked before any work
        refuse(Invalid("export_recipient_required"))
    if purpose is None or not purpose.strip():
        refuse(Invalid("disclosure_purpose_required"))
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        try:
            from archive.disclosures.service import disclose

            disclosed = disclose(archive, actor=actor, case_id=case_id, profile=profile, recipient=to,
                                 purpose=purpose, dst=output)
        except ExportBlocked as exc:
            refuse(exc)  # in the user's language, exit code 1 (a conflict: review first)
    result = disclosed.export
    if as_json:
        emit_json(disclosed.as_dict())
    else:
        out.print(f"{result.bundle_id}\t{shown(result.path)}\t"
                  + say("cli.bundle_made", items=result.items, withheld=result.withheld)
                  + f"\t{disclosed.disclosure_id}", highlight=False)


@app.command("verify")
def verify(bundle: Path, key: Path | None = typer.Option(None, "--key", help="Public key (PEM) to check with."),
           as_json: bool = JSON_OPTION) -> None:
    """Check a bundle's file hashes, signature and custody entries; exit 1 naming the first bad file."""
    from archive.exports.verify import verify_bundle
    key_pem = read_key(key)
    report = verify_bundle(bundle, key_pem=key_pem, key_source=str(key) if key else "--key")
    if as_json:
        emit_json(report.as_dict())
    else:
        for warning in report.warnings:
            warn(warning)
        if report.ok:
            out.print(say("cli.bundle_ok", bundle=report.bundle_id, files=report.files_checked,
                          entries=report.custody_entries, fingerprint=report.fingerprint))
    if not report.ok:
        if not as_json:
            failed(say("cli.bundle_bad", where=report.first_bad, problem=report.problem))
        raise typer.Exit(1)


@keys.command("show")
def keys_show(as_json: bool = JSON_OPTION) -> None:
    """Print the archive's current public key and its fingerprint, and the older public keys."""
    from archive.exports.signing import current_public, known_publics
    with opened_archive() as archive:
        current = current_public(archive.settings)
        older = [k.fingerprint for k in known_publics(archive.settings) if k.fingerprint != current.fingerprint]
    if as_json:
        emit_json({"fingerprint": current.fingerprint, "public_key": current.pem.decode("ascii"), "older": older})
        return
    out.print(current.pem.decode("ascii").strip())
    out.print(say("cli.key_fingerprint", fingerprint=current.fingerprint))
    for fp in older:
        out.print(say("cli.key_older", fingerprint=fp))


@keys.command("rotate")
def keys_rotate(reason: str = typer.Option("", "--reason", help="Why (kept in the custody log)."),
                as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Make a new signing key; old public keys are kept (keys dir/public) so old bundles still verify."""
    from archive import custody
    from archive.exports.signing import rotate
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        if actor.role not in ("system", "admin"):
            fail(say("cli.key_rotate_refused", role=actor.role), 3)
        old, new = rotate(archive.settings)
        with archive.db.session() as session:
            custody.record(session, actor=actor, action="key_rotate", object_type="key", object_id=new.fingerprint,
                           reason=reason, details={"old": old.fingerprint if old else None, "new": new.fingerprint})
    if as_json:
        emit_json({"old": old.fingerprint if old else None, "new": new.fingerprint})
    else:
        out.print(say("cli.key_rotated", new=new.fingerprint, old=old.fingerprint if old else "-"))


@bundles.command("list")
def bundles_list(case: str | None = typer.Option(None, "--case", help="Only this case's bundles."),
                 as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List exported bundles, with their revoked flag."""
    from archive.exports.service import list_bundles
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = list_bundles(session, actor=actor, case_id=case)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        flag = f"REVOKED {r['revoked_at']}" if r["revoked"] else "valid"
        out.print(f"{r['id']}\t{r['case']}\t{r['profile']}\t{r['created_at']}\t{r['creator']}\t{flag}")


@bundles.command("revoke")
def bundles_revoke(bundle_id: str, reason: str = typer.Option(..., "--reason", help="Why (kept in custody)."),
                   as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Mark a bundle revoked (listed as revoked; logged as `revoke`)."""
    from archive.exports.service import revoke_bundle
    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            bundle = revoke_bundle(session, actor=actor, bundle_id=bundle_id, reason=reason, key=archive.key)
            data = {"id": bundle.id, "revoked_at": bundle.revoked_at.isoformat() if bundle.revoked_at else None}
    if as_json:
        emit_json(data)
    else:
        out.print(say("cli.bundle_revoked", id=data["id"], at=data["revoked_at"]))
