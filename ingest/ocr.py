"""Optical character recognition through the ``tesseract`` binary (subprocess, with a timeout).

Images go to tesseract encoded (TIFF, PNG...) on stdin and text (or TSV: words with boxes and confidences)
comes back on stdout: no temporary files, nothing left behind. Tesseract runs single-threaded
(``OMP_THREAD_LIMIT=1``): its OpenMP threads make it 3-4x slower on a small shared machine, not faster.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass

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


@dataclass(frozen=True)
class OcrWord:
    """One word tesseract read: text, box (x0, y0, x1, y1) in pixels, confidence 0..1, and its place in
    tesseract's layout (block, paragraph, line numbers)."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    block: int = 0
    paragraph: int = 0
    line: int = 0


def ocr_image(image: bytes, *, languages: str, timeout: float, psm: int = 3) -> str:
    """Run tesseract on one encoded image (PNG, PNM, TIFF...) and return the text it reads (may be empty)."""
    return _run(image, languages=languages, timeout=timeout, psm=psm).decode("utf-8", errors="replace")


def read_words(image: bytes, *, languages: str, timeout: float, psm: int) -> list[OcrWord]:
    """Run tesseract with TSV output: the words it read, with boxes and confidences, in its reading order."""
    return start_reading(image, languages=languages, timeout=timeout, psm=psm).words()


class PendingReading:
    """A tesseract run (TSV output) going on in the background while the caller does other work; ``words``
    waits for it, ``cancel`` kills it (its result is no longer wanted)."""

    def __init__(self, image: bytes, *, languages: str, timeout: float, psm: int) -> None:
        command = [_binary(), "stdin", "stdout", "-l", languages, "--psm", str(psm), "tsv"]
        self._timeout = timeout
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        self._output: tuple[bytes, bytes] | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._communicate, args=(image,), daemon=True)
        self._thread.start()

    def _communicate(self, image: bytes) -> None:
        try:
            self._output = self._process.communicate(image, timeout=self._timeout)
        except BaseException as exc:  # handed to the caller in words()
            self._failure = exc

    def words(self) -> list[OcrWord]:
        self._thread.join()
        if isinstance(self._failure, subprocess.TimeoutExpired):
            self.cancel()
            raise IngestError(f"OCR took longer than {self._timeout:.0f} s on one page and was stopped; raise "
                              "ocr_timeout_seconds or split the document") from self._failure
        if self._failure is not None or self._output is None:
            self.cancel()
            raise IngestError(f"tesseract could not be run ({self._failure})") from self._failure
        stdout, stderr = self._output
        if self._process.returncode != 0:
            message = stderr.decode("utf-8", errors="replace").strip()[-300:]
            raise IngestError(f"tesseract failed (exit {self._process.returncode}): {message}")
        return _parse_tsv(stdout.decode("utf-8", errors="replace"))

    @property
    def finished(self) -> bool:
        """Whether the tesseract process has ended (read, failed or killed)."""
        return self._process.poll() is not None

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._thread.join()
        self._process.wait()


def start_reading(image: bytes, *, languages: str, timeout: float, psm: int) -> PendingReading:
    """Start tesseract (TSV output) on one encoded image in the background."""
    return PendingReading(image, languages=languages, timeout=timeout, psm=psm)


def _parse_tsv(tsv: str) -> list[OcrWord]:
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, height = (int(cells[i]) for i in (6, 7, 8, 9))
            confidence = max(0.0, min(1.0, float(cells[10]) / 100.0))
            block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
        except ValueError:
            continue
        words.append(OcrWord(cells[11].strip(), (left, top, left + width, top + height), confidence, block,
                             paragraph, line))
    return words


def text_of(words: list[OcrWord]) -> str:
    """Tesseract's own text layout from its words: lines in order, a blank line between paragraphs."""
    out: list[str] = []
    last: tuple[int, int, int] | None = None
    for word in words:
        here = (word.block, word.paragraph, word.line)
        if last is None:
            out.append(word.text)
        elif here == last:
            out.append(" " + word.text)
        elif here[:2] == last[:2]:
            out.append("\n" + word.text)
        else:
            out.append("\n\n" + word.text)
        last = here
    return "".join(out) + ("\n" if out else "")


def _run(image: bytes, *, languages: str, timeout: float, psm: int) -> bytes:
    command = [_binary(), "stdin", "stdout", "-l", languages, "--psm", str(psm)]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=timeout, check=False,
                              env=environment)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(f"OCR took longer than {timeout:.0f} s on one page and was stopped; raise "
                          "ocr_timeout_seconds or split the document") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
        raise IngestError(f"tesseract failed (exit {done.returncode}): {message}")
    return done.stdout


def _binary() -> str:
    binary = shutil.which("tesseract")
    if binary is None:
        raise ToolUnavailable(f"the tesseract OCR program is not installed; {_INSTALL}")
    return binary
