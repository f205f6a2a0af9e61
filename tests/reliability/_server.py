"""A real ``aiohttp.web`` server on loopback whose behaviour each test writes.

The reliability suite needs faults at the socket level (a connection closed
mid-body, a response that never comes, a gzip bomb) and server-side counts
(requests seen, requests in flight, open sockets), so it runs real servers
rather than mocks. Every server binds to a loopback address only.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Awaitable, Callable
from types import TracebackType

import attrs
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.frozen
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class LocalServer:
    """Serve every path with one handler; record what arrives.

    Args:
        handler: Answers every request.
        host: A loopback address to bind.
    """

    def __init__(self, handler: Handler, *, host: str = "127.0.0.1") -> None:
        self.handler = handler
        self.host = host
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self.peak_connections = 0
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def origin(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self._port}"

    @property
    def base_url(self) -> str:
        """The API root to give a client."""
        return f"{self.origin}/api"

    @property
    def open_connections(self) -> int:
        """Sockets the server holds open right now."""
        assert self._runner is not None
        assert self._runner.server is not None
        return len(self._runner.server.connections)

    async def __aenter__(self) -> LocalServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # Long cursors make long request lines; cancel handlers whose client left.
        self._runner = web.AppRunner(
            app,
            handler_cancellation=True,
            max_line_size=1 << 20,
            access_log=None,
            shutdown_timeout=0.1,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self._port = server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            Seen(
                request.method,
                request.path,
                dict(request.query),
                dict(request.headers),
                time.monotonic(),
            )
        )
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        self.peak_connections = max(self.peak_connections, self.open_connections)
        try:
            return await self.handler(request)
        finally:
            self.in_flight -= 1


def json_response(body: object, status: int = 200, **headers: str) -> web.Response:
    """A JSON response with the given status and headers."""
    return web.json_response(body, status=status, headers=headers)


async def drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the socket without answering: the client sees the connection reset."""
    assert request.transport is not None
    request.transport.abort()
    raise asyncio.CancelledError  # nothing more to do for this request


async def cut_mid_body(request: web.Request) -> web.StreamResponse:
    """Promise 1000 bytes of JSON, send 12, then close the socket."""
    response = web.StreamResponse(
        headers={"Content-Type": "application/json", "Content-Length": "1000"}
    )
    await response.prepare(request)
    await response.write(b'{"data": [{"')
    assert request.transport is not None
    request.transport.abort()
    raise asyncio.CancelledError


async def never_answer(request: web.Request) -> web.StreamResponse:
    """Hold the request until the client gives up (the handler is then cancelled)."""
    await asyncio.sleep(30)
    raise AssertionError("the client should have timed out long ago")


def gzip_bomb(size: int) -> web.Response:
    """A small gzip body that inflates to ``size`` bytes of JSON-ish text."""
    raw = b'{"data": "' + b"0" * (size - 12) + b'"}'
    return web.Response(
        body=gzip.compress(raw, 9),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
