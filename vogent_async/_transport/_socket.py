"""The websocket seam: what a sender's open socket offers, whatever library is under it.

`OpenSocket` is to a websocket what `Send` is to an exchange: the aiohttp sender
provides one (`_aiohttp_socket.AiohttpSocket`), and a test can hand the transport
its own, so that a socket's protocol (the TTS websocket's) is driven like any other
exchange. An open `Socket` gives one `Frame` per `receive`, a ``closed`` one from the
server's close on; a connection that breaks under a read or a ping raises
`SocketFailed`, which names what broke.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, Protocol

import attrs

from vogent_async._transport._send import Outgoing, Received, Unreachable

__all__ = ["Frame", "OpenSocket", "Socket", "SocketFailed"]


@attrs.frozen
class Frame:
    """One frame read from a socket.

    Attributes:
        kind: ``text``, ``ping`` (to be answered with a pong), ``error`` (the
            socket failed: the reading ends), ``closed`` (the socket is closed or
            closing: the reading ends) or ``other`` (a pong, binary data).
        data: The text of a ``text`` frame, the payload of a ``ping``, the
            error's type name for ``error``; ``None`` otherwise.
    """

    kind: Literal["text", "ping", "error", "closed", "other"]
    data: Any = None


class SocketFailed(Exception):
    """The connection broke under a read or a ping.

    Args:
        kind: The type name of what broke it (``ClientConnectionResetError``...).
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class Socket(Protocol):
    """An open websocket; the one who opened it closes it."""

    @property
    def closed(self) -> bool:
        """Whether the socket is closed (or closing)."""
        ...

    @property
    def close_code(self) -> int | None:
        """The close code once closed, else ``None``."""
        ...

    async def receive(self) -> Frame:
        """The next frame; ``closed`` once the socket closes. Raises `SocketFailed`.

        One task at a time reads. A read cancelled before its frame came loses
        nothing: the frame is the next read's.
        """
        ...

    async def send_text(self, text: str) -> None:
        """Send a text frame."""
        ...

    async def ping(self) -> None:
        """Send a ping frame; raises `SocketFailed` when the connection is gone."""
        ...

    async def pong(self, data: bytes) -> None:
        """Answer a ping; raises `SocketFailed` when the connection is gone."""
        ...

    async def close(self) -> None:
        """Close the socket (the caller bounds how long it may take)."""
        ...


OpenSocket = Callable[[Outgoing, "float | None"], Awaitable["Socket | Received | Unreachable"]]
"""Open the websocket a request names, like one exchange of a `Send`: the open socket,
a `Received` for a refused handshake, or an `Unreachable`."""
