"""Plain text in every common encoding, Markdown, HTML (text only) and RTF."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.base import IngestOptions
from ingest.exc import ResourceLimitExceeded
from ingest.registry import extract

STATEMENT = "Le témoin Boubacar Konaté-Traoré a vu l’arrivée des hommes armés à l’aube, près du puits."


@pytest.mark.parametrize(("encoding", "data", "expected_encoding"), [
    ("utf-8", STATEMENT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + STATEMENT.encode("utf-8"), "utf-8"),
    ("utf-16 with BOM", STATEMENT.encode("utf-16"), "utf-16"),
    ("utf-16-le without BOM", STATEMENT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", STATEMENT.encode("utf-16-be"), "utf-16-be"),
    ("cp1252 (curly apostrophe)", STATEMENT.encode("cp1252"), "cp1252"),
    ("latin-1", STATEMENT.replace("’", "'").encode("latin-1"), "cp1252"),
])
def test_when_text_in_encoding_then_decoded(tmp_path: Path, encoding: str, data: bytes,
                                            expected_encoding: str) -> None:
    path = tmp_path / "statement.txt"
    path.write_bytes(data)
    result = extract(path)
    expected = STATEMENT.replace("’", "'") if encoding == "latin-1" else STATEMENT
    assert result.text.strip() == expected
    assert result.metadata["encoding"] == expected_encoding
    assert (result.media_type, result.ingestor, result.language) == ("text/plain", "ingest.text.v1", "fr")


def test_when_markdown_then_text_kept_and_type_markdown(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_text("# Audition du 3 mai\n\n- le témoin **Seydou Maïga-Touré** est présent\n- il parle\n",
                    encoding="utf-8")
    result = extract(path)
    assert result.media_type == "text/markdown"
    assert "Seydou Maïga-Touré" in result.text


def test_when_html_then_scripts_and_styles_dropped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        b"<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Rapport</title>"
        b"<style>p { color: red }</style><script>var secret = 'tracker';</script></head>"
        b"<body><h1>Audition</h1><p>Le t\xe9moin Aminata Coulibaly-Sidib\xe9 &amp; son fr\xe8re.</p>"
        b"<noscript>activez JavaScript</noscript><p>Fin</p></body></html>")
    result = extract(path)
    assert result.ingestor == "ingest.html.v1"
    assert "Le témoin Aminata Coulibaly-Sidibé & son frère." in result.text
    assert "Rapport" in result.text and "Audition" in result.text.splitlines()
    for hidden in ("tracker", "color", "JavaScript"):
        assert hidden not in result.text


def test_when_rtf_then_text_with_accents(tmp_path: Path) -> None:
    path = tmp_path / "letter.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl\\f0 Arial;}\\f0 Le t\\'e9moin Ibrahim Sanogo-Ba"
                     b" \\u233? a parl\\'e9.\\par Deuxi\\'e8me ligne.}")
    result = extract(path)
    assert result.ingestor == "ingest.rtf.v1"
    assert "Le témoin Ibrahim Sanogo-Ba é a parlé." in result.text
    assert "Deuxième ligne." in result.text


def test_when_text_too_large_then_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(ResourceLimitExceeded, match="max_text_bytes"):
        extract(path, options=IngestOptions(max_text_bytes=1024))


def test_when_progress_given_then_it_reaches_one(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    seen: list[float] = []
    extract(path, progress=seen.append)
    assert seen and seen[-1] == 1.0
