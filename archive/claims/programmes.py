"""Reparations programmes as data (``archive/data/programmes.toml`` or ``TEMOIN_PROGRAMMES_FILE``), and the
eligibility proposal computed from a programme's rules and the cited testimonies' coded metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Sequence
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


#: Indirect victims: the claim's category and the relations of a linked person that support it (the claimant is the
#: spouse, child, parent... of that person), who must have been killed or disappeared.
INDIRECT: dict[str, frozenset[str]] = {"spouse": frozenset({"spouse"}), "child": frozenset({"child"}),
                                       "parent": frozenset({"parent"}),
                                       "other_relative": frozenset({"sibling", "other_relative"})}
GRAVE_FATES = frozenset({"killed", "disappeared"})


def _indirect(victim_category: str, links: Sequence[tuple[str, str]]) -> Check:
    """An indirect victim's link: met with a linked person killed or disappeared in that relation; not met when the
    claim itself says that person is alive or injured only; unknown when no such link is recorded yet."""
    related = [(relation, fate) for relation, fate in links if relation in INDIRECT[victim_category]]
    detail = ", ".join(f"{relation}:{fate}" for relation, fate in related)
    if any(fate in GRAVE_FATES for _, fate in related):
        return Check("indirect_link", True, detail)
    if related and all(fate in ("alive", "injured") for _, fate in related):
        return Check("indirect_link", False, detail)
    return Check("indirect_link", None, detail)


def propose(programme: Programme, *, victim_category: str, evidence: list[Item],
            links: Sequence[tuple[str, str]] = ()) -> Proposal:
    """The eligibility the rules suggest, rule by rule, from the testimonies whose consent is in force and, for an
    indirect victim, the claim's links (relation, fate). A person decides; an unknown (no date or region coded, no
    link recorded) is not a refusal: the burden of proof is not the claimant's."""
    checks = [Check("victim_category", victim_category in programme.victim_categories, victim_category)]
    if victim_category in INDIRECT:
        checks.append(_indirect(victim_category, links))
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
