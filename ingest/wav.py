"""WAV headers read by hand: RIFF, RIFX, RF64 and BW64 (what field recorders write past 4 GB), and the sample
formats a decoder can read. A WAV that cannot be decoded is refused with the reason, before any decoder runs.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from ingest.exc import CorruptFile, IngestError

#: ``RIFF`` (little-endian), ``RIFX`` (big-endian), ``RF64``/``BW64`` (64-bit sizes in a ``ds64`` chunk).
CONTAINERS = (b"RIFF", b"RIFX", b"RF64", b"BW64")
PCM, FLOAT, ALAW, MULAW, EXTENSIBLE = 0x0001, 0x0003, 0x0006, 0x0007, 0xFFFE
#: Sample sizes the decoder reads, per format (PCM 8/16/24/32-bit integers, 32/64-bit floats, 8-bit G.711).
READABLE_BITS = {PCM: frozenset({8, 16, 24, 32}), FLOAT: frozenset({32, 64}), ALAW: frozenset({8}),
                 MULAW: frozenset({8})}
_FORMAT_NAMES = {PCM: "PCM", FLOAT: "floating point", ALAW: "A-law", MULAW: "µ-law"}
MAX_CHUNKS = 64


class UnsupportedWav(IngestError):
    """A well-formed WAV whose sample format no decoder reads (the reason says which and what to do)."""


@dataclass(frozen=True)
class WavFormat:
    container: str  # RIFF, RIFX, RF64 or BW64
    format_tag: int
    channels: int
    sample_rate: int
    bits_per_sample: int


def is_wav(head: bytes) -> bool:
    return len(head) >= 12 and head[:4] in CONTAINERS and head[8:12] == b"WAVE"


def read_format(path: Path) -> WavFormat:
    """The ``fmt `` chunk of a WAV file (walking at most MAX_CHUNKS chunks from the start)."""
    with path.open("rb") as fh:
        head = fh.read(12)
        if not is_wav(head):
            raise CorruptFile("this is not a WAV file (no RIFF/RF64 WAVE header)", path=path)
        endian = ">" if head[:4] == b"RIFX" else "<"
        for _ in range(MAX_CHUNKS):
            header = fh.read(8)
            if len(header) < 8:
                break
            kind, size = header[:4], struct.unpack(endian + "I", header[4:])[0]
            if kind == b"fmt ":
                body = fh.read(min(size, 64))
                if len(body) < 16:
                    raise CorruptFile("the WAV format chunk is truncated", path=path)
                tag, channels, rate, _, _, bits = struct.unpack(endian + "HHIIHH", body[:16])
                if tag == EXTENSIBLE and len(body) >= 26:
                    tag = struct.unpack(endian + "H", body[24:26])[0]  # the sub-format GUID's first two bytes
                return WavFormat(head[:4].decode("ascii"), tag, channels, rate, bits)
            if size == 0xFFFFFFFF:  # an RF64 placeholder size, only valid for the data chunk
                break
            fh.seek(size + (size & 1), 1)
    raise CorruptFile("the WAV file has no format chunk before its data; it may be truncated", path=path)


def check_readable(path: Path) -> WavFormat:
    """Refuse, with the reason, a WAV whose samples cannot be decoded (odd sample sizes, unknown codecs)."""
    fmt = read_format(path)
    if fmt.channels == 0 or fmt.sample_rate == 0:
        raise CorruptFile(f"the WAV header says {fmt.channels} channel(s) at {fmt.sample_rate} Hz; the file is "
                          "damaged", path=path)
    readable = READABLE_BITS.get(fmt.format_tag)
    if readable is None:
        raise UnsupportedWav(f"WAV with sample format 0x{fmt.format_tag:04x}, which Témoin cannot decode; convert "
                             "it to PCM (for example `ffmpeg -i in.wav -c:a pcm_s24le out.wav`)", path=path)
    if fmt.bits_per_sample not in readable:
        kind = _FORMAT_NAMES[fmt.format_tag]
        sizes = ", ".join(str(b) for b in sorted(readable))
        raise UnsupportedWav(f"{kind} WAV with {fmt.bits_per_sample}-bit samples, an odd size no recorder writes: "
                             f"it cannot be decoded (readable: {sizes}-bit); check that the file is not damaged, "
                             "or convert it with the software that made it", path=path)
    return fmt
