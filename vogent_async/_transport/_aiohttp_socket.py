"""Opening a websocket with the sender's session, key and headers (aiohttp side).

`connect` answers like one exchange of the sender: the open socket (an
`AiohttpSocket`, the `_socket.Socket` seam), a `Received` for a refused handshake
(its status and headers, for the usual status error), or an `Unreachable`. The
key goes in the ``Authorization`` header, never in the URL. aiohttp neither pings
nor answers pings: the socket's reader does both (see `_heartbeat`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Literal

import aiohttp
from yarl import URL

from vogent_async._transport._aiohttp_failures import unreachable
from vogent_async._transport._send import Outgoing, Received, Unreachable
from vogent_async._transport._socket import Frame, SocketFailed

__all__ = ["AiohttpSocket", "connect", "socket_url"]


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
) -> AiohttpSocket | Received | Unreachable:
    """Open the websocket ``request.url`` names; see the module's docstring."""
    try:
        opening = session.ws_connect(
            socket_url(request.url),
            headers={k: v for k, v in headers.items() if k != "Accept"},
            autoping=False,
            max_msg_size=max_message_bytes,
        )
        return AiohttpSocket(await asyncio.wait_for(opening, timeout))
    except aiohttp.WSServerHandshakeError as exc:
        return Received(exc.status, exc.headers or {}, b"")
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        return unreachable(exc, request, timeout, 1)


_KINDS: dict[aiohttp.WSMsgType, Literal["text", "ping", "closed"]] = {
    aiohttp.WSMsgType.TEXT: "text",
    aiohttp.WSMsgType.PING: "ping",
    # What ends aiohttp's own iteration of a socket:
    aiohttp.WSMsgType.CLOSE: "closed",
    aiohttp.WSMsgType.CLOSING: "closed",
    aiohttp.WSMsgType.CLOSED: "closed",
}


class AiohttpSocket:
    """An aiohttp websocket as a `_socket.Socket` (``autoping`` off: the reader answers)."""

    __slots__ = ("_ws",)

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws

    @property
    def closed(self) -> bool:
        """See `Socket.closed`."""
        return self._ws.closed

    @property
    def close_code(self) -> int | None:
        """See `Socket.close_code`."""
        return self._ws.close_code

    async def receive(self) -> Frame:
        """See `Socket.receive` (aiohttp's ``receive`` leaves an unread frame queued)."""
        try:
            message = await self._ws.receive()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise SocketFailed(type(exc).__name__) from exc
        kind = _KINDS.get(message.type)
        if kind is not None:
            return Frame(kind, message.data if kind != "closed" else None)
        if message.type == aiohttp.WSMsgType.ERROR:
            return Frame("error", type(message.data).__name__)
        return Frame("other")

    async def send_text(self, text: str) -> None:
        """See `Socket.send_text`."""
        await self._ws.send_str(text)

    async def ping(self) -> None:
        """See `Socket.ping`."""
        try:
            await self._ws.ping()
        except (aiohttp.ClientError, OSError) as exc:
            raise SocketFailed(type(exc).__name__) from exc

    async def pong(self, data: bytes) -> None:
        """See `Socket.pong` (a broken connection raises `SocketFailed`, as under a read)."""
        try:
            await self._ws.pong(data)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise SocketFailed(type(exc).__name__) from exc

    async def close(self) -> None:
        """See `Socket.close`."""
        await self._ws.close()
