"""gzip for what a browser reads (pages, JSON, the API docs' scripts), never for what is downloaded as evidence.

A field office on a 32 KB/s link waits ~5x less for a page or a search answer when it is compressed. Originals and
bundle ZIPs are another matter: they are already compressed (audio, video, ZIP, PDF, images) or must arrive as the
exact bytes whose SHA-256 the archive vouches for, with their ``Content-Length`` and byte ranges intact, so
compressing them would only burn the server's CPU and break resumed downloads.

The rule is decided on the response itself, so a new download route is covered without being listed:
compress only an allow-listed text type, of at least ``minimum_size`` bytes (or streamed), with no
``Content-Disposition`` (an attachment), no ``X-Content-SHA256`` (a verified original), no ``Content-Range``
(partial content) and no ``Content-Encoding`` already. Starlette's ``GZipMiddleware`` decides by a deny-list of
media types, which would compress an original PDF or text file; hence this allow-list.
"""

from __future__ import annotations

import zlib

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE_TYPES = frozenset({
    "text/html", "text/plain", "text/css", "text/csv", "text/javascript", "application/javascript",
    "application/json", "application/problem+json", "application/xml", "image/svg+xml",
})
NEVER_WITH = ("content-disposition", "x-content-sha256", "content-range", "content-encoding")
MINIMUM_SIZE = 1024
LEVEL = 6  # zlib's default: most of level 9's gain for a fraction of its CPU on a 2-core server
THREAD_MINIMUM = 128 * 1024  # larger bodies are compressed off the event loop


def accepts_gzip(scope: Scope) -> bool:
    """Whether the request's Accept-Encoding allows gzip (a ``q=0`` refuses it)."""
    for part in Headers(scope=scope).get("accept-encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def compressible(start: Message) -> bool:
    """Whether a response, known by its start message, may be gzipped."""
    if start["status"] in (204, 206, 304) or start["status"] < 200:
        return False
    headers = Headers(raw=start.get("headers", []))
    if any(name in headers for name in NEVER_WITH):
        return False
    return headers.get("content-type", "").partition(";")[0].strip().lower() in COMPRESSIBLE_TYPES


class CompressPages:
    """ASGI middleware applying :func:`compressible` and gzip to HTTP responses."""

    def __init__(self, app: ASGIApp, *, minimum_size: int = MINIMUM_SIZE, level: int = LEVEL) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.level = level

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _GzipReply(send, self.minimum_size, self.level).send)


class _GzipReply:
    """One response: the start message is held until the first body shows whether compressing is worth it."""

    def __init__(self, send: Send, minimum_size: int, level: int) -> None:
        self._send = send
        self._minimum_size = minimum_size
        self._level = level
        self._start: Message | None = None
        self._mode = "undecided"  # then "identity" or "gzip"
        self._compressor: zlib._Compress | None = None

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            if compressible(message):
                MutableHeaders(raw=message.setdefault("headers", [])).add_vary_header("Accept-Encoding")
                self._start = message
            else:
                self._mode = "identity"
                await self._send(message)
        elif kind == "http.response.body" and self._mode == "undecided":
            await self._first_body(message)
        elif kind == "http.response.body" and self._mode == "gzip":
            message["body"] = await self._compress(message.get("body", b""), message.get("more_body", False))
            await self._send(message)
        else:
            await self._release_start()
            await self._send(message)

    async def _first_body(self, message: Message) -> None:
        body, more = message.get("body", b""), message.get("more_body", False)
        if not more and len(body) < self._minimum_size:
            self._mode = "identity"
            await self._release_start()
            await self._send(message)
            return
        self._mode = "gzip"
        assert self._start is not None
        headers = MutableHeaders(raw=self._start["headers"])
        headers["Content-Encoding"] = "gzip"
        for name in ("content-length", "accept-ranges"):  # they describe the uncompressed bytes
            if name in headers:
                del headers[name]
        if headers.get("etag", "W/").startswith('"'):  # same content, other bytes: a weak validator (RFC 9110)
            headers["etag"] = "W/" + headers["etag"]
        message["body"] = await self._compress(body, more)
        if not more:
            headers["Content-Length"] = str(len(message["body"]))
        await self._release_start()
        await self._send(message)

    async def _release_start(self) -> None:
        if self._start is not None:
            start, self._start = self._start, None
            await self._send(start)

    async def _compress(self, body: bytes, more: bool) -> bytes:
        if len(body) >= THREAD_MINIMUM:
            return await anyio.to_thread.run_sync(self._compress_now, body, more)
        return self._compress_now(body, more)

    def _compress_now(self, body: bytes, more: bool) -> bytes:
        if self._compressor is None:
            self._compressor = zlib.compressobj(self._level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = self._compressor.compress(body)
        return data + self._compressor.flush(zlib.Z_SYNC_FLUSH if more else zlib.Z_FINISH)
