"""Dependencies point inward: ingest, redaction and search never import the archive, each other, HTTP or SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("ingest", "redaction", "search")
FORBIDDEN_EVERYWHERE = ("archive", "fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "psycopg")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", LIBRARIES)
def test_when_a_library_module_imports_then_never_the_archive_nor_its_siblings(library: str) -> None:
    forbidden = set(FORBIDDEN_EVERYWHERE) | (set(LIBRARIES) - {library})
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & forbidden)
        for path in (ROOT / library).rglob("*.py")
        if _imports(path) & forbidden
    }
    assert offenders == {}
