"""Phase two of an export, outside any transaction: write the redacted files of every planned item.

Text and transcripts come from the redacted text; PDFs go through ``redact_pdf`` (text really removed,
metadata scrubbed), images through ``redact_image`` (OCR boxes, no EXIF/GPS), audio (and the sound of a
video) through ``redact_audio`` (a tone over the word timestamps of every redacted span). Originals are
read through the object store's local path or a temporary copy: never loaded in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.exports.plan import ExportBlocked, ItemPlan
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


def render_item(plan: ItemPlan, store: ObjectStore, work: Path) -> list[OutputFile]:
    item, base = plan.item, folder(plan)
    target = work / base
    target.mkdir(parents=True, exist_ok=True)
    kind = "transcript" if is_audio(item.media_type) else "text"
    text_path = target / f"{kind}.txt"
    text_path.write_text(plan.result.redacted_text, encoding="utf-8")
    files = [OutputFile(f"{base}/{kind}.txt", text_path, "text/plain; charset=utf-8", kind, item.id, item.sha256,
                        plan.text.sha256)]
    media = _render_media(plan, store, work, target)
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
                redact_pdf(src, dst, needles=plan.needles)
                return OutputFile(f"{base}/document.pdf", dst, media_type, "pdf", item.id, item.sha256)
            if media_type.startswith("image/"):
                suffix = _IMAGE_SUFFIX.get(media_type, ".png")
                dst = target / f"image{suffix}"
                redact_image(src, dst, needles=plan.needles)
                out_type = {".jpg": "image/jpeg", ".webp": "image/webp", ".tif": "image/tiff"}.get(suffix, "image/png")
                return OutputFile(f"{base}/image{suffix}", dst, out_type, "image", item.id, item.sha256)
            if is_audio(media_type):
                dst = target / "audio.ogg"
                spans = [(e.start, e.end) for e in plan.result.entities if e.action != "keep"]
                timed = align_words(plan.text.text, plan.words)
                if spans and not timed:
                    raise ExportBlocked("export_blocked_no_timestamps", item=item.id)
                redact_audio(src, dst, intervals=words_to_intervals(timed, spans))
                return OutputFile(f"{base}/audio.ogg", dst, "audio/ogg", "audio", item.id, item.sha256)
    except RedactionLeak as exc:  # its message quotes the needle: never repeat it
        raise ExportBlocked("export_blocked_output_leak", item=item.id, media_type=media_type,
                            where=exc.where) from exc
    except (RedactionError, ValueError) as exc:
        raise ExportBlocked("export_blocked_unsafe", item=item.id, media_type=media_type,
                            detail=str(exc)) from exc
    return None


def render_all(plans: list[ItemPlan], store: ObjectStore, work: Path,
               progress: Progress | None = None) -> list[OutputFile]:
    files: list[OutputFile] = []
    for number, plan in enumerate(plans, start=1):
        files.extend(render_item(plan, store, work))
        if progress is not None:
            progress(number / len(plans))
    return files
