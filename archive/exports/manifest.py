"""``manifest.json``: what is in the bundle and why, the thing the Ed25519 signature covers.

Layout (``format`` = ``temoin-bundle/1``)::

    {"format", "bundle_id", "archive_id", "archive_name", "case", "case_title", "profile", "purpose",
     "consent_scope", "creator", "created_at" (UTC), "public_key_fingerprint",
     "custody": {"file", "entries", "head_at_export": {"seq", "entry_hash", "at"}},
     "items": [{"id", "index", "media_type", "source_sha256", "text_sha256", "consent_scopes",
                "redactions": {LABEL: {"count", "action"}}, "justification",
                "review": {"reviewers", "last_reviewed_at", "spans_by_status"},
                "evidence_number", "spans": [{"start", "end", "label", "action", "found_by"}],
                "lifted" (spans lifted for this disclosure): [{"span", "start", "end", "label",
                          "media": "shown" | "masked" (same words still redacted) | "not_sent" (text only)}]}],
     "disclosure" (a bundle disclosed to a named recipient): {"id", "recipient": {"id", "name", "kind"},
                "purpose", "authorised_by", "previous", "lifted": [{"item", "evidence_number", "span", "start",
                "end", "label", "reason_code", "reason", "decided_by", "decided_in"}]},
     "withheld": [{"id", "reason"}],
     "files": [{"name", "sha256", "size", "media_type", "kind", "item", "source_sha256", "text_sha256"}]}

``files`` lists every member of the ZIP except ``manifest.json`` and ``signature.ed25519``.
"""

from __future__ import annotations

import json
from typing import Any

from archive.exports.plan import ExportPlan, ItemPlan
from redaction.profiles import load_profile

FORMAT = "temoin-bundle/1"
MANIFEST = "manifest.json"
SIGNATURE = "signature.ed25519"
PUBLIC_KEY = "public_key.pem"
CUSTODY = "custody.jsonl"


def encode(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def redaction_summary(plan: ItemPlan) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for e in plan.result.entities:
        row = summary.setdefault(e.label, {"count": 0, "actions": {}})
        row["count"] += 1
        row["actions"][e.action] = row["actions"].get(e.action, 0) + 1
    for row in summary.values():
        actions = row.pop("actions")
        row["action"] = max(actions, key=lambda a: actions[a])
        if len(actions) > 1:
            row["actions"] = actions
    return dict(sorted(summary.items()))


def item_entry(plan: ItemPlan, justification: str) -> dict[str, Any]:
    return {
        "id": plan.item.id,
        "index": plan.index,
        "media_type": plan.item.media_type,
        "source_sha256": plan.item.sha256,
        "text_sha256": plan.text.sha256,
        "consent_scopes": list(plan.scopes),
        "redactions": redaction_summary(plan),
        "justification": justification,
        "flags": list(plan.result.flags),
        "review": {"reviewers": list(plan.review.reviewers), "last_reviewed_at": plan.review.last_reviewed_at,
                   "spans_by_status": plan.review.by_status},
        "evidence_number": plan.evidence_number,
        "spans": [{"start": e.start, "end": e.end, "label": e.label, "action": e.action, "found_by": e.recognizer}
                  for e in sorted(plan.result.entities, key=lambda e: (e.start, e.end))],
        **({"lifted": [{"span": span_id, "start": start, "end": end, "label": label,
                        "media": plan.lifted_media.get(span_id, "shown") if plan.media == "media" else "not_sent"}
                       for span_id, start, end, label in plan.lifted]} if plan.lifted else {}),
    }


def build(plan: ExportPlan, *, bundle_id: str, archive_id: str, archive_name: str, creator: str,
          created_at: str, fingerprint: str, files: list[dict[str, Any]],
          disclosure: dict[str, Any] | None = None) -> dict[str, Any]:
    justification = load_profile(plan.profile).description
    extra = {"disclosure": disclosure} if disclosure is not None else {}
    return {
        **extra,
        "format": FORMAT,
        "bundle_id": bundle_id,
        "archive_id": archive_id,
        "archive_name": archive_name,
        "case": plan.case_id,
        "case_title": plan.case_title,
        "profile": plan.profile,
        "purpose": plan.profile,
        "consent_scope": plan.scope,
        "creator": creator,
        "created_at": created_at,
        "public_key_fingerprint": fingerprint,
        "custody": {"file": CUSTODY, "entries": len(plan.custody_entries), "head_at_export": plan.custody_head},
        "items": [item_entry(p, justification) for p in plan.items],
        "withheld": [{"id": w.item_id, "reason": w.reason} for w in plan.withheld],
        "files": files,
    }
