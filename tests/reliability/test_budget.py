"""One deadline per call, and one request budget shared by every task of a client."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp import web

import vogent_async
from vogent_async.errors import APITimeoutError, InternalServerError, RateLimitError

from ._server import LocalServer, json_response, never_answer
from .conftest import SECRET_KEY, FixedBackoff, LateClock, RealSleeps

EMPTY: dict[str, object] = {"data": [], "cursor": None}


async def _walk(client: vogent_async.Client, **options: object) -> list[object]:
    return list(await client.batch_dial_jobs.list(**options).to_list())  # type: ignore[arg-type]


async def _retried_until_the_deadline(clock: LateClock) -> tuple[int, APITimeoutError]:
    """Call a server that always answers 503, retrying every 0.5 s within 5 s on ``clock``.

    Returns the requests the server saw and the error the call raised.
    """

    async def handler(request: web.Request) -> web.StreamResponse:
        return json_response({"message": "busy"}, status=503)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(
            SECRET_KEY,
            base_url=server.base_url,
            max_retries=10_000,
            total_timeout=5.0,
            retry_policy=FixedBackoff(wait=0.5),
        ) as client,
    ):
        with pytest.raises(APITimeoutError, match=r"total_timeout of 5\.0s") as caught:
            await _walk(client)
    return len(server.requests), caught.value


async def test_total_timeout_bounds_every_attempt_and_backoff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that always fails is retried until total_timeout, then APITimeoutError."""
    clock = LateClock().install(monkeypatch)
    sent, error = await _retried_until_the_deadline(clock)
    # Without the deadline the call would never end. A backoff that would end past it is
    # not started: ten of 0.5 s would reach it exactly, and the attempts took some time.
    assert set(clock.slept) == {0.5}
    assert len(clock.slept) <= 9
    assert sent == len(clock.slept) + 1
    assert isinstance(error.__cause__, InternalServerError)


async def test_a_backoff_that_overruns_the_deadline_keeps_the_cause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backoff that ends late (a loaded machine) still raises with the last failure as cause."""
    clock = LateClock(late=10.0).install(monkeypatch)
    sent, error = await _retried_until_the_deadline(clock)
    assert clock.slept == [0.5]  # the backoff fitted, but woke past the deadline
    assert sent == 1
    assert isinstance(error.__cause__, InternalServerError)


async def test_per_call_total_timeout_bounds_a_slow_attempt() -> None:
    """A per-call total_timeout cuts an attempt that the per-attempt timeout would allow."""
    async with (
        LocalServer(never_answer) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, timeout=30) as client,
    ):
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await _walk(client, total_timeout=0.3)
        assert time.monotonic() - started < 3.0  # the attempt alone could take 30 s


@pytest.mark.parametrize("limit", ["max_connections", "max_concurrency"])
async def test_total_timeout_bounds_the_wait_for_a_connection(limit: str) -> None:
    """Waiting for a pooled connection or a request slot counts against total_timeout."""
    release = asyncio.Event()

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.query.get("userId") == "hog":
            await release.wait()
        return json_response(EMPTY)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, **{limit: 1}) as client,  # type: ignore[arg-type]
    ):
        hog = asyncio.create_task(_walk(client, user_id="hog"))
        while not server.requests:
            await asyncio.sleep(0.01)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await _walk(client, total_timeout=0.3, max_retries=0)
        assert time.monotonic() - started < 3.0  # the slot alone would take 60 s
        release.set()
        assert await hog == []
    assert len(server.requests) == 1


@pytest.mark.parametrize("http_date", [False, True])
async def test_retry_after_past_the_deadline_raises_rate_limit_at_once(http_date: bool) -> None:
    """A Retry-After longer than the time left raises RateLimitError now, sent once."""
    when = datetime.now(timezone.utc) + timedelta(seconds=31)
    header = email.utils.format_datetime(when, usegmt=True) if http_date else "30"

    async def handler(request: web.Request) -> web.StreamResponse:
        return json_response({"message": "slow down"}, status=429, **{"Retry-After": header})

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, total_timeout=5) as client,
    ):
        started = time.monotonic()
        with pytest.raises(RateLimitError) as caught:
            await _walk(client)
        assert time.monotonic() - started < 2.5  # waiting would take the whole 5 s
    assert caught.value.retry_after is not None
    assert 28 <= caught.value.retry_after <= 31
    assert len(server.requests) == 1


async def test_retry_after_that_fits_is_waited_for_really(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A short Retry-After is slept in full before the one retry, which then succeeds."""
    sleeps = RealSleeps().install(monkeypatch)
    answers = [json_response({}, status=429, **{"Retry-After": "1"}), json_response(EMPTY)]

    async def handler(request: web.Request) -> web.StreamResponse:
        return answers.pop(0)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, total_timeout=5) as client,
    ):
        assert await _walk(client) == []
    first, second = server.requests
    assert second.at - first.at >= 1.0  # slept for real
    assert len(sleeps.delays) == 1  # once, not twice
    assert sleeps.delays[0] <= 1.0


