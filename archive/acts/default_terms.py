"""The default vocabularies shipped with the archive (loaded into ``act_terms`` by migration 0013 and whenever a
vocabulary is empty): code, origin, labels and short definitions in French and English. An administrator edits
them afterwards (``archive/acts/terms.py``); a code, once used, is never removed, only deprecated."""

from __future__ import annotations

from archive.acts.vocabulary import ACT_TYPES, PERPETRATOR_GROUPS
from archive.i18n import acts_en, acts_fr

DEFINITIONS: dict[str, tuple[str, str]] = {
    "rape": ("Pénétration non consentie, même légère, du vagin, de l'anus ou de la bouche (GBVIMS).",
             "Non-consensual penetration, however slight, of the vagina, anus or mouth (GBVIMS)."),
    "sexual_assault": ("Tout contact sexuel non consenti sans pénétration (GBVIMS).",
                       "Any form of non-consensual sexual contact that does not result in penetration (GBVIMS)."),
    "physical_assault": ("Violence physique qui n'est pas de nature sexuelle (GBVIMS).",
                         "Physical violence that is not sexual in nature (GBVIMS)."),
    "forced_marriage": ("Mariage d'une personne contre sa volonté (GBVIMS).",
                        "The marriage of an individual against her or his will (GBVIMS)."),
    "denial_of_resources": ("Refus de l'accès légitime aux ressources, biens, moyens de subsistance ou services "
                            "(GBVIMS).", "Denial of rightful access to economic resources, assets, livelihood or "
                            "services (GBVIMS)."),
    "psychological_abuse": ("Douleur ou blessure mentale ou émotionnelle infligée (menaces, humiliation...) "
                            "(GBVIMS).", "Infliction of mental or emotional pain or injury (threats, humiliation...) "
                            "(GBVIMS)."),
    "sexual_slavery": ("Exercice d'un droit de propriété sur une personne contrainte à des actes sexuels.",
                       "Exercising ownership over a person forced to engage in sexual acts."),
    "killing": ("Privation arbitraire de la vie.", "Arbitrary deprivation of life."),
    "enforced_disappearance": ("Arrestation, détention ou enlèvement suivi du refus d'en reconnaître la "
                               "réalité ou de révéler le sort de la personne.",
                               "Arrest, detention or abduction followed by a refusal to acknowledge it or to "
                               "disclose the person's fate."),
    "arbitrary_detention": ("Privation de liberté sans base légale ni garanties.",
                            "Deprivation of liberty without legal basis or safeguards."),
    "torture": ("Douleur ou souffrance aiguë, physique ou mentale, infligée intentionnellement.",
                "Severe pain or suffering, physical or mental, intentionally inflicted."),
    "abduction": ("Prise d'une personne par la force ou la ruse.", "Taking a person away by force or deceit."),
    "child_recruitment": ("Enrôlement ou utilisation d'enfants par une force ou un groupe armé.",
                          "Recruitment or use of children by an armed force or group."),
    "looting": ("Appropriation de biens par la force.", "Taking of property by force."),
    "destruction_of_property": ("Destruction de maisons, greniers, bétail ou autres biens.",
                                "Destruction of houses, granaries, livestock or other property."),
    "displacement": ("Départ forcé du lieu de résidence.", "Forced departure from one's place of residence."),
}


def defaults() -> list[dict[str, object]]:
    """Every default term as a row of ``act_terms``."""
    rows: list[dict[str, object]] = []
    for code, origin in ACT_TYPES.items():
        fr, en = DEFINITIONS.get(code, ("", ""))
        rows.append({"vocabulary": "act_type", "code": code, "origin": origin,
                     "label_fr": acts_fr.MESSAGES[f"act_type.{code}"], "label_en": acts_en.MESSAGES[f"act_type.{code}"],
                     "definition_fr": fr, "definition_en": en, "deprecated": False})
    for code in PERPETRATOR_GROUPS:
        rows.append({"vocabulary": "perpetrator_group", "code": code, "origin": "keep-list",
                     "label_fr": acts_fr.MESSAGES[f"perpetrator.{code}"],
                     "label_en": acts_en.MESSAGES[f"perpetrator.{code}"],
                     "definition_fr": "", "definition_en": "", "deprecated": False})
    return rows
