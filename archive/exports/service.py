"""Export a case as a signed, redacted bundle; list and revoke bundles.

    result = export_case(archive, actor=actor, case_id=case_id, profile="reparations", dst=Path("case.zip"))

Three phases: (1) one transaction decides access per item, redacts the texts and runs the fresh pass
(``plan``); (2) outside any transaction the media are redacted, every output is read back by the leak
check, the summary, custody extract and manifest are written, the manifest signed and the ZIP streamed to
a temporary file (``render``, ``leak_check``, ``zipper``); (3) a second transaction records the bundle and
the ``export`` custody entry. Any failure leaves no ZIP behind.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.auth import require
from archive.context import Archive
from archive.custody import Actor
from archive.errors import Conflict, Gone, Invalid, NotFound, PermissionDenied
from archive.exports import manifest as mf
from archive.exports.blocked import ExportBlocked
from archive.exports.leak_check import IDENTIFIER_LABELS, LeakCheck, check_outputs
from archive.exports.plan import ExportPlan, make_plan
from archive.exports.render import OutputFile, render_all
from archive.exports.signing import archive_id, current_public, sign
from archive.exports.summary import summary_html, write_summary_pdf
from archive.exports.zipper import bundle_zip, sha256_file
from archive.i18n import translate
from archive.items.service import get_case
from archive.models import Bundle, Case, new_id, utcnow

Progress = Callable[[float], None]


@dataclass(frozen=True)
class ExportResult:
    bundle_id: str
    path: Path
    sha256: str
    manifest_sha256: str
    fingerprint: str
    items: int
    withheld: int

    def as_dict(self) -> dict[str, Any]:
        return {"bundle_id": self.bundle_id, "path": str(self.path), "sha256": self.sha256,
                "manifest_sha256": self.manifest_sha256, "public_key_fingerprint": self.fingerprint,
                "items": self.items, "withheld": self.withheld}


def bundles_dir(archive: Archive) -> Path:
    return archive.settings.data_dir / "bundles"


class _Bundled(Protocol):
    @property
    def bundle_id(self) -> str: ...


Made = TypeVar("Made", bound=_Bundled)


def keep_bundle(archive: Archive, make: Callable[[Path], Made]) -> tuple[Made, Path]:
    """A bundle made for an HTTP door: ``make`` writes it to a pending file in the archive's bundle folder (never
    a partial file under a bundle's name), which is removed if making it fails, then kept under its bundle id
    (its creator may download it again: ``GET /exports/{id}``). Returns what ``make`` returned and the file."""
    folder = bundles_dir(archive)
    folder.mkdir(parents=True, exist_ok=True)
    pending = folder / f".pending-{new_id()}.zip"
    try:
        made = make(pending)
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    final = folder / f"{made.bundle_id}.zip"
    pending.replace(final)
    return made, final


def _step(progress: Progress | None, low: float, high: float) -> Progress | None:
    if progress is None:
        return None
    return lambda fraction: progress(low + (high - low) * fraction)


def _custody_lines(plan: ExportPlan, check: LeakCheck) -> tuple[bytes, list[int]]:
    """The included entries as JSON lines; entries naming a person of the case are left out (listed)."""
    lines, omitted = [], []
    for entry in plan.custody_entries:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        if check.vault_match(line) is not None:
            omitted.append(int(entry["seq"]))
            continue
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8"), omitted


def _file_row(out: OutputFile) -> dict[str, Any]:
    return {"name": out.name, "sha256": sha256_file(out.path), "size": out.path.stat().st_size,
            "media_type": out.media_type, "kind": out.kind, "item": out.item_id,
            "source_sha256": out.source_sha256, "text_sha256": out.text_sha256}


def _extra(name: str, path: Path, media_type: str, kind: str) -> OutputFile:
    return OutputFile(name, path, media_type, kind, "", "")


def neutral_title(plan: ExportPlan, check: LeakCheck) -> str:
    """The case title, or "Dossier <id>" when the title names a person of the case or holds an identifier:
    the bundle's own files never block its export."""
    if check.text_leak(plan.case_title, "fr", [], IDENTIFIER_LABELS | {"PERSON"}) is None:
        return plan.case_title
    return f"Dossier {plan.case_id[:8]}"


def _side_files(plan: ExportPlan, check: LeakCheck, work: Path, head: dict[str, Any],
                public_pem: bytes) -> list[OutputFile]:
    """custody.jsonl and public_key.pem; entries naming a person of the case are left out (listed)."""
    plan.case_title = neutral_title(plan, check)
    data, omitted = _custody_lines(plan, check)
    (work / mf.CUSTODY).write_bytes(data)
    head["omitted_seqs"] = omitted
    (work / mf.PUBLIC_KEY).write_bytes(public_pem)
    return [_extra(mf.CUSTODY, work / mf.CUSTODY, "application/jsonl", "custody"),
            _extra(mf.PUBLIC_KEY, work / mf.PUBLIC_KEY, "application/x-pem-file", "public_key")]


