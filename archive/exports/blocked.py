"""Why an export stopped, said so that the person exporting can act on it (issue 13).

A blocked export names the item the way the case page does ("Témoignage 2 (audio, reçu le 14/05/2012)"),
never by a hash or an offset; quotes the passage as the exporter may see it (the original for a role with the
full view, the redacted text with the flagged words masked otherwise); says what to do in the exporter's
language (``err.export_blocked_*`` in ``archive/i18n/exports_*.py``) and links to the item's review page.
The API adds ``item``, ``title``, ``passage`` and ``review`` to its JSON body; pages and the CLI print the
message, which holds them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from archive.errors import Conflict

if TYPE_CHECKING:
    from archive.models import Item
    from redaction.findings import RedactionResult

MASK = "[…]"
WINDOW = 60
KIND_WORDS = {"audio": ("audio", "audio"), "scan": ("page scannée", "scanned page"), "pdf": ("PDF", "PDF"),
              "text": ("texte", "text")}


class ExportBlocked(Conflict):
    """Something must be reviewed first. ``key`` is ``export_blocked_<reason>`` (or ``export_blocked`` with a
    ``detail`` for the bundle's own files); ``extra`` is what the API adds to its JSON body."""

    def __init__(self, key: str = "export_blocked", /, *, extra: dict[str, str] | None = None,
                 **params: object) -> None:
        self.extra = dict(extra or {})
        super().__init__(key, **params)


def item_title(item: Item, number: int) -> str:
    """How people name an item: its rank in the case and what it is, never its file name or hash."""
    media = item.media_type
    kind = ("audio" if media.startswith(("audio/", "video/")) else "image" if media.startswith("image/")
            else "PDF" if media == "application/pdf" else "texte")
    received = item.created_at.strftime("%d/%m/%Y") if item.created_at else "—"
    return f"Témoignage {number} ({kind}, {received})"


def review_link(item_id: str) -> str:
    return f"/ui/items/{item_id}/review"


def to_redacted(result: RedactionResult, offset: int) -> int:
    """Where an offset of the original text falls in ``result.redacted_text`` (inside a replaced span: its start)."""
    shift = 0
    for e in sorted(result.entities, key=lambda e: e.start):
        if e.end <= offset:
            shift += len(e.replacement) - (e.end - e.start)
        elif e.start < offset:
            return e.start + shift
        else:
            break
    return offset + shift


def quote(text: str, start: int, end: int, *, masks: Sequence[tuple[int, int]] = ()) -> str:
    """The words around ``text[start:end]`` on one line, each range of ``masks`` shown as "[…]"."""
    low, high = max(0, start - WINDOW), min(len(text), end + WINDOW)
    if low > 0:
        cut = text.find(" ", low, start)
        low = cut + 1 if cut >= 0 else low
    if high < len(text):
        cut = text.rfind(" ", end, high)
        high = cut if cut >= 0 else high
    pieces, cursor = [], low
    for s, e in sorted((max(s, low), min(e, high)) for s, e in masks if s < high and e > low):
        if s < cursor:
            cursor = max(cursor, e)
            continue
        pieces.extend([text[cursor:s], MASK])
        cursor = e
    pieces.append(text[cursor:high])
    shown = " ".join("".join(pieces).split())
    return ("… " if low > 0 else "") + shown + (" …" if high < len(text) else "")


def blocked(reason: str, *, item: Item, title: str, passage: str, **params: object) -> ExportBlocked:
    link = review_link(item.id)
    return ExportBlocked(f"export_blocked_{reason}", title=title, passage=passage, review=link,
                         extra={"item": item.id, "title": title, "passage": passage, "review": link}, **params)
