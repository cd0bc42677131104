"""Redacted images: black boxes over the words that OCR reads as a needle and over the areas a person drew by
hand (``redaction.areas``), re-encoded without metadata.

The output is a fresh encoding of the pixels only, in the format named by the destination's suffix
(``.png``, ``.jpg``/``.jpeg``, ``.tif``/``.tiff``, ``.webp``): no EXIF (so no GPS, camera or time), no XMP,
no ICC profile, no PNG text chunks, no JPEG comments. The EXIF orientation is applied to the pixels first,
so the image looks the same. Only the first frame is kept, except for TIFF, where every page is redacted.
Images larger than ``max_pixels`` are refused before they are decoded.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps, ImageSequence, UnidentifiedImageError

from redaction.areas import PageArea, on_page
from redaction.needles import Needle, compile_needles
from redaction.ocr_words import locate_needles, tesseract_version
from redaction.output_errors import RedactionError, RedactionLeak

DEFAULT_MAX_PIXELS = 50_000_000
OCR_MIN_SIDE = 1600
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF", ".webp": "WEBP"}
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 92}, "WEBP": {"quality": 92}, "TIFF": {"compression": "tiff_lzw"}, "PNG": {},
}
# TIFF tags that describe the pixels only (sizes, layout, compression, resolution), never the scene.
_TIFF_STRUCTURE = {254, 256, 257, 258, 259, 262, 273, 277, 278, 279, 282, 283, 284, 296, 317, 322, 323, 324,
                   325, 338, 339}
_METADATA_KEYS = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class ImageRedactionReport:
    """What :func:`redact_image` did: boxes painted per frame and needles OCR never read."""

    src: Path
    dst: Path
    format: str
    width: int
    height: int
    boxes: tuple[tuple[Box, ...], ...]
    needles_not_found: tuple[str, ...]
    frames_dropped: int
    tool: str


def output_format(dst: Path) -> str:
    """The Pillow format written for a destination path, from its suffix."""
    fmt = _FORMATS.get(dst.suffix.lower())
    if fmt is None:
        raise RedactionError(dst, f"cannot write a redacted image with suffix {dst.suffix!r}; use one of "
                             f"{', '.join(sorted(_FORMATS))}")
    return fmt


def open_bounded(src: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Open an image lazily and refuse it, before decoding, if it has more than ``max_pixels`` pixels."""
    _register_heif()
    if not src.is_file():
        raise RedactionError(src, "no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(src)
    except Image.DecompressionBombError as exc:
        raise RedactionError(src, f"image is far above the limit of {max_pixels:,} pixels ({exc}); downscale "
                             "it before redaction") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise RedactionError(src, f"not a readable image ({exc}); check the file is a PNG, JPEG, TIFF, WebP "
                             "or HEIC picture") from exc
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise RedactionError(src, f"image is {width}x{height} = {width * height:,} pixels, above the limit of "
                             f"{max_pixels:,}; downscale it (or raise max_pixels if the machine has the memory)")
    return image


def redact_image(src: Path, dst: Path, *, needles: Sequence[str], lang: str = "fra+eng",
                 max_pixels: int = DEFAULT_MAX_PIXELS, verify: bool = True, areas: Sequence[PageArea] = (),
                 progress: Callable[[float], None] | None = None) -> ImageRedactionReport:
    """Paint over every word of ``src`` that OCR reads as one of ``needles``, and over every area drawn by hand
    (``areas``: page N is frame N, after the EXIF orientation is applied), and write ``dst`` clean.

    With ``verify`` the written image is read again by OCR (exact matching) and :class:`RedactionLeak`
    is raised, and ``dst`` deleted, if a needle can still be read.
    """
    compiled, empty = compile_needles(needles)
    fmt = output_format(dst)
    image = open_bounded(src, max_pixels=max_pixels)
    frames: list[Image.Image] = []
    boxes: list[tuple[Box, ...]] = []
    found: set[str] = set()
    with image, tempfile.TemporaryDirectory(prefix="temoin-img-") as tmp:
        all_frames = [f.copy() for f in ImageSequence.Iterator(image)] if fmt == "TIFF" else [image.copy()]
        dropped = getattr(image, "n_frames", 1) - len(all_frames)
        for index, frame in enumerate(all_frames):
            clean = clean_pixels(frame if index else ImageOps.exif_transpose(frame))
            frame_boxes, frame_found = _find_boxes(clean, compiled, lang, Path(tmp) / f"ocr-{index}.png")
            paint_boxes(clean, frame_boxes)
            drawn = tuple(area.pixels(clean.width, clean.height) for area in on_page(list(areas), index + 1))
            paint_boxes(clean, drawn, pad=False)
            frame_boxes += drawn
            frames.append(clean)
            boxes.append(frame_boxes)
            found.update(frame_found)
            if progress is not None:
                progress((index + 1) / (len(all_frames) + (1 if verify else 0)))
        save_clean(frames, dst, fmt)
        if verify:
            _verify_no_needle(dst, compiled, lang, Path(tmp))
    if progress is not None:
        progress(1.0)
    missing = tuple(n.text for n in compiled if n.key not in found) + empty
    return ImageRedactionReport(src, dst, fmt, frames[0].width, frames[0].height, tuple(boxes), missing,
                                dropped, tesseract_version())


def strip_image_metadata(src: Path, dst: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Path:
    """Re-encode ``src`` into ``dst`` (format from the suffix) with its pixels only: no EXIF/GPS/XMP/ICC/text."""
    fmt = output_format(dst)
    image = open_bounded(src, max_pixels=max_pixels)
    with image:
        frames = [f.copy() for f in ImageSequence.Iterator(image)] if fmt == "TIFF" else [image.copy()]
        cleaned = [clean_pixels(f if i else ImageOps.exif_transpose(f)) for i, f in enumerate(frames)]
    save_clean(cleaned, dst, fmt)
    return dst


def clean_pixels(frame: Image.Image) -> Image.Image:
    """A copy of the pixels in L, RGB or RGBA, with no ``info`` (metadata) attached."""
    if frame.mode not in ("L", "RGB", "RGBA"):
        has_alpha = "A" in frame.getbands() or "transparency" in frame.info
        frame = frame.convert("RGBA" if has_alpha else "RGB")
    clean = frame.copy()
    clean.info.clear()
    return clean


def paint_boxes(image: Image.Image, boxes: Sequence[Box], *, pad: bool = True) -> None:
    """Paint opaque black boxes over ``image`` in place, padded by 12% of their height (words) or as they are
    (``pad=False``: areas drawn by hand)."""
    draw = ImageDraw.Draw(image)
    black: int | tuple[int, ...] = 0 if image.mode == "L" else (0, 0, 0, 255)[: len(image.getbands())]
    for x0, y0, x1, y1 in boxes:
        grow = max(2, round(0.12 * (y1 - y0))) if pad else 0
        if not pad:  # a drawn box covers its last row and column too
            x1, y1 = x1 - 1, y1 - 1
        draw.rectangle((max(0, x0 - grow), max(0, y0 - grow), x1 + grow, y1 + grow), fill=black)


def save_clean(frames: Sequence[Image.Image], dst: Path, fmt: str) -> None:
    """Encode frames into ``dst`` with no metadata, then check that none came back."""
    first = frames[0]
    if fmt == "JPEG" and first.mode == "RGBA":
        flat = Image.new("RGB", first.size, (255, 255, 255))
        flat.paste(first, mask=first.getchannel("A"))
        first = flat
    options = _SAVE_OPTIONS[fmt]
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "TIFF" and len(frames) > 1:
            first.save(dst, fmt, save_all=True, append_images=list(frames[1:]), **options)
        else:
            first.save(dst, fmt, **options)
    except OSError as exc:
        dst.unlink(missing_ok=True)
        raise RedactionError(dst, f"could not write the image ({exc}); check the disk and the folder") from exc
    _check_no_metadata(dst)


def _check_no_metadata(dst: Path) -> None:
    with Image.open(dst) as written:
        leftovers = [k for k, v in written.info.items() if k in _METADATA_KEYS or str(k).startswith("XML:")
                     or (isinstance(v, str) and k != "compression")]
        tags = set(written.getexif())
        if written.format == "TIFF":
            tags -= _TIFF_STRUCTURE
        if tags or leftovers:
            dst.unlink(missing_ok=True)
            raise RedactionError(dst, f"metadata survived re-encoding ({leftovers or sorted(tags)}); output deleted")


def _find_boxes(image: Image.Image, needles: Sequence[Needle], lang: str,
                scratch: Path) -> tuple[tuple[Box, ...], frozenset[str]]:
    if not needles:
        return (), frozenset()
    scale = 2 if max(image.size) < OCR_MIN_SIDE else 1
    ocr_input = image.convert("L")
    if scale > 1:
        ocr_input = ocr_input.resize((image.width * scale, image.height * scale), Image.Resampling.LANCZOS)
    ocr_input.save(scratch)
    located = locate_needles(scratch, needles, lang=lang)
    boxes = tuple((x0 // scale, y0 // scale, -(-x1 // scale), -(-y1 // scale)) for x0, y0, x1, y1 in located.boxes)
    return boxes, located.found


def _verify_no_needle(dst: Path, needles: Sequence[Needle], lang: str, scratch: Path) -> None:
    if not needles:
        return
    with Image.open(dst) as written:
        frames = [clean_pixels(f.copy()) for f in ImageSequence.Iterator(written)]
    for index, frame in enumerate(frames):
        ocr_input = frame.convert("L")
        if max(frame.size) < OCR_MIN_SIDE:
            ocr_input = ocr_input.resize((frame.width * 2, frame.height * 2), Image.Resampling.LANCZOS)
        path = scratch / f"verify-{index}.png"
        ocr_input.save(path)
        located = locate_needles(path, needles, lang=lang, psms=(3,), fuzzy=False)
        if located.found:
            dst.unlink(missing_ok=True)
            text = next(n.text for n in needles if n.key in located.found)
            raise RedactionLeak(dst, text, f"frame {index + 1} (OCR of the redacted image)")


def _register_heif() -> None:
    try:
        import pillow_heif
    except ImportError:  # HEIC support is optional
        return
    pillow_heif.register_heif_opener()
