"""Plain text, Markdown, HTML (text only) and RTF.

Encodings: a BOM wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then UTF-16 without BOM (NUL pattern);
then CP1252 (Windows Western, a superset of Latin-1's printable range) or Latin-1 if CP1252 cannot decode.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from ingest import lang
from ingest.base import Extraction, IngestOptions, Ingestor, Progress, report
from ingest.exc import CorruptFile, ResourceLimitExceeded
from ingest.sniff import HEAD_BYTES, sniff_bytes

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
_HTML_DROP = frozenset({"script", "style", "noscript", "template", "svg", "object", "iframe", "head"})
_HTML_BLOCK = frozenset({
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article",
    "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "hr", "form",
    "fieldset", "address", "figure", "figcaption", "main", "nav", "aside",
})
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def read_limited(path: Path, options: IngestOptions) -> bytes:
    size = path.stat().st_size
    if size > options.max_text_bytes:
        raise ResourceLimitExceeded(f"text file of {size:,} bytes is over the {options.max_text_bytes:,}-byte "
                                    "limit; split it or raise max_text_bytes", path=path)
    return path.read_bytes()


def decode_text(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns the text and the encoding used."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "")
    candidates = ["utf-8"]
    if declared:
        candidates.append(declared.lower())
    odd, even = data[1:4096:2], data[0:4096:2]
    if odd and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        candidates.insert(0, "utf-16-le")
    elif even and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        candidates.insert(0, "utf-16-be")
    candidates += ["cp1252", "latin-1"]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"  # unreachable: latin-1 decodes every byte


def _finish(text: str, media_type: str, name: str, tool: str, metadata: dict[str, object],
            options: IngestOptions, progress: Progress | None) -> Extraction:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    guess = lang.settle_language(text, options.language)
    report(progress, 1.0)
    return Extraction(text=text, media_type=media_type, ingestor=name, tool=tool, language=guess.language,
                      language_note=guess.note, metadata={**metadata, "characters": len(text)})


class PlainTextIngestor(Ingestor):
    NAME = "ingest.text.v1"
    MIME_TYPES = frozenset({"text/plain", "text/markdown"})
    EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        text, encoding = decode_text(read_limited(path, options))
        is_markdown = sniff_bytes(text[:HEAD_BYTES].encode("utf-8")) == "text/markdown"
        media_type = "text/markdown" if is_markdown else "text/plain"
        return _finish(text, media_type, self.NAME, "python codecs", {"encoding": encoding}, options, progress)


class _TextOnlyHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._dropping: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HTML_DROP:
            self._dropping.append(tag)
        if tag in _HTML_BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HTML_DROP and tag in self._dropping:
            while self._dropping and self._dropping.pop() != tag:
                pass
        if tag in _HTML_BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._dropping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (re.sub(r"[ \t\f\v\u00a0]+", " ", line).strip() for line in "".join(self.parts).split("\n"))
        title = " ".join("".join(self.title).split())
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return f"{title}\n\n{body}" if title and title not in body[: len(title) + 10] else body


class HtmlIngestor(Ingestor):
    NAME = "ingest.html.v1"
    MIME_TYPES = frozenset({"text/html", "application/xhtml+xml"})
    EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        data = read_limited(path, options)
        declared = _META_CHARSET.search(data[:4096])
        markup, encoding = decode_text(data, declared=declared.group(1).decode("ascii") if declared else None)
        parser = _TextOnlyHTML()
        parser.feed(markup)
        parser.close()
        text = html.unescape(parser.text())
        return _finish(text, "text/html", self.NAME, "python html.parser", {"encoding": encoding}, options, progress)


class RtfIngestor(Ingestor):
    NAME = "ingest.rtf.v1"
    MIME_TYPES = frozenset({"application/rtf", "text/rtf"})
    EXTENSIONS = frozenset({".rtf"})
    SCORE = 10

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        from importlib.metadata import version

        data = read_limited(path, options)
        codepage = re.search(rb"\\ansicpg(\d+)", data[:4096])
        encoding = f"cp{int(codepage.group(1))}" if codepage else "cp1252"
        try:
            text = _rtf_text(data, encoding)
        except LookupError:
            encoding = "cp1252"
            text = _rtf_text(data, encoding)
        except (ValueError, IndexError, RecursionError) as exc:
            raise CorruptFile(f"RTF could not be parsed ({exc}); re-save it from a word processor", path=path) from exc
        tool = f"striprtf {version('striprtf')}"
        return _finish(text, "application/rtf", self.NAME, tool, {"encoding": encoding}, options, progress)


def _rtf_text(data: bytes, encoding: str) -> str:
    from striprtf.striprtf import rtf_to_text

    return str(rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace"))  # type: ignore[no-untyped-call]
