"""Redacted audio: a tone (or silence) over the time intervals of redacted words, metadata stripped.

The work is done by the ``ffmpeg`` binary as a streaming subprocess: Python never holds the samples,
so memory stays flat whatever the duration (a 2 GiB recording included). The output keeps only the first
audio stream of the input (video, subtitle, data and other audio streams are dropped), resampled to
48 kHz with the input's channel count, with no metadata, chapters or encoder tag. Its format follows the
destination's suffix:

- ``.ogg`` / ``.opus``: Opus in Ogg, 96 kb/s (small; the default for bundles);
- ``.flac``: FLAC, lossless;
- ``.wav``: 16-bit PCM WAV.

Inside each interval (widened by ``padding`` on both sides) the original signal is replaced by a 1 kHz
tone at -14 dBFS (``mode="tone"``) or by digital silence (``mode="silence"``). The replacement is done per
block of 256 samples (5.3 ms); every block that touches an interval is replaced, so the covered time is
never shorter than asked.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from redaction.output_errors import RedactionError

SAMPLE_RATE = 48_000
BLOCK = 256
CHUNK = 64  # intervals per volume filter
TONE_HZ = 1000
TONE_LEVEL = 0.2  # peak amplitude; ffmpeg's sine source is 1/8 full scale, hence the x8 below
_CODECS = {".ogg": ("ogg", ["-c:a", "libopus", "-b:a", "96k"]), ".opus": ("ogg", ["-c:a", "libopus", "-b:a", "96k"]),
           ".flac": ("flac", ["-c:a", "flac"]), ".wav": ("wav", ["-c:a", "pcm_s16le"])}


@dataclass(frozen=True)
class TimedWord:
    """A transcript word: its time in seconds and its characters ``char_start:char_end`` in the transcript."""

    start: float
    end: float
    char_start: int
    char_end: int


@dataclass(frozen=True)
class AudioRedactionReport:
    """What :func:`redact_audio` wrote: the merged, padded intervals actually covered, and the format."""

    src: Path
    dst: Path
    mode: str
    intervals: tuple[tuple[float, float], ...]
    duration: float | None
    container: str
    codec: str
    sample_rate: int
    channels: int


def words_to_intervals(words: Sequence[TimedWord], spans: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    """Time intervals covering every character span of the transcript, merged and sorted.

    A span covers every word it overlaps. A span that overlaps no word (it falls between words) covers
    the gap from the end of the word before it to the start of the word after it: recall first.
    """
    ordered = sorted(words, key=lambda w: (w.char_start, w.char_end))
    intervals: list[tuple[float, float]] = []
    for start, end in spans:
        if end <= start:
            continue
        hit = [w for w in ordered if w.char_start < end and start < w.char_end]
        if hit:
            intervals.append((min(w.start for w in hit), max(w.end for w in hit)))
            continue
        before = [w for w in ordered if w.char_end <= start]
        after = [w for w in ordered if w.char_start >= end]
        gap_start = before[-1].end if before else 0.0
        gap_end = after[0].start if after else (before[-1].end if before else 0.0)
        if gap_end > gap_start:
            intervals.append((gap_start, gap_end))
    return merge_intervals(intervals)


def align_words(text: str, words: Sequence[tuple[float, float, str]]) -> list[TimedWord]:
    """Give timed words (start, end, text) their character offsets in ``text``, searching left to right.

    For a transcript made by joining the ASR words or segments. Raises ``ValueError`` naming the first
    word that cannot be found after the previous one.
    """
    timed: list[TimedWord] = []
    cursor = 0
    for start, end, word in words:
        token = word.strip()
        if not token:
            continue
        at = text.find(token, cursor)
        if at < 0:
            raise ValueError(f"word {token!r} ({start:.2f}-{end:.2f} s) not found in the transcript after "
                             f"character {cursor}; the transcript and the word list do not match")
        timed.append(TimedWord(start, end, at, at + len(token)))
        cursor = at + len(token)
    return timed


def merge_intervals(intervals: Sequence[tuple[float, float]], *,
                    padding: float = 0.0) -> list[tuple[float, float]]:
    """Sort, widen by ``padding`` (never below 0) and merge overlapping intervals."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted((max(0.0, s - padding), e + padding) for s, e in intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def redact_audio(src: Path, dst: Path, *, intervals: Sequence[tuple[float, float]],
                 mode: Literal["tone", "silence"] = "tone", padding: float = 0.15,
                 progress: Callable[[float], None] | None = None,
                 timeout: float | None = None) -> AudioRedactionReport:
    """Write ``dst``: the first audio stream of ``src`` with every interval covered, metadata stripped."""
    _check_intervals(src, intervals, padding, mode)
    container, codec_args = _output_format(dst)
    probe = probe_audio(src)
    channels = max(1, min(int(str(probe.get("channels") or 1)), 8))
    duration = _duration(probe)
    covered = merge_intervals(intervals, padding=padding)
    with tempfile.TemporaryDirectory(prefix="temoin-audio-") as tmp:
        graph = Path(tmp) / "graph.txt"
        graph.write_text(filter_graph(covered, mode, channels), encoding="utf-8")
        dst.parent.mkdir(parents=True, exist_ok=True)
        partial = dst.with_name(f".redacting-{dst.name}")
        command = [_binary("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(src),
                   "-filter_complex_script", str(graph), "-map", "[out]", "-map_metadata", "-1",
                   "-map_chapters", "-1", "-vn", "-sn", "-dn", "-fflags", "+bitexact", "-flags:a", "+bitexact",
                   "-ar", str(SAMPLE_RATE), *codec_args, "-f", container, "-progress", "pipe:1", "-nostats",
                   str(partial)]
        try:
            _run_streaming(command, src, duration, progress, timeout, Path(tmp) / "stderr.txt")
            partial.replace(dst)
        finally:
            partial.unlink(missing_ok=True)
    if progress is not None:
        progress(1.0)
    codec = codec_args[1]
    return AudioRedactionReport(src, dst, mode, tuple(covered), duration, container, codec, SAMPLE_RATE, channels)


def filter_graph(intervals: Sequence[tuple[float, float]], mode: str, channels: int) -> str:
    """The ffmpeg filter graph.

    The audio is cut into blocks of BLOCK samples, and a chain of ``volume=0`` filters, each enabled on
    up to CHUNK intervals (ffmpeg's expression parser refuses much longer expressions), mutes every block
    that touches an interval. The tone is a sine minus the same sine muted the same way: exactly the sine
    inside the intervals and exactly zero outside. Everything is evaluated per block, never per sample.
    """
    block = BLOCK / SAMPLE_RATE
    windows = [(max(0.0, s - block), e) for s, e in intervals]
    mutes = "".join(f",volume=0:enable='{_condition(windows[i:i + CHUNK])}'" for i in range(0, len(windows), CHUNK))
    layout = f"aformat=sample_fmts=fltp:channel_layouts={_layout(channels)}"
    voice = f"[0:a:0]aresample={SAMPLE_RATE},{layout},asetpts=N/SR/TB,asetnsamples=n={BLOCK}:p=0{mutes}"
    if mode == "silence":
        return f"{voice}[out]"
    tone = (f"sine=frequency={TONE_HZ}:sample_rate={SAMPLE_RATE}:samples_per_frame={BLOCK},{layout},"
            f"volume={TONE_LEVEL * 8},asplit=2[sine][gated];[gated]anull{mutes},volume=-1[outside];"
            "[sine][outside]amix=inputs=2:duration=first:normalize=0[tone]")
    return f"{voice}[voice];{tone};[voice][tone]amix=inputs=2:duration=first:normalize=0[out]"


def _condition(windows: Sequence[tuple[float, float]]) -> str:
    """True inside any window; the outer ``if`` (which ffmpeg evaluates lazily) skips far-away chunks."""
    inner = "+".join(f"between(t,{s:.6f},{e:.6f})" for s, e in windows)
    return f"if(between(t,{windows[0][0]:.6f},{windows[-1][1]:.6f}),{inner},0)"


def probe_audio(src: Path) -> dict[str, object]:
    """ffprobe's description of the first audio stream (plus the container ``format_duration``)."""
    if not src.is_file():
        raise RedactionError(src, "no such file")
    command = [_binary("ffprobe"), "-v", "error", "-select_streams", "a:0", "-show_entries",
               "stream=codec_name,channels,sample_rate,duration:format=duration", "-of", "json", str(src)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise RedactionError(src, f"ffprobe cannot read this file ({result.stderr.strip()[-300:]}); it is "
                             "corrupt or not audio/video")
    data = json.loads(result.stdout or "{}")
    streams = data.get("streams") or []
    if not streams:
        raise RedactionError(src, "the file has no audio stream; nothing to redact as audio")
    stream: dict[str, object] = dict(streams[0])
    stream["format_duration"] = (data.get("format") or {}).get("duration")
    return stream


def _duration(probe: dict[str, object]) -> float | None:
    for key in ("duration", "format_duration"):
        value = probe.get(key)
        try:
            seconds = float(str(value))
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds > 0:
            return seconds
    return None


def _run_streaming(command: list[str], src: Path, duration: float | None,
                   progress: Callable[[float], None] | None, timeout: float | None, log: Path) -> None:
    with log.open("w+", encoding="utf-8") as stderr, subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if progress is not None and duration and line.startswith("out_time_us="):
                value = line.split("=", 1)[1].strip()
                if value.isdigit():
                    progress(min(0.99, int(value) / 1e6 / duration))
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            raise RedactionError(src, f"ffmpeg took longer than {timeout} s; raise the timeout") from exc
        if code != 0:
            stderr.seek(0)
            detail = stderr.read().strip()[-500:]
            raise RedactionError(src, f"ffmpeg failed (exit {code}): {detail}; check that the file is "
                                 "readable audio (ffprobe it) and that the disk has space")


def _check_intervals(src: Path, intervals: Sequence[tuple[float, float]], padding: float, mode: str) -> None:
    if mode not in ("tone", "silence"):
        raise RedactionError(src, f"unknown mode {mode!r}; use 'tone' or 'silence'")
    if not (math.isfinite(padding) and padding >= 0):
        raise RedactionError(src, f"padding must be a finite number >= 0, got {padding}")
    for start, end in intervals:
        if not (math.isfinite(start) and math.isfinite(end) and 0 <= start <= end):
            raise RedactionError(src, f"bad interval ({start}, {end}): times must be finite seconds with "
                                 "0 <= start <= end")


def _output_format(dst: Path) -> tuple[str, list[str]]:
    found = _CODECS.get(dst.suffix.lower())
    if found is None:
        raise RedactionError(dst, f"cannot write redacted audio with suffix {dst.suffix!r}; use .ogg/.opus "
                             "(Opus), .flac or .wav")
    return found[0], list(found[1])


def _layout(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RedactionError(name, f"the {name} binary is not installed (apt-get install ffmpeg)")
    return found
