"""Word-processor documents: DOCX (python-docx) and ODT (odfpy).

Both are ZIP files, so the zip directory is checked first: the sizes it declares must stay under
``max_unzipped_bytes`` in total and ``max_zip_ratio`` per member. Python's zipfile never inflates a member past
its declared size (a lying member fails its CRC check), so the check bounds the real work.

Text is taken in document order from paragraphs anywhere (body, tables, text boxes, headers, footers,
footnotes, endnotes, comments), including text inserted with tracked changes; tracked deletions are counted
in the metadata but not extracted.
"""

from __future__ import annotations

import re
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ingest import lang
from ingest.base import Extraction, IngestOptions, Ingestor, Progress, report
from ingest.exc import CorruptFile, EncryptedDocument, ResourceLimitExceeded
from ingest.sniff import DOCX, ODT

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCX_PARTS = re.compile(r"^/word/(header|footer|footnotes|endnotes|comments)\d*\.xml$")
_DOCX_SENSITIVE = frozenset({"author", "last_modified_by", "title", "subject", "keywords", "comments"})
_ODT_SENSITIVE = frozenset({"author", "initial_creator", "title", "subject", "keywords", "description"})
_MAX_MEMBERS = 10_000


def check_zip(path: Path, options: IngestOptions) -> None:
    """Refuse a ZIP container whose directory declares too much data (a zip bomb) or is unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile(f"the document's ZIP structure is damaged ({exc}); ask for a re-saved copy",
                          path=path) from exc
    if len(members) > _MAX_MEMBERS:
        raise ResourceLimitExceeded(f"the document holds {len(members):,} files (limit {_MAX_MEMBERS:,}); "
                                    "it looks like a zip bomb", path=path)
    total = sum(member.file_size for member in members)
    if total > options.max_unzipped_bytes:
        raise ResourceLimitExceeded(f"the document would unzip to {total:,} bytes, over the limit of "
                                    f"{options.max_unzipped_bytes:,}: likely a zip bomb; raise "
                                    "max_unzipped_bytes if it is genuine", path=path)
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > options.max_zip_ratio * max(member.compress_size, 1):
            raise ResourceLimitExceeded(f"member {member.filename!r} expands {member.file_size:,} bytes from "
                                        f"{member.compress_size:,}: likely a zip bomb", path=path)
        if member.flag_bits & 0x1:
            raise EncryptedDocument(f"member {member.filename!r} is encrypted; ask for an unprotected copy",
                                    path=path)


class DocxIngestor(Ingestor):
    NAME = "ingest.docx.v1"
    MIME_TYPES = frozenset({DOCX})
    EXTENSIONS = frozenset({".docx"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        import docx

        check_zip(path, options)
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... for damaged files
            raise CorruptFile(f"not a readable DOCX ({type(exc).__name__}: {exc}); ask for a re-saved copy",
                              path=path) from exc
        report(progress, 0.5)
        blocks = _wordml_paragraphs(document.element.body)
        deletions = len(document.element.body.findall(f".//{_W}delText"))
        for part in document.part.package.iter_parts():
            if _DOCX_PARTS.match(str(part.partname)):
                from docx.oxml.parser import parse_xml

                blocks += _wordml_paragraphs(parse_xml(part.blob))
        text = "\n".join(blocks).strip()
        metadata: dict[str, Any] = {**_core_properties(document.core_properties), "tracked_deletions": deletions}
        metadata["paragraphs"] = len(blocks)
        return _result(self.NAME, DOCX, f"python-docx {version('python-docx')}", text, metadata,
                       _DOCX_SENSITIVE, options, progress)


class OdtIngestor(Ingestor):
    NAME = "ingest.odt.v1"
    MIME_TYPES = frozenset({ODT})
    EXTENSIONS = frozenset({".odt"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        from odf.opendocument import load

        check_zip(path, options)
        try:
            document = load(str(path))
        except Exception as exc:  # odfpy raises KeyError, SAX errors... for damaged files
            raise CorruptFile(f"not a readable ODT ({type(exc).__name__}: {exc}); ask for a re-saved copy",
                              path=path) from exc
        report(progress, 0.5)
        blocks: list[str] = []
        for root in (document.text, *_odt_header_footers(document)):
            blocks += _odt_paragraphs(root)
        text = "\n".join(blocks).strip()
        metadata: dict[str, Any] = {**_odt_meta(document), "paragraphs": len(blocks)}
        return _result(self.NAME, ODT, f"odfpy {version('odfpy')}", text, metadata, _ODT_SENSITIVE, options,
                       progress)


def _result(name: str, media_type: str, tool: str, text: str, metadata: dict[str, Any],
            sensitive: frozenset[str], options: IngestOptions, progress: Progress | None) -> Extraction:
    guess = lang.settle_language(text, options.language)
    report(progress, 1.0)
    return Extraction(text=text, media_type=media_type, ingestor=name, tool=tool, language=guess.language,
                      language_note=guess.note, metadata=metadata,
                      sensitive_keys=frozenset(key for key in sensitive if key in metadata))


def _wordml_paragraphs(root: Any) -> list[str]:
    """Text of every ``w:p`` under ``root`` in document order; nested paragraphs (text boxes) stand alone."""
    order: list[Any] = []
    texts: dict[Any, list[str]] = {}
    for element in root.iter(f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors()):
            continue  # the same content is in mc:Choice
        if element.tag == f"{_W}p":
            order.append(element)
            texts[element] = []
            continue
        owner = next(element.iterancestors(f"{_W}p"), None)
        if owner is None or owner not in texts:
            continue
        texts[owner].append(element.text or "" if element.tag == f"{_W}t" else
                            "\t" if element.tag == f"{_W}tab" else "\n")
    return [text for text in ("".join(texts[p]).strip() for p in order) if text]


def _core_properties(props: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in ("author", "last_modified_by", "title", "subject", "keywords", "comments", "category"):
        value = getattr(props, key, None)
        if isinstance(value, str) and value.strip():
            found[key] = value.strip()
    for key in ("created", "modified"):
        value = getattr(props, key, None)
        if value is not None:
            found[key] = value.isoformat()
    if getattr(props, "revision", None):
        found["revision"] = int(props.revision)
    return found


def _odt_paragraphs(root: Any) -> list[str]:
    from odf.namespaces import TEXTNS

    out: list[str] = []

    def visit(node: Any, sink: list[str] | None) -> None:
        qname = getattr(node, "qname", None)
        if node.nodeType == node.TEXT_NODE:
            if sink is not None:
                sink.append(str(node.data))
            return
        if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            own: list[str] = []
            slot = len(out)
            out.append("")
            for child in node.childNodes:
                visit(child, own)
            out[slot] = "".join(own).strip()
            return
        if sink is not None and qname == (TEXTNS, "s"):
            sink.append(" " * int(node.getAttribute("c") or 1))
        elif sink is not None and qname == (TEXTNS, "tab"):
            sink.append("\t")
        elif sink is not None and qname == (TEXTNS, "line-break"):
            sink.append("\n")
        for child in node.childNodes:
            visit(child, sink)

    visit(root, None)
    return [text for text in out if text]


def _odt_header_footers(document: Any) -> list[Any]:
    from odf.namespaces import STYLENS

    found: list[Any] = []

    def visit(node: Any) -> None:
        if getattr(node, "qname", None) in ((STYLENS, "header"), (STYLENS, "footer")):
            found.append(node)
            return
        for child in getattr(node, "childNodes", []):
            visit(child)

    visit(document.masterstyles)
    return found


def _odt_meta(document: Any) -> dict[str, Any]:
    from odf.namespaces import DCNS, METANS

    names = {(DCNS, "creator"): "author", (METANS, "initial-creator"): "initial_creator",
             (DCNS, "title"): "title", (DCNS, "subject"): "subject", (METANS, "keyword"): "keywords",
             (DCNS, "description"): "description", (DCNS, "date"): "modified",
             (METANS, "creation-date"): "created", (METANS, "generator"): "generator"}
    found: dict[str, Any] = {}
    for node in document.meta.childNodes:
        key = names.get(getattr(node, "qname", None))  # type: ignore[arg-type]
        value = "".join(str(child.data) for child in node.childNodes if child.nodeType == child.TEXT_NODE)
        if key and value.strip():
            found[key] = f"{found[key]}, {value.strip()}" if key in found else value.strip()
    return found
