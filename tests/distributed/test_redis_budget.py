"""`RedisBudget` against a real Redis: two budgets with one key stand for two processes."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from redis.asyncio import Redis

from tests.distributed._redis_server import RedisServer, free_port
from tests.distributed.conftest import client_of
from vogent_async.budget import Budget, Lease, LocalBudget, NoSlot, OutOfTime
from vogent_async.contrib.redis import RedisBudget
from vogent_async.errors import BudgetUnavailable


def two(redis: Redis, **kwargs: Any) -> tuple[RedisBudget, RedisBudget]:
    """Two budgets on one key, as two worker processes would make them."""
    return RedisBudget(redis, key="k", **kwargs), RedisBudget(redis, key="k", **kwargs)


async def test_is_a_budget(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=1)
    assert isinstance(budget, Budget)
    assert budget.key == "k"
    assert "key='k'" in repr(budget)
    assert "max_concurrency=1" in repr(budget)


async def test_slots_are_shared_by_every_budget_on_the_key(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=2)
    first = await a.acquire(5.0, None, "GET /x")
    await b.acquire(5.0, None, "GET /x")
    assert await a.in_flight() == 2
    with pytest.raises(NoSlot):
        await b.acquire(0.1, None, "GET /x")
    await first.release()
    lease = await b.acquire(5.0, None, "GET /x")
    assert 0 < lease.seconds <= 5.0
    assert await b.in_flight() == 2


async def test_another_key_is_another_budget(redis: Redis) -> None:
    a = RedisBudget(redis, key="one", max_concurrency=1)
    b = RedisBudget(redis, key="two", max_concurrency=1)
    await a.acquire(5.0, None, "GET /x")
    await b.acquire(5.0, None, "GET /x")
    assert await a.in_flight() == 1


async def test_a_waiting_acquire_gets_the_slot_released_meanwhile(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=1, poll_interval=0.01)
    held = await a.acquire(5.0, None, "GET /x")
    waiting = asyncio.ensure_future(b.acquire(30.0, None, "GET /x"))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await held.release()
    lease = await waiting
    assert lease.seconds < 30.0  # the wait for the slot came out of the attempt's time
    assert await a.in_flight() == 1


async def test_a_dead_workers_lease_expires(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=1, lease_grace=0.05, poll_interval=0.01)
    await a.acquire(0.05, None, "GET /x")  # never released: its worker "died"
    lease = await b.acquire(30.0, None, "GET /x")
    assert isinstance(lease, Lease)


async def test_an_attempt_is_cut_to_max_lease(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=1, max_lease=2.0)
    lease = await budget.acquire(60.0, None, "GET /x")
    assert lease.seconds <= 2.0


async def test_an_attempt_is_cut_to_the_deadline(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=1)
    lease = await budget.acquire(60.0, time.monotonic() + 3.0, "GET /x")
    assert lease.seconds <= 3.0


async def test_a_passed_deadline_is_out_of_time(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=1)
    with pytest.raises(OutOfTime):
        await budget.acquire(60.0, time.monotonic() - 1.0, "GET /x")


async def test_one_pause_holds_every_budget_on_the_key(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=4)
    await a.pause(30.0)
    with pytest.raises(OutOfTime) as caught:
        await b.acquire(5.0, time.monotonic() + 5.0, "GET /x")
    assert 25.0 < caught.value.paused_for <= 30.0


async def test_a_shorter_pause_does_not_cut_a_longer_one(redis: Redis) -> None:
    a, b = two(redis)
    await a.pause(30.0)
    await b.pause(0.01)
    with pytest.raises(OutOfTime) as caught:
        await b.acquire(5.0, time.monotonic() + 5.0, "GET /x")
    assert caught.value.paused_for > 25.0


async def test_an_acquire_waits_a_short_pause_out(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=1)
    await a.pause(0.05)
    lease = await b.acquire(5.0, None, "GET /x")
    assert lease.seconds == 5.0  # a pause is not slot time: the attempt keeps all of it


async def test_the_rate_spaces_requests_across_budgets(redis: Redis) -> None:
    a, b = two(redis, rate=0.5)  # one request every two seconds
    await a.acquire(5.0, None, "GET /x")
    with pytest.raises(NoSlot):
        await b.acquire(1.0, None, "GET /x")  # the next turn is two seconds away


async def test_the_rate_turn_is_waited_for(redis: Redis) -> None:
    """The next turn comes a whole interval after the last; its wait is attempt time.

    The interval is one second, not a few milliseconds: a loaded machine can stall this
    task longer than a short interval, and then the turn is past before it is asked for.
    """
    interval = 1.0
    a, b = two(redis, rate=1 / interval)
    started = time.monotonic()
    await a.acquire(5.0, None, "GET /x")
    asked = time.monotonic()
    lease = await b.acquire(5.0, None, "GET /x")
    waited = time.monotonic() - asked
    # a's turn came after `started`, b's one interval after a's, on Redis's clock: ours
    # may differ from it by far less than 1% of the interval over so short a time.
    assert time.monotonic() - started >= 0.99 * interval
    # The wait came out of the attempt's time, and no more than was waited.
    assert 0 < 5.0 - lease.seconds <= waited


async def test_no_slot_when_every_slot_stays_taken(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=1, poll_interval=0.01)
    await a.acquire(5.0, None, "GET /x")
    with pytest.raises(NoSlot) as caught:
        await b.acquire(0.05, None, "GET /x")
    assert caught.value.waited > 0


async def test_a_cancelled_acquire_gives_its_lease_back(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=2)
    script = budget._acquire

    async def run_then_cancel(**kwargs: Any) -> Any:
        await script(**kwargs)  # the lease is taken in Redis ...
        raise asyncio.CancelledError  # ... but the task is cancelled before it hears so

    budget._acquire = run_then_cancel  # type: ignore[assignment]
    with pytest.raises(asyncio.CancelledError):
        await budget.acquire(5.0, None, "GET /x")
    assert await budget.in_flight() == 0


async def test_without_a_limit_nothing_is_counted(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k")
    lease = await budget.acquire(5.0, None, "GET /x")
    await lease.release()
    assert await budget.in_flight() == 0


# ---------------------------------------------------------------- Redis away


@pytest.fixture
async def nowhere() -> Any:
    """A Redis client of a port nothing listens on."""
    client = Redis(port=free_port(), socket_connect_timeout=1)
    yield client
    await client.aclose()


async def test_redis_down_is_budget_unavailable(nowhere: Redis) -> None:
    budget = RedisBudget(nowhere, key="prod", max_concurrency=2)
    with pytest.raises(BudgetUnavailable, match=r"'prod'.*nothing was sent") as caught:
        await budget.acquire(5.0, None, "GET /x")
    assert caught.value.key == "prod"
    with pytest.raises(BudgetUnavailable, match="Retry-After"):
        await budget.pause(1.0)


async def test_redis_down_uses_the_fallback_the_caller_chose(
    nowhere: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = LocalBudget(max_concurrency=1)
    budget = RedisBudget(nowhere, key="prod", max_concurrency=8, fallback=fallback)
    with caplog.at_level(logging.WARNING, "vogent_async"):
        lease = await budget.acquire(5.0, None, "GET /x")
    assert "unreachable, using its fallback" in caplog.text
    with pytest.raises(NoSlot):  # the fallback's single slot is taken: it bounds the burst
        await budget.acquire(0.05, None, "GET /x")
    await lease.release()
    await budget.pause(30.0)
    with pytest.raises(OutOfTime):  # the pause went to the fallback
        await budget.acquire(5.0, time.monotonic() + 5.0, "GET /x")


async def test_a_release_redis_missed_is_logged_and_the_lease_expires(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    redis = Redis.from_url(own_redis_server.url, socket_connect_timeout=1)
    budget = RedisBudget(redis, key="k", max_concurrency=1)
    lease = await budget.acquire(5.0, None, "GET /x")
    own_redis_server.stop()
    with caplog.at_level(logging.WARNING, "vogent_async"):
        await lease.release()  # returns at once: the release goes on in the background
        with pytest.raises(BudgetUnavailable):
            await budget.acquire(5.0, None, "GET /x")  # after this process's releases
    assert "could not release a lease" in caplog.text
    await redis.aclose()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": ""}, "key must be"),
        ({"max_concurrency": 0}, "max_concurrency must be >= 1"),
        ({"rate": 0}, "rate must be"),
        ({"rate": float("inf")}, "rate must be"),
        ({"max_lease": -1}, "max_lease must be"),
        ({"lease_grace": 0}, "lease_grace must be"),
        ({"poll_interval": "1"}, "poll_interval must be"),
        ({"redis_timeout": 0}, "redis_timeout must be a positive number"),
        ({"redis_timeout": True}, "redis_timeout must be a positive number"),
    ],
)
def test_arguments_are_checked(redis_server: RedisServer, kwargs: Any, message: str) -> None:
    arguments: dict[str, Any] = {"key": "k", **kwargs}
    with pytest.raises(ValueError, match=message):
        RedisBudget(Redis.from_url(redis_server.url), **arguments)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_concurrency": 1.5}, "max_concurrency must be an int"),
        ({"max_concurrency": True}, "max_concurrency must be an int"),
        ({"fallback": object()}, "fallback must be a Budget"),
    ],
)
def test_argument_types_are_checked(redis_server: RedisServer, kwargs: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        RedisBudget(Redis.from_url(redis_server.url), key="k", **kwargs)


# ---------------------------------------------------------------- waking a waiting task

NEVER = 600.0  # a poll_interval no test waits out: a waiting task must be woken


async def test_a_release_in_another_process_wakes_a_waiting_acquire(
    redis_server: RedisServer, redis: Redis
) -> None:
    async with client_of(redis_server) as elsewhere:
        a = RedisBudget(elsewhere, key="k", max_concurrency=1, poll_interval=NEVER)
        b = RedisBudget(redis, key="k", max_concurrency=1, poll_interval=NEVER)
        held = await a.acquire(60.0, None, "GET /x")
        waiting = asyncio.ensure_future(b.acquire(60.0, None, "GET /x"))
        await asyncio.sleep(0.05)  # it finds every slot taken and blocks
        assert not waiting.done()
        await held.release()
        lease = await asyncio.wait_for(waiting, 10)  # long before NEVER
        assert await b.in_flight() == 1
        await lease.release()
        assert await b.in_flight() == 0


async def test_a_lease_running_out_wakes_a_waiting_acquire(redis: Redis) -> None:
    a, b = two(redis, max_concurrency=1, lease_grace=0.05, poll_interval=NEVER)
    await a.acquire(0.05, None, "GET /x")  # never released: its worker "died"
    lease = await asyncio.wait_for(b.acquire(60.0, None, "GET /x"), 10)
    assert isinstance(lease, Lease)


async def test_waiters_are_woken_one_per_freed_slot(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=2, poll_interval=NEVER)
    held = [await budget.acquire(60.0, None, "GET /x") for _ in range(2)]
    waiting = [asyncio.ensure_future(budget.acquire(60.0, None, "GET /x")) for _ in range(3)]
    await asyncio.sleep(0.05)
    for lease in held:
        await lease.release()
    done, pending = await asyncio.wait(waiting, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    while len(done) < 2:
        more, pending = await asyncio.wait(pending, timeout=10)
        done |= more
    assert len(done) == 2
    assert await budget.in_flight() == 2
    (last,) = pending
    await (done.pop()).result().release()
    await (await asyncio.wait_for(last, 10)).release()


async def test_a_release_rides_with_the_next_acquire_of_the_process(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=1, poll_interval=NEVER)
    sent: list[object] = []
    release = budget._releases._script

    async def counted(**kwargs: Any) -> Any:
        sent.append(kwargs)
        return await release(**kwargs)

    budget._releases._script = counted  # type: ignore[assignment]
    for _ in range(5):  # a walk: each page's lease is given back as the next is taken
        lease = await budget.acquire(5.0, None, "GET /x")
        await lease.release()
    assert sent == []  # each release went in the next acquire's script
    assert await budget.in_flight() == 0  # the last one went on its own
    assert len(sent) == 1


async def test_a_cancelled_acquire_gives_back_the_releases_it_carried(redis: Redis) -> None:
    budget = RedisBudget(redis, key="k", max_concurrency=2)
    await (await budget.acquire(5.0, None, "GET /x")).release()  # waits for the next acquire
    script = budget._acquire

    async def run_then_cancel(**kwargs: Any) -> Any:
        await asyncio.sleep(0)
        raise asyncio.CancelledError  # cancelled before the script was sent

    budget._acquire = run_then_cancel  # type: ignore[assignment]
    with pytest.raises(asyncio.CancelledError):
        await budget.acquire(5.0, None, "GET /x")
    budget._acquire = script
    assert await budget.in_flight() == 0
