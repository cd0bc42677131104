"""Session fixtures: sample media generated once per test session, and the speech model loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.base import IngestOptions
from tests.ingest import generate


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ingest-media")


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default Whisper model assembled once for the session (not in the user's home)."""
    return tmp_path_factory.mktemp("model-cache") / "whisper-base"


@pytest.fixture(scope="session")
def asr_options(model_cache: Path) -> IngestOptions:
    return IngestOptions(model_cache_dir=model_cache)


@pytest.fixture(scope="session")
def english_wav(media_dir: Path) -> Path:
    return generate.speech_wav(media_dir / "english.wav", generate.ENGLISH_SPEECH, "en")


@pytest.fixture(scope="session")
def speech_files(media_dir: Path, english_wav: Path) -> dict[str, Path]:
    """The English recording in every format the archive accepts, named with the format."""
    out = media_dir / "speech"
    out.mkdir()
    return {
        "wav": english_wav,
        "mp3": generate.convert_audio(english_wav, out / "speech.mp3", "-c:a", "libmp3lame", "-b:a", "64k"),
        "opus": generate.convert_audio(english_wav, out / "speech.ogg", "-c:a", "libopus", "-b:a", "24k"),
        "m4a": generate.convert_audio(english_wav, out / "speech.m4a", "-c:a", "aac", "-b:a", "64k"),
        "aac": generate.convert_audio(english_wav, out / "speech.aac", "-c:a", "aac", "-b:a", "64k"),
        "flac": generate.convert_audio(english_wav, out / "speech.flac", "-c:a", "flac"),
        "amr": generate.amr(english_wav, out / "speech.amr"),
        "mp4": generate.mux_video(english_wav, out / "speech.mp4", "mp4"),
        "3gp": generate.mux_video(english_wav, out / "speech.3gp", "3gp"),
    }


@pytest.fixture(scope="session")
def samples(media_dir: Path) -> dict[str, Path]:
    """One small sample of each document and image format."""
    out = media_dir / "samples"
    out.mkdir()
    return {
        "pdf": generate.text_pdf(out / "statement.pdf", ["Déclaration du témoin Issa Kouyaté-Sow.",
                                                         "Deuxième page : les faits de Niagassola-Bas."],
                                 author="Mariam Dembélé-Cissé", producer="Fictoffice 1.0", title="PV 17"),
        "scanned_pdf": generate.scanned_pdf(out / "scan.pdf", ["Soldiers burned the granary", "Second scanned page"]),
        "docx": generate.docx_file(out / "interview.docx", author="Oumar Tangara-Fofana"),
        "odt": generate.odt_file(out / "hearing.odt", author="Kadiatou Goïta-Sylla"),
        "jpeg": generate.jpeg_with_gps(out / "photo.jpg", "Checkpoint near the river"),
        "png": generate.write(out / "note.png", _png(generate.text_image("Witness statement page"))),
        "tiff": generate.tiff_pages(out / "fax.tiff", ["First fax page", "Second fax page"]),
        "heic": generate.heic(out / "phone.heic", "Photo of the wall"),
    }


def _png(image: object) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # type: ignore[attr-defined]
    return buffer.getvalue()


@pytest.fixture(scope="session")
def huge_jpeg(media_dir: Path) -> Path:
    """A 20000x20000 JPEG with a line of text (encoded once per session)."""
    return generate.huge_jpeg(media_dir / "huge.jpg", 20_000, "Mass grave near the well")
