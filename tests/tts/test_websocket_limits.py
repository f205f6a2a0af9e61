"""The TTS websocket's bounds: its close, its heartbeat, its memory and its request slot."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

import vogent_async
from vogent_async.testing import FakeVogent

from ..conftest import API_KEY
from ..test_client_budget import RecordingBudget

Handler = Callable[[web.WebSocketResponse], Awaitable[None]]


@contextlib.asynccontextmanager
async def peer(handler: Handler) -> AsyncIterator[vogent_async.Client]:
    """A hand-written websocket server running ``handler``, and a client on it."""

    async def upgrade(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        with contextlib.suppress(ConnectionError):
            await handler(ws)
        return ws

    app = web.Application()
    app.router.add_get("/api/tts/websocket", upgrade)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}/api"
    try:
        async with vogent_async.Client(API_KEY, base_url=base_url) as client:
            yield client
    finally:
        await runner.cleanup()


async def test_an_open_socket_holds_a_request_slot_until_it_closes(fake: FakeVogent) -> None:
    budget = RecordingBudget()
    async with vogent_async.Client(API_KEY, base_url=fake.base_url, budget=budget) as client:
        async with client.tts.websocket():
            assert budget.events == ["acquire GET /tts/websocket"]
        assert budget.events == ["acquire GET /tts/websocket", "release"]
        fake.faults.add("GET /tts/websocket", status=503)
        with pytest.raises(vogent_async.APIStatusError):
            async with client.tts.websocket():
                pass  # pragma: no cover - the upgrade is refused
    assert budget.events[2:] == ["acquire GET /tts/websocket", "release"]


async def test_a_socket_waits_for_a_slot_like_any_request(fake: FakeVogent) -> None:
    async with vogent_async.Client(API_KEY, base_url=fake.base_url, max_concurrency=1) as client:
        async with client.tts.websocket():
            with pytest.raises(vogent_async.APITimeoutError, match="no request slot"):
                await client.dials.get("d", timeout=0.05, max_retries=0)
            with pytest.raises(vogent_async.APITimeoutError, match="no request slot"):
                async with client.tts.websocket(timeout=0.05):
                    pass  # pragma: no cover
        async with client.tts.websocket():  # the slot came back
            pass
