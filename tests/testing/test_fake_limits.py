"""The fake's per-key concurrency limit (429 + Retry-After) and its request counters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from vogent_async.testing import FakeVogent, ServerStats
from vogent_async.testing._limits import RequestLimiter

from .conftest import KEY, job_input, populate

_AUTH = {"Authorization": f"Bearer {KEY}"}


async def _gated_body(gate: asyncio.Event) -> AsyncIterator[bytes]:
    """A request body whose end waits for ``gate``: the request stays in flight until then."""
    yield b'{"paused": '
    await gate.wait()
    yield b"true}"


async def _until(condition: object, fake: FakeVogent) -> None:
    for _ in range(2000):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"never reached; stats: {fake.stats}")


async def test_one_request_over_the_limit_is_429_with_retry_after() -> None:
    """With two requests held in flight and a limit of two, a third gets 429 at once."""
    async with (
        FakeVogent(KEY, max_concurrent_requests=2, retry_after=3, record_requests=False) as fake,
        aiohttp.ClientSession(headers=_AUTH) as session,
    ):
        populate(fake)
        job_id = (
            await (await session.post(fake.base_url + "/batch_dial_jobs", json=job_input())).json()
        )["id"]
        fake.reset_stats()
        gate = asyncio.Event()
        url = f"{fake.base_url}/batch_dial_jobs/{job_id}/paused"
        held = [asyncio.create_task(session.post(url, data=_gated_body(gate))) for _ in range(2)]
        await _until(lambda: fake.stats.in_flight == 2, fake)

        refused = await session.get(fake.base_url + "/batch_dial_jobs")
        gate.set()
        answers = [await task for task in held]

        assert refused.status == 429
        assert refused.headers["Retry-After"] == "3"
        assert "limit 2" in (await refused.json())["error"]["message"]
        assert [a.status for a in answers] == [200, 200]
        assert fake.stats == ServerStats(requests=3, throttled=1, max_in_flight=2, in_flight=0)


async def test_the_stats_route_reports_the_counters_without_a_key() -> None:
    """GET /_fake/stats answers the counters in camelCase and is not itself counted."""
    async with FakeVogent(KEY) as fake, aiohttp.ClientSession() as session:
        root = fake.base_url.removesuffix("/api")
        await session.get(fake.base_url + "/batch_dial_jobs", headers=_AUTH)
        await session.get(fake.base_url + "/batch_dial_jobs")  # 401, still counted

        reply = await session.get(root + "/_fake/stats")

        assert await reply.json() == {
            "requests": 2,
            "throttled": 0,
            "maxInFlight": 1,
            "inFlight": 0,
        }
        assert len(fake.requests) == 2


def test_the_limiter_counts_per_key_and_frees_slots() -> None:
    """Each key has its own limit; leaving frees a slot; reset keeps what is in flight."""
    limiter = RequestLimiter(1)

    assert limiter.enter("a")
    assert limiter.enter("b")
    assert not limiter.enter("a")
    limiter.leave("a")
    assert limiter.enter("a")
    limiter.reset()

    assert limiter.stats() == ServerStats(requests=0, throttled=0, max_in_flight=1, in_flight=2)
    assert RequestLimiter(None).enter("a")


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_a_limit_that_is_not_a_positive_int_is_refused(bad: object) -> None:
    """max_concurrent_requests is a positive int or None."""
    with pytest.raises(ValueError, match="max_concurrent_requests"):
        FakeVogent(max_concurrent_requests=bad)  # type: ignore[arg-type]


async def test_latency_holds_each_request_in_flight_inside_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With latency, requests overlap as on a real API: two wait together, a third is 429."""
    gate, waits = asyncio.Event(), []

    async def held(seconds: float) -> None:
        waits.append(seconds)
        await gate.wait()

    monkeypatch.setattr("vogent_async.testing._app._sleep", held)
    async with (
        FakeVogent(KEY, max_concurrent_requests=2, latency=0.75) as fake,
        aiohttp.ClientSession(headers=_AUTH) as session,
    ):
        url = fake.base_url + "/batch_dial_jobs"
        slow = [asyncio.create_task(session.get(url)) for _ in range(2)]
        await _until(lambda: fake.stats.in_flight == 2, fake)
        refused = await session.get(url)
        gate.set()
        answers = [await task for task in slow]

    assert waits == [0.75, 0.75]
    assert refused.status == 429
    assert [a.status for a in answers] == [200, 200]
    assert fake.stats.max_in_flight == 2


def test_negative_latency_or_retry_after_is_refused() -> None:
    """Times are seconds, 0 or more."""
    with pytest.raises(ValueError, match="latency and retry_after"):
        FakeVogent(latency=-1)
