"""Images through OCR: formats, multi-page TIFF, EXIF GPS, transparency, and pixel bombs with bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.base import IngestOptions
from ingest.exc import CorruptFile, ResourceLimitExceeded
from ingest.registry import extract
from tests.ingest import generate
from tests.ingest.forms import generate_form, value_found


@pytest.mark.parametrize(("name", "words", "media_type"), [
    ("png", "Witness statement page", "image/png"),
    ("jpeg", "Checkpoint near the river", "image/jpeg"),
    ("heic", "Photo of the wall", "image/heic"),
])
def test_when_image_then_ocr_text(samples: dict[str, Path], name: str, words: str, media_type: str) -> None:
    result = extract(samples[name], options=IngestOptions(language="en"))
    assert words in result.text
    assert [(page.number, page.ocr) for page in result.pages] == [(1, True)]
    assert (result.ingestor, result.media_type) == ("ingest.image.v2", media_type)
    assert "tesseract 5" in result.tool and result.metadata["ocr_languages"] == "eng+fra"


def test_when_tiff_has_pages_then_one_page_each(samples: dict[str, Path]) -> None:
    seen: list[float] = []
    result = extract(samples["tiff"], progress=seen.append)
    assert [page.number for page in result.pages] == [1, 2]
    assert "First fax page" in result.pages[0].text and "Second fax page" in result.pages[1].text
    assert result.metadata["frames"] == 2 and seen == [0.5, 1.0]


def test_when_jpeg_has_exif_gps_then_metadata_and_sensitive(samples: dict[str, Path]) -> None:
    result = extract(samples["jpeg"])
    meta = result.metadata
    assert (meta["camera_make"], meta["camera_model"], meta["modified_at"]) == ("Fictocam", "FC-100",
                                                                               "2024:03:14 09:30:00")
    assert meta["gps_latitude"] == pytest.approx(14.46)
    assert meta["gps_longitude"] == pytest.approx(-4.19)
    assert meta["gps_altitude"] == pytest.approx(280.0)
    assert {"gps_latitude", "gps_longitude", "gps_altitude"} <= result.sensitive_keys
    assert "camera_make" not in result.sensitive_keys
    json.dumps(meta)


def test_when_png_is_transparent_then_text_read_on_white(tmp_path: Path) -> None:
    image = Image.new("RGBA", (1400, 220), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((30, 60), "Transparent evidence label", fill=(0, 0, 0, 255),
                               font=ImageFont.truetype(generate.FONT, 72))
    image.save(tmp_path / "label.png")
    assert "Transparent evidence label" in extract(tmp_path / "label.png").text


_ISOLATED = """
import json, sys
from pathlib import Path
from ingest.exc import IngestError
from ingest.registry import extract
try:
    result = extract(Path(sys.argv[1]))
    report = {"text": result.text, "meta": dict(result.metadata)}
except IngestError as error:
    report = {"error": type(error).__name__, "reason": str(error)}
