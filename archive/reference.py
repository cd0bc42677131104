"""Reference documentation generated from the code: the settings table and the list of CLI commands.

`python -m archive.reference` rewrites docs/settings.md; tests fail when it is stale, when a setting has
no description, or when a CLI command is missing from docs/cli.md.
"""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import SecretStr

from archive.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settings_markdown() -> str:
    lines = [
        "# Settings reference",
        "",
        "Generated from `archive/settings.py` by `python -m archive.reference` (do not edit by hand).",
        "Every setting is read once from the environment with the prefix `TEMOIN_`.",
        "",
        "| variable | default | description |",
        "| --- | --- | --- |",
    ]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, SecretStr) or default == "":
            shown = "(empty)"
        else:
            shown = "—" if default is None else f"`{default}`"
        lines.append(f"| `TEMOIN_{name.upper()}` | {shown} | {field.description or ''} |")
    return "\n".join(lines) + "\n"


def undocumented_settings() -> list[str]:
    return [name for name, field in Settings.model_fields.items() if not (field.description or "").strip()]


def cli_commands(app: typer.Typer | None = None, prefix: str = "temoin") -> list[str]:
    """Every command path, e.g. 'temoin users add'."""
    if app is None:
        import archive.cli  # noqa: F401  (registers every command)
        from archive.cli.app import app as root

        app = root
    paths: list[str] = []
    for cmd in app.registered_commands:
        name = cmd.name or (cmd.callback.__name__.replace("_", "-") if cmd.callback else "")
        paths.append(f"{prefix} {name}")
    for group in app.registered_groups:
        if group.typer_instance is not None:
            paths.extend(cli_commands(group.typer_instance, f"{prefix} {group.name}"))
    return sorted(paths)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    (DOCS / "settings.md").write_text(settings_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
