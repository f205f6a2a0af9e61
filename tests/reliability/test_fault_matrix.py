"""The fault matrix against FakeVogent: every row asserts the outcome and the request count.

``max_retries=2`` throughout, so a retried fault costs exactly 3 requests and a
fault that is not retried costs exactly 1. Rows the fake cannot script (HTML
with status 200, a missing ``cursor``, a wrong content type) are in
``test_odd_responses.py``.
"""

from __future__ import annotations

import email.utils
import logging
import socket
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import vogent_async
from vogent_async import errors
from vogent_async.testing import FakeVogent

from .conftest import FAST, SECRET_KEY, RealSleeps

LIST = "GET /batch_dial_jobs"
CREATE = "POST /batch_dial_jobs"
RETRIES = 2


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A fake API holding 30 jobs, accepting only SECRET_KEY."""
    async with FakeVogent(api_key=SECRET_KEY) as server:
        server.seed_jobs(30)
        yield server


@pytest.fixture
async def client(fake: FakeVogent) -> AsyncIterator[vogent_async.Client]:
    """A client with instant backoff, two retries and a short per-attempt timeout."""
    async with vogent_async.Client(
        SECRET_KEY, base_url=fake.base_url, max_retries=RETRIES, timeout=0.25, retry_policy=FAST
    ) as c:
        yield c


async def _list(client: vogent_async.Client, **options: Any) -> list[str]:
    return [job.id async for job in client.batch_dial_jobs.list(page_size=10, **options)]


def _sent(fake: FakeVogent, route: str) -> int:
    return sum(1 for r in fake.requests if r.route == route)


ERRORS = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
}
RETRIED = {
    408: errors.APIStatusError,
    429: errors.RateLimitError,
    500: errors.InternalServerError,
    502: errors.InternalServerError,
    503: errors.InternalServerError,
    504: errors.InternalServerError,
}


@pytest.mark.parametrize(("status", "error"), sorted(ERRORS.items()))
async def test_client_errors_are_raised_at_once(
    fake: FakeVogent, client: vogent_async.Client, status: int, error: type[errors.APIStatusError]
) -> None:
    """A 4xx that retrying cannot fix raises its own error after one request."""
    fake.faults.add(LIST, status=status, times=None)
    with pytest.raises(error) as caught:
        await _list(client)
    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert _sent(fake, LIST) == 1


@pytest.mark.parametrize(("status", "error"), sorted(RETRIED.items()))
async def test_transient_statuses_are_retried_to_the_limit(
    fake: FakeVogent, client: vogent_async.Client, status: int, error: type[errors.APIStatusError]
) -> None:
    """408, 429 and 5xx are retried max_retries times, then the last one is raised."""
    fake.faults.add(LIST, status=status, times=None)
    with pytest.raises(error) as caught:
        await _list(client)
    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert _sent(fake, LIST) == RETRIES + 1


@pytest.mark.parametrize("status", sorted(RETRIED))
async def test_transient_status_then_success(
    fake: FakeVogent, client: vogent_async.Client, status: int
) -> None:
    """One transient failure costs one extra request and the walk is complete."""
    fake.faults.add(LIST, status=status, times=1, after=1)  # on the second page
    assert len(await _list(client)) == 30
    assert _sent(fake, LIST) == 3 + 1


def _http_date(seconds: float) -> str:
    when = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return email.utils.format_datetime(when, usegmt=True)


@pytest.mark.parametrize("retry_after", ["30", "30.0", "date"])
async def test_retry_after_beyond_the_deadline_raises_at_once(
    fake: FakeVogent, retry_after: str
) -> None:
    """Retry-After in seconds or as an HTTP-date is read; past total_timeout it is raised."""
    header = _http_date(31) if retry_after == "date" else retry_after
    fake.faults.add(LIST, status=429, retry_after=header, times=None)
    started = time.monotonic()
    async with vogent_async.Client(SECRET_KEY, base_url=fake.base_url) as client:
        with pytest.raises(errors.RateLimitError) as caught:
            await _list(client, total_timeout=5)
    assert time.monotonic() - started < 2.5  # waiting would take the whole 5 s
    assert caught.value.retry_after is not None
    assert 28 <= caught.value.retry_after <= 31
    assert _sent(fake, LIST) == 1


@pytest.mark.parametrize(("retry_after", "least"), [("0.3", 0.3), ("date", 1.0)])
async def test_retry_after_is_waited_for(
    fake: FakeVogent, retry_after: str, least: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Retry-After that fits is slept in full (seconds or HTTP-date), then retried once."""
    sleeps = RealSleeps().install(monkeypatch)
    header = _http_date(2) if retry_after == "date" else retry_after  # whole seconds: 1-2 s
    fake.faults.add(LIST, status=429, retry_after=header, times=1)
    async with vogent_async.Client(SECRET_KEY, base_url=fake.base_url) as client:
        started = time.monotonic()
        assert len(await _list(client)) == 30
        waited = time.monotonic() - started
    assert waited >= least - 0.05
    assert len(sleeps.delays) == 1  # once, not twice
    assert sleeps.delays[0] <= least + 1.0
    assert _sent(fake, LIST) == 3 + 1


