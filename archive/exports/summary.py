# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""The human-readable summary of a bundle, in French and English: ``summary.html`` and ``summary.pdf``.

It shows the case, each exported item (violation types, region, incident date generalised as the profile
says), the reparations eligibility fields (violation, harm categories, direct or indirect victim, and the
urgent interim flag for survivors of sexual violence: rape, sexual assault, forced marriage) and what was
withheld and why. It is built from intake metadata and counts only: never from testimony text, never
with localities, file names or collectors' names.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from archive.exports.plan import ExportPlan, ItemPlan
from archive.exports.purposes import generalised_date
from archive.vocabulary import SEXUAL_VIOLENCE

HARM: dict[str, tuple[str, ...]] = {
    "rape": ("sexual",), "sexual_assault": ("sexual",), "forced_marriage": ("sexual", "liberty"),
    "physical_assault": ("physical",), "torture": ("physical", "psychological"), "killing": ("life",),
    "psychological_abuse": ("psychological",), "denial_of_resources": ("material",), "looting": ("material",),
    "arbitrary_detention": ("liberty",), "abduction": ("liberty",), "displacement": ("displacement",),
}
HARM_NAMES: dict[str, tuple[str, str]] = {
    "sexual": ("atteinte sexuelle", "sexual harm"), "physical": ("atteinte physique", "physical harm"),
    "psychological": ("atteinte psychologique", "psychological harm"), "life": ("perte de vie", "loss of life"),
    "material": ("perte matérielle", "material loss"), "liberty": ("privation de liberté", "loss of liberty"),
    "displacement": ("déplacement forcé", "forced displacement"),
}
VICTIM: dict[str, tuple[str, str]] = {
    "survivor": ("victime directe", "direct victim"), "indirect": ("victime indirecte", "indirect victim"),
    "witness": ("témoin (qualité de victime à établir)", "witness (victim status to be assessed)"),
}


def eligibility(plan: ItemPlan, profile: str) -> dict[str, Any]:
    item = plan.item
    violations = list(item.violation_types or [])
    harms = sorted({h for v in violations for h in HARM.get(v, ())})
    victim = VICTIM.get(item.testimony_type or "", ("non précisé", "not stated"))
    return {
        "item": item.id, "index": plan.index, "violations": violations, "harm_categories": harms,
        "victim_fr": victim[0], "victim_en": victim[1], "region": item.region,
        "incident_date": generalised_date(item.incident_date, profile),
        "urgent_interim": any(v in SEXUAL_VIOLENCE for v in violations),
    }


def _e(value: object) -> str:
    return html.escape(str(value if value is not None else "—"))


def _rows(plan: ExportPlan) -> str:
    rows = []
    for p in plan.items:
        row = eligibility(p, plan.profile)
        harms = ", ".join(f"{HARM_NAMES[h][0]} / {HARM_NAMES[h][1]}" for h in row["harm_categories"]) or "—"
        urgent = "OUI / YES" if row["urgent_interim"] else "non / no"
        rows.append(
            f"<tr><td>{row['index']}</td><td>{_e(p.evidence_number or '—')}</td>"
            f"<td>{_e(', '.join(row['violations']) or '—')}</td><td>{_e(harms)}</td>"
            f"<td>{_e(row['victim_fr'])} / {_e(row['victim_en'])}</td><td>{_e(row['region'])}</td>"
            f"<td>{_e(row['incident_date'])}</td><td>{urgent}</td></tr>")
    return "\n".join(rows)


def _withheld(plan: ExportPlan) -> str:
    if not plan.withheld:
        return "<p>Aucun élément retenu. / No item withheld.</p>"
    counts: dict[str, int] = {}
    for w in plan.withheld:
        counts[w.reason] = counts.get(w.reason, 0) + 1
    items = "".join(f"<li>{n} × {_e(reason)}</li>" for reason, n in sorted(counts.items()))
    return (f"<p>{len(plan.withheld)} élément(s) retenu(s), contenu non inclus / item(s) withheld, content not "
            f"included:</p><ul>{items}</ul>")


