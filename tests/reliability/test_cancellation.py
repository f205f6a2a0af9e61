"""Cancelling a call anywhere leaves the client usable and leaks no socket or slot."""

from __future__ import annotations

import asyncio
import gc
import warnings

from aiohttp import web

import vogent_async

from ._listing import job
from ._server import LocalServer, json_response
from .conftest import SECRET_KEY, FixedBackoff


async def _settled(server: LocalServer, expected: int, within: float = 2.0) -> int:
    """Wait until the server holds ``expected`` open sockets (or give up); return the count."""
    loop = asyncio.get_running_loop()
    end = loop.time() + within
    while server.open_connections != expected and loop.time() < end:
        await asyncio.sleep(0.01)
    return server.open_connections


class Stalls:
    """A server script: ``?status=stall`` stops at a chosen point until released."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.reached = asyncio.Event()
        self.release = asyncio.Event()
        self.failed_once = False

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.query.get("userId") != "stall":
            return json_response({"data": [job(0)], "cursor": None})
        if self.where == "page-2" and "cursor" not in request.query:
            return json_response({"data": [job(0)], "cursor": "next"})
        if self.where == "backoff" and not self.failed_once:
            self.failed_once = True
            self.reached.set()
            return json_response({"message": "try later"}, status=500)
        if self.where == "body":
            response = web.StreamResponse(
                headers={"Content-Type": "application/json", "Content-Length": "100000"}
            )
            await response.prepare(request)
            await response.write(b'{"data": [')
            self.reached.set()
            await self.release.wait()
            return response
        self.reached.set()
        await self.release.wait()
        return json_response({"data": [], "cursor": None})


async def _walk(client: vogent_async.Client, **options: object) -> list[str]:
    return [j.id async for j in client.batch_dial_jobs.list(**options)]  # type: ignore[arg-type]


async def _cancel_at(where: str) -> None:
    stalls = Stalls(where)
    async with LocalServer(stalls.handle) as server:
        client = vogent_async.Client(
            SECRET_KEY,
            base_url=server.base_url,
            max_concurrency=1,
            retry_policy=FixedBackoff(wait=30),
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            task = asyncio.create_task(_walk(client, user_id="stall"))
            await asyncio.wait_for(stalls.reached.wait(), 2)
            await asyncio.sleep(0.05)  # inside the await we mean to interrupt
            task.cancel()
            done, _ = await asyncio.wait([task], timeout=1)
            assert done == {task}
            assert task.cancelled()
            # the slot came back and no half-read connection is reused
            assert await asyncio.wait_for(_walk(client), 2) == ["job_0"]
            assert await asyncio.wait_for(_walk(client), 2) == ["job_0"]
            await client.close()
            assert await _settled(server, 0) == 0
            del client, task
            gc.collect()
        stalls.release.set()
    assert [str(w.message) for w in caught] == []


async def test_cancel_mid_iteration_between_pages() -> None:
    """Cancelling an ``async for`` while it fetches page two frees everything."""
    await _cancel_at("page-2")


async def test_cancel_while_waiting_for_the_response() -> None:
    """Cancelling while the server has not answered yet frees everything."""
    await _cancel_at("headers")


async def test_cancel_mid_body() -> None:
    """Cancelling while the body streams in closes that socket; the pool reuses none of it."""
    await _cancel_at("body")


async def test_cancel_mid_retry_sleep() -> None:
    """Cancelling during a 30 s backoff returns at once and holds no request slot."""
    await _cancel_at("backoff")


async def test_500_tasks_share_max_connections_sockets() -> None:
    """500 concurrent calls on one client with max_connections=10 all succeed, and the
    server never holds more than 10 sockets from it."""
    peak = 0

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal peak
        peak = max(peak, server.open_connections)
        await asyncio.sleep(0.002)
        return json_response({"data": [job(int(request.query["userId"]))], "cursor": None})

    async with LocalServer(handler) as server:
        async with vogent_async.Client(
            SECRET_KEY, base_url=server.base_url, max_connections=10
        ) as client:
            results = await asyncio.gather(*(_walk(client, user_id=str(n)) for n in range(500)))
            assert server.open_connections <= 10
        assert await _settled(server, 0) == 0
    assert results == [[f"job_{n}"] for n in range(500)]
    assert len(server.requests) == 500
    assert 1 < peak <= 10
    assert server.peak_in_flight <= 10