status = Path("/proc/self/status").read_text()
report["peak_mib"] = int(status.split("VmHWM:")[1].split()[0]) // 1024
print(json.dumps(report))
"""


def _extract_in_fresh_process(path: Path) -> dict[str, Any]:
    """Run one extraction in its own process and report its peak resident memory (VmHWM)."""
    done = subprocess.run([sys.executable, "-c", _ISOLATED, str(path)], capture_output=True, text=True,
                          timeout=300, check=True, cwd=Path(__file__).resolve().parents[2])
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_when_png_is_20000_square_then_refused_without_decoding(tmp_path: Path) -> None:
    report = _extract_in_fresh_process(generate.huge_png(tmp_path / "bomb.png", 20_000))
    assert report["error"] == "ResourceLimitExceeded" and "20,000x20,000" in report["reason"]
    assert report["peak_mib"] < 150, report["peak_mib"]  # decoding it would take 381 MiB


def test_when_jpeg_is_20000_square_then_downscaled_in_bounded_memory(huge_jpeg: Path) -> None:
    report = _extract_in_fresh_process(huge_jpeg)
    assert "grave near the well" in report["text"]
    assert report["meta"]["downscaled"] == {"1": "1/4"}
    assert report["peak_mib"] < 250, report["peak_mib"]  # a full decode alone would take 381 MiB


def test_when_jpeg_too_big_even_at_one_eighth_then_refused(huge_jpeg: Path) -> None:
    with pytest.raises(ResourceLimitExceeded, match="max_pixels"):
        extract(huge_jpeg, options=IngestOptions(max_pixels=1_000_000))


@pytest.mark.parametrize("name", ["png", "jpeg", "tiff"])
def test_when_image_truncated_then_corrupt_with_reason(samples: dict[str, Path], tmp_path: Path,
                                                       name: str) -> None:
    data = samples[name].read_bytes()
    path = generate.write(tmp_path / f"cut-{samples[name].name}", data[: len(data) // 3])
    with pytest.raises(CorruptFile, match="cut-"):
        extract(path)


def test_when_image_read_then_page_is_ocr_with_word_boxes_on_the_image(samples: dict[str, Path]) -> None:
    result = extract(samples["png"], options=IngestOptions(language="en"))
    page = result.pages[0]
    assert (page.source, page.width, page.height) == ("ocr", result.metadata["width"], result.metadata["height"])
    assert [word.text for word in page.words] == ["Witness", "statement", "page"]
    for word in page.words:
        assert 0 <= word.box[0] < word.box[2] <= page.width and 0 <= word.box[1] < word.box[3] <= page.height
    document = json.loads(json.dumps(asdict(result.pages[0])))  # the archive stores pages as JSON
    assert set(document) == {"number", "text", "ocr", "source", "width", "height", "words",
                                         "ocr_regions"}
    assert set(document["words"][0]) == {"text", "box", "confidence"}


def test_when_scanned_form_then_values_read_and_regions_marked(tmp_path: Path) -> None:
    form = generate_form(8, "admission_grid", "scan", language="fr", dpi=150)
    result = extract(form.save(tmp_path / "fiche.jpg"), options=IngestOptions(language="fr"))
    page = result.pages[0]
    found = [value for value in form.values if value.kind != "other" and value_found(value.text, result.text)]
    assert len(found) >= 0.9 * sum(value.kind != "other" for value in form.values)
    assert result.metadata["ocr_forms"] == [1]
    for region in page.ocr_regions:
        assert region.kind in ("low_confidence", "unread") and 0.0 <= region.confidence < 1.0
        assert 0 <= region.box[0] < region.box[2] <= page.width and 0 <= region.box[1] < region.box[3] <= page.height
    signatures = [r for r in page.ocr_regions if r.kind == "unread" and r.box[1] > page.height // 2]
    assert signatures  # the two signatures at the bottom of the sheet were not read


def test_when_jpeg_downscaled_then_boxes_on_the_full_size_image(huge_jpeg: Path) -> None:
    result = extract(huge_jpeg)
    page = result.pages[0]
    assert (page.width, page.height) == (20_000, 20_000)
    first = page.words[0]  # drawn at (1000, 6666) on the full image, read on a 1/4 decode and carried back
    assert first.text == "Mass" and abs(first.box[0] - 1_000) < 120 and abs(first.box[1] - 6_700) < 200


@pytest.mark.parametrize(("name", "size", "colour"), [
    ("black", (1240, 1754), 0), ("white", (1240, 1754), 255), ("dot", (1, 1), 0), ("huge-blank", (6000, 8000), 255),
])
def test_when_image_has_nothing_to_read_then_empty_page_not_an_error(tmp_path: Path, name: str,
                                                                     size: tuple[int, int], colour: int) -> None:
    path = tmp_path / f"{name}.png"
    Image.new("L", size, colour).save(path)
    result = extract(path)
    assert result.text.strip() == "" and result.language is None
    page = result.pages[0]
    assert (page.source, page.words) == ("ocr", ())
    assert [region.kind for region in page.ocr_regions] == (["unread"] if name == "black" else [])
