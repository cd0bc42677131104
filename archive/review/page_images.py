"""A scanned page as a picture for the review page: the original page (an image frame, or a PDF page rendered),
at most ``MAX_SIDE`` pixels on its longer side, as PNG, without any of the file's metadata.

The reviewer (full view, ``reviewable``) draws boxes and sees the areas to check over it; the boxes are in
fractions of the page as shown (EXIF orientation applied), so the size chosen here does not matter. Every
view is a read in the custody log.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from archive import custody
from archive.custody import Actor
from archive.errors import Invalid
from archive.items.artefacts import item_text
from archive.items.service import get_item
from archive.pipeline.extract import materialise
from archive.review.scans import scanned_pages
from archive.review.service import reviewable

if TYPE_CHECKING:
    from pathlib import Path

    from PIL import Image

    from archive.context import Archive

MAX_SIDE = 1600


def page_image(archive: Archive, *, actor: Actor, item_id: str, page: int) -> bytes:
    """The PNG of scanned page ``page`` of the item (see the module's description)."""
    with archive.db.session() as session:
        item = get_item(session, item_id)
        reviewable(session, actor, item)
        text = item_text(session, archive.store, item)
        if text is None:
            raise Invalid("no_text_yet")
        numbers = [int(p.get("number") or 1) for p in scanned_pages(item, text)]
        if page not in numbers:
            raise Invalid("box_page", page=page, pages=", ".join(str(n) for n in numbers) or "–")
        sha, media_type = item.sha256, item.media_type
        custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                       details={"what": "scanned page", "page": page})
    with materialise(archive.store, sha, archive.settings.data_dir / "work") as path:
        picture = _render_pdf_page(path, page) if media_type == "application/pdf" else _image_frame(path, page)
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


def _image_frame(path: Path, page: int) -> Image.Image:
    from PIL import ImageOps

    from redaction.image import clean_pixels, open_bounded
    from redaction.output_errors import RedactionError

    try:
        image = open_bounded(path)
    except RedactionError as exc:
        raise Invalid("page_image", page=page, reason=exc.reason) from exc
    with image:
        if page > 1:
            image.seek(page - 1)
        frame = ImageOps.exif_transpose(image) if page == 1 else image
        return clean_pixels(frame.copy())


def _render_pdf_page(path: Path, page: int) -> Image.Image:
    import pymupdf
    from PIL import Image

    from redaction.output_errors import RedactionError
    from redaction.pdf import open_pdf

    try:
        doc = open_pdf(path)
    except RedactionError as exc:
        raise Invalid("page_image", page=page, reason=exc.reason) from exc
    with doc:
        shown = doc[page - 1]
        zoom = MAX_SIDE / max(shown.rect.width, shown.rect.height, 1.0)
        matrix = pymupdf.Matrix(zoom, zoom)  # type: ignore[no-untyped-call]
        pixmap = shown.get_pixmap(matrix=matrix, colorspace=pymupdf.csRGB, annots=False)
        return Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
