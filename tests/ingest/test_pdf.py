"""PDF: text layer per page, OCR for scanned pages, metadata, and PDFs that must be refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pymupdf
import pytest

from ingest.base import IngestOptions
from ingest.exc import CorruptFile, EncryptedDocument, IngestError, ResourceLimitExceeded
from ingest.registry import extract
from tests.ingest import generate
from tests.ingest.forms import generate_form, value_found


def test_when_text_layer_then_pages_numbered_without_ocr(samples: dict[str, Path]) -> None:
    seen: list[float] = []
    result = extract(samples["pdf"], progress=seen.append)
    assert [page.number for page in result.pages] == [1, 2]
    assert "Issa Kouyaté-Sow" in result.pages[0].text and "Niagassola-Bas" in result.pages[1].text
    assert not any(page.ocr for page in result.pages)
    assert (result.ingestor, result.language) == ("ingest.pdf.v2", "fr")
    assert result.tool.startswith("pymupdf ") and "tesseract" not in result.tool
    assert seen == [0.5, 1.0]


def test_when_metadata_then_author_and_creator_sensitive(samples: dict[str, Path]) -> None:
    result = extract(samples["pdf"])
    assert result.metadata["page_count"] == 2
    assert result.metadata["author"] == "Mariam Dembélé-Cissé"
    assert result.metadata["producer"] == "Fictoffice 1.0"
    assert {"author", "title"} <= result.sensitive_keys and "producer" not in result.sensitive_keys
    assert result.sensitive_keys <= set(result.metadata)
    json.dumps(result.metadata)


@pytest.mark.parametrize(("hint", "languages"), [("fr", "fra+eng"), ("en", "eng+fra"), (None, "fra+eng")])
def test_when_scanned_then_pages_ocr_in_hinted_language(samples: dict[str, Path], hint: str | None,
                                                        languages: str) -> None:
    result = extract(samples["scanned_pdf"], options=IngestOptions(language=hint))
    assert [page.ocr for page in result.pages] == [True, True]
    assert "granary" in result.pages[0].text and "Second scanned page" in result.pages[1].text
    assert result.metadata["ocr_pages"] == [1, 2]
    assert result.metadata["ocr_languages"] == languages
    assert "tesseract 5" in result.tool


def test_when_page_is_blank_then_no_ocr_and_empty_text(tmp_path: Path) -> None:
    result = extract(generate.many_pages_pdf(tmp_path / "blank.pdf", 3))
    assert [(page.number, page.text, page.ocr) for page in result.pages] == [(1, "", False), (2, "", False),
                                                                             (3, "", False)]
    assert result.language is None


def test_when_page_would_render_huge_then_resolution_is_capped(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page(width=14_400, height=14_400)
    png = generate.text_image("Poster of the hearing")
    buffer = io.BytesIO()
    png.save(buffer, format="PNG")
    page.insert_image(pymupdf.Rect(0, 0, 14_400, 4_235), stream=buffer.getvalue())
    document.save(tmp_path / "poster.pdf")
    result = extract(tmp_path / "poster.pdf", options=IngestOptions(max_pixels=4_000_000))
    assert result.pages[0].ocr and "hearing" in result.pages[0].text


def test_when_encrypted_then_refused_with_reason(tmp_path: Path) -> None:
    with pytest.raises(EncryptedDocument, match="password"):
        extract(generate.encrypted_pdf(tmp_path / "locked.pdf"))


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj garbage that never ends",
    b"%PDF-1.4\n" + bytes(range(256)) * 40,
])
def test_when_corrupt_then_refused_with_reason(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(CorruptFile) as caught:
        extract(generate.write(tmp_path / "broken.pdf", data))
    assert "broken.pdf" in str(caught.value)


def test_when_truncated_real_pdf_then_result_or_reason(samples: dict[str, Path], tmp_path: Path) -> None:
    data = samples["pdf"].read_bytes()
    path = generate.write(tmp_path / "cut.pdf", data[: len(data) // 2])
    try:
        result = extract(path)
    except IngestError as error:
        assert str(error)
    else:
        assert result.metadata["page_count"] >= 1


def test_when_page_count_over_limit_then_refused_before_work(tmp_path: Path) -> None:
    path = generate.many_pages_pdf(tmp_path / "bomb.pdf", 5001)
    seen: list[float] = []
    with pytest.raises(ResourceLimitExceeded, match="5,001 pages"):
        extract(path, progress=seen.append)
    assert seen == []


def test_when_page_tree_lies_then_refused(tmp_path: Path) -> None:
    path = generate.shared_kids_pdf(tmp_path / "liar.pdf", 1_000_000)
    with pytest.raises(CorruptFile, match="page tree"):
        extract(path)


def test_when_text_layer_then_pages_marked_text_layer_without_boxes(samples: dict[str, Path]) -> None:
    result = extract(samples["pdf"])
    for page in result.pages:
        assert (page.source, page.ocr, page.words, page.ocr_regions, page.width) == ("text_layer", False, (), (), 0)
    assert "ocr_forms" not in result.metadata


def test_when_scanned_then_pages_marked_ocr_with_boxes_on_the_render(samples: dict[str, Path]) -> None:
    result = extract(samples["scanned_pdf"], options=IngestOptions(language="en"))
    for page in result.pages:
        assert page.source == "ocr" and page.words
        with pymupdf.open(samples["scanned_pdf"]) as document:
            rect = document[page.number - 1].rect
        assert page.width == pytest.approx(rect.width * 300 / 72, abs=2)  # rendered at ocr_dpi
        assert page.height == pytest.approx(rect.height * 300 / 72, abs=2)
        for word in page.words:
            assert 0 <= word.box[0] < word.box[2] <= page.width and 0 <= word.box[1] < word.box[3] <= page.height


def test_when_scanned_form_pdf_then_its_values_are_in_the_text(tmp_path: Path) -> None:
    form = generate_form(4, "relatives_table", "scan", language="en", dpi=150)
    path = form.save(tmp_path / "declaration.pdf")
    result = extract(path, options=IngestOptions(language="en", ocr_dpi=150))
    values = [value for value in form.values if value.kind != "other"]
    assert sum(value_found(value.text, result.text) for value in values) >= 0.9 * len(values)
    assert result.metadata["ocr_pages"] == [1] and result.metadata["ocr_forms"] == [1]
    assert result.pages[0].source == "ocr"
    assert result.pages[0].width == pytest.approx(form.image.width, abs=2)
