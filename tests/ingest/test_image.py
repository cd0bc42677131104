"""Images through OCR: formats, multi-page TIFF, EXIF GPS, transparency, and pixel bombs with bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.base import IngestOptions
from ingest.exc import CorruptFile, ResourceLimitExceeded
from ingest.registry import extract
from tests.ingest import generate


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