async def test_connection_refused_is_retried_then_raised() -> None:
    """Nothing listening: every attempt is refused, then APIConnectionError (not a timeout)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with vogent_async.Client(
        SECRET_KEY, base_url=f"http://127.0.0.1:{port}/api", retry_policy=FAST
    ) as client:
        with pytest.raises(errors.APIConnectionError, match="could not connect") as caught:
            await _list(client)
    assert not isinstance(caught.value, errors.APITimeoutError)


async def test_reset_mid_body_is_retried_to_the_limit(
    fake: FakeVogent, client: vogent_async.Client
) -> None:
    """A connection cut half-way through every body ends in APIConnectionError after 3 tries."""
    fake.faults.add(LIST, disconnect=True, times=None)
    with pytest.raises(errors.APIConnectionError):
        await _list(client)
    assert _sent(fake, LIST) == RETRIES + 1


async def test_reset_mid_body_once_then_success(
    fake: FakeVogent, client: vogent_async.Client
) -> None:
    """One cut-off body costs one extra request; no item is lost or repeated."""
    fake.faults.add(LIST, disconnect=True, times=1, after=2)
    ids = await _list(client)
    assert len(ids) == len(set(ids)) == 30
    assert _sent(fake, LIST) == 3 + 1


async def test_truncated_json_is_not_retried(fake: FakeVogent, client: vogent_async.Client) -> None:
    """A complete 200 response whose JSON is cut short is a server bug: raised at once."""
    fake.faults.add(LIST, malformed=True, times=None)
    with pytest.raises(errors.ResponseValidationError, match="not valid JSON"):
        await _list(client)
    assert _sent(fake, LIST) == 1


async def test_slow_server_past_the_timeout(fake: FakeVogent, client: vogent_async.Client) -> None:
    """A server slower than the per-attempt timeout gives APITimeoutError after 3 tries."""
    fake.faults.add(LIST, delay=0.6, times=None)
    with pytest.raises(errors.APITimeoutError):
        await _list(client)
    assert _sent(fake, LIST) == RETRIES + 1


async def test_repeated_cursor_stops_the_walk(
    fake: FakeVogent, client: vogent_async.Client
) -> None:
    """A cursor the walk already followed raises PaginationError; nothing is yielded twice."""
    fake.faults.add(LIST, repeat_cursor=True, times=1)
    seen: list[str] = []
    with pytest.raises(errors.PaginationError):
        await _collect(client, seen)
    assert len(seen) == len(set(seen)) == 10
    assert _sent(fake, LIST) == 2


async def _collect(client: vogent_async.Client, into: list[str]) -> None:
    async for job in client.batch_dial_jobs.list(page_size=10):
        into.append(job.id)


# ---------------------------------------------------------------- create: sent once


def _create(client: vogent_async.Client, fake: FakeVogent) -> Any:
    return client.batch_dial_jobs.create(
        name="matrix",
        call_agent_id=fake.agent_ids[0],
        max_concurrent_dials=1,
        rows=[{"to_number": "+15555550100"}],
    )


def _jobs_named(fake: FakeVogent, name: str) -> int:
    return sum(
        1
        for r in fake.requests
        if r.route == CREATE and r.status == 200 and (r.json or {}).get("name") == name
    )


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"status": 500}, errors.InternalServerError),
        ({"status": 502}, errors.InternalServerError),
        ({"status": 503}, errors.InternalServerError),
        ({"status": 408}, errors.APIStatusError),
        ({"delay": 0.6}, errors.APITimeoutError),
        ({"disconnect": True}, errors.APIConnectionError),
    ],
)
async def test_create_is_sent_once_when_the_outcome_is_unknown(
    fake: FakeVogent, client: vogent_async.Client, fault: dict[str, Any], error: type[Exception]
) -> None:
    """A create that may have reached the server is never sent again: a second job would
    call every number twice."""
    fake.faults.add(CREATE, times=None, **fault)
    with pytest.raises(error):
        await _create(client, fake)
    assert _sent(fake, CREATE) == 1


async def test_create_after_a_reset_made_exactly_one_job(
    fake: FakeVogent, client: vogent_async.Client
) -> None:
    """When the reset came after the server acted, there is one job, not two."""
    fake.faults.add(CREATE, disconnect=True, times=None)
    with pytest.raises(errors.APIConnectionError):
        await _create(client, fake)
    names = [job.name async for job in client.batch_dial_jobs.list()]
    assert names.count("matrix") == 1


async def test_create_is_retried_on_429(fake: FakeVogent, client: vogent_async.Client) -> None:
    """A 429 means the server did not act, so create is retried and makes one job."""
    fake.faults.add(CREATE, status=429, retry_after=0, times=1)
    job = await _create(client, fake)
    assert job.name == "matrix"
    assert _sent(fake, CREATE) == 2
    assert _jobs_named(fake, "matrix") == 1


async def test_create_is_retried_when_the_connection_is_refused(
    fake: FakeVogent, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused connection sent nothing, so create is retried (up to max_retries)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    caplog.set_level(logging.INFO, logger="vogent_async")
    async with vogent_async.Client(
        SECRET_KEY, base_url=f"http://127.0.0.1:{port}/api", retry_policy=FAST
    ) as client:
        with pytest.raises(errors.APIConnectionError, match="could not connect"):
            await _create(client, fake)
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying POST")]
    assert len(retries) == RETRIES


@pytest.mark.parametrize(("status", "error"), sorted(ERRORS.items()))
async def test_create_client_errors_are_raised_at_once(
    fake: FakeVogent, client: vogent_async.Client, status: int, error: type[Exception]
) -> None:
    """A 4xx on create raises its error after one request."""
    fake.faults.add(CREATE, status=status, times=None)
    with pytest.raises(error):
        await _create(client, fake)
    assert _sent(fake, CREATE) == 1
