"""`--help` renders for every command and subcommand of `temoin`, walked from the Typer app itself, so a new
command is covered the day it is registered (issue 14: a help text read as Rich markup crashed)."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import archive.cli  # noqa: F401  (registers every command)
from archive.cli.app import app
from archive.reference import cli_commands


# Typer >= 0.20 vendors its own click: commands are walked by their attributes, not by click's classes.
def _subcommands(command: Any) -> dict[str, Any]:
    return dict(getattr(command, "commands", None) or {})


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in sorted(_subcommands(command).items()):
        paths.extend(_command_paths(sub, (*path, name)))
    return paths


ROOT = typer.main.get_command(app)
PATHS = _command_paths(ROOT)


def _resolve(path: tuple[str, ...]) -> Any:
    command: Any = ROOT
    for name in path:
        command = _subcommands(command)[name]
    return command


def test_when_the_app_is_walked_then_every_documented_command_is_among_the_paths() -> None:
    walked = {" ".join(("temoin", *path)) for path in PATHS}
    assert set(cli_commands()) <= walked and len(PATHS) > 20


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "temoin")
def test_when_help_is_asked_then_it_renders_with_usage_and_text(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = _resolve(path)
    summary = (command.help or command.short_help or "").strip().splitlines()
    assert summary, f"`temoin {' '.join(path)}` has no help text"
    first_words = summary[0].split()[:3]
    flat = " ".join(result.output.split())
    assert " ".join(first_words) in flat, (first_words, result.output)
    for param in command.params:
        if getattr(param, "param_type_name", "") == "option" and not getattr(param, "hidden", False):
            assert param.opts[0] in result.output, (param.opts, result.output)
