"""Items in people's words: a readable title made from the file name at intake, and a type label ("Enregistrement
audio", "Document PDF") instead of a MIME type or a hash."""

from __future__ import annotations

import re
from pathlib import PurePath

from archive.i18n import Lang, translate

#: MIME types (or their family before "/") -> catalogue key of the label, most specific first.
_KINDS: tuple[tuple[str, str], ...] = (
    ("application/pdf", "pdf"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"),
    ("application/msword", "word"),
    ("application/vnd.oasis.opendocument.text", "word"),
    ("text/", "text"),
    ("audio/", "audio"),
    ("video/", "video"),
    ("image/", "image"),
)


def type_key(media_type: str, kind: str = "file") -> str:
    if kind == "typed_text":
        return "typed"
    media = (media_type or "").split(";")[0].strip().lower()
    return next((key for prefix, key in _KINDS if media == prefix or (prefix.endswith("/") and
                                                                      media.startswith(prefix))), "other")


def type_label(media_type: str, kind: str, lang: Lang) -> str:
    """The item's type as people say it, in ``lang``."""
    return translate(lang, f"itemtype.{type_key(media_type, kind)}")


def title_from_filename(filename: str) -> str:
    """"temoignage_mopti-2013.ogg" -> "temoignage mopti 2013": the stem, separators as spaces (at most 300)."""
    stem = PurePath(filename or "").stem
    return re.sub(r"\s+", " ", re.sub(r"[_\-.]+", " ", stem)).strip()[:300]
