"""Test-only HTTP node: osmem-server answers 406 to the ``compatible-with=9`` media types of the 9.x client.

Only those two media types are rewritten; everything else goes through the stock urllib3 node untouched.
"""

from __future__ import annotations

from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport._node._base import NodeApiResponse
from elastic_transport.client_utils import DEFAULT, DefaultType

_REWRITES = {
    "application/vnd.elasticsearch+json; compatible-with=9": "application/json",
    "application/vnd.elasticsearch+x-ndjson; compatible-with=9": "application/x-ndjson",
}


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> NodeApiResponse:
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value in _REWRITES:
                    headers[name] = _REWRITES[value]
        return super().perform_request(
            method, target, body=body, headers=headers, request_timeout=request_timeout
        )
