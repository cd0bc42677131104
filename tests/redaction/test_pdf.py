"""Redacted PDFs (redaction/pdf.py): the text is gone from every layer a reader could reach."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pymupdf
import pytest

from redaction.needles import fold_key
from redaction.ocr_words import ocr_words
from redaction.output_errors import RedactionError, RedactionLeak
from redaction.pdf import PageSpan, PdfRedactionReport, page_texts, redact_pdf

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NEEDLES = ["Moussa Coulibaly", "Aminata Keïta", "Fatoumata Traore", "Seydou Diarra", "Ngolobougou",
           "76 12 34 56", "+223 65 43 21 09", "Oumou Sangaré"]
SECRETS = ["Moussa Coulibaly", "Aminata", "Keita", "Fatoumata", "Traore", "Seydou Diarra", "Ngolobougou",
           "76 12 34 56", "76123456", "65 43 21 09", "65432109", "Oumou"]
KEPT = ["Le commandant est parti vers Gao", "la saison des pluies", "Bamako"]


def _text_page(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    page.insert_text((72, 72), "Témoin : Moussa Coulibaly, cultivateur.", fontname="helv", fontsize=12)
    page.insert_text((72, 100), "Il a vu Fatoumata Traoré pendant la saison des pluies.", fontname="tiro",
                     fontsize=14)
    page.insert_text((72, 130), "SEYDOU DIARRA habite à N'Golobougou.", fontname="cour", fontsize=9)
    page.insert_font(fontname="dejavu", fontfile=DEJAVU)
    page.insert_text((72, 160), "Appeler le 76.12.34.56 ou le +223 65 43 21 09.", fontname="dejavu",
                     fontsize=20)
    page.insert_text((72, 200), "Le récit d'Aminata Kei-", fontname="helv", fontsize=11)
    page.insert_text((72, 214), "ta commence à Bamako.", fontname="helv", fontsize=11)
    page.insert_text((72, 240), "Sa voisine Oumou", fontname="helv", fontsize=10)
    page.insert_text((72, 254), "Sangaré confirme.", fontname="helv", fontsize=10)
    page.insert_text((72, 290), "Le commandant est parti vers Gao.", fontname="helv", fontsize=12)
    page.insert_text((-300, 400), "Hors cadre : Moussa Coulibaly", fontname="helv", fontsize=12)
    page.add_freetext_annot(pymupdf.Rect(300, 500, 550, 540), "Note : appeler Seydou Diarra")
    page.add_text_annot((50, 600), "Commentaire sur Aminata Keïta")


def _scan_page(doc: pymupdf.Document) -> None:
    scan = pymupdf.open()
    sheet = scan.new_page(width=700, height=260)
    sheet.insert_text((30, 90), "Rapport sur Aminata Keita", fontname="helv", fontsize=30)
    sheet.insert_text((30, 170), "Le commandant est parti vers Gao", fontname="helv", fontsize=30)
    pixmap = sheet.get_pixmap(dpi=200)
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(40, 60, 560, 253), pixmap=pixmap)


@pytest.fixture(scope="session")
def testimony_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = pymupdf.open()
    _text_page(doc)
    _scan_page(doc)
    rotated = doc.new_page()
    rotated.set_rotation(90)
    rotated.insert_text((72, 100), "Page tournée : Moussa Coulibaly à Bamako.", fontname="helv", fontsize=12)
    doc.set_metadata({"author": "Moussa Coulibaly", "title": "Témoignage de Aminata Keïta",
                      "subject": "Ngolobougou", "keywords": "Seydou Diarra"})
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>Moussa Coulibaly</dc></x:xmpmeta>")
    doc.embfile_add("liste.txt", b"Moussa Coulibaly 76 12 34 56", desc="Oumou Sangare")
    doc.set_toc([[1, "Récit de Moussa Coulibaly", 1]])
    path = tmp_path_factory.mktemp("pdf") / "temoignage.pdf"
    doc.save(path)
    return path


@pytest.fixture(scope="session")
def redacted(testimony_pdf: Path) -> tuple[Path, PdfRedactionReport]:
    dst = testimony_pdf.with_name("caviarde.pdf")
    report = redact_pdf(testimony_pdf, dst, needles=[*NEEDLES, "Nom Absent"])
    return dst, report


def _folded(text: str) -> str:
    return fold_key(text)


def test_when_redacted_then_pymupdf_extracts_no_secret_and_keeps_the_rest(
        redacted: tuple[Path, PdfRedactionReport]) -> None:
    dst, _ = redacted
    with pymupdf.open(dst) as doc:
        text = "".join(page.get_text("text", clip=pymupdf.INFINITE_RECT(),
                                     flags=pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP) for page in doc)
    for secret in SECRETS:
        assert _folded(secret) not in _folded(text), secret
    for kept in KEPT:
        assert kept in text


def test_when_redacted_then_pdftotext_extracts_no_secret(redacted: tuple[Path, PdfRedactionReport],
                                                         testimony_pdf: Path) -> None:
    dst, _ = redacted
    before = subprocess.run(["pdftotext", str(testimony_pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    assert all(_folded(secret) in _folded(before) for secret in SECRETS if secret != "Aminata")
    text = subprocess.run(["pdftotext", "-nopgbrk", str(dst), "-"], capture_output=True, text=True,
                          check=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(dst), "-"], capture_output=True, text=True, check=True).stdout
    for secret in SECRETS:
        assert _folded(secret) not in _folded(text), secret
        assert _folded(secret) not in _folded(raw), secret
    assert "Le commandant est parti vers Gao" in text


def test_when_redacted_then_no_decompressed_byte_holds_a_secret(redacted: tuple[Path, PdfRedactionReport],
                                                                tmp_path: Path) -> None:
    dst, _ = redacted
    expanded = tmp_path / "expanded.pdf"
    with pymupdf.open(dst) as doc:
        doc.save(expanded, garbage=4, clean=True, expand=255)
        streams = b"".join((doc.xref_stream(x) or b"") + doc.xref_object(x).encode("latin-1", "replace")
                           for x in range(1, doc.xref_length()))
    source = tmp_path / "source-expanded.pdf"
    with pymupdf.open(redacted[0].with_name("temoignage.pdf")) as doc:
        doc.save(source, expand=255)
    assert b"Moussa Coulibaly" in source.read_bytes()
    for blob in (dst.read_bytes(), expanded.read_bytes(), streams):
        for secret in ["Moussa", "Coulibaly", "Seydou", "Diarra", "Ngolobougou", "Aminata", "Oumou",
                       "Fatoumata"]:
            for encoded in (secret.encode("latin-1"), secret.upper().encode("latin-1"),
                            secret.encode("utf-16-be")):
                assert encoded not in blob, secret


def test_when_redacted_then_metadata_attachments_annotations_and_outlines_are_gone(
        redacted: tuple[Path, PdfRedactionReport]) -> None:
    dst, report = redacted
    with pymupdf.open(dst) as doc:
        assert {k: v for k, v in doc.metadata.items() if v and k not in ("format", "encryption")} == {}
        assert doc.get_xml_metadata() == ""
        assert doc.embfile_count() == 0
        assert doc.get_toc() == []
        assert all(page.first_annot is None for page in doc)
    assert "document information" in report.scrubbed
    assert "1 attachments" in report.scrubbed


def test_when_redacted_then_the_report_counts_boxes_and_missing_needles(
        redacted: tuple[Path, PdfRedactionReport]) -> None:
    _, report = redacted
    assert report.pages == 3
    assert report.boxes_per_page[0] >= 9
    assert report.boxes_per_page[1] >= 2
    assert report.boxes_per_page[2] == 1
    assert report.ocr_pages == (2,)
    assert report.needles_not_found == ("Nom Absent",)


def test_when_a_scanned_page_is_redacted_then_ocr_no_longer_reads_the_name(
        redacted: tuple[Path, PdfRedactionReport], tmp_path: Path) -> None:
    dst, _ = redacted
    image = tmp_path / "scan.png"
    with pymupdf.open(dst) as doc:
        doc[1].get_pixmap(dpi=300).save(image)
        pixels = doc.extract_image(doc[1].get_images()[0][0])["image"]
    raw_image = tmp_path / "embedded.png"
    raw_image.write_bytes(pixels)
    for path in (image, raw_image):
        words = " ".join(w.text for w in ocr_words(path, lang="fra+eng"))
        assert "aminata" not in _folded(words) and "keita" not in _folded(words), words
        assert "commandant" in words


def test_when_redacting_with_a_page_span_then_only_that_page_is_touched(tmp_path: Path) -> None:
    src = tmp_path / "spans.pdf"
    doc = pymupdf.open()
    for _ in range(2):
        doc.new_page().insert_text((72, 72), "Moussa Coulibaly est parti.", fontname="helv", fontsize=12)
    doc.save(src)
    text = page_texts(src)[1]
    start = text.index("Moussa Coulibaly")
    dst = tmp_path / "out.pdf"
    redact_pdf(src, dst, char_spans=[PageSpan(2, start, start + 16, "Moussa Coulibaly")])
    after = page_texts(dst)
    assert "Moussa Coulibaly" in after[0]
    assert "Moussa" not in after[1] and "est parti." in after[1]


def test_when_a_span_does_not_match_the_page_text_then_it_is_refused(testimony_pdf: Path,
                                                                      tmp_path: Path) -> None:
    with pytest.raises(RedactionError, match="does not match page 1"):
        redact_pdf(testimony_pdf, tmp_path / "x.pdf", char_spans=[PageSpan(1, 0, 5, "Seydou")])
    with pytest.raises(RedactionError, match="names page 9"):
        redact_pdf(testimony_pdf, tmp_path / "x.pdf", char_spans=[PageSpan(9, 0, 5)])
    assert not (tmp_path / "x.pdf").exists()


def test_when_a_name_hides_in_a_private_key_then_the_leak_is_caught(tmp_path: Path) -> None:
    src = tmp_path / "hidden.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Rien à signaler.", fontname="helv", fontsize=12)
    doc.xref_set_key(page.xref, "TemoinNote", "(Moussa Coulibaly)")
    doc.save(src)
    dst = tmp_path / "hidden-out.pdf"
    with pytest.raises(RedactionLeak, match=r"'Moussa Coulibaly'.*PDF object"):
        redact_pdf(src, dst, needles=["Moussa Coulibaly"])
    assert not dst.exists()
    assert list(tmp_path.glob(".redacting-*")) == []


def test_when_the_pdf_is_encrypted_then_it_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Moussa Coulibaly", fontname="helv")
    doc.save(src, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(RedactionError, match="encrypted with a password"):
        redact_pdf(src, tmp_path / "out.pdf", needles=["Moussa Coulibaly"])
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n garbage \x00\xff" * 3, b"not a pdf at all"])
def test_when_the_pdf_is_corrupt_then_it_fails_clearly(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "broken.pdf"
    src.write_bytes(content)
    with pytest.raises(RedactionError, match=r"broken\.pdf: (not a readable PDF|the PDF has no pages)"):
        redact_pdf(src, tmp_path / "out.pdf", needles=["Moussa Coulibaly"])


def test_when_the_pdf_is_missing_then_it_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(RedactionError, match=r"absent\.pdf: no such file"):
        redact_pdf(tmp_path / "absent.pdf", tmp_path / "out.pdf", needles=["x"])


def test_when_progress_is_followed_then_it_rises_to_one(testimony_pdf: Path, tmp_path: Path) -> None:
    seen: list[float] = []
    redact_pdf(testimony_pdf, tmp_path / "p.pdf", needles=["Seydou Diarra"], ocr="never", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 4


def test_when_page_texts_are_read_then_they_equal_pymupdf_text(testimony_pdf: Path) -> None:
    with pymupdf.open(testimony_pdf) as doc:
        assert page_texts(testimony_pdf) == [page.get_text("text") for page in doc]
