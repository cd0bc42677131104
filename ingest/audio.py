"""Audio (WAV, MP3, M4A/AAC, OGG/Opus, AMR, FLAC) and the audio track of videos (MP4, 3GP), transcribed with
faster-whisper: segments and words with timestamps, language from the intake hint or detected.

The header is probed first (duration, codec, sample rate); decoding to 16 kHz mono is bounded by
``max_duration_seconds`` whatever the header says. Silence is not a failure: it gives empty text and a note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest import asr, lang
from ingest.audio_decode import SAMPLE_RATE, decode_mono_16k, probe
from ingest.base import Extraction, IngestOptions, Ingestor, Progress, Segment, Word, report

AUDIO_TYPES = frozenset({"audio/wav", "audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/opus",
                         "audio/amr", "audio/amr-wb", "audio/flac", "video/mp4", "video/3gpp"})
COMPUTE_TYPE = "int8"


class AudioIngestor(Ingestor):
    NAME = "ingest.audio.v1"
    MIME_TYPES = AUDIO_TYPES
    EXTENSIONS = frozenset({".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".oga", ".amr", ".flac", ".mp4",
                            ".3gp", ".3gpp"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        import ctranslate2
        import faster_whisper

        metadata, sensitive = probe(path, options)
        audio = decode_mono_16k(path, options)
        report(progress, 0.05)
        loaded = asr.load_model(options.asr_model_dir, cache_dir=options.model_cache_dir, compute_type=COMPUTE_TYPE)
        forced = whisper_language(options.language, loaded.model)
        duration = len(audio) / SAMPLE_RATE
        segments: list[Segment] = []
        info: Any = None
        if len(audio):
            # Whisper falls back to temperature sampling on hard audio: a fixed seed keeps a re-run identical
            ctranslate2.set_random_seed(0)
            pieces, info = loaded.model.transcribe(
                audio, language=forced, word_timestamps=True, vad_filter=options.asr_vad,
                beam_size=options.asr_beam_size)
            for piece in pieces:
                segments.append(_segment(piece))
                report(progress, 0.05 + 0.95 * (piece.end / duration if duration else 1.0))
        report(progress, 1.0)
        metadata.update({
            "decoded_seconds": round(duration, 3), "asr_model": loaded.name, "asr_model_sha256": loaded.sha256,
            "asr_compute_type": COMPUTE_TYPE, "asr_vad": options.asr_vad, "segments": len(segments),
        })
        if info is not None:
            metadata["asr_language"] = info.language
            metadata["asr_language_probability"] = round(float(info.language_probability), 3)
            metadata["speech_seconds"] = round(float(info.duration_after_vad), 3)
        text = "\n".join(segment.text for segment in segments if segment.text)
        guess = _language(text, forced, info, options.language)
        tool = (f"faster-whisper {faster_whisper.__version__} + ctranslate2 {ctranslate2.__version__} "
                f"({loaded.name}, {COMPUTE_TYPE})")
        return Extraction(text=text, media_type=str(metadata.get("media_type", "audio")), ingestor=self.NAME,
                          tool=tool, language=guess.language, language_note=guess.note,
                          segments=tuple(segments), metadata=metadata, sensitive_keys=frozenset(sensitive))


def whisper_language(hint: str | None, model: Any) -> str | None:
    """The language to force on Whisper: the hint if the model knows it, else None (detect)."""
    if hint is None:
        return None
    code = hint.lower().split("-")[0].split("_")[0]
    return code if code in set(model.supported_languages) else None


MIN_WORD_SECONDS = 0.1
"""Whisper sometimes gives a word no duration; it is widened to this so audio redaction has a span to cut."""


def _segment(piece: Any) -> Segment:
    start, end = round(float(piece.start), 3), round(float(piece.end), 3)
    words = []
    for w in piece.words or ():
        word_start, word_end = round(float(w.start), 3), round(float(w.end), 3)
        if word_end <= word_start:
            word_end = round(word_start + MIN_WORD_SECONDS, 3)
        words.append(Word(start=word_start, end=word_end, text=str(w.word).strip(),
                          probability=round(float(w.probability), 4)))
    last_end = max([end, *(word.end for word in words)])
    return Segment(start=start, end=last_end if last_end > start else start + MIN_WORD_SECONDS,
                   text=str(piece.text).strip(), words=tuple(words))


def _language(text: str, forced: str | None, info: Any, hint: str | None) -> lang.LanguageGuess:
    if not text.strip():
        return lang.LanguageGuess(None, "no speech detected (silence or noise): nothing to transcribe; listen "
                                        "to the recording if speech was expected")
    if hint and forced is None:
        from_hint = lang.language_from_code(hint)
        detected = lang.language_from_code(info.language, probability=float(info.language_probability))
        note = f"intake says {lang.CODE_NAMES.get(hint.lower(), hint)}, which {lang.WHISPER_MALIAN_NOTE}; " \
               f"the transcript is a guess ({detected.note or info.language}): route to human transcription"
        return lang.LanguageGuess("other", note, from_hint.suspected)
    if forced is not None:
        return lang.language_from_code(forced)
    return lang.language_from_code(info.language, probability=float(info.language_probability))
