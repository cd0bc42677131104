"""Closed vocabularies of intake metadata and consent, in the users' words."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

CONSENT_SCOPES: tuple[str, ...] = (
    "internal_case_use",
    "share_legal_aid",
    "share_prosecution",
    "share_reparations",
    "truth_commission_report",
    "aggregate_stats",
    "research_archive",
    "identity_disclosure",
    "audio_retention",
    "recontact",
)
CONSENT_METHODS: tuple[str, ...] = ("oral", "thumbprint", "signature")
CONSENT_STATUSES: tuple[str, ...] = ("granted", "withdrawn")

# The six GBVIMS core incident types, then the other violations the commission documents.
VIOLATION_TYPES: tuple[str, ...] = (
    "rape",
    "sexual_assault",
    "physical_assault",
    "forced_marriage",
    "denial_of_resources",
    "psychological_abuse",
    "arbitrary_detention",
    "killing",
    "abduction",
    "looting",
    "displacement",
    "torture",
)
SEXUAL_VIOLENCE: frozenset[str] = frozenset({"rape", "sexual_assault", "forced_marriage"})
TESTIMONY_TYPES: tuple[str, ...] = ("survivor", "witness", "indirect")
CONFIDENTIALITY: tuple[str, ...] = ("public", "confidential", "sealed")
ACCOUNT_KINDS: tuple[str, ...] = ("direct", "indirect")
LANGUAGES: tuple[str, ...] = ("fr", "en", "bm", "ff", "son", "tmh", "ar", "other")


@cache
def regions() -> dict[str, str]:
    """Mali's regions (code -> name), kept as data in archive/data/regions.csv."""
    text = resources.files("archive.data").joinpath("regions.csv").read_text(encoding="utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines())}


def normalise_region(value: str) -> str:
    """Accept a region's code or name (any case/accents); return its canonical name."""
    from unicodedata import combining, normalize

    def fold(s: str) -> str:
        return "".join(c for c in normalize("NFKD", s) if not combining(c)).casefold().strip()

    wanted = fold(value)
    for code, name in regions().items():
        if wanted in (code, fold(name)):
            return name
    raise ValueError(f"unknown region {value!r}; known regions: {', '.join(regions().values())}")
