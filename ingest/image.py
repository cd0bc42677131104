"""Images (JPEG, PNG, TIFF with several pages, HEIC when pillow-heif is installed) read with tesseract OCR.

Memory stays bounded: the image header is read first, without decoding. An image over ``max_pixels`` is
decoded at 1/2, 1/4 or 1/8 scale if it is a JPEG (the DCT decoder scales while decoding); other formats are
refused. EXIF camera, time and GPS go into the metadata; GPS and owner fields are marked sensitive.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest import lang, ocr
from ingest.base import Box, Extraction, IngestOptions, Ingestor, Page, Progress, report
from ingest.exc import CorruptFile, ResourceLimitExceeded, UnsupportedMediaType
from ingest.image_meta import exif_metadata
from ingest.page_reader import read_page
from ingest.sniff import sniff

_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/tiff": "TIFF", "image/heic": "HEIC"}


class ImageIngestor(Ingestor):
    NAME = "ingest.image.v2"
    MIME_TYPES = frozenset(_FORMATS)
    EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        import PIL

        media_type = sniff(path)
        image = _open(path, media_type)
        languages = ocr.ocr_languages_for(options.language, options.ocr_languages)
        ocr.check_languages(languages)
        try:
            frames = int(getattr(image, "n_frames", 1))
            if frames > options.max_pages:
                raise ResourceLimitExceeded(f"the image has {frames:,} pages, over the limit of "
                                            f"{options.max_pages:,}", path=path)
            metadata: dict[str, Any] = {"format": _FORMATS.get(media_type, media_type), "frames": frames,
                                        "width": image.size[0], "height": image.size[1]}
            _check_pixels(image, path, 1, media_type, options)
            sensitive = exif_metadata(image, metadata)
            pages: list[Page] = []
            for index in range(frames):
                if index:
                    image.seek(index)
                stored = image.size  # before a JPEG draft shrinks it
                gray, scale = _decode_gray(image, path, index + 1, media_type, options)
                if scale > 1:
                    metadata.setdefault("downscaled", {})[str(index + 1)] = f"1/{scale}"
                page, layout = _read(gray, stored, index + 1, languages, options)
                pages.append(page)
                if layout == "form":
                    metadata.setdefault("ocr_forms", []).append(index + 1)
                report(progress, (index + 1) / frames)
        finally:
            image.close()
        text = "\n\n".join(page.text.strip("\n") for page in pages)
        guess = lang.settle_language(text, options.language)
        metadata["ocr_languages"] = languages
        tool = f"pillow {PIL.__version__}" + _heif_version(media_type) + f" + tesseract {ocr.tesseract_version()}"
        return Extraction(text=text, media_type=media_type, ingestor=self.NAME, tool=tool,
                          language=guess.language, language_note=guess.note, pages=tuple(pages),
                          metadata=metadata, sensitive_keys=frozenset(sensitive))


def _open(path: Path, media_type: str) -> Any:
    """Read the header with the format's own plugin: no decoding yet, and no global Pillow settings touched."""
    from PIL import JpegImagePlugin, PngImagePlugin, TiffImagePlugin, UnidentifiedImageError

    plugins: dict[str, Any] = {"image/jpeg": JpegImagePlugin.JpegImageFile,
                               "image/png": PngImagePlugin.PngImageFile,
                               "image/tiff": TiffImagePlugin.TiffImageFile}
    if media_type == "image/heic":
        try:
            from pillow_heif import HeifImageFile
        except ImportError as exc:
            raise UnsupportedMediaType("HEIC images need the pillow-heif package; install it or convert the "
                                       "photo to JPEG", path=path) from exc
        plugins[media_type] = HeifImageFile
    if media_type not in plugins:
        raise UnsupportedMediaType(f"{media_type} is not an image type this ingestor reads", path=path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about damaged headers; damage raises below
            return plugins[media_type](str(path))
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, EOFError, RuntimeError) as exc:
        raise CorruptFile(f"the {_FORMATS[media_type]} image cannot be read ({exc})", path=path) from exc


def _decode_gray(image: Any, path: Path, number: int, media_type: str, options: IngestOptions) -> tuple[Any, int]:
    """Decode the current frame as 8-bit gray on white, within ``max_pixels``; returns it and the scale used."""
    from PIL import Image, ImageOps

    width, height = image.size
    scale = _check_pixels(image, path, number, media_type, options)
    if scale > 1:
        image.draft("L", (math.ceil(width / scale), math.ceil(height / scale)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.load()
        frame = ImageOps.exif_transpose(image) if number == 1 else image
        if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
            rgba = frame.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            white.alpha_composite(rgba)
            frame = white
        return frame.convert("L"), scale
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile(f"page {number} of the image cannot be decoded ({exc}); the file may be truncated",
                          path=path) from exc


def _check_pixels(image: Any, path: Path, number: int, media_type: str, options: IngestOptions) -> int:
    """The JPEG scale-down (1, 2, 4 or 8) that keeps the frame within ``max_pixels``; refuses other images."""
    width, height = image.size
    if width * height <= options.max_pixels:
        return 1
    scale = next((s for s in (2, 4, 8) if math.ceil(width / s) * math.ceil(height / s) <= options.max_pixels), 0)
    if media_type != "image/jpeg" or scale == 0:
        raise ResourceLimitExceeded(
            f"page {number} is {width:,}x{height:,} pixels, over the limit of {options.max_pixels:,} "
            "(a possible decompression bomb); only JPEGs can be scaled down while decoding — convert it to "
            "JPEG or raise max_pixels", path=path)
    return scale


def _read(gray: Any, stored: tuple[int, int], number: int, languages: str, options: IngestOptions) -> tuple[Page, str]:
    """OCR one decoded frame; boxes are given in pixels of the stored frame (EXIF orientation applied), so a
    JPEG decoded at a reduced scale still gets boxes on the full-size image."""
    width, height = stored
    if (gray.width > gray.height) != (width > height) and width != height:
        width, height = height, width  # the EXIF orientation turned the frame a quarter
    reading = read_page(gray, languages=languages, timeout=options.ocr_timeout_seconds,
                        px_per_mm=_pixels_per_mm(gray, width))
    fx, fy = width / max(1, gray.width), height / max(1, gray.height)

    def on_stored(box: Box) -> Box:
        return (min(width, math.floor(box[0] * fx)), min(height, math.floor(box[1] * fy)),
                min(width, math.ceil(box[2] * fx)), min(height, math.ceil(box[3] * fy)))

    words = tuple(replace(word, box=on_stored(word.box)) for word in reading.words)
    regions = tuple(replace(region, box=on_stored(region.box)) for region in reading.regions)
    page = Page(number, reading.text, True, "ocr", width, height, words, regions)
    return page, reading.layout


def _pixels_per_mm(gray: Any, stored_width: int) -> float | None:
    """Pixels per mm of the decoded frame, from the resolution the file declares, when that describes a page
    of plausible size (5 to 60 cm; cameras write 72 dpi whatever they photograph); None to let OCR guess."""
    dpi = gray.info.get("dpi")
    try:
        density = float(dpi[0]) / 25.4 if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    if not 0 < density < 1e5:
        return None
    longest_mm = max(stored_width, gray.height * stored_width / max(1, gray.width)) / density
    return density * gray.width / max(1, stored_width) if 50.0 <= longest_mm <= 600.0 else None


def _heif_version(media_type: str) -> str:
    if media_type != "image/heic":
        return ""
    import pillow_heif

    return f" + pillow-heif {pillow_heif.__version__}"
