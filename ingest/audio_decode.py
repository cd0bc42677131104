"""Probe an audio/video file's header and decode its first audio track to 16 kHz mono, with a hard duration cap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ingest.base import IngestOptions
from ingest.exc import CorruptFile, IngestError, ResourceLimitExceeded
from ingest.sniff import sniff
from ingest.wav import check_readable

SAMPLE_RATE = 16_000
_HARMLESS_TAGS = frozenset({"encoder", "major_brand", "minor_version", "compatible_brands", "handler_name",
                            "vendor_id", "creation_time", "language", "duration"})
_LOCATION_TAGS = ("location", "location-eng", "com.apple.quicktime.location.iso6709")


def probe(path: Path, options: IngestOptions) -> tuple[dict[str, Any], set[str]]:
    """Header facts (duration, codec, sample rate...) and the sensitive keys; refuses over-long recordings."""
    import av

    media_type = sniff(path)
    if media_type == "audio/wav":
        check_readable(path)  # an odd sample size is refused with its reason, before any decoder runs
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            audio = next((s for s in container.streams if s.type == "audio"), None)
            if audio is None:
                raise IngestError("the file has no audio track to transcribe", path=path)
            duration = _duration(container, audio)
            context: Any = audio.codec_context
            codec = getattr(getattr(context, "codec", None), "name", None)
            if context is None or codec is None:  # the demuxer found a track no decoder reads
                raise IngestError("the audio track's codec cannot be decoded; convert the recording to WAV "
                                  "(PCM), MP3 or FLAC", path=path)
            metadata: dict[str, Any] = {
                "media_type": media_type, "container": container.format.name,
                "codec": codec, "sample_rate": int(context.sample_rate or 0),
                "channels": int(getattr(context, "channels", 0) or 0),
                "has_video": any(s.type == "video" for s in container.streams),
            }
            tags = {str(k): str(v) for k, v in dict(container.metadata).items()}
    except IngestError:
        raise
    except (av.error.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise CorruptFile(f"the recording cannot be opened ({exc}); it may be damaged or truncated",
                          path=path) from exc
    if duration is not None:
        metadata["duration_seconds"] = round(duration, 3)
        if duration > options.max_duration_seconds:
            raise ResourceLimitExceeded(f"the recording lasts {duration / 60:.0f} min, over the limit of "
                                        f"{options.max_duration_seconds / 60:.0f} min; split it or raise "
                                        "max_duration_seconds", path=path)
    sensitive: set[str] = set()
    location = next((tags[k] for k in tags if k.lower() in _LOCATION_TAGS), None)
    if location:
        metadata["gps_location"] = location
        sensitive.add("gps_location")
    personal = {k: v for k, v in tags.items() if k.lower() not in _HARMLESS_TAGS | set(_LOCATION_TAGS)}
    if personal:
        metadata["tags"] = personal
        sensitive.add("tags")
    return metadata, sensitive


def decode_mono_16k(path: Path, options: IngestOptions) -> npt.NDArray[np.float32]:
    """Decode the first audio track to float32 16 kHz mono; stops with an error past ``max_duration_seconds``."""
    import av

    limit = int(options.max_duration_seconds * SAMPLE_RATE)
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[npt.NDArray[Any]] = []
    total = 0
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            for frame in _valid_frames(container.decode(audio=0)):
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1)
                    chunks.append(samples)
                    total += len(samples)
                if total > limit:
                    raise ResourceLimitExceeded(f"the recording decodes to more than "
                                                f"{options.max_duration_seconds / 60:.0f} min of audio; split "
                                                "it or raise max_duration_seconds", path=path)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except IngestError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise CorruptFile(f"the recording cannot be decoded ({exc}); it may be damaged or truncated",
                          path=path) from exc
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return (np.concatenate(chunks).astype(np.float32) / 32768.0).astype(np.float32)


def _valid_frames(frames: Any) -> Any:
    """Skip frames the decoder rejects (as faster-whisper does), but give up on a file that is all errors."""
    import av

    iterator = iter(frames)
    errors = 0
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            errors += 1
            if errors > 1000:
                raise
            continue


def _duration(container: Any, stream: Any) -> float | None:
    import av

    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration / av.time_base)
    return None
