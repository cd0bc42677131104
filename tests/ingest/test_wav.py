"""WAV variants written by hand: RF64/BW64 (long field recordings) are sniffed and decoded; odd sample sizes
(36, 45, 53-bit...) and unknown codecs are refused with a reason, never an AttributeError (issue 12)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from ingest.audio_decode import decode_mono_16k, probe
from ingest.base import IngestOptions
from ingest.exc import CorruptFile, IngestError
from ingest.sniff import sniff
from ingest.wav import UnsupportedWav, check_readable

RATE = 16_000


def _tone(seconds: float = 1.0) -> bytes:
    t = np.arange(int(RATE * seconds)) / RATE
    return (np.sin(2 * np.pi * 440 * t) * 12_000).astype("<i2").tobytes()


def _fmt(tag: int = 1, channels: int = 1, bits: int = 16) -> bytes:
    align = channels * ((bits + 7) // 8)
    return b"fmt " + struct.pack("<IHHIIHH", 16, tag, channels, RATE, RATE * align, align, bits)


def write_wav(path: Path, *, container: bytes = b"RIFF", tag: int = 1, bits: int = 16, data: bytes | None = None
              ) -> Path:
    data = _tone() if data is None else data
    fmt = _fmt(tag, 1, bits)
    if container in (b"RF64", b"BW64"):
        body_size = 4 + (8 + 28) + len(fmt) + 8 + len(data)
        ds64 = b"ds64" + struct.pack("<IQQQI", 28, body_size, len(data), len(data) // 2, 0)
        chunks = b"WAVE" + ds64 + fmt + b"data" + struct.pack("<I", 0xFFFFFFFF) + data
        path.write_bytes(container + struct.pack("<I", 0xFFFFFFFF) + chunks)
    else:
        chunks = b"WAVE" + fmt + b"data" + struct.pack("<I", len(data)) + data
        path.write_bytes(container + struct.pack("<I", len(chunks)) + chunks)
    return path


@pytest.fixture
def options() -> IngestOptions:
    return IngestOptions()


@pytest.mark.parametrize("container", [b"RIFF", b"RF64", b"BW64"])
def test_when_a_wav_has_64_bit_sizes_then_it_is_sniffed_probed_and_decoded(tmp_path: Path, options: IngestOptions,
                                                                           container: bytes) -> None:
    path = write_wav(tmp_path / "long.wav", container=container)
    assert sniff(path) == "audio/wav"
    assert check_readable(path).container == container.decode()
    metadata, _ = probe(path, options)
    assert metadata["media_type"] == "audio/wav" and metadata["sample_rate"] == RATE
    audio = decode_mono_16k(path, options)
    assert abs(len(audio) - RATE) < RATE * 0.05  # one second, give or take the resampler's edges
    assert 0.2 < float(np.abs(audio).max()) < 0.5  # the tone's level survived


@pytest.mark.parametrize("bits", [36, 45, 53, 12, 40])
def test_when_a_wav_has_an_odd_sample_size_then_it_is_refused_with_the_reason(tmp_path: Path,
                                                                              options: IngestOptions,
                                                                              bits: int) -> None:
    width = (bits + 7) // 8
    path = write_wav(tmp_path / f"odd{bits}.wav", bits=bits, data=b"\x01" * (RATE * width))
    assert sniff(path) == "audio/wav"
    with pytest.raises(UnsupportedWav) as refused:
        probe(path, options)
    assert f"{bits}-bit samples" in str(refused.value) and "odd" in str(refused.value)


def test_when_a_wav_uses_an_unknown_codec_then_it_is_refused_with_its_tag(tmp_path: Path,
                                                                         options: IngestOptions) -> None:
    path = write_wav(tmp_path / "codec.wav", tag=0x1234, data=b"\x00" * 4000)
    with pytest.raises(UnsupportedWav, match="0x1234"):
        probe(path, options)


@pytest.mark.parametrize("tag_bits", [(3, 32), (3, 64), (1, 24), (1, 8)])
def test_when_a_wav_has_a_common_format_then_it_passes_the_header_check(tmp_path: Path,
                                                                        tag_bits: tuple[int, int]) -> None:
    tag, bits = tag_bits
    path = write_wav(tmp_path / "ok.wav", tag=tag, bits=bits, data=b"\x00" * (RATE * bits // 8))
    assert check_readable(path).bits_per_sample == bits


@pytest.mark.parametrize("data", [b"RIFF\x04\x00\x00\x00WAVE", b"RF64\xff\xff\xff\xffWAVEdata\xff\xff\xff\xff"])
def test_when_a_wav_has_no_format_chunk_then_it_is_refused_as_damaged(tmp_path: Path, options: IngestOptions,
                                                                      data: bytes) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(data)
    with pytest.raises(CorruptFile, match="no format chunk"):
        probe(path, options)
    assert issubclass(UnsupportedWav, IngestError)
