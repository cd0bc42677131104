"""Bring the database schema to the current Alembic revision (run at every start; a no-op when current).

Every command opens the archive, so the check that nothing is to do must be cheap: the head revisions are read
from the migration files themselves (their ``revision``/``down_revision`` lines, read as text, not imported) and
compared with the ``alembic_version`` table; Alembic is loaded only when there is something to do. This module
imports no database library at the top: the command line's read-only path asks ``head_revisions`` without one.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: ``revision = "0007"`` / ``down_revision: str | None = "0006"`` (a tuple when branches merge), on one line.
_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(.+?)\s*(?:#.*)?$", re.MULTILINE)


def _assigned(text: str) -> dict[str, object]:
    """The module-level ``revision`` and ``down_revision`` of a migration file, read from its lines (parsing the
    whole file as Python costs more than a command may spend checking that nothing is to do)."""
    found: dict[str, object] = {}
    for name, value in _ASSIGNED.findall(text):
        found.setdefault(name, ast.literal_eval(value))
    return found


@cache
def _revision_graph() -> tuple[frozenset[str], frozenset[str]]:
    """(every revision, every revision some migration revises), from the migration files' text."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assigned = _assigned(path.read_text(encoding="utf-8"))
        revision = assigned.get("revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        down = assigned.get("down_revision")
        revised.update([down] if isinstance(down, str) else list(down) if isinstance(down, tuple | list) else [])
    return frozenset(revisions), frozenset(revised)


def known_revisions() -> frozenset[str]:
    """Every revision this version of Témoin has a migration for."""
    return _revision_graph()[0]


def head_revisions() -> frozenset[str]:
    """The revisions no other migration revises (what ``alembic heads`` prints), from the files' text."""
    revisions, revised = _revision_graph()
    return revisions - revised


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions recorded in the database (empty for a new database)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return frozenset()
        return frozenset(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def upgrade(engine: Engine) -> None:
    if current_revisions(engine) == head_revisions():
        return
    from alembic import command

    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
