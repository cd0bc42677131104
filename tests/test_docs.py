"""Documentation that other people rely on stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from archive.reference import cli_commands, settings_markdown, undocumented_settings

ROOT = Path(__file__).resolve().parent.parent


def test_when_a_setting_exists_then_it_has_a_description() -> None:
    assert undocumented_settings() == []


def test_when_settings_change_then_docs_settings_md_is_regenerated() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is stale: run `.venv/bin/python -m archive.reference`"
    )


def test_when_a_cli_command_exists_then_docs_cli_md_documents_it() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in cli_commands() if f"`{c}" not in doc]
    assert missing == []


def test_when_a_newcomer_reads_the_readme_then_it_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
