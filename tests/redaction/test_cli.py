from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive.cli.app import app

TEXT = "Je m'appelle Awa Diarra, mon numéro est le 76 12 34 56. J'habite à Mopti."
ENTITY_KEYS = {"start", "end", "label", "text", "replacement", "recognizer", "score"}


def test_when_a_file_is_redacted_then_one_json_object_matches_the_contract(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", "--json", str(source)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {"lang", "profile", "redacted_text", "entities"} <= set(payload)
    assert payload["profile"] == "strict" and payload["lang"] == "fr"
    for entity in payload["entities"]:
        assert set(entity) >= ENTITY_KEYS
        assert TEXT[entity["start"]:entity["end"]] == entity["text"]
    assert "Awa" not in payload["redacted_text"] and "76 12" not in payload["redacted_text"]


def test_when_jsonl_is_piped_then_one_line_per_input_comes_back_in_order() -> None:
    lines = [json.dumps({"id": "a", "text": TEXT}),
             json.dumps({"id": "b", "text": "My sister Hawa Keita", "lang": "en"}), json.dumps({"id": "c", "text": ""})]
    result = CliRunner().invoke(app, ["redact", "--profile", "reparations", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"] and out[1]["lang"] == "en"
    assert all({"id", "lang", "redacted_text", "entities"} <= set(o) for o in out)


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["redact", "--jsonl"], '{"id": "1", "text": "ok"}\nnot json\n', "line 2: not valid JSON"),
    (["redact", "--jsonl"], '{"id": "1"}\n', 'line 1: "text" must be a string'),
    (["redact", "--profile", "lenient", "--json", "-"], "x", "unknown redaction profile 'lenient'"),
    (["redact", "--json", "/nonexistent/file.txt"], "", "cannot read '/nonexistent/file.txt'"),
    (["redact", "--lang", "de", "--json", "-"], "x", "--lang must be fr, en or auto"),
    (["redact"], "", "exactly one of --json FILE or --jsonl"),
])
def test_when_input_is_bad_then_stderr_explains_and_the_exit_code_is_not_zero(
        args: list[str], stdin: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEMOIN_LANG", "en")  # the messages below are the English ones of the catalogue
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code != 0
    assert message in result.stderr
    assert all(json.loads(line) for line in result.stdout.splitlines())


def test_when_run_as_a_real_process_then_stdin_is_redacted() -> None:
    temoin = Path(sys.executable).parent / "temoin"
    done = subprocess.run([str(temoin), "redact", "--lang", "fr", "--json", "-"], input=TEXT.encode(),
                          capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()
    payload = json.loads(done.stdout)
    assert payload["lang"] == "fr" and "Diarra" not in payload["redacted_text"]
