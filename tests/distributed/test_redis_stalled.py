"""A Redis that stalls (``SIGSTOP``: its connections stay open, nothing answers).

Every call through a `RedisBudget` still ends within its ``total_timeout``, a cancel
returns at once, and an open stream keeps its lease. The bounds asserted are the
call's own deadline plus a margin for a loaded machine: a correctness bound, not a
measurement.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from arq import Retry
from arq.connections import ArqRedis, RedisSettings, create_pool
from redis.asyncio import Redis
from redis.exceptions import TimeoutError as RedisTimeoutError

import vogent_async
from tests.distributed._redis_server import RedisServer
from vogent_async.budget import LocalBudget, NoSlot
from vogent_async.contrib.arq import (
    ExportSettings,
    export_job_dials,
    export_matching_jobs,
    worker_settings,
)
from vogent_async.contrib.redis import RedisBudget, RedisCheckpoints
from vogent_async.errors import BudgetScriptError, BudgetUnavailable
from vogent_async.testing import FakeVogent

T = TypeVar("T")

MARGIN = 0.75  # seconds past a deadline that a loaded machine may take to notice it


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A fake that holds the voice ``v`` the streams speak in."""
    async with FakeVogent(api_key="k") as server:
        voice = {"voiceType": "cartesia", "voiceTier": "STANDARD", "description": "A voice."}
        server.voices.seed([{**voice, "id": "v", "name": "v"}])  # the fake refuses others
        yield server


async def within(server: RedisServer, seconds: float, work: Awaitable[T]) -> T:
    """The outcome of ``work``, which must end within ``seconds`` (+ `MARGIN`).

    When it does not, the server is resumed so that it can end, and the test fails.
    """
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds + MARGIN)
    if not done:
        server.resume()
        task.cancel()
        await asyncio.wait({task}, timeout=10)
        pytest.fail(f"still running {seconds + MARGIN:.2f}s after it started")
    return task.result()


async def cancel_within(server: RedisServer, task: asyncio.Task[Any]) -> None:
    """Cancel ``task``: it must be over within `MARGIN`."""
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=MARGIN)
    if not done:
        server.resume()
        await asyncio.wait({task}, timeout=10)
        pytest.fail(f"a cancel took more than {MARGIN}s")
    assert task.cancelled()


def client_on(fake: FakeVogent, budget: RedisBudget, **kwargs: Any) -> vogent_async.Client:
    return vogent_async.Client(fake.api_key, base_url=fake.base_url, budget=budget, **kwargs)


# ------------------------------------------------------------- item 1: deadlines


async def test_a_call_ends_with_budget_unavailable_within_its_total_timeout(
    stalling_redis_server: RedisServer, stalling: Redis, fake: FakeVogent
) -> None:
    (job_id,) = fake.seed_jobs(1)
    budget = RedisBudget(stalling, key="k", max_concurrency=2, redis_timeout=30.0)
    async with client_on(fake, budget, total_timeout=1.0) as client:
        with stalling_redis_server.paused():
            call = client.batch_dial_jobs.get(job_id)
            with pytest.raises(BudgetUnavailable, match=r"'k'.*did not answer within"):
                await within(stalling_redis_server, 1.0, call)
    assert fake.requests == []  # nothing was sent


async def test_a_call_goes_on_with_the_fallback_within_its_total_timeout(
    stalling_redis_server: RedisServer, stalling: Redis, fake: FakeVogent
) -> None:
    (job_id,) = fake.seed_jobs(1)
    fallback = LocalBudget(max_concurrency=1)
    budget = RedisBudget(stalling, key="k", max_concurrency=2, redis_timeout=0.3, fallback=fallback)
    async with client_on(fake, budget, total_timeout=1.5) as client:
        with stalling_redis_server.paused():
            job = await within(stalling_redis_server, 1.5, client.batch_dial_jobs.get(job_id))
    assert job.id == job_id


async def test_a_cancel_while_a_slot_is_asked_for_returns_at_once(
    stalling_redis_server: RedisServer, stalling: Redis, fake: FakeVogent
) -> None:
    (job_id,) = fake.seed_jobs(1)
    budget = RedisBudget(stalling, key="k", max_concurrency=2, redis_timeout=30.0)
    async with client_on(fake, budget) as client:
        with stalling_redis_server.paused():
            call = asyncio.ensure_future(client.batch_dial_jobs.get(job_id))
            await asyncio.sleep(0.2)  # the script is sent, and Redis does not answer
            await cancel_within(stalling_redis_server, call)


async def test_a_cancel_while_the_request_is_in_flight_returns_at_once(
    stalling_redis_server: RedisServer, stalling: Redis
) -> None:
    arrived = asyncio.Event()

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        arrived.set()
        await reader.read()  # until the client hangs up
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    budget = RedisBudget(stalling, key="k", max_concurrency=2, redis_timeout=30.0)
    client = vogent_async.Client("key", base_url=f"http://127.0.0.1:{port}", budget=budget)
    async with server, client:
        call = asyncio.ensure_future(client.batch_dial_jobs.get("job_0"))
        await arrived.wait()  # the lease is held, the request sent
        with stalling_redis_server.paused():
            await cancel_within(stalling_redis_server, call)


