"""Client arguments checked at the door, `with_options` views, and one event loop per client."""

from __future__ import annotations

import asyncio
import gc
import math
import warnings
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

import vogent_async

from .conftest import API_KEY, BASE, job_json

JOB = f"{BASE}/batch_dial_jobs/job_1"


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"timeout": "5"}, TypeError, "timeout must be a number of seconds above 0, got str '5'"),
        ({"timeout": 0}, ValueError, "timeout must be a number of seconds above 0, got 0"),
        ({"timeout": -1}, ValueError, "timeout must be a number of seconds above 0, got -1"),
        ({"timeout": None}, TypeError, "timeout must be a number of seconds above 0, got NoneType"),
        ({"timeout": True}, TypeError, "timeout must be a number"),
        ({"total_timeout": -1}, ValueError, "total_timeout must be a number of seconds above 0"),
        ({"max_retries": 2.5}, TypeError, "max_retries must be an int >= 0, got float 2.5"),
        ({"max_retries": -1}, ValueError, "max_retries must be an int >= 0, got -1"),
        ({"max_concurrency": -3}, ValueError, "max_concurrency must be an int >= 1, got -3"),
        ({"max_concurrency": 0}, ValueError, "max_concurrency must be an int >= 1, got 0"),
        ({"max_concurrency": 2.0}, TypeError, "max_concurrency must be an int >= 1"),
        ({"max_connections": 0}, ValueError, "max_connections must be an int >= 1, got 0"),
        ({"max_response_bytes": 0}, ValueError, "max_response_bytes must be an int >= 1"),
        ({"default_headers": {"Authorization": "x"}}, ValueError, "cannot set Authorization"),
        ({"default_headers": {"X-A": "a\nb"}}, ValueError, "CR, LF or NUL"),
        ({"session": object()}, TypeError, "session must be an aiohttp.ClientSession or None"),
        ({"retry_policy": 3}, TypeError, "retry_policy must be a RetryPolicy or None"),
        ({"base_url": 5}, TypeError, "base_url must be a str"),
    ],
)
def test_each_bad_client_argument_is_named_with_what_is_accepted(
    arguments: dict[str, Any], error: type[Exception], words: str
) -> None:
    """Every Client argument is checked at construction, one clear error each."""
    with pytest.raises(error) as info:
        vogent_async.Client(API_KEY, **{"base_url": BASE, **arguments})
    assert words in str(info.value)


def test_a_key_that_is_not_a_string_is_a_type_error() -> None:
    """Client(123) says the key must be a str (and does not echo the value)."""
    with pytest.raises(TypeError, match="api_key must be a non-empty str, got int"):
        vogent_async.Client(123)  # type: ignore[arg-type]


def test_an_infinite_timeout_means_no_limit() -> None:
    """timeout=math.inf is the documented way to have no per-attempt limit."""
    client = vogent_async.Client(API_KEY, base_url=BASE, timeout=math.inf)
    assert client._transport.config.timeout == math.inf


async def test_an_infinite_timeout_reaches_aiohttp_as_no_timeout(mocked: aioresponses) -> None:
    """With timeout=math.inf, max_concurrency set, a call goes out with no aiohttp timeout."""
    mocked.get(JOB, payload=job_json(1, id="job_1"))
    async with vogent_async.Client(
        API_KEY, base_url=BASE, timeout=math.inf, max_concurrency=1
    ) as client:
        job = await client.batch_dial_jobs.get("job_1")
    assert job.id == "job_1"
    sent = mocked.requests[("GET", URL(JOB))][0]
    assert sent.kwargs["timeout"].total is None


async def test_a_per_call_negative_max_retries_sends_nothing(mocked: aioresponses) -> None:
    """get(..., max_retries=-5) raises ValueError naming max_retries before any request."""
    async with vogent_async.Client(API_KEY, base_url=BASE) as client:
        with pytest.raises(ValueError, match="max_retries must be an int >= 0, got -5"):
            await client.batch_dial_jobs.get("job_1", max_retries=-5)
    assert not mocked.requests


async def test_a_view_shares_the_session_and_budget_and_sends_its_headers(
    mocked: aioresponses,
) -> None:
    """with_options() gives a view with its own settings on the same session and throttle."""
    mocked.get(JOB, payload=job_json(1, id="job_1"), repeat=True)
    async with vogent_async.Client(API_KEY, base_url=BASE, max_retries=2) as client:
        view = client.with_options(max_retries=0, extra_headers={"X-Team": "ops"})
        await client.batch_dial_jobs.get("job_1")
        job = await view.batch_dial_jobs.get("job_1")
        assert job.id == "job_1"
        assert view._sender.session is client._sender.session is not None
        assert view._transport._shared is client._transport._shared
        assert view._transport.config.max_retries == 0
        assert client._transport.config.max_retries == 2
        assert view.base_url == client.base_url
    assert view.closed  # closing the client closes its views
    first, second = mocked.requests[("GET", URL(JOB))]
    assert "X-Team" not in first.kwargs["headers"]
    assert second.kwargs["headers"]["X-Team"] == "ops"


def test_a_view_checks_its_options() -> None:
    """with_options(timeout=0) is refused like a per-call timeout=0."""
    client = vogent_async.Client(API_KEY, base_url=BASE)
    with pytest.raises(ValueError, match="timeout must be a number of seconds above 0"):
        client.with_options(timeout=0)


def test_a_client_used_from_a_second_event_loop_says_so(mocked: aioresponses) -> None:
    """A Client first used in one loop raises EventLoopError in another, sending nothing."""
    mocked.get(JOB, payload=job_json(1, id="job_1"), repeat=True)
    client = vogent_async.Client(API_KEY, base_url=BASE)
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        first.run_until_complete(client.batch_dial_jobs.get("job_1"))
        with pytest.raises(vogent_async.EventLoopError, match="a Client belongs to the loop"):
            second.run_until_complete(client.batch_dial_jobs.get("job_1"))
        first.run_until_complete(client.close())
    finally:
        first.close()
        second.close()
    assert len(mocked.requests[("GET", URL(JOB))]) == 1


async def test_an_id_with_a_lone_surrogate_is_an_invalid_request(mocked: aioresponses) -> None:
    """get('a\\ud800') raises InvalidRequestError, not UnicodeEncodeError, and sends nothing."""
    async with vogent_async.Client(API_KEY, base_url=BASE) as client:
        with pytest.raises(vogent_async.InvalidRequestError, match="lone surrogate"):
            await client.batch_dial_jobs.get("a\ud800")
    assert not mocked.requests


async def test_dropping_a_view_of_an_open_client_does_not_warn(mocked: aioresponses) -> None:
    """Only the client that made the session warns when dropped open; its views never do."""
    mocked.get(JOB, payload=job_json(1, id="job_1"))
    async with vogent_async.Client(API_KEY, base_url=BASE) as client:
        view = client.with_options(timeout=5)
        await view.batch_dial_jobs.get("job_1")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            view.__del__()
            del view
            gc.collect()
