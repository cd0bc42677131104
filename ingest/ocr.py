"""Optical character recognition through the ``tesseract`` binary (subprocess, with a timeout).

Images go to tesseract encoded (PNM or PNG) on stdin and text comes back on stdout: no temporary
files, nothing left behind.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from ingest.exc import IngestError, ToolUnavailable

_INSTALL = "install it with `apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng`"


def ocr_languages_for(hint: str | None, default: str) -> str:
    """Tesseract languages for a language hint: French first for ``fr``, English first for ``en``."""
    if hint is not None:
        code = hint.lower().split("-")[0].split("_")[0]
        if code in ("fr", "fra", "fre"):
            return "fra+eng"
        if code in ("en", "eng"):
            return "eng+fra"
    return default


@functools.cache
def tesseract_version() -> str:
    """The installed tesseract's version, e.g. ``5.3.0``; raises ``ToolUnavailable`` when it is missing."""
    binary = _binary()
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    first = (done.stdout or done.stderr).strip().splitlines()
    if done.returncode != 0 or not first:
        raise ToolUnavailable(f"`tesseract --version` failed ({done.stderr.strip()[:200]}); {_INSTALL}")
    return first[0].split()[-1]


@functools.cache
def installed_languages() -> frozenset[str]:
    """Languages tesseract has data for (``tesseract --list-langs``)."""
    done = subprocess.run([_binary(), "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def check_languages(languages: str) -> None:
    """Raise ``ToolUnavailable`` naming the missing tesseract language packs, if any."""
    wanted = [lang for lang in languages.split("+") if lang]
    missing = [lang for lang in wanted if lang not in installed_languages()]
    if not wanted or missing:
        packs = " ".join(f"tesseract-ocr-{lang}" for lang in missing) or "a language pack"
        raise ToolUnavailable(f"tesseract has no data for {'+'.join(missing) or repr(languages)}; "
                              f"install {packs} or choose other OCR languages")


def ocr_image(image: bytes, *, languages: str, timeout: float) -> str:
    """Run tesseract on one encoded image (PNG, PNM, TIFF...) and return the text it reads (may be empty)."""
    command = [_binary(), "stdin", "stdout", "-l", languages, "--psm", "3"]
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(f"OCR took longer than {timeout:.0f} s on one page and was stopped; raise "
                          "ocr_timeout_seconds or split the document") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
        raise IngestError(f"tesseract failed (exit {done.returncode}): {message}")
    return done.stdout.decode("utf-8", errors="replace")


def _binary() -> str:
    binary = shutil.which("tesseract")
    if binary is None:
        raise ToolUnavailable(f"the tesseract OCR program is not installed; {_INSTALL}")
    return binary