async def test_a_shared_pause_is_bounded_by_the_deadline(
    stalling_redis_server: RedisServer, stalling: Redis
) -> None:
    budget = RedisBudget(stalling, key="k", redis_timeout=30.0)
    with stalling_redis_server.paused():
        pause = budget.pause(5.0, time.monotonic() + 0.5)
        with pytest.raises(BudgetUnavailable, match="Retry-After"):
            await within(stalling_redis_server, 0.5, pause)


async def test_in_flight_is_bounded_by_redis_timeout(
    stalling_redis_server: RedisServer, stalling: Redis
) -> None:
    budget = RedisBudget(stalling, key="k", max_concurrency=1, redis_timeout=0.5)
    with stalling_redis_server.paused(), pytest.raises(RedisTimeoutError):
        await within(stalling_redis_server, 0.5, budget.in_flight())


async def test_checkpoints_are_bounded_by_redis_timeout(
    stalling_redis_server: RedisServer, stalling: Redis
) -> None:
    checkpoints = RedisCheckpoints(stalling, redis_timeout=0.5)
    await checkpoints.save("x", listing="x", next_cursor="c1", items_done=5)
    with stalling_redis_server.paused():
        works: list[Callable[[], Awaitable[object]]] = [
            lambda: checkpoints.save("x", listing="x", next_cursor="c2", items_done=10),
            lambda: checkpoints.load("x"),
            lambda: checkpoints.clear("x"),
        ]
        for work in works:
            with pytest.raises(RedisTimeoutError, match=r"did not answer within 0\.5"):
                await within(stalling_redis_server, 0.5, work())
    assert await checkpoints.load("x") in ("c1", "c2")


# --------------------------------------------------- item 2: an open stream's lease


async def test_an_open_stream_keeps_its_lease(stalling: Redis, fake: FakeVogent) -> None:
    # A lease lasts the attempt's 0.3 s plus 0.2 s of grace, unless the stream renews it.
    budget = RedisBudget(stalling, key="k", max_concurrency=1, lease_grace=0.2)
    other = RedisBudget(stalling, key="k", max_concurrency=1, poll_interval=0.01)
    async with client_on(fake, budget, timeout=0.3) as client:
        async with client.tts.stream(text="Hello there", voice_id="v") as audio:
            assert (await anext(aiter(audio)))[:4] == b"RIFF"
            await asyncio.sleep(1.5)  # three lease lengths with the stream held open
            assert await other.in_flight() == 1
            with pytest.raises(NoSlot):
                await other.acquire(0.2, None, "GET /x")
        lease = await other.acquire(5.0, None, "GET /x")  # closed: the slot came back
    await lease.release()


async def test_an_open_websocket_keeps_its_lease(stalling: Redis, fake: FakeVogent) -> None:
    # The socket's lease lasts its handshake's 0.3 s plus 0.2 s of grace, unless renewed.
    budget = RedisBudget(stalling, key="k", max_concurrency=1, lease_grace=0.2)
    other = RedisBudget(stalling, key="k", max_concurrency=1, poll_interval=0.01)
    async with client_on(fake, budget, timeout=0.3) as client:
        async with client.tts.websocket():
            await asyncio.sleep(1.5)  # three lease lengths with the socket open
            assert await other.in_flight() == 1
            with pytest.raises(NoSlot):
                await other.acquire(0.2, None, "GET /x")
        lease = await other.acquire(5.0, None, "GET /x")  # closed: the slot came back
    await lease.release()


