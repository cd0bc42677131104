"""Messages of the reparations claims register (``archive/claims``), in English."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "role.reparations_board": "reparations board member",
    "err.programme_file": "The programmes file is malformed (programme \"{programme}\"): {detail}. Each programme "
                          "needs title_fr, title_en, version, act_types, period, victim_categories, measures and "
                          "assessment_days.",
    "err.programme": "Unknown reparations programme \"{programme}\". Known programmes: {programmes}.",
    "err.claim": "Reparations claim not found ({id}).",
    "err.claimant": "Claimant not found ({id}).",
    "err.claimant_name_required": "Give at least the claimant's given name or family name.",
    "err.claimant_birth_date": "Unreadable birth date \"{value}\": write YYYY-MM-DD, YYYY-MM, YYYY or \"vers YYYY\" "
                               "({detail}).",
    "err.claim_category": "Unknown victim category \"{category}\". Known categories: {categories}.",
    "err.claimant_merged": "Claimant {label} was merged into another record ({into}): use that one.",
    "err.claim_cite_not_readable": "You cannot cite testimony {id}: it is closed to you (role, seal, or the "
                                   "person's consent to reparations is missing or withdrawn).",
    "err.claim_closed": "This claim is no longer being examined (status: {status}): no evidence can be added.",
    "err.claim_outcome": "Unknown decision \"{outcome}\". Possible decisions: {outcomes}.",
    "err.claim_duplicate_open": "Cannot decide: {count} possible duplicate(s) of this claimant still wait for a "
                                "person's review (duplicates queue).",
    "err.claim_decision_cites": "A decision must cite at least one piece of the claim's evidence (--cite ID).",
    "err.claim_cite_not_in_claim": "Testimony {id} is not cited by this claim: add it first.",
    "err.claim_status_unknown": "Unknown step \"{status}\". Possible steps: {statuses}.",
    "err.claim_transition": "This claim is \"{status}\": it cannot move to \"{to}\" (only from: {allowed}).",
    "err.claim_reason_required": "The step \"{to}\" needs written reasons.",
    "err.claim_not_granted": "No measure to deliver: the claim was not granted (decision: {outcome}).",
    "err.duplicate": "Possible duplicate not found ({id}).",
    "err.duplicate_decided": "This possible duplicate was already decided ({status}).",
    "err.duplicate_not_merged": "No merge to undo: this possible duplicate is \"{status}\".",
    "err.claimant_identity_consent": "Claimant {label} did not consent to identity disclosure: it stays sealed.",
    "err.claim_export_case": "Say which case to export (--case), among those of the claim's evidence: {cases}.",
    "claims.flag.evidence_consent_withdrawn": "consent withdrawn on cited evidence",
    "claims.flag.merge_undone_after_decision": "merge undone after the decision: to be reviewed",
    "claims.flag.birth_date_conflict": "conflicting birth dates after merge",
}
