"""Cancellation always wins (issue 19.1): seeded cancels at random points on the real stack.

A cancel requested while a call waits for a request slot, sends, reads or backs
off must end the call in ``CancelledError``; with ``asyncio.wait_for`` around the
slot wait, a cancel landing as the slot was granted was swallowed.
"""

from __future__ import annotations

import asyncio
import random
import sys

import pytest
from aiohttp import web

import vogent_async
from vogent_async._transport._send import Opened, Outgoing, Received, Unreachable

from ._listing import job
from ._server import LocalServer, json_response
from .conftest import fast_client

ROW = {"to_number": "+15550100"}


@pytest.mark.parametrize("prefetch", [0, 1])
async def test_a_walk_cancelled_at_random_points_always_raises(prefetch: int) -> None:
    """Seeded: a page walk cancelled after 0-40 loop turns raises CancelledError every time."""
    rng = random.Random(1913 + prefetch)

    async def handler(request: web.Request) -> web.StreamResponse:
        page = int(request.query.get("cursor", "0"))
        following = str(page + 1) if page < 4 else None
        return json_response({"data": [job(page)], "cursor": following})

    async with (
        LocalServer(handler) as server,
        fast_client(server.base_url, max_concurrency=1) as client,
    ):
        for _ in range(60):
            pager = client.batch_dial_jobs.list(prefetch=prefetch)
            walk = asyncio.ensure_future(pager.to_list())
            for _ in range(rng.randint(0, 40)):
                await asyncio.sleep(0)
            requested = walk.cancel()
            await asyncio.wait({walk})
            assert walk.cancelled() or not requested
        assert len(await client.batch_dial_jobs.list(prefetch=prefetch).to_list()) == 5


class _AfterCancel:
    """Wraps a client's sender: counts requests a cancelled task starts after its cancel."""

    def __init__(self, client: vogent_async.Client) -> None:
        shared = client._transport._shared
        self.inner, shared.send = shared.send, self
        self.cancelled: set[asyncio.Task[object]] = set()
        self.sent_after_cancel = 0

    async def __call__(
        self, request: Outgoing, budget: float | None
    ) -> Received | Opened | Unreachable:
        self.sent_after_cancel += asyncio.current_task() in self.cancelled
        return await self.inner(request, budget)


@pytest.mark.parametrize("kind", ["get", "create"])
async def test_a_call_cancelled_at_random_points_always_raises(kind: str) -> None:
    """Seeded: get() or create() cancelled after 0-30 loop turns, three calls sharing one slot.

    A call whose cancel was requested ends in CancelledError, and never starts a
    request after that, wherever the cancel lands.
    """
    rng = random.Random(19 if kind == "get" else 20)

    async def handler(request: web.Request) -> web.StreamResponse:
        return json_response(job(0))

    async with (
        LocalServer(handler) as server,
        fast_client(server.base_url, max_concurrency=1) as client,
    ):
        watch = _AfterCancel(client)

        async def call() -> object:
            if kind == "get":
                return await client.batch_dial_jobs.get("job_0")
            return await client.batch_dial_jobs.create(
                name="n", call_agent_id="a", max_concurrent_dials=1, rows=[ROW]
            )

        for _ in range(60):
            calls = [asyncio.ensure_future(call()) for _ in range(3)]
            for _ in range(rng.randint(0, 30)):
                await asyncio.sleep(0)
            victim = rng.choice(calls)
            watch.cancelled.add(victim)
            requested = victim.cancel()
            await asyncio.wait(calls)
            assert victim.cancelled() or not requested
    assert watch.sent_after_cancel == 0


if sys.version_info >= (3, 11):  # TaskGroup and Task.cancelling() are 3.11+

    class _Watch:
        """Wraps a client's sender: counts requests started by a task already being cancelled."""

        def __init__(self, client: vogent_async.Client) -> None:
            self.shared = client._transport._shared
            self.inner = self.shared.send
            self.shared.send = self
            self.sent_while_cancelling = 0

        async def __call__(self, request: Outgoing, budget: float | None) -> Received | Unreachable:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                self.sent_while_cancelling += 1
            return await self.inner(request, budget)

    async def test_a_task_group_teardown_cancels_every_create() -> None:
        """A failing sibling tears down a TaskGroup of create() calls: none creates after that.

        Seeded over 30 rounds; the sibling fails after 0-30 loop turns while six creates
        queue for two request slots. A create that returns while its task was being
        cancelled, or starts a request then, is the duplicate-job bug.
        """
        rng = random.Random(1911)

        async def handler(request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(0)
            return json_response(job(0))

        async with (
            LocalServer(handler) as server,
            fast_client(server.base_url, max_concurrency=2) as client,
        ):
            watch = _Watch(client)
            swallowed = 0

            async def create() -> None:
                nonlocal swallowed
                await client.batch_dial_jobs.create(
                    name="n",
                    call_agent_id="a",
                    max_concurrent_dials=1,
                    rows=[{"to_number": "+15550100"}],
                )
                task = asyncio.current_task()
                swallowed += bool(task is not None and task.cancelling())

            async def fail_after(turns: int) -> None:
                for _ in range(turns):
                    await asyncio.sleep(0)
                raise LookupError("sibling failed")

            for _ in range(30):
                with pytest.raises(ExceptionGroup, match="unhandled errors"):  # noqa: F821, PT012
                    async with asyncio.TaskGroup() as group:
                        for _ in range(6):
                            group.create_task(create())
                        group.create_task(fail_after(rng.randint(0, 30)))
        assert swallowed == 0
        assert watch.sent_while_cancelling == 0
