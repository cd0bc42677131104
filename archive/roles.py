"""Roles as data (``archive/data/roles.toml``): each role is a set of permissions.

Kept apart from ``archive.auth`` (passwords, tokens, the database) so that reading the list of roles — the
command line's help does — loads nothing else. Which consent scope lets each role see a testimony lives here too
(``archive.consent`` applies it): the command line's read-only listing (``archive.cases.listing``) needs it
without the database layer.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Which consent scope lets each role see a testimony at all, and whether it sees full text.
ROLE_SCOPE: dict[str, str] = {
    "system": "internal_case_use",
    "documentation_officer": "internal_case_use",
    "lawyer": "share_prosecution",
    "legal_aid_lawyer": "share_legal_aid",
    "reparations_officer": "share_reparations",
    "reparations_board": "share_reparations",
}
NEEDS_ASSIGNMENT = frozenset({"lawyer", "legal_aid_lawyer"})
REDACTED_ONLY = frozenset({"reparations_officer", "reparations_board"})
IDENTITY_SCOPE = "identity_disclosure"


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: frozenset[str]


@cache
def roles() -> dict[str, Role]:
    data = tomllib.loads(resources.files("archive.data").joinpath("roles.toml").read_text(encoding="utf-8"))
    return {
        name: Role(name, spec.get("description", ""), frozenset(spec["permissions"]))
        for name, spec in data["roles"].items()
    }


def has_permission(role: str, permission: str) -> bool:
    """Whether a role holds a permission (an unknown role holds none)."""
    known = roles().get(role)
    return known is not None and permission in known.permissions
