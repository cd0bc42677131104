# mypy: disallow-untyped-calls=False
# (pymupdf ships py.typed but leaves most methods unannotated; its calls return Any here.)
"""Remove every part of a PDF, other than its page content, that could carry identifying text.

Scrubbed: the info dictionary and XMP metadata (document, page and image level), annotations (comments,
stamps, free text, pop-ups, file attachments; unapplied redaction annotations are APPLIED first), form
fields, links, JavaScript and open actions, embedded files, page thumbnails, outlines (bookmarks), the
logical structure tree (its /Alt and /ActualText entries repeat the text), page-piece data, and optional
content (layers): their configuration is dropped so that text in a hidden layer becomes visible to
extraction and is redacted like the rest.
"""

from __future__ import annotations

import pymupdf
from pymupdf import mupdf

_CATALOG_KEYS = ("Outlines", "Names", "OpenAction", "AA", "AcroForm", "StructTreeRoot", "OCProperties",
                 "PieceInfo", "Metadata", "SpiderInfo", "Threads", "Perms", "Collection", "Dests")
_OBJECT_KEYS = ("Metadata", "PieceInfo", "AA", "Thumb")


def scrub_document(doc: pymupdf.Document) -> tuple[str, ...]:
    """Scrub ``doc`` in place (before its pages are redacted); return what was found and removed."""
    removed: list[str] = []
    if any(v for k, v in (doc.metadata or {}).items() if k not in ("format", "encryption")):
        removed.append("document information")
    if doc.get_xml_metadata():
        removed.append("XMP metadata")
    attachments = doc.embfile_count()
    annotations = sum(1 for page in doc.pages() for _ in page.annots())
    fields = sum(1 for page in doc.pages() for _ in page.widgets())
    links = sum(len(page.get_links()) for page in doc.pages())
    doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False,
              javascript=True, metadata=True, redactions=True, redact_images=mupdf.PDF_REDACT_IMAGE_PIXELS,
              remove_links=True, reset_fields=True, reset_responses=True, thumbnails=True, xml_metadata=True)
    for number in range(doc.page_count):
        page = doc[number]
        for xref in [w.xref for w in page.widgets()]:
            page.delete_widget(page.load_widget(xref))
        for xref in [a.xref for a in page.annots()]:
            page.delete_annot(page.load_annot(xref))
    if doc.get_toc(simple=True):
        removed.append("outlines")
    doc.set_toc([])
    catalog = doc.pdf_catalog()
    for key in _CATALOG_KEYS:
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")
            removed.append(f"catalog /{key}")
    for xref in range(1, doc.xref_length()):
        for key in _OBJECT_KEYS:
            if _has_key(doc, xref, key):
                doc.xref_set_key(xref, key, "null")
    for label, count in (("attachments", attachments), ("annotations", annotations),
                         ("form fields", fields), ("links", links)):
        if count:
            removed.append(f"{count} {label}")
    return tuple(removed)


def remaining_metadata(doc: pymupdf.Document) -> list[str]:
    """What a scrubbed document still carries that it should not (empty when clean)."""
    problems = [f"info /{k}" for k, v in (doc.metadata or {}).items() if v and k not in ("format", "encryption")]
    if doc.get_xml_metadata():
        problems.append("XMP metadata")
    if doc.embfile_count():
        problems.append("embedded files")
    if doc.get_toc():
        problems.append("outlines")
    for page in doc.pages():
        if page.first_annot is not None or page.first_widget is not None:
            problems.append(f"annotations on page {page.number + 1}")
    for xref in range(1, doc.xref_length()):
        if _has_key(doc, xref, "JS") or _has_key(doc, xref, "Metadata"):
            problems.append(f"object {xref} carries /JS or /Metadata")
    return problems


def _has_key(doc: pymupdf.Document, xref: int, key: str) -> bool:
    try:
        kind, _value = doc.xref_get_key(xref, key)
    except (RuntimeError, ValueError):  # a free or broken object
        return False
    return bool(kind != "null")
