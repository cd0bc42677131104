"""Phase two of an export, outside any transaction: write the redacted files of every planned item.

Text and transcripts come from the redacted text, with timestamps ("[00:01:23]") before each transcript
segment and page references ("[page 2]") before each page. What else leaves follows ONE rule
(``archive.exports.release``): PDFs with a text layer go through ``redact_pdf`` (text really removed,
metadata scrubbed); scanned pages through ``redact_image`` / ``redact_pdf`` (OCR boxes and the boxes drawn by hand, no
EXIF/GPS) only when an officer checked them; audio (and the sound of a video) through ``redact_audio`` (a tone over the
word timestamps of every redacted span) only under ``prosecution`` with the identity consent or a check.
Originals are read through the object store's local path or a temporary copy: never loaded in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.exports.blocked import blocked
from archive.exports.plan import ItemPlan
from archive.pipeline.extract import materialise
from archive.storage.base import ObjectStore
from redaction.output_errors import RedactionError, RedactionLeak

Progress = Callable[[float], None]
_IMAGE_SUFFIX = {"image/jpeg": ".jpg", "image/webp": ".webp", "image/tiff": ".tif"}


@dataclass(frozen=True)
class OutputFile:
    """One file of the bundle: its name inside the ZIP, where it is on disk, and what it derives from."""

    name: str
    path: Path
    media_type: str
    kind: str  # text | transcript | pdf | image | audio
    item_id: str
    source_sha256: str
    text_sha256: str | None = None


def folder(plan: ItemPlan) -> str:
    return f"items/{plan.index:03d}-{plan.item.id[:8]}"


def is_audio(media_type: str) -> bool:
    return media_type.startswith(("audio/", "video/"))


def anchors(text: str, chunks: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """``(offset, marker)`` for each chunk (its text, its marker) found in ``text`` in order; a chunk that
    cannot be found (edited away) gets no marker."""
    out, cursor = [], 0
    for chunk, marker in chunks:
        probe = chunk.strip()
        if not probe:
            continue
        at = text.find(probe, cursor)
        if at < 0:
            continue
        out.append((at, marker))
        cursor = at + len(probe)
    return out


def clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def markers(plan: ItemPlan) -> list[tuple[int, str]]:
    """Timestamps of transcript segments and references of pages, at their offsets in the redacted text."""
    from archive.exports.blocked import to_redacted

    doc = plan.text.document
    chunks = [(str(s.get("text", "")), f"[{clock(float(s.get('start') or 0))}] ")
              for s in doc.get("segments") or [] if isinstance(s, dict)]
    pages = [p for p in doc.get("pages") or [] if isinstance(p, dict)]
    if len(pages) > 1 or (pages and plan.media == "text"):
        chunks = [(str(p.get("text", "")), f"[page {p.get('number')}]\n") for p in pages]
    return [(to_redacted(plan.result, at), mark) for at, mark in anchors(plan.text.text, chunks)]


def with_markers(text: str, marks: list[tuple[int, str]]) -> str:
    pieces, cursor = [], 0
    for at, mark in sorted(marks):
        pieces.extend([text[cursor:at], mark])
        cursor = at
    pieces.append(text[cursor:])
    return "".join(pieces)


def render_item(plan: ItemPlan, store: ObjectStore, work: Path) -> list[OutputFile]:
    item, base = plan.item, folder(plan)
    target = work / base
    target.mkdir(parents=True, exist_ok=True)
    kind = "transcript" if is_audio(item.media_type) else "text"
    text_path = target / f"{kind}.txt"
    text_path.write_text(with_markers(plan.result.redacted_text, markers(plan)), encoding="utf-8")
    files = [OutputFile(f"{base}/{kind}.txt", text_path, "text/plain; charset=utf-8", kind, item.id, item.sha256,
                        plan.text.sha256)]
    media = _render_media(plan, store, work, target) if plan.media == "media" else None
    if media is not None:
        files.append(media)
    return files


def _render_media(plan: ItemPlan, store: ObjectStore, work: Path, target: Path) -> OutputFile | None:
    # PyMuPDF, Pillow and the audio tools load only when a bundle is written (not when the CLI or API starts)
    from redaction.audio import align_words, redact_audio, words_to_intervals
    from redaction.image import redact_image
    from redaction.pdf import redact_pdf

    item, base = plan.item, folder(plan)
    media_type = item.media_type
    try:
        with materialise(store, item.sha256, work / "originals") as src:
            if media_type == "application/pdf":
                dst = target / "document.pdf"
                redact_pdf(src, dst, needles=plan.needles, areas=plan.areas)
                return OutputFile(f"{base}/document.pdf", dst, media_type, "pdf", item.id, item.sha256)
            if media_type.startswith("image/"):
                suffix = _IMAGE_SUFFIX.get(media_type, ".png")
                dst = target / f"image{suffix}"
                redact_image(src, dst, needles=plan.needles, areas=plan.areas)
                out_type = {".jpg": "image/jpeg", ".webp": "image/webp", ".tif": "image/tiff"}.get(suffix, "image/png")
                return OutputFile(f"{base}/image{suffix}", dst, out_type, "image", item.id, item.sha256)
            if is_audio(media_type):
                dst = target / "audio.ogg"
                spans = [(e.start, e.end) for e in plan.result.entities if e.action != "keep"]
                timed = align_words(plan.text.text, plan.words)
                if spans and not timed:
                    raise blocked("timestamps", item=item, title=plan.title, passage="")
                redact_audio(src, dst, intervals=words_to_intervals(timed, spans))
                return OutputFile(f"{base}/audio.ogg", dst, "audio/ogg", "audio", item.id, item.sha256)
    except RedactionLeak as exc:  # its message quotes the needle: never repeat it
        raise blocked("media", item=item, title=plan.title, passage="", where=exc.where) from exc
    except (RedactionError, ValueError) as exc:
        raise blocked("media", item=item, title=plan.title, passage="", where=type(exc).__name__) from exc
    return None


def render_all(plans: list[ItemPlan], store: ObjectStore, work: Path,
               progress: Progress | None = None) -> list[OutputFile]:
    files: list[OutputFile] = []
    for number, plan in enumerate(plans, start=1):
        files.extend(render_item(plan, store, work))
        if progress is not None:
            progress(number / len(plans))
    return files
