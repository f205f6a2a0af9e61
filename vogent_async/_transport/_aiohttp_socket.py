"""Opening a websocket with the sender's session, key and headers (aiohttp side).

`connect` answers like one exchange of the sender: the open socket, a
`Received` for a refused handshake (its status and headers, for the usual
status error), or an `Unreachable`. The key goes in the ``Authorization``
header, never in the URL. aiohttp neither pings nor answers pings: the
socket's reader does both (see `vogent_async._transport._heartbeat`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import aiohttp
from yarl import URL

from vogent_async._transport._aiohttp_failures import unreachable
from vogent_async._transport._send import Outgoing, Received, Unreachable

__all__ = ["connect", "socket_url"]


def socket_url(url: URL) -> URL:
    """``https`` becomes ``wss`` (``http``, loopback only by the client's check, ``ws``)."""
    return url.with_scheme("wss" if url.scheme == "https" else "ws")


async def connect(
    session: aiohttp.ClientSession,
    request: Outgoing,
    headers: Mapping[str, str],
    *,
    timeout: float | None,
    max_message_bytes: int,
) -> aiohttp.ClientWebSocketResponse | Received | Unreachable:
    """Open the websocket ``request.url`` names; see the module's docstring."""
    try:
        opening = session.ws_connect(
            socket_url(request.url),
            headers={k: v for k, v in headers.items() if k != "Accept"},
            autoping=False,
            max_msg_size=max_message_bytes,
        )
        return await asyncio.wait_for(opening, timeout)
    except aiohttp.WSServerHandshakeError as exc:
        return Received(exc.status, exc.headers or {}, b"")
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        return unreachable(exc, request, timeout, 1)
