"""Opening a websocket through a client's transport: same key, loop, options and errors.

A websocket is opened once, not retried: a refused handshake raises the usual
status error (its headers redacted like any other), a failed one the usual
`APIConnectionError`. What the socket then carries is the caller's protocol.
"""

from __future__ import annotations

import math
from typing import Any

from vogent_async._options import RequestOptions, check_options
from vogent_async._responses import status_error
from vogent_async._send import Outgoing, Received, Unreachable
from vogent_async._transport import Transport
from vogent_async.errors import ClientClosedError

__all__ = ["open_websocket"]


async def open_websocket(
    transport: Transport, path: str, *, heartbeat: float, options: RequestOptions
) -> Any:
    """Open the websocket at ``path`` below the base URL; ``timeout`` bounds the handshake.

    Raises:
        ClientClosedError: The client was closed.
        APIStatusError: The server refused the upgrade.
        APIConnectionError: The handshake failed or timed out.
    """
    shared = transport.shared
    if shared.closed:
        raise ClientClosedError("this client is closed; create a new one")
    if shared.bind_loop is not None:
        shared.bind_loop()
    if shared.open_socket is None:  # pragma: no cover - every Client sets it
        raise RuntimeError("this transport cannot open websockets")
    call = transport.config.merged(check_options(options))
    request = Outgoing("GET", path, transport.url(path, None), None, call.extra_headers)
    budget = None if call.timeout == math.inf else call.timeout
    got = await shared.open_socket(request, budget, heartbeat)
    if isinstance(got, Unreachable):
        raise got.error
    if isinstance(got, Received):
        raise status_error(
            "GET", path, got.status, got.headers, got.body, shared.secret, base_url=shared.base_url
        )
    return got
