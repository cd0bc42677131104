"""Redacted images (redaction/image.py): names painted over, metadata gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from redaction.image import ImageRedactionReport, redact_image, strip_image_metadata
from redaction.needles import fold_key
from redaction.ocr_words import ocr_words
from redaction.output_errors import RedactionError

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NEEDLES = ["Aminata Keïta", "Ngolobougou", "76 12 34 56"]
GPS_IFD = 0x8825


def _draw_testimony(size: tuple[int, int] = (1400, 420)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    draw.text((40, 40), "Déposition de Aminata Keïta,", font=font, fill="black")
    draw.text((40, 120), "née à Ngolobougou, tél. 76 12 34 56.", font=font, fill="black")
    draw.text((40, 200), "Le commandant est parti vers Gao.", font=font, fill=(20, 20, 120))
    return image


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CameraCo"
    exif[0x0131] = "Aminata Keita phone"
    exif[GPS_IFD] = {1: "N", 2: (12.0, 39.0, 0.0), 3: "W", 4: (8.0, 0.0, 0.0)}
    return exif


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("images")
    image = _draw_testimony()
    jpeg = folder / "photo.jpg"
    image.save(jpeg, quality=95, exif=_exif_with_gps().tobytes())
    png = folder / "scan.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Aminata Keita")
    info.add_itxt("Description", "Ngolobougou, 76 12 34 56")
    image.save(png, pnginfo=info, exif=_exif_with_gps().tobytes())
    return {"jpeg": jpeg, "png": png}


def _read(path: Path) -> str:
    return " ".join(w.text for w in ocr_words(path, lang="fra+eng"))


@pytest.mark.parametrize(("kind", "suffix"), [("jpeg", ".jpg"), ("png", ".png"), ("png", ".webp")])
def test_when_an_image_is_redacted_then_ocr_no_longer_reads_the_names(
        pictures: dict[str, Path], tmp_path: Path, kind: str, suffix: str) -> None:
    src = pictures[kind]
    assert "ngolobougou" in fold_key(_read(src))
    dst = tmp_path / f"out{suffix}"
    report = redact_image(src, dst, needles=[*NEEDLES, "Absent Nom"])
    assert isinstance(report, ImageRedactionReport)
    text = fold_key(_read(dst))
    for secret in ("aminata", "keita", "ngolobougou", "76123456"):
        assert secret not in text, secret
    assert "commandant" in text
    assert report.needles_not_found == ("Absent Nom",)
    assert len(report.boxes[0]) >= 4


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_when_an_image_is_redacted_then_exif_gps_and_text_chunks_are_gone(
        pictures: dict[str, Path], tmp_path: Path, kind: str) -> None:
    src = pictures[kind]
    with Image.open(src) as original:
        assert original.getexif().get_ifd(GPS_IFD)
    dst = tmp_path / f"out-{kind}.png"
    redact_image(src, dst, needles=["Ngolobougou"])
    with Image.open(dst) as written:
        assert len(written.getexif()) == 0
        assert not [k for k in written.info if k not in ("dpi",)]
    raw = dst.read_bytes()
    for marker in (b"Exif", b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"CameraCo", b"Aminata", b"Ngolobougou"):
        assert marker not in raw


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tiff", ".webp"])
def test_when_metadata_is_stripped_then_pixels_stay_and_metadata_goes(pictures: dict[str, Path],
                                                                      tmp_path: Path, suffix: str) -> None:
    dst = strip_image_metadata(pictures["jpeg"], tmp_path / f"clean{suffix}")
    with Image.open(dst) as written:
        assert written.size == (1400, 420)
        tags = set(written.getexif())
        if suffix == ".tiff":  # a TIFF's own structure is stored as tags: keep only those
            assert tags <= {256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 296, 282, 283, 317}
            assert not tags & {271, 272, 305, 306, 315, 34665, 34853, 700, 34675}
        else:
            assert tags == set()
        assert "icc_profile" not in written.info and "exif" not in written.info
    assert b"CameraCo" not in dst.read_bytes()


def test_when_exif_rotates_the_photo_then_the_output_is_upright_and_still_redacted(tmp_path: Path) -> None:
    src = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    _draw_testimony().rotate(90, expand=True).save(src, exif=exif.tobytes(), quality=95)
    dst = tmp_path / "upright.png"
    redact_image(src, dst, needles=["Ngolobougou"])
    with Image.open(dst) as written:
        assert written.size == (1400, 420)
    assert "ngolobougou" not in fold_key(_read(dst))


@pytest.mark.parametrize(("size", "message"), [
    ((10000, 6000), r"huge.png: image is 10000x6000 = 60,000,000 pixels, above the limit of 50,000,000"),
    ((20000, 20000), r"huge.png: image is far above the limit of 50,000,000 pixels"),
])
def test_when_the_image_is_too_big_then_it_is_refused_before_decoding(tmp_path: Path, size: tuple[int, int],
                                                                      message: str) -> None:
    src = tmp_path / "huge.png"
    Image.new("1", size).save(src)
    with pytest.raises(RedactionError, match=message):
        redact_image(src, tmp_path / "out.png", needles=["x"])
    with pytest.raises(RedactionError, match=message):
        strip_image_metadata(src, tmp_path / "out.png")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("noise.png", b"\x89PNG\r\n\x1a\n not really", "not a readable image"),
    ("empty.jpg", b"", "not a readable image"),
])
def test_when_the_image_is_unreadable_then_it_fails_clearly(tmp_path: Path, name: str, content: bytes,
                                                            message: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(RedactionError, match=f"{name}: {message}"):
        redact_image(src, tmp_path / "out.png", needles=["x"])


def test_when_the_output_suffix_is_unknown_then_it_is_refused(pictures: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(RedactionError, match=r"suffix '\.bmp'"):
        redact_image(pictures["png"], tmp_path / "out.bmp", needles=["x"])


def test_when_a_tiff_has_pages_then_every_page_is_redacted(tmp_path: Path) -> None:
    src = tmp_path / "pages.tiff"
    first, second = _draw_testimony(), Image.new("RGB", (1400, 420), "white")
    ImageDraw.Draw(second).text((40, 40), "Témoin Ngolobougou second", font=ImageFont.truetype(FONT, 40),
                                fill="black")
    first.save(src, save_all=True, append_images=[second])
    dst = tmp_path / "pages-out.tiff"
    report = redact_image(src, dst, needles=["Ngolobougou"])
    assert len(report.boxes) == 2 and all(report.boxes)
    with Image.open(dst) as written:
        assert written.n_frames == 2
        written.seek(1)
        page = tmp_path / "page2.png"
        written.save(page)
    assert "ngolobougou" not in fold_key(_read(page))
