"""The seam between the retry loop and HTTP: one request out, one outcome back.

`Send` is what the retry loop calls once per attempt. The aiohttp sender in
`vogent_async._transport._aiohttp` is the real one; unit tests drive the loop with a plain
async function instead, no server and no mocking library needed. A request's URL and
JSON body are made here too (`join_url`, `encode_json`).
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import attrs
from yarl import URL

from vogent_async._transport._budget import Lease
from vogent_async._transport._retry import Failure
from vogent_async._transport._upload import Form
from vogent_async.errors import APIError, InvalidRequestError
from vogent_async.models._show import text_problem

Params = Mapping[str, str | int | None]


@attrs.frozen
class Outgoing:
    """One attempt's request, as the retry loop hands it to the sender.

    Attributes:
        method: The HTTP method.
        path: The API path (for messages and logs).
        url: The full URL, already quoted.
        body: The JSON body, encoded, or ``None``.
        form: A ``multipart/form-data`` body instead (an upload), or ``None``.
        headers: This call's own headers (the sender adds the key and its defaults).
        may_resend: Whether the HTTP library may resend it once on a dropped
            connection (the retry loop then counts that resend as a retry).
        stream: Hand a 2xx response back `Opened`, its body read only up to the
            first bytes (a non-2xx one is still `Received` whole, for its error).
    """

    method: str
    path: str
    url: URL
    body: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    may_resend: bool = False
    stream: bool = False
    form: Form | None = None


@attrs.frozen
class Response:
    """A 2xx response: status, headers, the raw body and the parsed JSON."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    data: Any


@attrs.frozen
class Received:
    """A complete HTTP response of any status, its body read under the size cap.

    Attributes:
        status: The HTTP status.
        headers: The response headers.
        body: The whole body.
        sends: How many times the request went out for it (2 after a resend).
    """

    status: int
    headers: Mapping[str, str]
    body: bytes
    sends: int = 1


@attrs.frozen
class FailedAttempt:
    """Why one attempt failed, for the retry loop; ``sends`` counts requests it cost."""

    error: APIError
    failure: Failure
    retry_after: float | None = None
    sends: int = 1


@attrs.frozen
class Unreachable:
    """An exchange that produced no response: the error, and whether the server may have acted.

    Attributes:
        error: The package's error for it.
        failure: Not sent, or maybe sent (for the retry policy).
        sends: How many times the request went out (2 after a resend).
    """

    error: APIError
    failure: Failure
    sends: int = 1


class Body(Protocol):
    """The rest of an `Opened` response's body, read as it arrives."""

    async def next(self) -> bytes:
        """The next bytes, as many as have arrived; ``b""`` once the body is complete.

        Raises:
            APIConnectionError: The connection was cut (or went quiet for the
                attempt's timeout): the message says how many bytes had arrived.
        """
        ...  # pragma: no cover - a protocol

    async def close(self) -> None:
        """Let go of the connection (and whatever else the body holds). Idempotent."""
        ...  # pragma: no cover - a protocol


@attrs.frozen
class Opened:
    """A 2xx response whose body is still arriving (asked for with ``Outgoing.stream``).

    Attributes:
        status: The HTTP status.
        headers: The response headers.
        first: The body's first bytes (``b""`` for an empty body): once they are
            in, nothing is retried.
        rest: The remainder of the body; close it when done.
        sends: How many times the request went out for it.
    """

    status: int
    headers: Mapping[str, str]
    first: bytes
    rest: Body
    sends: int = 1


class Send(Protocol):
    """One HTTP exchange, no retries: a response, or a classified failure to get one."""

    async def __call__(
        self, request: Outgoing, budget: float | None
    ) -> Received | Opened | Unreachable:
        """Send ``request`` within ``budget`` seconds (``None``: no limit).

        With ``request.stream``, a 2xx response comes back `Opened` once its first
        bytes are in; ``budget`` then bounds each wait for more bytes.

        Raises:
            ResponseTooLargeError: The body exceeded the size cap (never retried).
        """
        ...  # pragma: no cover - a protocol


class Held:
    """A `Lease` held past its attempt, by an open body or socket, until `release`.

    While held, the lease is renewed every ``lease.renew_every`` seconds, so that
    it lasts as long as what holds it. The first `release` stops the renewing and
    gives the lease back; a `Held` dropped without it stops renewing when it is
    garbage-collected.
    """

    __slots__ = ("__weakref__", "_lease", "_renewing")

    def __init__(self, lease: Lease) -> None:
        self._lease: Lease | None = lease
        self._renewing: asyncio.Task[None] | None = None
        if lease.renew_every is not None:
            self._renewing = asyncio.ensure_future(_renew(lease, lease.renew_every))
            weakref.finalize(self, self._renewing.cancel)

    async def release(self) -> None:
        """Stop renewing and give the lease back (once; later calls do nothing)."""
        lease, self._lease = self._lease, None
        if self._renewing is not None:
            self._renewing.cancel()
        if lease is not None:
            await lease.release()


async def _renew(lease: Lease, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await lease.renew()


class Leased:
    """A `Body` that holds its request's `Lease` until closed (the retry loop's wrapper).

    While the body is open, read or not, its lease is `Held`: an open response
    holds its slot. The first `close` closes the body, then gives the lease back.

    Args:
        body: The body.
        lease: The lease of the attempt that opened it.
    """

    def __init__(self, body: Body, lease: Lease) -> None:
        self._body = body
        self._held = Held(lease)

    async def next(self) -> bytes:
        """The body's next bytes (see `Body.next`)."""
        return await self._body.next()

    async def close(self) -> None:
        """Close the body, then give the lease back (once)."""
        try:
            await self._body.close()
        finally:
            await self._held.release()


#: ``json.dumps(..., separators=(",", ":"))`` builds this encoder anew on each call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
compact_json = _COMPACT.encode
"""``json.dumps(value, separators=(",", ":"))``, with one encoder built once: a request's
body, a websocket message."""


def join_url(base_url: str, path: str, params: Params | None) -> URL:
    """Join a base URL, an already-quoted path, and query parameters quoted byte for byte.

    Raises:
        InvalidRequestError: A parameter is not valid text (a lone surrogate).
    """
    query = ""
    kept = {k: str(v) for k, v in (params or {}).items() if v is not None}
    problems = [f"{k}: {p}" for k, v in kept.items() if (p := text_problem(v)) is not None]
    if problems:
        raise InvalidRequestError(problems)
    if kept:
        query = "?" + urlencode(kept, quote_via=quote, safe="")
    return URL(base_url + path + query, encoded=True)


def encode_json(json_body: Any) -> bytes | None:
    """The request body as compact JSON; ``bytes`` are JSON a resource already encoded
    (a streamed job's rows) and pass as they are."""
    if json_body is None or isinstance(json_body, bytes):
        return json_body
    return compact_json(json_body).encode()
