"""Pages, JSON and the docs' scripts go out gzipped; originals, bundle ZIPs and byte ranges never do."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from archive.compression import MINIMUM_SIZE, CompressPages, accepts_gzip
from tests.archive.conftest import Accounts

GZIP = {"Accept-Encoding": "gzip"}


def _raw(client: TestClient, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
    """The response and its body exactly as sent on the wire (not decoded by the client)."""
    with client.stream("GET", url, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize(("url", "media_type"), [
    ("/openapi.json", "application/json"),
    ("/ui/login", "text/html"),
    ("/docs-assets/swagger-ui-bundle.js", "text/javascript"),
    ("/docs-assets/swagger-ui.css", "text/css"),
])
def test_when_a_page_json_or_script_is_large_then_it_is_gzipped_and_decodes_to_the_same_bytes(
        client: TestClient, url: str, media_type: str) -> None:
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    response, wire = _raw(client, url, GZIP)
    assert response.status_code == plain.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-encoding"] == "gzip" and "accept-encoding" in response.headers["vary"].lower()
    assert "content-encoding" not in plain.headers
    assert _without_csrf(gzip.decompress(wire)) == _without_csrf(plain.content)
    assert len(wire) < 0.6 * len(plain.content)


def test_when_a_json_answer_is_tiny_then_it_is_sent_as_is(client: TestClient) -> None:
    response, wire = _raw(client, "/health", GZIP)
    assert "content-encoding" not in response.headers and json.loads(wire) == {"status": "ok"}
    assert len(wire) < MINIMUM_SIZE


def test_when_a_compressed_script_is_asked_again_then_its_weak_etag_still_gives_304(client: TestClient) -> None:
    first = client.get("/docs-assets/swagger-ui-bundle.js", headers=GZIP)
    assert first.headers["etag"].startswith('W/"')
    again = client.get("/docs-assets/swagger-ui-bundle.js", headers={**GZIP, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(("data", "filename", "content_type"), [
    ("Témoignage : les soldats ont arrêté mon frère au marché. ".encode() * 200, "t.txt", "text/plain"),
    (json.dumps({"témoin": "Awa Traoré", "récit": "x" * 5000}).encode(), "fiche.json", "application/json"),
])
def test_when_an_original_is_downloaded_then_it_is_never_compressed_and_arrives_byte_exact(
        client: TestClient, accounts: Accounts, data: bytes, filename: str, content_type: str) -> None:
    officer = accounts.make("documentation_officer")
    case_id = client.post("/cases", json={"title": "Dossier Kidal 2012"}, headers=officer.headers).json()["id"]
    item = client.post(f"/cases/{case_id}/items", files={"file": (filename, data, content_type)},
                       data={"metadata": "{}", "consent": json.dumps([{"scope": "internal_case_use"}])},
                       headers=officer.headers).json()
    response, wire = _raw(client, f"/items/{item['id']}/original", {**officer.headers, **GZIP})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert wire == data and hashlib.sha256(wire).hexdigest() == response.headers["x-content-sha256"]


# -- the rule on a bare application: a bundle ZIP served as a file, ranges, streams, clients without gzip -------


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    bundle = tmp_path_factory.mktemp("bundles") / "bundle.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", json.dumps({"files": ["a"] * 4000}))
    notes = bundle.with_name("notes.txt")
    notes.write_text("Compte rendu de la séance. " * 400, encoding="utf-8")

    def zip_file(_request: Request) -> Response:
        return FileResponse(bundle, media_type="application/zip", filename="bundle-1.zip")

    def text_file(_request: Request) -> Response:
        return FileResponse(notes, media_type="text/plain")

    def stream(_request: Request) -> Response:
        lines = (json.dumps({"n": n, "texte": "déplacés vers Mopti"}) + "\n" for n in range(300))
        return StreamingResponse(lines, media_type="application/json")

    def big(_request: Request) -> Response:
        return JSONResponse({"words": ["témoin"] * 2000})

    app = Starlette(routes=[Route("/bundle.zip", zip_file), Route("/notes.txt", text_file),
                            Route("/stream", stream), Route("/big", big)])
    app.add_middleware(CompressPages)
    return TestClient(app)


def test_when_a_bundle_zip_is_downloaded_then_length_and_bytes_are_the_file(bare: TestClient,
                                                                           tmp_path: Path) -> None:
    response, wire = _raw(bare, "/bundle.zip", GZIP)
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(wire) and zipfile.is_zipfile(_write(tmp_path, wire))


@pytest.mark.parametrize("url", ["/bundle.zip", "/notes.txt"])
def test_when_a_byte_range_is_asked_then_the_exact_slice_comes_back_uncompressed(bare: TestClient, url: str) -> None:
    whole = bare.get(url, headers={"Accept-Encoding": "identity"}).content
    response, wire = _raw(bare, url, {**GZIP, "Range": "bytes=100-1123"})
    assert response.status_code == 206 and "content-encoding" not in response.headers
    assert wire == whole[100:1124] and response.headers["content-range"] == f"bytes 100-1123/{len(whole)}"


def test_when_a_json_answer_is_streamed_then_the_gzip_stream_decodes_to_every_line(bare: TestClient) -> None:
    response, wire = _raw(bare, "/stream", GZIP)
    assert response.headers["content-encoding"] == "gzip" and "content-length" not in response.headers
    lines = gzip.decompress(wire).decode().splitlines()
    assert [json.loads(line)["n"] for line in lines] == list(range(300))


@pytest.mark.parametrize(("accept", "compressed"), [
    ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True), ("*", True),
    ("identity", False), ("gzip;q=0", False), ("br", False), ("", False),
])
def test_when_the_client_states_its_encodings_then_gzip_only_if_accepted(
        bare: TestClient, accept: str, compressed: bool) -> None:
    response, wire = _raw(bare, "/big", {"Accept-Encoding": accept})
    assert (response.headers.get("content-encoding") == "gzip") is compressed
    body = gzip.decompress(wire) if compressed else wire
    assert json.loads(body)["words"][0] == "témoin"
    assert accepts_gzip({"type": "http", "headers": [(b"accept-encoding", accept.encode())]}) is compressed


def _without_csrf(page: bytes) -> bytes:
    """Pages carry a fresh CSRF token per response; everything else must be identical."""
    return re.sub(rb'(csrf="|name="csrf" value=")[^"]*', rb"\1", page)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "downloaded.zip"
    path.write_bytes(data)
    return path
