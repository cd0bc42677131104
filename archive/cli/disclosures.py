"""`temoin disclosures ...`: the register of what was disclosed to whom, recipients, lifting redactions step
by step, signed register extracts, and the recipients to notify after a withdrawal. Services are imported
inside the commands (the CLI starts fast)."""

from __future__ import annotations

from pathlib import Path

import typer

from archive.cli.app import app
from archive.cli.common import (
    AS_OPTION,
    JSON_OPTION,
    cli_lang,
    emit_json,
    fail,
    failed,
    opened_archive,
    out,
    read_key,
    resolve_actor,
    say,
    shown,
)

disclosures = typer.Typer(help="Registre des communications / disclosure register.", no_args_is_help=True)
recipients = typer.Typer(help="Destinataires / recipients.", no_args_is_help=True)
reasons = typer.Typer(help="Motifs de levée / reasons for lifting a redaction.", no_args_is_help=True)
app.add_typer(disclosures, name="disclosures")
disclosures.add_typer(recipients, name="recipients")
disclosures.add_typer(reasons, name="reasons")


@disclosures.command("list")
def list_(recipient: str | None = typer.Option(None, "--recipient", help="Only this recipient (name or id)."),
          case: str | None = typer.Option(None, "--case", help="Only this case."),
          as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Every bundle disclosed: recipient, purpose, profile, bundle SHA-256, evidence numbers, when, by whom."""
    from archive.disclosures.service import list_disclosures

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [r.model_dump(mode="json") for r in list_disclosures(session, actor=actor, recipient=recipient,
                                                                        case_id=case)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['id']}\t{r['created_at']}\t{r['recipient']}\t{r['profile']}\t{r['by']}\t"
                  f"{r['bundle_sha256'][:16]}\t{', '.join(r['evidence_numbers'])}", highlight=False)


@disclosures.command("lift")
def lift_(previous: str = typer.Argument(..., help="The earlier disclosure to the same recipient."),
          span: list[str] = typer.Option(..., "--span", help="SPAN_ID=REASON_CODE[:free text]; repeat per span."),
          output: Path = typer.Option(..., "-o", "--output", help="Where to write the new ZIP bundle."),
          purpose: str = typer.Option("", "--purpose", help="Purpose of this step (default: the earlier one)."),
          as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Disclose again to the same recipient with chosen redaction spans lifted, each with its reason."""
    from archive.disclosures.schemas import LiftRequest
    from archive.disclosures.service import lift
    from archive.errors import Invalid

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        lifts = []
        for given in span:
            span_id, sep, reason = given.partition("=")
            if not sep or not span_id.strip() or not reason.strip():
                raise Invalid("lift_span_syntax", given=given)
            code, _, text = reason.partition(":")
            lifts.append(LiftRequest(span=span_id.strip(), reason_code=code.strip(), reason=text.strip()))
        result = lift(archive, actor=actor, previous_id=previous, lifts=lifts, dst=output, purpose=purpose)
    if as_json:
        emit_json(result.as_dict())
    else:
        out.print(f"{result.disclosure_id}\t{shown(result.export.path)}\t{result.export.sha256}", highlight=False)


@disclosures.command("extract")
def extract(output: Path = typer.Option(..., "-o", "--output", help="Where to write the signed extract (JSON)."),
            recipient: str | None = typer.Option(None, "--recipient", help="Only this recipient."),
            case: str | None = typer.Option(None, "--case", help="Only this case."),
            as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Write a signed extract of the register for a court (verify it with `temoin disclosures verify`)."""
    from archive.disclosures.register import register_extract

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        data = register_extract(archive, actor=actor, recipient=recipient, case_id=case)
    output.write_bytes(data)
    if as_json:
        emit_json({"path": str(output), "bytes": len(data)})
    else:
        out.print(shown(output), highlight=False)


@disclosures.command("verify")
def verify(extract_file: Path = typer.Argument(..., help="A register extract (JSON)."),
           bundle: list[Path] = typer.Option([], "--bundle", help="A bundle ZIP that must be in the register."),
           key: Path | None = typer.Option(None, "--key", help="Public key (PEM) to check with."),
           as_json: bool = JSON_OPTION) -> None:
    """Check a register extract's rows, key and signature (and that given bundles are listed); exit 1 naming
    what does not hold. Needs no archive."""
    from archive.disclosures.register import verify_extract
    from archive.i18n import translate

    try:
        data = extract_file.read_bytes()
    except OSError as exc:
        fail(f"{shown(extract_file)}: {exc.strerror or exc}", 2)
    for path in bundle:
        if not path.is_file():
            fail(say("cli.not_a_file", path=shown(path)), 2)
    lang = cli_lang()
    report = verify_extract(data, key_pem=read_key(key), bundles=tuple(bundle), lang=lang)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    elif report.ok:
        out.print(translate(lang, "disc.verify.ok", count=report.disclosures, fingerprint=report.fingerprint),
                  highlight=False)
    if not report.ok:
        if not as_json:
            failed(report.problem)
        raise typer.Exit(1)


@disclosures.command("notify")
def notify(case: str | None = typer.Option(None, "--case", help="Only this case."),
           as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Recipients holding material whose consent was withdrawn since: the officer's list of whom to notify."""
    from archive.disclosures.service import holders_to_notify

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            tasks = [t.model_dump(mode="json") for t in holders_to_notify(session, actor=actor, case_id=case)]
    if as_json:
        emit_json(tasks)
        return
    for t in tasks:
        out.print(f"{t['recipient']}\t{t['evidence_number'] or t['item']}\t{t['scope']}\t{t['disclosure']}",
                  highlight=False)


@recipients.command("add")
def recipients_add(name: str, kind: str = typer.Option(..., "--kind", help="court_registry, defence_team, "
                                                       "prosecution, reparations_board, partner_organisation, other"),
                   as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Record a recipient (logged)."""
    from archive.disclosures.service import add_recipient

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            row = add_recipient(session, actor=actor, name=name, kind=kind)
            data = {"id": row.id, "name": row.name, "kind": row.kind}
    if as_json:
        emit_json(data)
    else:
        out.print(f"{data['id']}\t{data['name']}\t{data['kind']}", highlight=False)


@recipients.command("list")
def recipients_list(as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The recipients on record."""
    from archive.disclosures.service import list_recipients

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            rows = [{"id": r.id, "name": r.name, "kind": r.kind} for r in list_recipients(session, actor=actor)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['id']}\t{r['name']}\t{r['kind']}", highlight=False)


@reasons.command("list")
def reasons_list(as_json: bool = JSON_OPTION) -> None:
    """The reasons a lifting step may give (built-ins and the admin's)."""
    from archive.disclosures.service import list_reasons

    with opened_archive() as archive, archive.db.session() as session:
        rows = [r.model_dump() for r in list_reasons(session)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        state = say("cli.active" if r["active"] else "cli.retired")
        out.print(f"{r['code']}\t{r['label_fr']} / {r['label_en']}\t{state}", highlight=False)


@reasons.command("set")
def reasons_set(code: str, label_fr: str = typer.Option(..., "--fr"), label_en: str = typer.Option(..., "--en"),
                retired: bool = typer.Option(False, "--retired", help="Offer it no more."),
                as_user: str | None = AS_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Add, relabel or retire a reason (admin; logged)."""
    from archive.disclosures.service import edit_reason

    with opened_archive() as archive:
        actor = resolve_actor(archive, as_user)
        with archive.db.session() as session:
            row = edit_reason(session, actor=actor, code=code, label_fr=label_fr, label_en=label_en,
                              active=not retired)
    if as_json:
        emit_json(row.model_dump())
    else:
        out.print(f"{row.code}\t{row.label_fr} / {row.label_en}", highlight=False)
