"""Redacted audio (redaction/audio.py): tone or silence over the name, the rest untouched, no metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from redaction.audio import (
    SAMPLE_RATE,
    TimedWord,
    align_words,
    merge_intervals,
    redact_audio,
    words_to_intervals,
)
from redaction.output_errors import RedactionError

CLIPS = ["My neighbour", "Bakary Sangare", "was taken at night by armed men."]


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                          str(path)], capture_output=True, text=True, check=True).stdout
    return float(out)


def _samples(path: Path, start: float = 0.0, length: float | None = None) -> np.ndarray:
    window = ["-ss", f"{start}", "-t", f"{length}"] if length is not None else []
    raw = subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), *window, "-ac", "1",
                          "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4")


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def _window(samples: np.ndarray, start: float, end: float) -> np.ndarray:
    return samples[int(start * SAMPLE_RATE):int(end * SAMPLE_RATE)]


@pytest.fixture(scope="session")
def testimony(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[float, float]]:
    """Three espeak-ng clips joined: we know exactly where the name is. Tagged with the name, with video."""
    folder = tmp_path_factory.mktemp("audio")
    parts = []
    for index, text in enumerate(CLIPS):
        part = folder / f"part{index}.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(part), text], check=True)
        parts.append(part)
    lengths = [_duration(p) for p in parts]
    listing = folder / "list.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in parts), encoding="utf-8")
    joined = folder / "joined.wav"
    _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-ar", "22050", str(joined))
    movie = folder / "testimony.mp4"
    _ffmpeg("-i", str(joined), "-f", "lavfi", "-i", "color=c=black:s=160x120:r=5", "-shortest",
            "-map", "0:a", "-map", "1:v", "-c:a", "aac", "-c:v", "mpeg4",
            "-metadata", "title=Bakary Sangare", "-metadata", "artist=Bakary Sangare",
            "-metadata:s:a:0", "handler_name=Bakary Sangare", str(movie))
    return movie, (lengths[0], lengths[0] + lengths[1])


@pytest.mark.parametrize(("mode", "suffix"), [("tone", ".ogg"), ("silence", ".flac"), ("tone", ".wav")])
def test_when_a_name_is_redacted_then_its_interval_is_covered_and_the_rest_kept(
        testimony: tuple[Path, tuple[float, float]], tmp_path: Path, mode: str, suffix: str) -> None:
    src, (start, end) = testimony
    dst = tmp_path / f"out{suffix}"
    report = redact_audio(src, dst, intervals=[(start, end)], mode=mode, padding=0.1)  # type: ignore[arg-type]
    assert report.intervals == ((start - 0.1, end + 0.1),)
    before, after = _samples(src), _samples(dst)
    assert abs(len(after) - len(before)) < 0.05 * SAMPLE_RATE
    inside = _window(after, start, end)
    if mode == "silence":
        assert _rms(inside) < 1e-4
    else:
        spectrum = np.abs(np.fft.rfft(inside))
        peak = np.fft.rfftfreq(inside.size, 1 / SAMPLE_RATE)[int(np.argmax(spectrum))]
        assert abs(peak - 1000) < 10
        assert 0.1 < _rms(inside) < 0.2
    for lo, hi in ((0.0, start - 0.15), (end + 0.15, len(before) / SAMPLE_RATE)):
        original, kept = _rms(_window(before, lo, hi)), _rms(_window(after, lo, hi))
        assert original > 0.01
        assert 0.8 < kept / original < 1.25


def test_when_redacted_then_metadata_and_video_are_gone(testimony: tuple[Path, tuple[float, float]],
                                                        tmp_path: Path) -> None:
    src, interval = testimony
    dst = tmp_path / "out.ogg"
    redact_audio(src, dst, intervals=[interval])
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json",
                                       str(dst)], capture_output=True, text=True, check=True).stdout)
    assert [s["codec_type"] for s in probe["streams"]] == ["audio"]
    assert probe["streams"][0]["codec_name"] == "opus"
    tags = {**probe["format"].get("tags", {}), **probe["streams"][0].get("tags", {})}
    assert "Bakary" not in json.dumps(probe)
    assert set(tags) <= {"encoder"}
    assert b"Bakary" not in dst.read_bytes()


def test_when_intervals_overlap_then_they_are_padded_and_merged() -> None:
    assert merge_intervals([(5.0, 6.0), (0.05, 1.0), (5.8, 7.0)], padding=0.1) == [(0.0, 1.1), (4.9, 7.1)]


@pytest.mark.parametrize(("spans", "expected"), [
    ([(3, 9)], [(0.5, 1.0)]),
    ([(3, 17)], [(0.5, 1.6)]),
    ([(0, 2), (10, 17)], [(0.0, 0.4), (1.1, 1.6)]),
    ([(9, 10)], [(1.0, 1.1)]),
    ([(7, 12)], [(0.5, 1.6)]),
    ([(5, 5)], []),
])
def test_when_spans_are_mapped_to_words_then_every_touched_word_is_covered(
        spans: list[tuple[int, int]], expected: list[tuple[float, float]]) -> None:
    # "My Bakary Sangare" -> My [0,2) 0.0-0.4, Bakary [3,9) 0.5-1.0, Sangare [10,17) 1.1-1.6
    words = [TimedWord(0.0, 0.4, 0, 2), TimedWord(0.5, 1.0, 3, 9), TimedWord(1.1, 1.6, 10, 17)]
    assert words_to_intervals(words, spans) == expected


def test_when_asr_words_are_aligned_then_offsets_index_the_transcript() -> None:
    text = "My neighbour Bakary Sangare was taken."
    words = align_words(text, [(0.0, 0.2, " My"), (0.2, 0.7, " neighbour"), (0.7, 1.2, " Bakary"),
                               (1.2, 1.8, " Sangare"), (1.8, 2.0, " was"), (2.0, 2.4, " taken.")])
    start = text.index("Bakary")
    assert words_to_intervals(words, [(start, start + len("Bakary Sangare"))]) == [(0.7, 1.8)]
    with pytest.raises(ValueError, match="'Moussa'"):
        align_words(text, [(0.0, 0.2, "Moussa")])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"intervals": [(2.0, 1.0)]}, r"bad interval \(2\.0, 1\.0\)"),
    ({"intervals": [(float("nan"), 1.0)]}, "bad interval"),
    ({"intervals": [], "padding": -1.0}, "padding must be"),
    ({"intervals": [], "mode": "beep"}, "unknown mode 'beep'"),
])
def test_when_arguments_are_wrong_then_it_fails_clearly(testimony: tuple[Path, tuple[float, float]],
                                                        tmp_path: Path, kwargs: dict[str, object],
                                                        message: str) -> None:
    with pytest.raises(RedactionError, match=message):
        redact_audio(testimony[0], tmp_path / "x.ogg", **kwargs)  # type: ignore[arg-type]


def test_when_the_input_is_not_audio_then_it_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "notes.m4a"
    src.write_bytes(b"these are not audio samples" * 10)
    with pytest.raises(RedactionError, match=r"notes\.m4a: ffprobe cannot read this file"):
        redact_audio(src, tmp_path / "x.ogg", intervals=[(0.0, 1.0)])
    silent_video = tmp_path / "video.mp4"
    _ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=1", "-c:v", "mpeg4", str(silent_video))
    with pytest.raises(RedactionError, match="no audio stream"):
        redact_audio(silent_video, tmp_path / "x.ogg", intervals=[(0.0, 1.0)])
    with pytest.raises(RedactionError, match=r"suffix '\.mp3'"):
        redact_audio(silent_video, tmp_path / "x.mp3", intervals=[(0.0, 1.0)])


# Run in a fresh interpreter: Python's own growth is sampled while the call runs (ru_maxrss of a forked
# child would start at the test runner's size), ffmpeg's peak comes from RUSAGE_CHILDREN.
_MEASURE = """
import resource, sys, threading, psutil
from pathlib import Path
from redaction.audio import redact_audio
src, dst, minutes = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
intervals = [(t + 0.5, t + 1.2) for t in range(0, int(minutes * 60), 3)]
me, seen, peak, done = psutil.Process(), [], [0], threading.Event()
base = me.memory_info().rss
def sample():
    while not done.wait(0.01):
        peak[0] = max(peak[0], me.memory_info().rss - base)
