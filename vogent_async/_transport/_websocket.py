"""Opening a websocket through a client's transport: same key, loop, options, budget and errors.

A websocket is opened once, not retried: a refused handshake raises the usual
status error (its headers redacted like any other), a failed one the usual
`APIConnectionError`. Like any exchange it takes a lease from the client's
budget first (`Transport.lease`); an open socket keeps it, renewed (`Held`),
until the caller releases it, when the socket closes. What the socket then carries is the
caller's protocol.
"""

from __future__ import annotations

import math
import time

from vogent_async._transport._loop import Transport
from vogent_async._transport._options import RequestOptions, check_options
from vogent_async._transport._responses import status_error
from vogent_async._transport._send import FailedAttempt, Held, Outgoing, Received, Unreachable
from vogent_async._transport._socket import Socket

__all__ = ["open_websocket"]


async def open_websocket(
    transport: Transport, path: str, *, options: RequestOptions
) -> tuple[Socket, Held]:
    """Open the websocket at ``path`` below the base URL, holding a budget lease.

    ``timeout`` bounds the wait for a slot and the handshake; ``total_timeout``
    too. The caller owns the returned `Held` lease, renewed while the socket is open:
    release it when the socket closes.

    Raises:
        ClientClosedError: The client was closed.
        APITimeoutError: No request slot came in time, or the deadline left none.
        APIStatusError: The server refused the upgrade.
        APIConnectionError: The handshake failed or timed out.
    """
    transport.check_usable()
    shared = transport.shared
    if shared.open_socket is None:  # pragma: no cover - every Client sets it
        raise RuntimeError("this transport cannot open websockets")
    call = transport.config.merged(check_options(options))
    request = Outgoing("GET", path, transport.url(path, None), None, call.extra_headers)
    deadline = None if call.total_timeout is None else time.monotonic() + call.total_timeout
    lease = await transport.lease(request, call, deadline)
    if isinstance(lease, FailedAttempt):
        raise lease.error
    got: Socket | Received | Unreachable | None = None
    try:
        transport.check_usable()
        got = await shared.open_socket(
            request, None if lease.seconds == math.inf else lease.seconds
        )
    finally:
        if got is None or isinstance(got, (Received, Unreachable)):
            await lease.release()
    if isinstance(got, Unreachable):
        raise got.error
    if isinstance(got, Received):
        raise status_error(
            "GET", path, got.status, got.headers, got.body, shared.secret, base_url=shared.base_url
        )
    return got, Held(lease)
