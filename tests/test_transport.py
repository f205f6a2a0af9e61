"""The transport against aioresponses: URLs, headers, retries, timeouts, error mapping."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from yarl import URL

import vogent_async
from vogent_async._transport._aiohttp import AiohttpSender
from vogent_async._transport._loop import Transport
from vogent_async._transport._secret import Secret

from .conftest import API_KEY, BASE, SleepRecorder

JOBS = f"{BASE}/batch_dial_jobs"
ANY_JOBS = re.compile(re.escape(JOBS) + r"(\?.*)?$")


def make_transport(**settings: Any) -> Transport:
    """The transport of a client built with ``settings`` (its sender, throttle and policy)."""
    return vogent_async.Client(API_KEY, base_url=BASE, **settings)._transport


def refused() -> aiohttp.ClientConnectorError:
    key = ConnectionKey("api.test.vogent", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))


@pytest.fixture
async def transport(sleeps: SleepRecorder) -> AsyncIterator[Transport]:
    """A transport with two retries, closed after the test."""
    t = make_transport(timeout=5.0, max_retries=2)
    yield t
    await t.close()


def sent(mocked: aioresponses) -> list[tuple[str, URL]]:
    return [(method, url) for (method, url), calls in mocked.requests.items() for _ in calls]


async def test_json_body_and_headers_are_sent(transport: Transport, mocked: aioresponses) -> None:
    """A call sends compact JSON, the bearer token and a User-Agent, and returns parsed JSON."""
    mocked.post(JOBS, payload={"ok": True})
    response = await transport.request("POST", "/batch_dial_jobs", json_body={"name": "x"})
    assert response.data == {"ok": True}
    call = mocked.requests[("POST", URL(JOBS))][0]
    assert call.kwargs["data"] == b'{"name":"x"}'
    headers = call.kwargs["headers"]
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"].startswith(f"vogent-async/{vogent_async.__version__} ")


@pytest.mark.parametrize(
    "cursor", ["a+b/c==", "x&y=z#frag?q", "naïve ünïcode", "%2B%25", "c" * 600]
)
async def test_cursor_reaches_the_server_byte_for_byte(
    transport: Transport, mocked: aioresponses, cursor: str
) -> None:
    """Reserved and non-ASCII characters in a cursor are percent-encoded, never mangled."""
    mocked.get(ANY_JOBS, payload={})
    await transport.request("GET", "/batch_dial_jobs", params={"cursor": cursor, "limit": 5})
    ((_, url),) = sent(mocked)
    assert url.query["cursor"] == cursor
    assert url.query["limit"] == "5"


def test_url_percent_encodes_every_reserved_character(transport: Transport) -> None:
    """The exact query on the wire: '+', '/', '=', '&', '#', '?', space and unicode escaped."""
    url = transport.url("/batch_dial_jobs", {"cursor": "a+b/c== &#?é", "limit": 10})
    assert url.raw_query_string == "cursor=a%2Bb%2Fc%3D%3D%20%26%23%3F%C3%A9&limit=10"
    assert url.query["cursor"] == "a+b/c== &#?é"
    assert str(url).startswith(f"{BASE}/batch_dial_jobs?")


async def test_none_params_are_left_out(transport: Transport, mocked: aioresponses) -> None:
    """Query parameters that are None are not sent at all."""
    mocked.get(ANY_JOBS, payload={})
    await transport.request("GET", "/batch_dial_jobs", params={"status": None, "limit": None})
    ((_, url),) = sent(mocked)
    assert url.raw_query_string == ""


async def test_retry_then_success(
    transport: Transport, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    """Transient 5xx answers are retried with backoff until one succeeds."""
    mocked.get(JOBS, status=503)
    mocked.get(JOBS, status=502)
    mocked.get(JOBS, payload={"data": []})
    response = await transport.request("GET", "/batch_dial_jobs")
    assert response.data == {"data": []}
    assert len(sent(mocked)) == 3
    assert len(sleeps.delays) == 2
    assert 0 <= sleeps.delays[0] <= 0.5
    assert 0 <= sleeps.delays[1] <= 1.0


async def test_retries_are_exhausted_then_the_error_is_raised(
    transport: Transport, mocked: aioresponses
) -> None:
    """After max_retries the last error surfaces with its status."""
    for _ in range(3):
        mocked.get(JOBS, status=500, payload={"message": "boom"})
    with pytest.raises(vogent_async.InternalServerError, match="boom") as info:
        await transport.request("GET", "/batch_dial_jobs")
    assert info.value.status_code == 500
    assert len(sent(mocked)) == 3


async def test_retry_after_is_honoured(
    transport: Transport, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    """A 429's Retry-After sets the wait before the retry."""
    mocked.get(JOBS, status=429, headers={"Retry-After": "3"})
    mocked.get(JOBS, payload={})
    await transport.request("GET", "/batch_dial_jobs")
    assert sleeps.delays == [pytest.approx(3.0, abs=0.1)]  # waited once, not twice