watcher = threading.Thread(target=sample)
watcher.start()
redact_audio(src, dst, intervals=intervals, progress=seen.append)
done.set()
watcher.join()
print(peak[0] // 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, len(seen))
"""


@pytest.mark.slow
def test_when_the_recording_is_ten_times_longer_then_peak_memory_does_not_grow(tmp_path: Path) -> None:
    peaks = {}
    for minutes in (1, 10):
        src = tmp_path / f"noise-{minutes}.wav"
        _ffmpeg("-f", "lavfi", "-i", f"anoisesrc=d={minutes * 60}:c=pink:r=16000:a=0.3", "-ac", "1", str(src))
        run = subprocess.run([sys.executable, "-c", _MEASURE, str(src), str(tmp_path / f"out-{minutes}.flac"),
                              str(minutes)], capture_output=True, text=True, check=True, cwd=Path.cwd())
        python_kib, ffmpeg_kib, updates = (int(v) for v in run.stdout.split())
        assert updates > 2
        peaks[minutes] = (python_kib, ffmpeg_kib)
        assert abs(_duration(tmp_path / f"out-{minutes}.flac") - minutes * 60) < 0.5
    print(f"peak RSS KiB (python, ffmpeg) by minutes: {peaks}")
    assert peaks[10][0] < peaks[1][0] + 8 * 1024, peaks
    assert peaks[10][1] < peaks[1][1] + 32 * 1024, peaks
    # 200 intervals span several gating filters: spot-check the first, a middle and the last one.
    for t in (0, 300, 597):
        inside = _samples(tmp_path / "out-10.flac", t + 0.4, 0.9)
        peak = np.fft.rfftfreq(inside.size, 1 / SAMPLE_RATE)[int(np.argmax(np.abs(np.fft.rfft(inside))))]
        assert abs(peak - 1000) < 10, t
        gap = _rms(_samples(tmp_path / "out-10.flac", t + 1.5, 1.3))
        assert 0.8 < gap / _rms(_samples(tmp_path / "noise-10.wav", t + 1.5, 1.3)) < 1.25, t
