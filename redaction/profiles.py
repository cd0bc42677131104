"""Redaction profiles as data (``conf/profiles/<name>.toml``): what is done with each label."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from redaction.findings import ACTIONS, LABELS, Action
from redaction.lexicon import CONF

PROFILES = CONF / "profiles"
#: Labels a profile may generalise (others can only be removed, pseudonymised or kept).
GENERALISABLE = frozenset({"AGE", "BIRTH_DATE", "LOC", "DATE"})
#: How a date of birth is generalised (``[generalise] BIRTH_DATE = "..."``): an age band (the default: the
#: year of birth is gone too), the month and year, or the year.
BIRTH_DATE_FORMS = ("age_band", "month", "year")


@dataclass(frozen=True)
class RedactionProfile:
    name: str
    description: str
    default: Action
    actions: dict[str, Action]
    generalise: dict[str, str] = field(default_factory=dict)

    def action_for(self, label: str) -> Action:
        return self.actions.get(label, self.default)

    def generalise_as(self, label: str) -> str | None:
        """The form a generalised span of ``label`` takes (BIRTH_DATE: "age_band", "month" or "year")."""
        if label == "BIRTH_DATE":
            return self.generalise.get(label, "age_band")
        return self.generalise.get(label)


def available_profiles() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in PROFILES.glob("*.toml")))


def _action(value: object, where: str) -> Action:
    if value not in ACTIONS:
        raise ValueError(f"{where}: unknown action {value!r}; expected one of {', '.join(ACTIONS)}")
    return value


def parse_profile(data: dict[str, object], source: str) -> RedactionProfile:
    labels = data.get("labels", {})
    if not isinstance(labels, dict):
        raise ValueError(f"{source}: [labels] must be a table of LABEL = \"action\"")
    actions: dict[str, Action] = {}
    for label, value in labels.items():
        if label not in LABELS:
            raise ValueError(f"{source}: unknown label {label!r}; expected one of {', '.join(LABELS)}")
        action = _action(value, f"{source} [labels] {label}")
        if action == "generalise" and label not in GENERALISABLE:
            raise ValueError(f"{source}: {label} cannot be generalised (only {', '.join(sorted(GENERALISABLE))})")
        actions[label] = action
    default = _action(data.get("default", "remove"), f"{source} default")
    if default == "generalise":
        raise ValueError(f"{source}: the default action cannot be 'generalise'")
    forms = data.get("generalise", {})
    if not isinstance(forms, dict):
        raise ValueError(f"{source}: [generalise] must be a table of LABEL = \"form\"")
    for label, form in forms.items():
        if label != "BIRTH_DATE" or form not in BIRTH_DATE_FORMS:
            raise ValueError(f"{source}: [generalise] {label} = {form!r}: only BIRTH_DATE can be set, to one of "
                             f"{', '.join(BIRTH_DATE_FORMS)}")
    return RedactionProfile(str(data.get("name", Path(source).stem)), str(data.get("description", "")),
                            default, actions, {str(k): str(v) for k, v in forms.items()})


@functools.cache
def load_profile(name: str) -> RedactionProfile:
    """A built-in profile by name (``strict``, ``reparations``, ``prosecution``) or a path to a TOML file."""
    path = Path(name) if name.endswith(".toml") else PROFILES / f"{name}.toml"
    if not path.is_file():
        raise ValueError(f"unknown redaction profile {name!r}; available: {', '.join(available_profiles())} "
                         f"(or a path to a .toml profile file)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"profile file {path} cannot be read: {exc}") from exc
    return parse_profile(data, str(path))