def _write_summaries(plan: ExportPlan, work: Path, manifest: dict[str, Any]) -> list[OutputFile]:
    """summary.html and summary.pdf, made from intake metadata and counts only (``summary``)."""
    text = summary_html(plan, manifest)
    (work / "summary.html").write_text(text, encoding="utf-8")
    write_summary_pdf(text, work / "summary.pdf")
    return [_extra("summary.html", work / "summary.html", "text/html; charset=utf-8", "summary"),
            _extra("summary.pdf", work / "summary.pdf", "application/pdf", "summary")]


@dataclass(frozen=True)
class Attachment:
    """A JSON file a domain adds to the bundle (the claim file), signed with the rest. The whole file is checked
    against the case's vault; ``prose`` (what people wrote in it: reasons, notes) also goes through the
    recognizers (identifiers in ids and hashes would be false alarms)."""

    name: str
    content: str
    prose: str


def _attachments(check: LeakCheck, work: Path, attachments: list[Attachment]) -> list[OutputFile]:
    out = []
    for extra in attachments:
        found = check.vault_match(extra.content) or check.text_leak(
            extra.prose, "fr", [], IDENTIFIER_LABELS | {"PERSON"})
        if found is not None:
            raise ExportBlocked("export_blocked", detail=f"{extra.name}: {found[0]}–{found[1]}")
        (work / extra.name).write_text(extra.content, encoding="utf-8")
        out.append(_extra(extra.name, work / extra.name, "application/json", extra.name.rsplit(".", 1)[0]))
    return out


#: Called inside the transaction that records the bundle (the disclosure register writes its row there).
OnRecorded = Callable[[Session, "ExportResult", ExportPlan], None]


def bundle_case_title(session: Session, case: Case) -> str:
    """A bundle is redacted material whoever exports it: it names its case by the title's stored redacted form,
    or, while that is being redone, by the case's short id (never by the title as typed)."""
    from archive.freetext.service import current_forms, shown

    ref = ("case", case.id, "title")
    return shown(case.title, ref, current_forms(session, [ref])) or translate("fr", "freetext.case_pending",
                                                                             id=case.id[:8])


def export_case(archive: Archive, *, actor: Actor, case_id: str, profile: str, dst: Path,
                progress: Progress | None = None, disclosure: dict[str, Any] | None = None,
                lifted: frozenset[str] = frozenset(), on_recorded: OnRecorded | None = None,
                attachments: list[Attachment] | None = None) -> ExportResult:
    """``disclosure`` (the recipient, purpose and lifted spans) goes into the signed manifest; ``lifted`` names
    the redaction spans left unredacted for it; ``on_recorded`` runs in the bundle's own transaction."""
    settings = archive.settings
    require(actor, "export")
    with archive.db.session() as session:
        case = get_case(session, case_id)
        plan = make_plan(session, archive, actor=actor, case_id=case.id, case_title=bundle_case_title(session, case),
                         profile=profile, lifted=lifted)
    if progress is not None:
        progress(0.1)
    bundle_id, created_at = new_id(), utcnow()
    public = current_public(settings)
    work_root = settings.data_dir / "work"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root, prefix="export-") as tmp:
        work = Path(tmp)
        files = render_all(plan.items, archive.store, work, _step(progress, 0.1, 0.6))
        check = LeakCheck(archive, profile=profile, vault_names=plan.vault_names, allowed=plan.lifted_texts)
        check_outputs(check, plan.items, files, _step(progress, 0.6, 0.8))
        head = dict(plan.custody_head)
        files += _side_files(plan, check, work, head, public.pem)
        files += _attachments(check, work, attachments or [])
        plan.custody_head = head
        meta = {"bundle_id": bundle_id, "archive_id": archive_id(settings), "archive_name": settings.archive_name,
                "creator": actor.name, "created_at": created_at.isoformat(timespec="seconds"),
                "fingerprint": public.fingerprint}
        draft = mf.build(plan, files=[], disclosure=disclosure, **meta)
        files += _write_summaries(plan, work, draft)
        manifest = mf.build(plan, files=[_file_row(f) for f in files], disclosure=disclosure, **meta)
        manifest_bytes = mf.encode(manifest)
        signature = sign(settings, manifest_bytes)
        with bundle_zip(dst) as zf:
            for out in files:
                zf.add_file(out.name, out.path, out.media_type)
            zf.add_bytes(mf.MANIFEST, manifest_bytes, "application/json")
            zf.add_bytes(mf.SIGNATURE, signature, "application/octet-stream")
            zf.set_comment(diagnostic_comment(manifest_bytes, signature))
    if progress is not None:
        progress(0.95)
    result = ExportResult(bundle_id, dst, sha256_file(dst), mf_sha(manifest_bytes), public.fingerprint,
                          len(plan.items), len(plan.withheld))
    with archive.db.session() as session:
        session.add(Bundle(id=bundle_id, case_id=plan.case_id, profile=profile, purpose=plan.scope,
                           creator=actor.name, created_at=created_at, sha256=result.sha256,
                           manifest_sha256=result.manifest_sha256, key_fingerprint=public.fingerprint,
                           items=result.items, withheld=result.withheld))
        session.flush()
        custody.record(session, actor=actor, action="export", object_type="case", object_id=plan.case_id,
                       details={"bundle": bundle_id, "profile": profile, "consent_scope": plan.scope,
                                "zip_sha256": result.sha256, "manifest_sha256": result.manifest_sha256,
                                "items": [p.item.id for p in plan.items], "withheld": result.withheld,
                                "key_fingerprint": public.fingerprint})
        if on_recorded is not None:
            on_recorded(session, result, plan)
    if progress is not None:
        progress(1.0)
    return result


