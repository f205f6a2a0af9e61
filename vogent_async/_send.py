"""The seam between the retry loop and HTTP: one request out, one outcome back.

`Send` is what the retry loop calls once per attempt. The aiohttp sender in
`vogent_async._http` is the real one; unit tests drive the loop with a plain
async function instead, no server and no mocking library needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs
from yarl import URL

from vogent_async._retry import Failure
from vogent_async.errors import APIError


@attrs.frozen
class Outgoing:
    """One attempt's request, as the retry loop hands it to the sender.

    Attributes:
        method: The HTTP method.
        path: The API path (for messages and logs).
        url: The full URL, already quoted.
        body: The JSON body, encoded, or ``None``.
        headers: This call's own headers (the sender adds the key and its defaults).
        may_resend: Whether the HTTP library may resend it once on a dropped
            connection (the retry loop then counts that resend as a retry).
    """

    method: str
    path: str
    url: URL
    body: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    may_resend: bool = False


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


class Send(Protocol):
    """One HTTP exchange, no retries: a response, or a classified failure to get one."""

    async def __call__(self, request: Outgoing, budget: float | None) -> Received | Unreachable:
        """Send ``request`` within ``budget`` seconds (``None``: no limit).

        Raises:
            ResponseTooLargeError: The body exceeded the size cap (never retried).
        """
        ...  # pragma: no cover - a protocol
