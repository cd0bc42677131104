"""The registry: best score wins, built-ins and extensions share one door, bad input gives a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.base import Extraction, IngestOptions, Ingestor, Progress
from ingest.exc import EmptyFile, IngestError, UnsupportedMediaType
from ingest.registry import BUILTINS, Registry, default_registry, extract
from tests.ingest import generate


class LoudText(Ingestor):
    NAME = "test.loud.v1"
    MIME_TYPES = frozenset({"text/plain"})
    SCORE = 50

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        return Extraction(text=path.read_text(encoding="utf-8").upper(), media_type="text/plain",
                          ingestor=self.NAME, tool="test")


class Broken(Ingestor):
    NAME = "test.broken.v1"
    MIME_TYPES = frozenset({"text/plain"})
    SCORE = 99

    def extract(self, path: Path, *, options: IngestOptions, progress: Progress | None = None) -> Extraction:
        raise KeyError("internal slot")


@pytest.mark.parametrize(("media_type", "name"), [
    ("text/plain", "ingest.text.v1"), ("text/markdown", "ingest.text.v1"), ("text/html", "ingest.html.v1"),
    ("application/rtf", "ingest.rtf.v1"), ("application/pdf", "ingest.pdf.v2"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ingest.docx.v1"),
    ("application/vnd.oasis.opendocument.text", "ingest.odt.v1"), ("image/jpeg", "ingest.image.v2"),
    ("image/heic", "ingest.image.v2"), ("audio/opus", "ingest.audio.v1"), ("audio/amr", "ingest.audio.v1"),
    ("video/3gpp", "ingest.audio.v1"),
])
def test_when_media_type_then_builtin_chosen(media_type: str, name: str) -> None:
    assert name == default_registry().choose(media_type).NAME


def test_when_extension_scores_higher_then_it_wins(tmp_path: Path) -> None:
    registry = default_registry()
    registry.register(LoudText)
    path = tmp_path / "note.txt"
    path.write_text("bonjour", encoding="utf-8")
    assert registry.extract(path).text == "BONJOUR"
    assert len(registry.ingestors()) == len(BUILTINS) + 1


def test_when_name_registered_twice_then_refused() -> None:
    registry = Registry()
    registry.register(LoudText)
    clone = type("Clone", (LoudText,), {})
    with pytest.raises(ValueError, match=r"test\.loud\.v1"):
        registry.register(clone)


def test_when_ingestor_crashes_then_ingest_error_with_reason(tmp_path: Path) -> None:
    registry = Registry()
    registry.register(Broken)
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(IngestError, match=r"test\.broken\.v1 failed .*KeyError") as caught:
        registry.extract(path)
    assert isinstance(caught.value.__cause__, KeyError)


@pytest.mark.parametrize(("make", "error", "reason"), [
    (lambda d: generate.write(d / "empty.pdf", b""), EmptyFile, "empty"),
    (lambda d: generate.random_bytes(d / "photo.jpg"), UnsupportedMediaType, "no ingestor reads"),
    (lambda d: d / "missing.txt", IngestError, "not found"),
])
def test_when_bad_file_then_specific_error(tmp_path: Path, make: object, error: type[IngestError],
                                           reason: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(error, match=reason) as caught:
        extract(path)
    assert path.name in str(caught.value)


def test_when_media_type_given_then_no_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"%PDF-1.7 this is really text")
    assert extract(path, media_type="text/plain").ingestor == "ingest.text.v1"
