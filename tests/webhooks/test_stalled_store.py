"""A shared store that stops answering: the receiver answers in time and acknowledges nothing."""

from __future__ import annotations

import asyncio
import json

import pytest

from vogent_async.webhooks import MemorySeenStore, sign
from vogent_async.webhooks._receive import Receiver, Reply

from .conftest import CREATED, INBOUND, SECRET, Handler

GUARD = 5.0  # a test fails here instead of hanging when a wait is not bounded


class StallingStore(MemorySeenStore):
    """A shared store whose named methods wait until ``resume`` is set (a paused Redis)."""

    def __init__(self, *stalled: str) -> None:
        super().__init__()
        self.stalled = set(stalled)
        self.resume = asyncio.Event()
        self.finished: list[str] = []

    async def _stall(self, name: str) -> None:
        if name in self.stalled:
            await self.resume.wait()
        self.finished.append(name)

    async def add(self, key: str) -> bool:
        await self._stall("add")
        return await super().add(key)

    async def done(self, key: str) -> None:
        await self._stall("done")
        await super().done(key)

    async def is_done(self, key: str) -> bool:
        await self._stall("is_done")
        return await super().is_done(key)

    async def discard(self, key: str) -> None:
        await self._stall("discard")
        await super().discard(key)


async def _receive(receiver: Receiver, body: bytes) -> Reply:
    return await asyncio.wait_for(receiver.receive(body, sign(body, SECRET)), GUARD)


def _retry_soon(reply: Reply) -> None:
    assert reply.status == 503
    assert dict(reply.headers) == {"Retry-After": "1"}
    assert "did not answer in time" in json.loads(reply.body)["error"]


async def test_a_claim_the_store_does_not_answer_is_503_and_the_handler_never_runs() -> None:
    """Nothing is acknowledged: once the store answers again, the redelivery is handled."""
    store, handler = StallingStore("add"), Handler()
    receiver = Receiver(SECRET, handler, seen=store, store_timeout=0.05)
    _retry_soon(await _receive(receiver, CREATED))
    assert handler.events == []
    store.stalled.clear()
    assert (await _receive(receiver, CREATED)).status == 200
    assert len(handler.events) == 1


async def test_a_redeliverys_check_the_store_does_not_answer_is_503() -> None:
    """A redelivery is acknowledged only when the store says its handler succeeded."""
    store, handler = StallingStore(), Handler()
    receiver = Receiver(SECRET, handler, seen=store, store_timeout=0.05)
    assert (await _receive(receiver, CREATED)).status == 200
    store.stalled.add("is_done")
    _retry_soon(await _receive(receiver, CREATED))
    assert len(handler.events) == 1


@pytest.mark.parametrize(("fail", "status", "settle"), [(0, 200, "done"), (1, 500, "discard")])
async def test_an_outcome_the_store_is_slow_to_record_is_recorded_after_the_answer(
    fail: int, status: int, settle: str
) -> None:
    """The handler ran: its answer goes out in time, and the store still records it."""
    store, handler = StallingStore(settle), Handler(fail=fail)
    receiver = Receiver(SECRET, handler, seen=store, store_timeout=0.05)
    assert (await _receive(receiver, CREATED)).status == status
    assert settle not in store.finished
    store.resume.set()
    for _ in range(5):  # the shielded write finishes on its own
        await asyncio.sleep(0)
    assert store.finished[-1] == settle
    assert len(store) == (1 if settle == "done" else 0)


async def test_an_inbound_claim_waits_no_longer_than_the_events_deadline() -> None:
    """With a long store_timeout, a dial.inbound's claim still ends at its deadline."""
    store, handler = StallingStore("add"), Handler()
    receiver = Receiver(SECRET, handler, seen=store, store_timeout=60.0, inbound_budget=0.05)
    _retry_soon(await _receive(receiver, INBOUND))
    assert handler.events == []
