"""Speech through faster-whisper: every accepted format, timestamps, language routing, silence, limits."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from ingest.base import Extraction, IngestOptions
from ingest.exc import CorruptFile, IngestError, ResourceLimitExceeded
from ingest.lang import detect_language
from ingest.registry import extract
from tests.ingest import generate
from tests.transcripts import MAX_ENGLISH_WER, MIN_FRENCH_CONTENT, content_recall, word_error_rate


def _check_timestamps(result: Extraction) -> None:
    """Segments and words in order, each word inside its segment, everything inside the recording."""
    duration = result.metadata["decoded_seconds"]
    last = 0.0
    for segment in result.segments:
        assert 0.0 <= segment.start < segment.end <= duration + 0.5, (segment.start, segment.end, duration)
        for word in segment.words:
            assert last <= word.start < word.end, (last, word)
            assert segment.start - 0.5 <= word.start and word.end <= segment.end + 0.5
            last = word.start
    assert all(0.0 <= word.probability <= 1.0 for segment in result.segments for word in segment.words)


@pytest.mark.parametrize(("name", "media_type", "has_video"), [
    ("wav", "audio/wav", False), ("mp3", "audio/mpeg", False), ("opus", "audio/opus", False),
    ("m4a", "audio/mp4", False), ("aac", "audio/aac", False), ("flac", "audio/flac", False),
    ("amr", "audio/amr", False), ("mp4", "video/mp4", True), ("3gp", "video/3gpp", True),
])
def test_when_english_speech_in_format_then_transcribed_with_timestamps(
        speech_files: dict[str, Path], asr_options: IngestOptions, name: str, media_type: str,
        has_video: bool) -> None:
    result = extract(speech_files[name], options=asr_options)
    assert word_error_rate(generate.ENGLISH_SPEECH, result.text) <= MAX_ENGLISH_WER, (name, result.text)
    assert (result.media_type, result.ingestor, result.language) == (media_type, "ingest.audio.v1", "en")
    assert result.metadata["has_video"] is has_video
    assert 4.0 < result.metadata["decoded_seconds"] < 9.0
    assert result.metadata["sample_rate"] > 0 and result.metadata["codec"]
    assert result.metadata["asr_language"] == "en"
    _check_timestamps(result)
    json.dumps(result.metadata)


def test_when_french_with_hint_then_french_words_with_content_recognised(media_dir: Path,
                                                                       asr_options: IngestOptions) -> None:
    wav = generate.speech_wav(media_dir / "french.wav", generate.FRENCH_SPEECH, "fr", speed=160)
    result = extract(wav, options=dataclasses.replace(asr_options, language="fr"))
    assert (result.language, result.metadata["asr_language"]) == ("fr", "fr")
    assert detect_language(result.text).language == "fr", result.text  # written in French, not translated
    assert content_recall(generate.FRENCH_SPEECH, result.text) >= MIN_FRENCH_CONTENT, result.text
    _check_timestamps(result)


def test_when_silence_then_empty_text_and_note(media_dir: Path, asr_options: IngestOptions) -> None:
    result = extract(generate.silence_wav(media_dir / "silence.wav"), options=asr_options)
    assert (result.text, result.segments, result.language) == ("", (), None)
    assert result.language_note is not None and "no speech" in result.language_note
    assert result.metadata["speech_seconds"] == 0.0


def test_when_language_unknown_to_model_then_other_and_routed(media_dir: Path,
                                                              asr_options: IngestOptions) -> None:
    wav = generate.speech_wav(media_dir / "swahili.wav", generate.SWAHILI_SPEECH, "sw")
    result = extract(wav, options=asr_options)
    assert result.language == "other"
    assert result.language_note is not None and "human transcription" in result.language_note
    assert result.metadata["asr_language"] not in ("fr", "en")


def test_when_intake_says_bambara_then_detected_but_routed(english_wav: Path, asr_options: IngestOptions) -> None:
    result = extract(english_wav, options=dataclasses.replace(asr_options, language="bm"))
    assert result.language == "other"
    assert result.language_note is not None and "Bambara" in result.language_note
    assert word_error_rate(generate.ENGLISH_SPEECH, result.text) <= MAX_ENGLISH_WER, result.text  # still transcribed


def test_when_progress_then_monotone_to_one(english_wav: Path, asr_options: IngestOptions) -> None:
    seen: list[float] = []
    extract(english_wav, options=asr_options, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3


@pytest.mark.parametrize("name", ["wav", "amr", "opus"])
def test_when_longer_than_limit_then_refused(speech_files: dict[str, Path], name: str) -> None:
    with pytest.raises(ResourceLimitExceeded, match="max_duration_seconds"):
        extract(speech_files[name], options=IngestOptions(max_duration_seconds=2.0))


def test_when_video_has_no_audio_then_reason(tmp_path: Path) -> None:
    path = tmp_path / "mute.mp4"
    generate.run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5", "-t", "1",
                 "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    with pytest.raises(IngestError, match="no audio track"):
        extract(path)


@pytest.mark.parametrize(("name", "keep"), [("wav", 40), ("mp3", 300), ("opus", 60)])
def test_when_recording_truncated_or_damaged_then_result_or_reason(
        speech_files: dict[str, Path], asr_options: IngestOptions, tmp_path: Path, name: str, keep: int) -> None:
    data = speech_files[name].read_bytes()
    path = generate.write(tmp_path / f"cut-{name}", data[:keep])
    try:
        result = extract(path, options=asr_options)
    except CorruptFile as error:
        assert "cut-" in str(error)
    else:
        assert result.metadata["decoded_seconds"] < 1.0


@pytest.mark.parametrize(("start", "end", "expected_end"), [(3.48, 3.48, 3.58), (2.0, 1.9, 2.1), (1.0, 1.4, 1.4)])
def test_when_whisper_word_has_no_duration_then_widened(start: float, end: float, expected_end: float) -> None:
    from types import SimpleNamespace

    from ingest.audio import _segment

    word = SimpleNamespace(start=start, end=end, word=" des", probability=0.25)
    segment = _segment(SimpleNamespace(start=start, end=end, text=" des", words=[word]))
    assert segment.words[0].end == pytest.approx(expected_end)
    assert segment.words[0].start < segment.words[0].end and segment.start < segment.end
