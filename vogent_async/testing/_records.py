"""The fake server's request log: what each client sent, and what it got back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from vogent_async.testing._faults import FaultRule

__all__ = ["RecordedRequest", "redact_headers"]

_SECRET_HEADERS = frozenset({"authorization", "api_key", "x-api-key", "cookie"})
REDACTED = "[redacted]"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Copy request headers with credentials replaced by ``[redacted]``.

    ``Authorization: Bearer <key>`` becomes ``Bearer [redacted]``, so a test can
    still see which scheme the client used.
    """
    out: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() not in _SECRET_HEADERS:
            out[name] = value
        elif name.lower() == "authorization" and value.startswith("Bearer "):
            out[name] = f"Bearer {REDACTED}"
        else:
            out[name] = REDACTED
    return out


@attrs.frozen
class RecordedRequest:
    """One request the fake received, in the order they arrived.

    Attributes:
        method: The HTTP method.
        path: The path below the API root, e.g. ``/batch_dial_jobs/<id>/dials``.
        route: The contract route it matched, e.g. ``GET /batch_dial_jobs/{id}/dials``,
            or ``None`` for a path the API does not have.
        query: The query parameters (the last value of a repeated name).
        headers: The request headers, credentials redacted.
        json: The request body parsed as JSON, or ``None`` (no body, or not JSON).
        status: The status answered; ``None`` while the request is in flight.
        response_body: The bytes sent back (cut short when a fault said so).
        fault: The fault rule that hit this request, if any.
    """

    method: str
    path: str
    route: str | None
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    status: int | None = None
    response_body: bytes | None = attrs.field(default=None, repr=False)
    fault: FaultRule | None = None

    @property
    def response(self) -> Any:
        """The response body parsed as JSON.

        Raises:
            ValueError: The body is not JSON (e.g. a ``malformed`` fault cut it).
        """
        return None if self.response_body is None else json.loads(self.response_body)
