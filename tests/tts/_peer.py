"""A hand-written websocket server for the TTS socket's tests, on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web

Handler = Callable[[web.WebSocketResponse], Awaitable[None]]


@contextlib.asynccontextmanager
async def peer_url(handler: Handler, **options: Any) -> AsyncIterator[str]:
    """Serve ``GET /api/tts/websocket`` with ``handler``; yield the ``base_url`` to use.

    ``options`` go to `web.WebSocketResponse` (``autoping``, ``autoclose``). A
    connection reset while the handler sends ends the handler quietly.
    """

    async def upgrade(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(**options)
        await ws.prepare(request)
        with contextlib.suppress(ConnectionError):
            await handler(ws)
        return ws

    app = web.Application()
    app.router.add_get("/api/tts/websocket", upgrade)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/api"
    finally:
        await runner.cleanup()
