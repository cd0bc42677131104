"""Tell a file's media type from its bytes, never from its name.

Cheap by design: reads the first ``HEAD_BYTES`` of the file and, for ZIP containers, the zip directory plus
at most a few bytes of the ``mimetype`` member. Anything unrecognised is ``application/octet-stream``.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

HEAD_BYTES = 8192

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
OCTET = "application/octet-stream"
ZIP = "application/zip"

_FTYP_AUDIO = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_FTYP_HEIC = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
_FTYP_VIDEO = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"MSNV",
               b"mmp4", b"M4V ", b"M4VH", b"M4VP", b"qt  ", b"f4v ", b"NDAS", b"XAVC"}
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_CONTROL_CHAR = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "]")  # one C scan, not a loop
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)[\s>]", re.I | re.S)
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S", re.M),  # ATX heading
    re.compile(r"^\s{0,3}[-*+] \S", re.M),  # bullet list
    re.compile(r"^\s{0,3}\d{1,3}\. \S", re.M),  # numbered list
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # link
    re.compile(r"(\*\*|__)[^*_\n]+\1"),  # bold
    re.compile(r"^(```|~~~)", re.M),  # fence
    re.compile(r"^\s{0,3}> \S", re.M),  # quote
    re.compile(r"^[^\n]+\n(=+|-+)\s*$", re.M),  # setext heading
)


def sniff(path: Path) -> str:
    """Return the media type of the file at ``path`` from its content."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    kind = sniff_bytes(head)
    if kind == ZIP:
        return _sniff_zip(path)
    return kind


def sniff_bytes(head: bytes) -> str:
    """Return the media type for the first bytes of a file; ZIP containers come back as ``application/zip``."""
    if not head:
        return OCTET
    for sniffer in (_sniff_magic, _sniff_iso_media, _sniff_mpeg_audio, _sniff_text):
        kind = sniffer(head)
        if kind is not None:
            return kind
    return OCTET


def _sniff_magic(head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "image/tiff"
    if head[:4] in (b"RIFF", b"RIFX", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return "audio/wav"  # RF64/BW64: the 64-bit WAV field recorders write for long recordings
    if head.startswith(b"OggS"):
        return "audio/opus" if b"OpusHead" in head[:512] else "audio/ogg"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"#!AMR-WB\n"):
        return "audio/amr-wb"
    if head.startswith(b"#!AMR\n"):
        return "audio/amr"
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    return None


def _sniff_iso_media(head: bytes) -> str | None:
    """ISO base media files (MP4, M4A, 3GP, HEIC) start with an ``ftyp`` box naming their brands."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return None
    size = int.from_bytes(head[0:4], "big")
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, min(size, len(head), 64), 4)]
    major = brands[0]
    if major in _FTYP_AUDIO:
        return "audio/mp4"
    if major.startswith((b"3gp", b"3g2", b"3ge", b"3gg")):
        return "video/3gpp"
    if major in _FTYP_HEIC or (major not in _FTYP_VIDEO and any(b in _FTYP_HEIC for b in brands)):
        return "image/heic"
    if major in _FTYP_VIDEO or any(b in _FTYP_VIDEO for b in brands):
        return "video/mp4"
    return None


def _sniff_mpeg_audio(head: bytes) -> str | None:
    if head.startswith(b"ID3"):
        return "audio/flac" if _after_id3(head).startswith(b"fLaC") else "audio/mpeg"
    if head.startswith(b"\xff\xfe") and _decode_head(head) is not None:
        return None  # a UTF-16 byte-order mark, not an MPEG frame header
    if len(head) >= 4 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS sync word, layer 00
            return "audio/aac"
        if head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 3 != 0 and (head[2] >> 4) != 0xF:
            return "audio/mpeg"
    return None


def _after_id3(head: bytes) -> bytes:
    if len(head) < 10:
        return b""
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return head[10 + size:]


def _sniff_text(head: bytes) -> str | None:
    text = _decode_head(head)
    if text is None:
        return None
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")) or (
        re.search(r"<html[\s>]", text[:2048], re.I) and re.search(r"<(body|p|div)[\s>]", text, re.I)
    ):
        return "text/html"
    if sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text)) >= 2:
        return "text/markdown"
    return "text/plain"


def _decode_head(head: bytes) -> str | None:
    """Decode the head as text if it looks like text (BOMs, UTF-8, UTF-16 without BOM, single-byte)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return _decode_partial(head[len(bom):], codec)
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return _decode_partial(head, utf16)
    if b"\x00" in head:
        return None
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 100:  # control bytes, counted in C
        return None
    decoded = _decode_partial(head, "utf-8")
    return decoded if decoded is not None else head.decode("latin-1")


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:512]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _decode_partial(data: bytes, codec: str) -> str | None:
    """Decode a head that may end inside a multi-byte character; None if the bytes are not this codec."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    if _CONTROL_CHAR.search(text, 0, HEAD_BYTES) is not None:  # NUL is one of them
        return None
    return text


def _sniff_zip(path: Path) -> str:
    """Look inside a ZIP (directory only, plus a few bytes of ``mimetype``) for DOCX or ODT."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200:
                    with archive.open(info) as member:
                        declared = member.read(200).decode("ascii", errors="replace").strip()
                    if declared == ODT:
                        return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return ZIP
    return ZIP
