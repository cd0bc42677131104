"""The speech model is assembled once from the PyPI parts, atomically, and loaded once per process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import asr
from ingest.base import IngestOptions
from ingest.exc import ToolUnavailable
from ingest.registry import extract


def _expected_size() -> int:
    parts = asr._package_files()
    return parts["model.bin.part1"].stat().st_size + parts["model.bin.part2"].stat().st_size


def test_when_cache_empty_then_model_assembled_with_verified_size(tmp_path: Path) -> None:
    target = asr.assemble_default_model(tmp_path / "whisper-base")
    assert (target / "model.bin").stat().st_size == _expected_size()
    assert {p.name for p in target.iterdir()} >= set(asr.REQUIRED_FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["whisper-base"]  # no staging directory left behind


def test_when_cache_complete_then_not_rewritten(tmp_path: Path) -> None:
    target = asr.assemble_default_model(tmp_path / "whisper-base")
    before = (target / "model.bin").stat().st_mtime_ns
    assert asr.assemble_default_model(target) == target
    assert (target / "model.bin").stat().st_mtime_ns == before


def test_when_cache_damaged_then_rebuilt(tmp_path: Path) -> None:
    target = asr.assemble_default_model(tmp_path / "whisper-base")
    with (target / "model.bin").open("r+b") as handle:
        handle.truncate(1000)
    asr.assemble_default_model(target)
    assert (target / "model.bin").stat().st_size == _expected_size()


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / "absent", "does not exist"),
    (lambda d: d, "lacks model.bin, config.json"),
])
def test_when_model_dir_invalid_then_clear_error(tmp_path: Path, make: object, reason: str) -> None:
    directory = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(ToolUnavailable, match=reason) as caught:
        asr.resolve_model_dir(directory)
    assert "TEMOIN_ASR_MODEL" in str(caught.value)


def test_when_extract_with_invalid_model_dir_then_tool_unavailable(english_wav: Path, tmp_path: Path) -> None:
    with pytest.raises(ToolUnavailable, match="TEMOIN_ASR_MODEL"):
        extract(english_wav, options=IngestOptions(asr_model_dir=tmp_path / "nope"))


def test_when_model_dir_is_broken_then_tool_unavailable(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(os.urandom(1024))
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ToolUnavailable, match="cannot be loaded"):
        asr.load_model(tmp_path)


def test_when_loaded_twice_then_same_model(asr_options: IngestOptions) -> None:
    first = asr.load_model(cache_dir=asr_options.model_cache_dir)
    second = asr.load_model(cache_dir=asr_options.model_cache_dir)
    assert first is second and len(first.sha256) == 16


def test_when_model_dir_given_then_it_is_used(asr_options: IngestOptions) -> None:
    directory = asr.resolve_model_dir(None, cache_dir=asr_options.model_cache_dir)
    loaded = asr.load_model(directory)
    assert loaded.directory == directory and loaded.model is asr.load_model(cache_dir=asr_options.model_cache_dir).model
