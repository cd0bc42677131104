"""Roles as data (``archive/data/roles.toml``): each role is a set of permissions.

Kept apart from ``archive.auth`` (passwords, tokens, the database) so that reading the list of roles — the
command line's help does — loads nothing else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
