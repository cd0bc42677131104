"""The default vocabularies of coded acts, as data: each term with its origin (GBVIMS, HURIDOCS or the
commission's own), labels in French and English live in the catalogue (``act_type.<term>``...)."""

from __future__ import annotations

#: Act types: the six GBVIMS core incident types, then the HURIDOCS / commission violations.
ACT_TYPES: dict[str, str] = {
    "rape": "GBVIMS",
    "sexual_assault": "GBVIMS",
    "physical_assault": "GBVIMS",
    "forced_marriage": "GBVIMS",
    "denial_of_resources": "GBVIMS",
    "psychological_abuse": "GBVIMS",
    "sexual_slavery": "HURIDOCS",
    "killing": "HURIDOCS",
    "enforced_disappearance": "HURIDOCS",
    "arbitrary_detention": "HURIDOCS",
    "torture": "HURIDOCS",
    "abduction": "HURIDOCS",
    "child_recruitment": "HURIDOCS",
    "looting": "CVJR",
    "destruction_of_property": "HURIDOCS",
    "displacement": "HURIDOCS",
}
#: Conflict-related sexual violence: acts of these types are sensitive (see ``archive/acts/service.py``).
CRSV: frozenset[str] = frozenset({"rape", "sexual_assault", "forced_marriage", "sexual_slavery"})

#: Alleged perpetrator groups, from the keep-list of armed forces and groups (redaction/conf/keep).
PERPETRATOR_GROUPS: tuple[str, ...] = (
    "fama", "jnim", "eigs", "mnla", "cma", "plateforme", "gatia", "msa", "hcua", "dan_na_ambassagou",
    "foreign_forces", "unidentified_armed_men", "other",
)
VICTIM_SEXES: tuple[str, ...] = ("f", "m", "unknown")
#: GBVIMS age bands.
AGE_BANDS: tuple[str, ...] = ("0-11", "12-17", "18-25", "26-40", "41-60", "61+")
STATUSES: tuple[str, ...] = ("draft", "reviewed", "final")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "around")
#: Dimensions statistics may count by.
STAT_FIELDS: tuple[str, ...] = ("violation_type", "region", "year", "perpetrator_group", "victim_sex",
                                "victim_age_band")
#: The part a person plays in one act (HURIDOCS Events Standard Formats: victim, perpetrator, source,
#: intervening party; plus witness).
PERSON_ROLES: tuple[str, ...] = ("victim", "witness", "alleged_perpetrator", "source", "intervening_party")
