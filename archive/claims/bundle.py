"""The reparations board's bundle: the existing signed, redacted case bundle (``archive.exports``) with the claim
file added (decision, reasoning, cited testimonies, programme rules version), verifiable with ``temoin verify``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archive import custody
from archive.auth import require
from archive.claims.identity import open_identity
from archive.claims.programmes import Programme
from archive.claims.reads import claim_read
from archive.claims.service import require_claims
from archive.context import Archive
from archive.custody import Actor
from archive.errors import Invalid
from archive.exports.plan import ExportBlocked
from archive.exports.service import Attachment, ExportResult
from archive.models import Item

CLAIM_FILE = "claim.json"


def _claim_file(read: dict[str, Any], case_id: str, programme: Programme) -> dict[str, Any]:
    return {"format": "temoin-claim/1", "claim": read["id"], "claimant": read["claimant"],
            "programme": {"key": programme.key, "title": programme.title_fr,
                          "rules_version": read["programme_version"]},
            "victim_category": read["victim_category"], "status": read["status"], "outcome": read["outcome"],
            "reasoning": read["reasoning"], "eligibility": {"eligible": read["eligible"], "checks": read["checks"]},
            "flags": read["flags"], "case": case_id,
            "citations": [c for c in read["citations"] if not c["withheld"]],
            "withheld_citations": sum(1 for c in read["citations"] if c["withheld"]),
            "history": read["history"]}


def export_claim(archive: Archive, *, actor: Actor, programmes: dict[str, Programme], claim_id: str, dst: Path,
                 recipient: str, purpose: str, case_id: str | None = None) -> ExportResult:
    """Export the case holding the claim's evidence (``case_id`` when its citations span several cases) to a named
    recipient (the reparations board, as a record) for a purpose: recorded in the disclosure register like every
    bundle."""
    from archive.disclosures.service import disclose

    require_claims(actor)
    require(actor, "export")
    with archive.db.session() as session:
        read = claim_read(session, actor, programmes, claim_id).model_dump(mode="json")
        cited = [session.get(Item, c["item"]) for c in read["citations"] if c["item"]]
        cases = sorted({i.case_id for i in cited if i is not None})
        from archive.claims.service import get_claim, get_claimant

        identity = open_identity(get_claimant(session, get_claim(session, claim_id).claimant_id).sealed, archive.key)
    if case_id is None:
        if len(cases) != 1:
            raise Invalid("claim_export_case", cases=", ".join(cases) or "—")
        case_id = cases[0]
    elif case_id not in cases:
        raise Invalid("claim_export_case", cases=", ".join(cases) or "—")
    programme = programmes[read["programme"]]
    text = json.dumps(_claim_file(read, case_id, programme), ensure_ascii=False, indent=2, sort_keys=True)
    folded = text.casefold()
    for name in (identity.given_name, identity.family_name, identity.father_name, identity.mother_name):
        if len(name.strip()) >= 3 and name.strip().casefold() in folded:
            raise ExportBlocked(f"{CLAIM_FILE}: the claimant's name appears in the claim file (reasoning or notes)")
    prose = "\n".join([read["reasoning"], *(e["reason"] for e in read["history"]),
                       *(c["note"] for c in read["citations"] if c["note"])])
    result = disclose(archive, actor=actor, case_id=case_id, profile="reparations", recipient=recipient,
                      purpose=purpose, dst=dst, attachments=[Attachment(CLAIM_FILE, text, prose)]).export
    with archive.db.session() as session:
        custody.record(session, actor=actor, action="export", object_type="claim", object_id=claim_id,
                       details={"bundle": result.bundle_id, "case": case_id, "zip_sha256": result.sha256})
    return result
