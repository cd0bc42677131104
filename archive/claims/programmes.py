"""Reparations programmes as data (``archive/data/programmes.toml`` or ``TEMOIN_PROGRAMMES_FILE``), and the
eligibility proposal computed from a programme's rules and the cited testimonies' coded metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from archive.errors import Invalid, NotFound
from archive.models import Item
from archive.vocabulary import VIOLATION_TYPES


@dataclass(frozen=True)
class Programme:
    key: str
    title_fr: str
    title_en: str
    version: str
    sha256: str  # of the rules file as read: the bundle and each claim name it
    act_types: frozenset[str]
    period: tuple[dt.date, dt.date]
    regions: frozenset[str]
    victim_categories: tuple[str, ...]
    measures: tuple[str, ...]
    required_evidence: int
    assessment_days: int

    @property
    def rules_version(self) -> str:
        return f"{self.version}+{self.sha256[:16]}"


@dataclass(frozen=True)
class Check:
    """One rule of the programme against the claim: met, not met, or unknown (the evidence does not say)."""

    rule: str
    met: bool | None
    detail: str = ""


@dataclass(frozen=True)
class Proposal:
    eligible: bool
    checks: tuple[Check, ...]


def _read(path: Path | None) -> bytes:
    if path is not None:
        return path.read_bytes()
    return resources.files("archive.data").joinpath("programmes.toml").read_bytes()


def load_programmes(path: Path | None = None) -> dict[str, Programme]:
    """Every programme of the file; a malformed file is refused naming the programme and the field."""
    raw = _read(path)
    digest = hashlib.sha256(raw).hexdigest()
    data = tomllib.loads(raw.decode("utf-8"))
    out: dict[str, Programme] = {}
    for key, spec in data.get("programmes", {}).items():
        try:
            acts = frozenset(spec["act_types"])
            unknown = sorted(acts - set(VIOLATION_TYPES))
            if unknown:
                raise ValueError(f"act_types {unknown}")
            first, last = (dt.date.fromisoformat(d) for d in spec["period"])
            out[key] = Programme(key, spec["title_fr"], spec["title_en"], str(spec["version"]), digest, acts,
                                 (first, last), frozenset(spec.get("regions", [])),
                                 tuple(spec["victim_categories"]), tuple(spec["measures"]),
                                 int(spec.get("required_evidence", 1)), int(spec["assessment_days"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise Invalid("programme_file", programme=key, detail=str(exc)) from None
    return out


def get_programme(programmes: dict[str, Programme], key: str) -> Programme:
    try:
        return programmes[key]
    except KeyError:
        raise NotFound("programme", programme=key, programmes=", ".join(sorted(programmes))) from None


def propose(programme: Programme, *, victim_category: str, evidence: list[Item]) -> Proposal:
    """The eligibility the rules suggest, rule by rule, from the testimonies whose consent is in force. A person
    decides; an unknown (no date or region coded) is not a refusal: the burden of proof is not the claimant's."""
    checks = [Check("victim_category", victim_category in programme.victim_categories, victim_category)]
    checks.append(Check("evidence", len(evidence) >= programme.required_evidence,
                        f"{len(evidence)}/{programme.required_evidence}"))
    acts = sorted({v for item in evidence for v in item.violation_types or []} & programme.act_types)
    checks.append(Check("act_types", bool(acts), ", ".join(acts)))
    dates = [item.incident_date for item in evidence if item.incident_date is not None]
    first, last = programme.period
    checks.append(Check("period", any(first <= d <= last for d in dates) if dates else None,
                        ", ".join(d.isoformat() for d in dates)))
    if programme.regions:
        regions = [item.region for item in evidence if item.region]
        checks.append(Check("region", any(r in programme.regions for r in regions) if regions else None,
                            ", ".join(regions)))
    return Proposal(all(c.met is not False for c in checks), tuple(checks))
