"""DOCX and ODT: text in document order (tables, headers, footers), core properties, zip bombs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ingest.base import IngestOptions
from ingest.exc import CorruptFile, ResourceLimitExceeded
from ingest.registry import extract
from ingest.sniff import DOCX, ODT
from tests.ingest import generate


def test_when_docx_then_body_table_header_footer(samples: dict[str, Path]) -> None:
    result = extract(samples["docx"])
    lines = result.text.splitlines()
    assert lines.index("Témoignage recueilli à Ségou-Nord") < lines.index(
        "Le témoin Moussa Kanté-Diallo décrit l'arrestation de son frère.")
    for expected in ("Date des faits", "14 mars", "Dossier TJ-0042 en-tête", "Pied de page confidentiel"):
        assert expected in lines
    assert (result.ingestor, result.language) == ("ingest.docx.v1", "fr")
    assert result.tool.startswith("python-docx ")


def test_when_docx_then_author_sensitive(samples: dict[str, Path]) -> None:
    result = extract(samples["docx"])
    assert result.metadata["author"] == "Oumar Tangara-Fofana"
    assert result.metadata["title"] == "Entretien n° 42"
    assert {"author", "title"} <= result.sensitive_keys <= set(result.metadata)
    json.dumps(result.metadata)


def test_when_docx_has_tracked_changes_and_text_box_then_insertions_kept_once(tmp_path: Path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (f'<w:document {w}><w:body>'
            '<w:p><w:r><w:t>Avant </w:t></w:r><w:ins w:id="1" w:author="x"><w:r><w:t>inséré</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="x"><w:r><w:delText>effacé</w:delText></w:r></w:del></w:p>'
            '<w:p><w:r><w:t>Cellule</w:t><w:tab/><w:t>suite</w:t></w:r></w:p>'
            '</w:body></w:document>')
    path = tmp_path / "tracked.docx"
    base = generate.docx_file(tmp_path / "base.docx", author="Awa Sissoko-Dao")
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = body.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)
    result = extract(path)
    assert result.text.splitlines()[:2] == ["Avant inséré", "Cellule\tsuite"]
    assert "effacé" not in result.text
    assert result.metadata["tracked_deletions"] == 1


def test_when_odt_then_paragraphs_footer_and_creator(samples: dict[str, Path]) -> None:
    result = extract(samples["odt"])
    lines = result.text.splitlines()
    assert lines[:2] == ["Les hommes armés sont venus la nuit à Dioura-Koro.",
                         "Le témoin Fatoumata Sangaré-Bah était présente."]
    assert "Pied de page ODT" in lines
    assert result.metadata["author"] == "Kadiatou Goïta-Sylla"
    assert {"author", "title"} <= result.sensitive_keys
    assert (result.ingestor, result.media_type) == ("ingest.odt.v1", "application/vnd.oasis.opendocument.text")


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_when_zip_bomb_inside_then_refused_before_unzipping(samples: dict[str, Path], tmp_path: Path,
                                                            kind: str) -> None:
    bomb = generate.zip_bomb_office(samples[kind], tmp_path / f"bomb.{kind}", 64 << 20)
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(ResourceLimitExceeded, match="zip bomb"):
        extract(bomb, options=IngestOptions(max_unzipped_bytes=32 << 20))


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_when_member_ratio_extreme_then_refused(samples: dict[str, Path], tmp_path: Path, kind: str) -> None:
    bomb = generate.zip_bomb_office(samples[kind], tmp_path / f"ratio.{kind}", 16 << 20)
    with pytest.raises(ResourceLimitExceeded, match="expands"):
        extract(bomb)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_when_truncated_then_corrupt_with_reason(samples: dict[str, Path], tmp_path: Path, kind: str) -> None:
    data = samples[kind].read_bytes()
    path = generate.write(tmp_path / f"cut.{kind}", data[: len(data) - 200])
    with pytest.raises(CorruptFile, match=f"cut.{kind}"):
        extract(path, media_type=DOCX if kind == "docx" else ODT)
