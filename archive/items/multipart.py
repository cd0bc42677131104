"""Stream a multipart/form-data request body with python-multipart, straight into an IncomingFile.

Small text fields are kept in memory (bounded); the single file part is hashed and written to disk
chunk by chunk, so memory does not grow with the file's size. A body that ends early (client gone,
connection cut) leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from archive.errors import DomainError
from archive.items.incoming import IncomingFile, ReceivedFile, safe_filename

MAX_FIELD_BYTES = 256 * 1024
FILE_FIELD = "file"


class BadUpload(DomainError):
    """The request body is not a usable upload (with what to do about it)."""

    status = 400


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    headers: dict[str, bytes] = field(default_factory=dict)
    value: bytearray = field(default_factory=bytearray)


@dataclass
class ReceivedForm:
    fields: dict[str, str]
    file: ReceivedFile | None


def boundary_of(content_type: str | None) -> bytes:
    if not content_type:
        raise BadUpload("upload_no_content_type")
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise BadUpload("upload_not_multipart")
    return params[b"boundary"]


def _disposition(raw: bytes) -> tuple[str, str | None]:
    _, params = parse_options_header(raw)
    name = params.get(b"name", b"").decode("utf-8", errors="replace")
    filename: str | None = None
    if b"filename*" in params:  # RFC 5987: utf-8''percent-encoded
        from urllib.parse import unquote_to_bytes

        value = params[b"filename*"].split(b"''", 1)[-1]
        filename = unquote_to_bytes(value).decode("utf-8", errors="replace")
    elif b"filename" in params:
        filename = params[b"filename"].decode("utf-8", errors="replace")
    return name, filename


async def receive_form(chunks: AsyncIterator[bytes], *, content_type: str | None, directory: Path,
                       limit: int) -> ReceivedForm:
    boundary = boundary_of(content_type)
    fields: dict[str, str] = {}
    state: dict[str, object] = {"ended": False}
    part = _Part()
    header_field = bytearray()
    header_value = bytearray()
    incoming: IncomingFile | None = None
    received: ReceivedFile | None = None

    def on_part_begin() -> None:
        nonlocal part
        part = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        part.headers[header_field.decode("latin-1").lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        nonlocal incoming
        part.name, part.filename = _disposition(part.headers.get("content-disposition", b""))
        if part.name == FILE_FIELD:
            if incoming is not None or received is not None:
                raise BadUpload("upload_one_file")
            incoming = IncomingFile(directory, limit=limit, filename=safe_filename(part.filename))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.name == FILE_FIELD and incoming is not None:
            incoming.write(memoryview(data)[start:end])
            return
        part.value.extend(data[start:end])
        if len(part.value) > MAX_FIELD_BYTES:
            raise BadUpload("upload_field_large", field=part.name)

    def on_part_end() -> None:
        nonlocal incoming, received
        if part.name == FILE_FIELD and incoming is not None:
            received = incoming.finish()
            incoming = None
        elif part.name:
            fields[part.name] = part.value.decode("utf-8", errors="strict")

    def on_end() -> None:
        state["ended"] = True

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished, "on_end": on_end,
    })
    try:
        async for chunk in chunks:
            if chunk:
                parser.write(chunk)
        parser.finalize()
        if not state["ended"]:
            raise BadUpload("upload_cut_off")
    except BaseException:
        if incoming is not None:
            incoming.discard()
        if received is not None:
            received.path.unlink(missing_ok=True)
        raise
    return ReceivedForm(fields, received)
