"""The command line and the API start without loading what only some commands or requests need (issue 18).

Each check runs in a fresh interpreter, so what another test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS_AND_MEDIA = ("spacy", "thinc", "faster_whisper", "ctranslate2", "fitz", "pymupdf", "torch", "PIL", "numpy")
SERVICE_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "archive").rglob("service.py")
)


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Every module loaded after running ``code``, by full name and by top-level package."""
    probe = code + ("\nimport json, sys\n"
                    "print(json.dumps(sorted(set(sys.modules) | {m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", ["archive.cli", "archive.api", *SERVICE_MODULES])
def test_when_a_door_or_service_module_is_imported_then_no_model_or_media_library_loads(module: str) -> None:
    assert _loaded_after(f"import {module}") & set(MODELS_AND_MEDIA) == set()


def test_when_the_cli_is_imported_then_neither_the_database_layer_nor_the_engines_load() -> None:
    loaded = _loaded_after("import archive.cli")
    assert loaded & {"sqlalchemy", "alembic", "pydantic", "pydantic_settings", "jwt", "argon2",
                     "redaction", "ingest", "search", "fastapi", "starlette", "jinja2"} == set()


def test_when_the_archive_is_at_its_latest_schema_then_a_command_loads_neither_alembic_nor_search(
        tmp_path: Path) -> None:
    env = {"TEMOIN_DATA_DIR": str(tmp_path)}
    run = "from archive.cli import app\napp(['cases', 'list', '--json'], standalone_mode=False)"
    first = _loaded_after(run, env)  # a new archive: the migrations run
    assert "alembic" in first
    again = _loaded_after(run, env)
    assert "alembic" not in again
    # a read-only listing takes the light path: the standard library's sqlite3, no ORM, no settings library
    assert again & {"sqlalchemy", "pydantic_settings", "archive.models", "archive.settings"} == set()
    accounts = _loaded_after(run.replace("'cases'", "'users'"), env)
    assert accounts & {"sqlalchemy", "pydantic_settings", "archive.models", "archive.settings"} == set()
    assert again & {"search.embedded", "search.elastic", "tantivy", "elasticsearch", *MODELS_AND_MEDIA} == set()


def test_when_migrations_are_parsed_then_the_heads_are_alembics_heads() -> None:
    from alembic.script import ScriptDirectory

    from archive.schema import alembic_config, head_revisions, known_revisions

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revisions() == frozenset(script.get_heads())
    assert known_revisions() == frozenset(rev.revision for rev in script.walk_revisions())


def test_when_doctor_gains_a_check_then_the_cli_help_names_it() -> None:
    from archive.cli.doctor import CHECK_NAMES as LISTED
    from archive.doctor import CHECK_NAMES

    assert LISTED == CHECK_NAMES