def _disclosure(manifest: dict[str, Any]) -> str:
    """The recipient and, for a lifting step, each lifted span by evidence number, label, range and reason
    code, with what its PDF or image shows (``items[].lifted``); free-text reasons stay in the manifest."""
    block = manifest.get("disclosure")
    if not block:
        return ""
    media = {x["span"]: x["media"] for i in manifest["items"] for x in i.get("lifted", [])}
    rows = "".join(
        f"<tr><td>{_e(x['evidence_number'])}</td><td>{_e(x['label'])}</td><td>{x['start']}–{x['end']}</td>"
        f"<td>{_e(x['reason_code'])}</td><td>{_e(media.get(x['span'], '—'))}</td></tr>" for x in block["lifted"])
    lifted = (f"<table><tr><th>N° de preuve / Evidence no.</th><th>Catégorie / Label</th><th>Caractères / "
              f"Characters</th><th>Motif / Reason</th><th>PDF, image</th></tr>{rows}</table>" if rows else
              "<p>Aucun caviardage levé. / No redaction lifted.</p>")
    previous = (f"<br><b>Suite de / Follows:</b> {_e(block['previous'])}" if block.get("previous") else "")
    return (f"<h2>Communication / Disclosure</h2><p><b>Destinataire / Recipient:</b> "
            f"{_e(block['recipient']['name'])} ({_e(block['recipient']['kind'])}){previous}</p>"
            f"<h3>Caviardages levés / Redactions lifted</h3>{lifted}")


def summary_html(plan: ExportPlan, manifest: dict[str, Any]) -> str:
    urgent = sum(1 for p in plan.items if eligibility(p, plan.profile)["urgent_interim"])
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Dossier {_e(plan.case_id)}</title>
<style>body{{font-family:sans-serif;font-size:10pt}} table{{border-collapse:collapse}}
td,th{{border:1px solid #888;padding:2px 4px;font-size:9pt}}</style></head><body>
<h1>Dossier caviardé / Redacted case bundle</h1>
<p><b>Dossier / Case:</b> {_e(plan.case_title)} ({_e(plan.case_id)})<br>
<b>Profil / Profile:</b> {_e(plan.profile)} — <b>consentement / consent:</b> {_e(plan.scope)}<br>
<b>Lot / Bundle:</b> {_e(manifest['bundle_id'])} — <b>créé le / created:</b> {_e(manifest['created_at'])} par / by
{_e(manifest['creator'])}<br>
<b>Archive:</b> {_e(manifest['archive_name'])} ({_e(manifest['archive_id'])})<br>
<b>Empreinte de la clé / Key fingerprint:</b> {_e(manifest['public_key_fingerprint'])}</p>
{_disclosure(manifest)}
<h2>Éléments et éligibilité aux réparations / Items and reparations eligibility</h2>
<p>{len(plan.items)} élément(s) exporté(s) / item(s) exported; {urgent} avec indicateur d'aide provisoire
urgente (violences sexuelles) / with the urgent interim relief flag (sexual violence).</p>
<table><tr><th>#</th><th>N° de preuve / Evidence no.</th><th>Violations</th><th>Préjudices / Harm</th>
<th>Victime / Victim</th>
<th>Région / Region</th><th>Date (généralisée / generalised)</th><th>Urgent</th></tr>
{_rows(plan)}
</table>
<h2>Retenus / Withheld</h2>
{_withheld(plan)}
<p>Les noms sont remplacés par des pseudonymes cohérents dans le dossier ; voir manifest.json pour le détail
des caviardages et leur justification. / Names are replaced by pseudonyms consistent across the case; see
manifest.json for each redaction category and its justification.</p>
</body></html>
"""


def write_summary_pdf(html_text: str, dst: Path) -> None:
    """Render the summary HTML to a PDF with pymupdf's Story (pages added as needed), no metadata."""
    from archive.pdf import html_pdf

    html_pdf(html_text, str(dst))