async def test_per_call_max_retries_override(transport: Transport, mocked: aioresponses) -> None:
    """max_retries=0 on a call sends it exactly once."""
    mocked.get(JOBS, status=503)
    with pytest.raises(vogent_async.InternalServerError):
        await transport.request("GET", "/batch_dial_jobs", max_retries=0)
    assert len(sent(mocked)) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
async def test_client_errors_are_raised_at_once(
    transport: Transport, mocked: aioresponses, status: int
) -> None:
    """4xx answers (other than 408/429) are not retried."""
    mocked.get(JOBS, status=status, payload={"message": "no"})
    with pytest.raises(vogent_async.APIStatusError) as info:
        await transport.request("GET", "/batch_dial_jobs")
    assert info.value.status_code == status
    assert len(sent(mocked)) == 1


@pytest.mark.parametrize(
    ("fault", "attempts", "error"),
    [
        ({"status": 500}, 1, vogent_async.InternalServerError),
        ({"status": 503}, 1, vogent_async.InternalServerError),
        ({"status": 408}, 1, vogent_async.APIStatusError),
        ({"exception": asyncio.TimeoutError()}, 1, vogent_async.APITimeoutError),
        ({"exception": aiohttp.ServerDisconnectedError()}, 1, vogent_async.APIConnectionError),
        ({"exception": aiohttp.ClientPayloadError("cut")}, 1, vogent_async.APIConnectionError),
        ({"status": 429}, 3, vogent_async.RateLimitError),
        ({"exception": refused()}, 3, vogent_async.APIConnectionError),
    ],
    ids=["500", "503", "408", "timeout", "disconnect", "cut-body", "429", "refused"],
)
async def test_non_idempotent_request_is_retried_only_when_surely_unprocessed(
    transport: Transport,
    mocked: aioresponses,
    fault: dict[str, object],
    attempts: int,
    error: type[Exception],
) -> None:
    """A create is resent only after a 429 or a connection that never carried it."""
    for _ in range(3):
        mocked.post(JOBS, **fault)
    with pytest.raises(error):
        await transport.request("POST", "/batch_dial_jobs", json_body={}, idempotent=False)
    assert len(sent(mocked)) == attempts


async def test_timeout_becomes_api_timeout_error(
    transport: Transport, mocked: aioresponses
) -> None:
    """A timed-out attempt is retried, then raised as APITimeoutError."""
    for _ in range(3):
        mocked.get(JOBS, exception=asyncio.TimeoutError())
    with pytest.raises(vogent_async.APITimeoutError) as info:
        await transport.request("GET", "/batch_dial_jobs")
    assert isinstance(info.value, vogent_async.APIConnectionError)
    assert len(sent(mocked)) == 3


async def test_connection_error_keeps_its_cause(transport: Transport, mocked: aioresponses) -> None:
    """The aiohttp error stays reachable as the cause."""
    mocked.get(JOBS, exception=refused())
    with pytest.raises(vogent_async.APIConnectionError) as info:
        await transport.request("GET", "/batch_dial_jobs", max_retries=0)
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)
    assert "Connection refused" in str(info.value)


async def test_body_larger_than_cap_is_refused(mocked: aioresponses) -> None:
    """A body above max_response_bytes raises ResponseTooLargeError."""
    t = make_transport(timeout=5, max_retries=0, max_response_bytes=10)
    mocked.get(JOBS, body=b'{"data": [1, 2, 3, 4, 5]}')
    with pytest.raises(vogent_async.ResponseTooLargeError):
        await t.request("GET", "/batch_dial_jobs")
    await t.close()


async def test_logs_requests_and_retries_without_secrets(
    transport: Transport, mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    """Each request is logged at DEBUG and each retry at INFO, never with the key or body."""
    caplog.set_level(logging.DEBUG, logger="vogent_async")
    mocked.post(JOBS, status=429, headers={"Retry-After": "1"})
    mocked.post(JOBS, payload={"toNumber": "+15550001111"})
    await transport.request("POST", "/batch_dial_jobs", json_body={"toNumber": "+15550001111"})
    messages = [r.getMessage() for r in caplog.records]
    assert any(r.levelno == logging.DEBUG and "-> 429" in r.getMessage() for r in caplog.records)
    retry = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(retry) == 1
    assert "POST /batch_dial_jobs" in retry[0].getMessage()
    assert "1.00s" in retry[0].getMessage()
    joined = "\n".join(messages)
    assert API_KEY not in joined
    assert "+15550001111" not in joined


async def test_closed_transport_sends_nothing(transport: Transport, mocked: aioresponses) -> None:
    """A closed client raises ClientClosedError before any request."""
    await transport.close()
    with pytest.raises(vogent_async.ClientClosedError):
        await transport.request("GET", "/batch_dial_jobs")
    assert sent(mocked) == []


def test_the_sender_keeps_its_last_timeout() -> None:
    """Attempts with the same budget share one (immutable) aiohttp timeout; another gets its own."""
    sender = AiohttpSender(Secret(API_KEY))
    first = sender._timeout(5.0)
    assert first.total == 5.0
    assert sender._timeout(5.0) is first
    assert sender._timeout(None).total is None
    assert sender._timeout(7.5).total == 7.5
