"""EXIF (camera, time, GPS, owner) and embedded text chunks of an image, as JSON-serialisable metadata."""

from __future__ import annotations

import math
import struct
import warnings
from typing import Any

_BASE_TAGS = {0x010F: "camera_make", 0x0110: "camera_model", 0x0132: "modified_at", 0x0131: "software",
              0x013B: "artist", 0x8298: "copyright", 0x010E: "description"}
_EXIF_TAGS = {0x9003: "taken_at", 0x9004: "digitized_at", 0xA430: "camera_owner", 0xA431: "camera_serial",
              0xA434: "lens_model", 0x9010: "offset_time"}
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
SENSITIVE = frozenset({"artist", "copyright", "description", "camera_owner", "camera_serial", "gps_latitude",
                       "gps_longitude", "gps_altitude", "gps_timestamp", "embedded_text"})


def exif_metadata(image: Any, metadata: dict[str, Any]) -> set[str]:
    """Add the image's EXIF and text chunks to ``metadata``; return the keys that are sensitive."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns on damaged EXIF; the damage is recorded instead
            exif = image.getexif()
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error) as exc:
        metadata["exif_error"] = f"{type(exc).__name__}: {exc}"
        exif = None
    if exif:
        _copy(exif, _BASE_TAGS, metadata)
        _copy(_ifd(exif, _EXIF_IFD), _EXIF_TAGS, metadata)
        metadata.update(_gps(_ifd(exif, _GPS_IFD)))
    # text chunks already parsed with the header (``image.text`` would decode the whole image to find more)
    skip = {"exif", "icc_profile", "dpi", "transparency", "gamma", "aspect", "interlace", "jfif",
            "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression", "adobe", "adobe_transform",
            "compression", "resolution", "xmp", "mp", "srgb", "chromaticity"}
    texts = {str(k): _plain(v) for k, v in image.info.items() if isinstance(v, str) and str(k).lower() not in skip}
    if texts:
        metadata["embedded_text"] = texts
    return {key for key in SENSITIVE if key in metadata}


def _ifd(exif: Any, tag: int) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return exif.get_ifd(tag)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error):
        return {}


def _copy(source: Any, tags: dict[int, str], target: dict[str, Any]) -> None:
    for tag, key in tags.items():
        value = _plain(source.get(tag))
        if value not in (None, ""):
            target[key] = value


def _plain(value: Any) -> Any:
    """EXIF values as JSON: rationals to floats, bytes to text, tuples to lists."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip("\x00 ").strip()
    if isinstance(value, str):
        return value.strip("\x00 ").strip()
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return str(value)
    return round(number, 7) if math.isfinite(number) else None


def _gps(gps: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for ref_tag, value_tag, key, negative in ((1, 2, "gps_latitude", "S"), (3, 4, "gps_longitude", "W")):
        degrees = _degrees(gps.get(value_tag))
        if degrees is not None:
            ref = _plain(gps.get(ref_tag)) or ""
            found[key] = round(-degrees if str(ref).upper().startswith(negative) else degrees, 7)
    altitude = _plain(gps.get(6))
    if isinstance(altitude, (int, float)):
        found["gps_altitude"] = -altitude if gps.get(5) in (1, b"\x01") else altitude
    stamp = [_plain(gps.get(29)), _plain(gps.get(7))]
    if stamp[0] or stamp[1]:
        found["gps_timestamp"] = " ".join(str(part) for part in stamp if part)
    return found


def _degrees(value: Any) -> float | None:
    parts = _plain(value)
    if not isinstance(parts, list) or len(parts) != 3:
        return None
    try:
        d, m, s = (float(part) for part in parts)
    except (TypeError, ValueError):
        return None
    return d + m / 60.0 + s / 3600.0