async def test_max_concurrency_bounds_requests_in_flight() -> None:
    """With max_concurrency=4, 40 tasks never have more than 4 requests at the server at once."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.02)
        return json_response(EMPTY)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, max_concurrency=4) as client,
    ):
        results = await asyncio.gather(*(_walk(client) for _ in range(40)))
    assert results == [[]] * 40
    assert server.peak_in_flight == 4
    assert len(server.requests) == 40


async def test_request_slot_is_free_during_backoff() -> None:
    """With max_concurrency=1, another task's request is served while one task backs off."""
    failed_once: set[str] = set()

    async def handler(request: web.Request) -> web.StreamResponse:
        who = request.query["userId"]
        if who == "flaky" and who not in failed_once:
            failed_once.add(who)
            return json_response({"message": "oops"}, status=500)
        return json_response(EMPTY)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(
            SECRET_KEY,
            base_url=server.base_url,
            max_concurrency=1,
            retry_policy=FixedBackoff(wait=0.4),
        ) as client,
    ):
        flaky = asyncio.create_task(_walk(client, user_id="flaky"))
        while not server.requests:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # the flaky task is now in its backoff sleep
        assert await _walk(client, user_id="steady") == []
        assert await flaky == []
    order = [r.query["userId"] for r in server.requests]
    assert order == ["flaky", "steady", "flaky"]


@pytest.mark.parametrize(("max_concurrency", "max_connections"), [(None, 100), (5, 100), (None, 5)])
async def test_one_rate_limit_pauses_every_task_of_the_client(
    max_concurrency: int | None, max_connections: int
) -> None:
    """50 tasks walking pages; one 429 with Retry-After 1 s: the server hears nothing
    during the pause, and every task still gets all of its items."""
    pause = 1.0
    limited_at: list[float] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        arrival = len(server.requests)
        await asyncio.sleep(0.005)
        if arrival == 60:
            limited_at.append(time.monotonic())
            return json_response({}, status=429, **{"Retry-After": str(pause)})
        page = int(request.query.get("cursor", "0"))
        cursor = str(page + 1) if page < 4 else None
        return json_response({"data": [], "cursor": cursor})

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(
            SECRET_KEY,
            base_url=server.base_url,
            max_concurrency=max_concurrency,
            max_connections=max_connections,
            timeout=5,
        ) as client,
    ):
        results = await asyncio.gather(*(_walk(client) for _ in range(50)))
    assert results == [[]] * 50
    assert len(server.requests) == 50 * 5 + 1
    (start,) = limited_at
    # Requests already on the wire when the 429 left the server may still arrive; a
    # loaded machine delays them, so the grace is generous next to the pause it checks.
    grace = 0.3
    during = [r.at - start for r in server.requests if start + grace < r.at < start + pause]
    assert during == []
    assert any(r.at >= start + pause for r in server.requests)


async def test_rate_limit_pauses_other_tasks_even_when_not_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 429 that its own call does not retry (max_retries=0) still holds the next call,
    and the hold is logged at DEBUG."""
    caplog.set_level(logging.DEBUG, logger="vogent_async")
    answers = [json_response({}, status=429, **{"Retry-After": "0.3"}), json_response(EMPTY)]

    async def handler(request: web.Request) -> web.StreamResponse:
        return answers.pop(0)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, max_retries=0) as client,
    ):
        with pytest.raises(RateLimitError):
            await _walk(client)
        assert await _walk(client) == []
    first, second = server.requests
    assert second.at - first.at >= 0.3
    holds = [r.getMessage() for r in caplog.records if r.getMessage().startswith("holding")]
    assert len(holds) == 1
    assert holds[0].startswith("holding GET /batch_dial_jobs for 0.")


async def test_pause_longer_than_the_deadline_fails_the_waiting_call_at_once() -> None:
    """A call whose total_timeout ends inside the client's pause raises APITimeoutError now."""
    answers = [json_response({}, status=429, **{"Retry-After": "30"})]

    async def handler(request: web.Request) -> web.StreamResponse:
        return answers.pop(0)

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, max_retries=0) as client,
    ):
        with pytest.raises(RateLimitError):
            await _walk(client)
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"total_timeout of 5\.0s ran out"):
            await _walk(client, total_timeout=5)
        assert time.monotonic() - started < 2.5  # waiting would take the whole 5 s
    assert len(server.requests) == 1
