"""Sniffing looks at bytes only: every generated format, lying names, text encodings, random bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.sniff import DOCX, ODT, sniff, sniff_bytes
from tests.ingest import generate


@pytest.mark.parametrize(("name", "expected"), [
    ("pdf", "application/pdf"), ("scanned_pdf", "application/pdf"), ("docx", DOCX), ("odt", ODT),
    ("jpeg", "image/jpeg"), ("png", "image/png"), ("tiff", "image/tiff"), ("heic", "image/heic"),
])
def test_when_document_or_image_then_its_type(samples: dict[str, Path], name: str, expected: str) -> None:
    assert sniff(samples[name]) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("wav", "audio/wav"), ("mp3", "audio/mpeg"), ("opus", "audio/opus"), ("m4a", "audio/mp4"),
    ("aac", "audio/aac"), ("flac", "audio/flac"), ("amr", "audio/amr"), ("mp4", "video/mp4"),
    ("3gp", "video/3gpp"),
])
def test_when_recording_then_its_type(speech_files: dict[str, Path], name: str, expected: str) -> None:
    assert sniff(speech_files[name]) == expected


@pytest.mark.parametrize(("data", "expected"), [
    ("Le témoin est arrivé.\n".encode(), "text/plain"),
    ("\ufeffLe témoin est arrivé.\n".encode(), "text/plain"),
    ("Le témoin est arrivé.\n".encode("utf-16"), "text/plain"),
    ("Le témoin est arrivé, il a vu les hommes.\n".encode("utf-16-le"), "text/plain"),
    ("Le témoin est arrivé, il a vu les hommes.\n".encode("utf-16-be"), "text/plain"),
    ("Le témoin est arrivé à l’aube.\n".encode("cp1252"), "text/plain"),
    ("Le témoin est arrivé.\n".encode("latin-1"), "text/plain"),
    (b"# Audition\n\n- premier point\n- second point\n", "text/markdown"),
    (b"<!DOCTYPE html><html><body><p>Bonjour</p></body></html>", "text/html"),
    (b"  <html lang='fr'><head><title>T</title></head><body>x</body></html>", "text/html"),
    (b"{\\rtf1\\ansi Bonjour}", "application/rtf"),
    (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x1eOpusHead", "audio/opus"),
    (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x1e\x01vorbis", "audio/ogg"),
    (b"#!AMR-WB\n" + b"\x00" * 20, "audio/amr-wb"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00", "audio/mpeg"),
    (b"\x00\x01\x02\x03garbage\x00\xff", "application/octet-stream"),
    (("Le témoin.\x07\n" * 5).encode(), "application/octet-stream"),  # control bytes above 1 %: not text
    (("a" * 300 + "\x01").encode(), "text/plain"),  # one stray control byte in 301: still text
    (("é" * 5000).encode(), "text/plain"),  # the head ends inside a two-byte character
    (b"", "application/octet-stream"),
])
def test_when_head_bytes_then_type(data: bytes, expected: str) -> None:
    assert sniff_bytes(data) == expected


@pytest.mark.parametrize(("source", "lying_name"), [
    ("docx", "statement.pdf"), ("pdf", "photo.jpg"), ("jpeg", "notes.txt"), ("odt", "interview.docx"),
])
def test_when_extension_lies_then_bytes_win(samples: dict[str, Path], tmp_path: Path, source: str,
                                            lying_name: str) -> None:
    liar = shutil.copyfile(samples[source], tmp_path / lying_name)
    assert sniff(liar) == sniff(samples[source])


def test_when_random_bytes_then_octet_stream(tmp_path: Path) -> None:
    assert sniff(generate.random_bytes(tmp_path / "blob.pdf")) == "application/octet-stream"


def test_when_plain_zip_then_zip(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "bundle.docx", "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    assert sniff(tmp_path / "bundle.docx") == "application/zip"


def test_when_sniffing_then_only_the_head_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Le temoin parle.\n" * 600 + b"\x00" * 5_000_000)
    assert sniff(big) == "text/plain"
