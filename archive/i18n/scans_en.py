"""Messages of scanned pages (issue 20): areas to check, boxes drawn by hand, in English."""

MESSAGES: dict[str, str] = {
    "err.box": "Box not found ({id}): it may have been removed already. Reload the page.",
    "err.box_not_scanned": "This testimony has no scanned page: a box can only be drawn on a scanned page's image.",
    "err.box_page": "Page {page} is not a scanned page of this testimony (pages: {pages}).",
    "err.box_outside": "The box must lie within the page and be large enough to see: draw it again on the image.",
    "err.page_image": "Page {page} of this testimony cannot be shown: {reason}.",
    "scans.title": "Scanned pages: areas to check",
    "scans.help": (
        "Orange areas were read with low confidence by text recognition (OCR); red areas hold ink it did not "
        "read at all (tables, boxes, handwriting, stamps): what is there could not be redacted automatically. "
        "Look at them. To hide an area, draw a box on the image with a finger or the mouse: it is blacked out "
        "wherever the image leaves."),
    "scans.page": "Page {n}",
    "scans.areas": "{n} area(s) to check",
    "scans.area_low_confidence": "low confidence",
    "scans.area_unread": "not read",
    "scans.legend_low": "read with low confidence",
    "scans.legend_unread": "ink not read",
    "scans.legend_box": "box drawn (redacted)",
    "scans.draw": "Draw a box",
    "scans.draw_hint": "Draw a box on the image, choose what it hides, then save.",
    "scans.drawn": "Box drawn: page {page}",
    "scans.save_box": "Redact this box",
    "scans.boxes": "Boxes drawn",
    "scans.no_boxes": "No box drawn.",
    "scans.box_by": "drawn by {by} on {at}",
    "scans.remove_box": "Remove this box",
}