async def test_a_renewal_redis_misses_or_finds_gone_is_logged(
    stalling_redis_server: RedisServer, stalling: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    budget = RedisBudget(stalling, key="k", max_concurrency=1, redis_timeout=0.2)
    lease = await budget.acquire(5.0, None, "GET /x")
    with caplog.at_level(logging.WARNING, "vogent_async"):
        with stalling_redis_server.paused():
            await within(stalling_redis_server, 0.2, lease.renew())  # never raises
        assert "could not renew an open stream's lease" in caplog.text
        await stalling.delete("vogent:budget:{k}:leases")  # as if it ran out and was taken
        await lease.renew()
    assert "lease ran out before it was renewed" in caplog.text
    assert await budget.in_flight() == 0  # a renewal never brings a lost lease back


async def test_a_stream_closed_while_redis_is_stalled_returns_at_once(
    stalling_redis_server: RedisServer, stalling: Redis, fake: FakeVogent
) -> None:
    budget = RedisBudget(stalling, key="k", max_concurrency=1, redis_timeout=30.0)
    async with client_on(fake, budget) as client:
        stream = client.tts.stream(text="Hello there", voice_id="v")
        audio = await stream.__aenter__()
        with stalling_redis_server.paused():
            await within(stalling_redis_server, 0.0, stream.__aexit__(None, None, None))
        assert audio.bytes_received == 0


# ------------------------------------------------- item 3: Redis answers an error


async def test_a_key_of_another_type_is_a_script_error_and_never_falls_back(
    stalling: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    await stalling.set("vogent:budget:{k}:leases", "not a sorted set")
    fallback = LocalBudget(max_concurrency=1)
    budget = RedisBudget(stalling, key="k", max_concurrency=1, fallback=fallback)
    with (
        caplog.at_level(logging.WARNING, "vogent_async"),
        pytest.raises(BudgetScriptError) as caught,
    ):
        await budget.acquire(5.0, None, "GET /x")
    assert isinstance(caught.value, BudgetUnavailable)
    assert caught.value.key == "k"
    message = str(caught.value)
    assert "WRONGTYPE" in message
    assert "'k'" in message
    assert "did not answer" not in message
    assert "fallback" not in caplog.text


async def test_a_pause_key_of_another_type_is_a_script_error(stalling: Redis) -> None:
    await stalling.rpush("vogent:budget:{k}:pause", "not a number")  # type: ignore[misc]
    budget = RedisBudget(stalling, key="k", fallback=LocalBudget())
    with pytest.raises(BudgetScriptError, match="WRONGTYPE"):
        await budget.pause(1.0)


async def test_a_freed_key_of_another_type_is_a_script_error_while_waiting(
    stalling: Redis,
) -> None:
    await stalling.set("vogent:budget:{k}:freed", "not a list")
    other = RedisBudget(stalling, key="k", max_concurrency=1)
    await other.acquire(30.0, None, "GET /x")  # every slot taken: the next one waits
    budget = RedisBudget(stalling, key="k", max_concurrency=1, fallback=LocalBudget())
    with pytest.raises(BudgetScriptError, match=r"WRONGTYPE.*'vogent:budget:\{k\}:freed'"):
        await budget.acquire(5.0, None, "GET /x")


async def test_a_call_waiting_for_a_slot_ends_within_its_total_timeout_when_redis_stalls(
    stalling_redis_server: RedisServer, stalling: Redis, fake: FakeVogent
) -> None:
    (job_id,) = fake.seed_jobs(1)
    other = RedisBudget(stalling, key="k", max_concurrency=1)
    await other.acquire(30.0, None, "GET /x")  # held: the call blocks for a freed slot
    budget = RedisBudget(stalling, key="k", max_concurrency=1, redis_timeout=0.3)
    async with client_on(fake, budget, total_timeout=1.5) as client:
        call = asyncio.ensure_future(client.batch_dial_jobs.get(job_id))
        await asyncio.sleep(0.2)  # it blocks on the freed list
        with (
            stalling_redis_server.paused(),
            pytest.raises(BudgetUnavailable, match="did not answer"),
        ):
            await within(stalling_redis_server, 1.5, call)
    assert fake.requests == []


# ------------------------------------------------------------- the arq tasks


@pytest.fixture
async def stalling_pool(stalling_redis_server: RedisServer) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(stalling_redis_server.url))
    yield pool
    await pool.aclose()


def export_settings(fake: FakeVogent, tmp_path: Path) -> ExportSettings:
    return ExportSettings(
        sink=str(tmp_path / "d.sqlite3"),
        api_key=fake.api_key,
        base_url=fake.base_url,
        budget_key="k",
        redis_timeout=0.5,
    )


async def test_an_export_hands_arq_a_retry_within_redis_timeout(
    stalling_redis_server: RedisServer, stalling_pool: ArqRedis, fake: FakeVogent, tmp_path: Path
) -> None:
    (job_id,) = fake.seed_jobs(1, status="COMPLETE")
    settings = export_settings(fake, tmp_path)
    ctx: dict[str, Any] = {"redis": stalling_pool, "job_id": "arq-1"}
    await worker_settings(settings)["on_startup"](ctx)
    try:
        with stalling_redis_server.paused(), pytest.raises(Retry):
            await within(stalling_redis_server, 0.5, export_job_dials(ctx, job_id))
    finally:
        await worker_settings(settings)["on_shutdown"](ctx)


async def test_a_fan_out_hands_arq_a_retry_when_an_enqueue_stalls(
    stalling_redis_server: RedisServer,
    stalling_pool: ArqRedis,
    redis_server: RedisServer,
    fake: FakeVogent,
    tmp_path: Path,
) -> None:
    fake.seed_jobs(2, status="COMPLETE")
    settings = export_settings(fake, tmp_path)
    healthy = await create_pool(RedisSettings.from_dsn(redis_server.url))
    ctx: dict[str, Any] = {"redis": healthy, "job_id": "arq-2"}
    await worker_settings(settings)["on_startup"](ctx)  # budget and checkpoints on `healthy`
    ctx["redis"] = stalling_pool  # the queue the jobs are enqueued on stalls
    try:
        with stalling_redis_server.paused(), pytest.raises(Retry):
            await within(stalling_redis_server, 0.5, export_matching_jobs(ctx))
    finally:
        await worker_settings(settings)["on_shutdown"](ctx)
        await healthy.flushdb()
        await healthy.aclose()
