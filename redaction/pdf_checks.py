# mypy: disallow-untyped-calls=False
# (pymupdf ships py.typed but leaves most methods unannotated; its calls return Any here.)
"""A last look at the bytes of a written PDF: no needle may appear in any string of any decoded object.

Text extraction is the main check; this one catches what extraction does not show, such as an
``/ActualText`` or ``/Alt`` string in marked content, a stray string in a form XObject, or a dictionary
value. Only PDF string objects are searched (literal ``(...)`` and hex ``<...>`` strings, with the pieces
of a ``TJ`` array joined), so numbers and operators in content streams cannot look like a phone number.
Image, font and ICC streams are binary and skipped. Strings shown with a font whose codes are not
Latin-1 (CID fonts) are not readable here; extraction covers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pymupdf

from redaction.needles import FoldedText, Needle

_LITERAL = r"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"
_HEX = r"<[0-9A-Fa-f\s]*>"
_STRING = re.compile(rf"{_LITERAL}|{_HEX}", re.S)
_TJ_ARRAY = re.compile(rf"\[((?:{_LITERAL}|{_HEX}|[^\[\]()<>])*)\]\s*TJ", re.S)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_OCTAL = re.compile(r"\\([0-7]{1,3})|\\(.)", re.S)
_BINARY_SUBTYPES = ("/Image", "/Type1C", "/CIDFontType0C", "/OpenType")
_FONT_FILE_KEYS = ("Length1", "Length2", "Length3")


def check_raw_streams(doc: pymupdf.Document, needles: Sequence[Needle]) -> tuple[int, Needle] | None:
    """The first (object number, needle) found in a string of an object or of its decoded stream."""
    if not needles:
        return None
    for xref in range(1, doc.xref_length()):
        try:
            source = doc.xref_object(xref, compressed=False)
        except (RuntimeError, ValueError):
            continue
        texts = list(pdf_strings(source))
        if doc.xref_is_stream(xref) and not _is_binary(doc, xref, source):
            texts.extend(pdf_strings((doc.xref_stream(xref) or b"").decode("latin-1")))
        for match in FoldedText("\n".join(texts)).find(needles):
            return xref, match.needle
    return None


def pdf_strings(syntax: str) -> Iterator[str]:
    """Decoded string objects in a piece of PDF syntax; the strings of one TJ array come out joined."""
    for array in _TJ_ARRAY.finditer(syntax):
        yield "".join(decode_string(s.group()) for s in _STRING.finditer(array.group(1)))
    for string in _STRING.finditer(_TJ_ARRAY.sub(" ", syntax)):
        yield decode_string(string.group())


def decode_string(token: str) -> str:
    """A PDF literal or hex string token to text (UTF-16BE with a BOM, otherwise Latin-1)."""
    if token.startswith("<"):
        digits = re.sub(r"\s", "", token[1:-1])
        raw = bytes.fromhex(digits + "0" * (len(digits) % 2))
    else:
        raw = _OCTAL.sub(_unescape, token[1:-1]).encode("latin-1", errors="replace")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return chr(int(match.group(1), 8) & 0xFF)
    char = match.group(2)
    return "" if char == "\n" else _ESCAPES.get(char, char)


def _is_binary(doc: pymupdf.Document, xref: int, source: str) -> bool:
    if doc.xref_is_image(xref) or doc.xref_is_font(xref):
        return True
    if doc.xref_get_key(xref, "Subtype")[1] in _BINARY_SUBTYPES:
        return True
    return any(doc.xref_get_key(xref, key)[0] != "null" for key in _FONT_FILE_KEYS) or "/N " in source
