"""Messages of the reparations claims register (``archive/claims``), in French."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "role.reparations_board": "membre du conseil des réparations",
    "err.programme_file": "Le fichier des programmes est mal formé (programme « {programme} ») : {detail}. Chaque "
                          "programme doit avoir title_fr, title_en, version, act_types, period, victim_categories, "
                          "measures et assessment_days.",
    "err.programme": "Programme de réparations inconnu « {programme} ». Programmes possibles : {programmes}.",
    "err.claim": "Demande de réparation introuvable ({id}).",
    "err.claimant": "Demandeur·se introuvable ({id}).",
    "err.claimant_name_required": "Indiquez au moins le prénom ou le nom de famille du/de la demandeur·se.",
    "err.claimant_birth_date": "Date de naissance illisible « {value} » : écrivez AAAA-MM-JJ, AAAA-MM, AAAA ou "
                               "« vers AAAA » ({detail}).",
    "err.claim_category": "Catégorie de victime inconnue « {category} ». Catégories possibles : {categories}.",
    "err.claimant_merged": "Le/la demandeur·se {label} a été fusionné·e avec un autre enregistrement ({into}) : "
                           "utilisez celui-ci.",
    "err.claim_cite_not_readable": "Vous ne pouvez pas citer le témoignage {id} : il vous est fermé (rôle, scellé "
                                   "ou consentement de la personne aux réparations absent ou retiré).",
    "err.claim_closed": "Cette demande n'est plus en instruction (statut : {status}) : on ne peut plus y ajouter de "
                        "preuves.",
    "err.claim_outcome": "Décision inconnue « {outcome} ». Décisions possibles : {outcomes}.",
    "err.claim_duplicate_open": "Impossible de décider : {count} doublon(s) possible(s) de ce/cette demandeur·se "
                                "attend(ent) encore l'examen d'une personne (file des doublons).",
    "err.claim_decision_cites": "Une décision doit citer au moins une preuve de la demande (--cite ID).",
    "err.claim_cite_not_in_claim": "Le témoignage {id} n'est pas cité par cette demande : ajoutez-le d'abord.",
    "err.claim_status_unknown": "Étape inconnue « {status} ». Étapes possibles : {statuses}.",
    "err.claim_transition": "Cette demande est au statut « {status} » : on ne peut pas passer à « {to} » (possible "
                            "seulement depuis : {allowed}).",
    "err.claim_reason_required": "L'étape « {to} » demande des motifs écrits.",
    "err.claim_not_granted": "Aucune mesure à exécuter : la demande n'a pas été accordée (décision : {outcome}).",
    "err.duplicate": "Doublon possible introuvable ({id}).",
    "err.duplicate_decided": "Ce doublon possible a déjà été tranché ({status}).",
    "err.duplicate_not_merged": "Il n'y a pas de fusion à annuler : ce doublon possible est au statut « {status} ».",
    "err.claimant_identity_consent": "Le/la demandeur·se {label} n'a pas consenti à la divulgation de son identité : "
                                     "elle reste scellée.",
    "err.claim_export_case": "Indiquez le dossier à exporter (--case) parmi ceux des preuves de la demande : "
                             "{cases}.",
    "claims.flag.evidence_consent_withdrawn": "consentement retiré sur une preuve citée",
    "claims.flag.merge_undone_after_decision": "fusion annulée après la décision : à réexaminer",
    "claims.flag.birth_date_conflict": "dates de naissance contradictoires après fusion",
}