def mf_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def diagnostic_comment(manifest_bytes: bytes, signature: bytes) -> bytes:
    """Unsigned hints in the ZIP comment that let ``verify`` say WHICH of manifest or signature changed."""
    return json.dumps({"manifest_sha256": mf_sha(manifest_bytes), "signature_sha256": mf_sha(signature)},
                      sort_keys=True).encode("ascii")


def bundle_row(bundle: Bundle) -> dict[str, Any]:
    return {"id": bundle.id, "case": bundle.case_id, "profile": bundle.profile, "purpose": bundle.purpose,
            "creator": bundle.creator, "created_at": bundle.created_at.isoformat(), "sha256": bundle.sha256,
            "manifest_sha256": bundle.manifest_sha256, "key_fingerprint": bundle.key_fingerprint,
            "items": bundle.items, "withheld": bundle.withheld, "revoked": bundle.revoked_at is not None,
            "revoked_at": bundle.revoked_at.isoformat() if bundle.revoked_at else None,
            "revoked_by": bundle.revoked_by, "reason": bundle.reason}


#: What a redacted-only reader sees of a bundle it did not make: no staff name, no typed reason.
WITHHELD_BUNDLE_FIELDS = ("creator", "revoked_by", "reason")


def list_bundles(session: Session, *, actor: Actor, case_id: str | None = None) -> list[dict[str, Any]]:
    """Bundles of the cases this actor may open; a redacted-only reader sees neither who made the others nor
    the reason typed when one was revoked (``archive/freetext/fields.py``)."""
    from archive.cases.reads import case_view
    from archive.cases.service import visible_case_ids

    require(actor, "export")
    query = select(Bundle).order_by(Bundle.created_at)
    if case_id is not None:
        query = query.where(Bundle.case_id == case_id)
    visible = visible_case_ids(session, actor)
    redacted = case_view(actor) == "redacted"
    rows = []
    for bundle in session.execute(query).scalars():
        if visible is not None and bundle.case_id not in visible:
            continue
        row = bundle_row(bundle)
        if redacted and bundle.creator != actor.name:
            row.update(dict.fromkeys(WITHHELD_BUNDLE_FIELDS))
        rows.append(row)
    return rows


def get_bundle(session: Session, bundle_id: str) -> Bundle:
    bundle = session.get(Bundle, bundle_id)
    if bundle is None:
        raise NotFound("bundle", id=bundle_id)
    return bundle


def bundle_file(session: Session, archive: Archive, *, actor: Actor, bundle_id: str) -> Path:
    """The ZIP of a bundle exported through the API or the web, for its creator, unless revoked."""
    require(actor, "export")
    bundle = get_bundle(session, bundle_id)
    if bundle.creator != actor.name and actor.role != "system":
        raise PermissionDenied("bundle_not_yours")
    if bundle.revoked_at is not None:
        raise Gone("bundle_revoked", id=bundle_id, reason=bundle.reason)
    path = bundles_dir(archive) / f"{bundle_id}.zip"
    if not path.is_file():
        raise NotFound("bundle_not_kept", id=bundle_id)
    return path


def revoke_bundle(session: Session, *, actor: Actor, bundle_id: str, reason: str, key: bytes | None = None) -> Bundle:
    require(actor, "export")
    if not reason.strip():
        raise Invalid("revoke_reason_required")
    bundle = get_bundle(session, bundle_id)
    if bundle.revoked_at is not None:
        raise Conflict("bundle_already_revoked", id=bundle_id, at=bundle.revoked_at.isoformat(timespec="minutes"))
    bundle.revoked_at, bundle.revoked_by, bundle.reason = utcnow(), actor.name, reason
    custody.record(session, actor=actor, action="revoke", object_type="bundle", object_id=bundle.id,
                   details={"case": bundle.case_id, "zip_sha256": bundle.sha256},
                   sealed={"reason": reason} if key is not None else None, key=key)
    return bundle
