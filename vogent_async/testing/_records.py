"""The fake server's request log: what each client sent, and what it got back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiohttp
import attrs
from aiohttp import web

from vogent_async.testing._faults import FaultRule
from vogent_async.testing._replies import CutResponse

__all__ = ["RecordedRequest", "finish_record", "record_request", "redact_headers"]

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
        json: The request body parsed as JSON, or ``None`` (no body, not JSON, or
            not answered yet).
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


def record_request(
    log: list[RecordedRequest],
    request: web.Request,
    route: str | None,
    prefix: str,
    keep: int | None = None,
) -> RecordedRequest:
    """Append ``request`` to ``log`` as it arrives; `finish_record` adds its body and answer.

    The body is not read here, so that a request whose body is still arriving is
    already in flight (and counted by the concurrency limit). With ``keep``, the
    oldest records go once there are more than ``keep``: the log is a ring.
    """
    path = request.path[len(prefix) :] if request.path.startswith(prefix) else request.path
    record = RecordedRequest(
        request.method, path, route, dict(request.query), redact_headers(request.headers)
    )
    log.append(record)
    if keep is not None and len(log) > keep:
        del log[: len(log) - keep]
    return record


async def finish_record(
    log: list[RecordedRequest],
    record: RecordedRequest,
    request: web.Request,
    response: web.StreamResponse | None,
    fault: FaultRule | None,
    *,
    read_body: bool = True,
) -> None:
    """Replace ``record`` in ``log`` with its answered version (unless the log was cleared).

    With ``read_body`` false (a request refused for its key) the body is left unread.
    """
    try:
        raw = await request.read() if read_body else b""  # aiohttp keeps what the handler read
        body = json.loads(raw) if raw else None
    except (ValueError, RecursionError, ConnectionError, aiohttp.ClientError):
        body = None
    sent = None
    if isinstance(response, web.Response) and response.body is not None:
        sent = bytes(response.body)  # type: ignore[arg-type]
    elif isinstance(response, CutResponse):
        sent = response.sent
    status = None if response is None else response.status
    done = attrs.evolve(record, json=body, status=status, response_body=sent, fault=fault)
    for i in range(len(log) - 1, -1, -1):  # the record is nearly always among the last
        if log[i] is record:
            log[i] = done
            return
