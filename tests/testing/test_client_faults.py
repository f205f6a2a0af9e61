"""Each fault the fake can inject, and what the real client does about it."""

from __future__ import annotations

import pytest

import vogent_async
from vogent_async.testing import FakeVogent

from ..conftest import SleepRecorder
from .conftest import AGENT, KEY

LIST = "GET /batch_dial_jobs"
CREATE = "POST /batch_dial_jobs"
ROW = [{"toNumber": "+15550100000"}]


async def _create(client: vogent_async.Client, **changes: object) -> vogent_async.BatchDialJob:
    args: dict[str, object] = {"name": "J", "call_agent_id": AGENT, "max_concurrent_dials": 1}
    args.update(changes)
    return await client.batch_dial_jobs.create(rows=ROW, **args)  # type: ignore[arg-type]


async def test_503_twice_is_retried_then_the_walk_succeeds(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """Two 503s on the first page cost two backoff waits; the server saw three requests."""
    ids = fake.seed_jobs(5)
    fake.faults.add(LIST, status=503, times=2)

    jobs = await fake_client.batch_dial_jobs.list().to_list()

    assert [j.id for j in jobs] == ids[::-1]
    assert [r.status for r in fake.requests] == [503, 503, 200]
    assert len(sleeps.delays) == 2


async def test_503_on_a_later_page_resumes_at_that_page(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A 503 on page 3 retries page 3 with the same cursor; no job is lost or repeated."""
    ids = fake.seed_jobs(250)
    fake.faults.add(LIST, status=503, after=2)

    jobs = await fake_client.batch_dial_jobs.list(page_size=50).to_list()

    assert [j.id for j in jobs] == ids[::-1]
    assert [r.status for r in fake.requests] == [200, 200, 503, 200, 200, 200]
    assert fake.requests[2].query == fake.requests[3].query
    assert len(sleeps.delays) == 1


async def test_429_with_retry_after_is_waited_out_exactly(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A 429 with Retry-After: 7 makes the client wait 7 s (recorded), then it succeeds."""
    fake.faults.add(LIST, status=429, retry_after=7)

    await fake_client.batch_dial_jobs.list().to_list()

    assert [r.status for r in fake.requests] == [429, 200]
    # One wait: the shared pause holds the retry; the retry loop does not sleep again.
    assert sleeps.delays == [pytest.approx(7.0, abs=0.1)]


async def test_429_on_create_is_retried_because_nothing_was_created(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A rate-limited create is safe to resend: one job exists after two requests."""
    fake.faults.add(CREATE, status=429, retry_after=1)

    job = await _create(fake_client)

    assert [r.status for r in fake.requests] == [429, 200]
    assert [j.id async for j in fake_client.batch_dial_jobs.list()] == [job.id]


async def test_persistent_429_raises_rate_limit_error_with_retry_after(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """When 429s outlast the retries, RateLimitError carries the server's Retry-After."""
    fake.faults.add(LIST, status=429, retry_after=2, times=None)

    with pytest.raises(vogent_async.RateLimitError) as caught:
        await fake_client.batch_dial_jobs.list().to_list()

    assert caught.value.retry_after == 2.0
    assert len(fake.requests) == 3  # the first attempt and DEFAULT_MAX_RETRIES = 2


async def test_500_on_create_is_not_retried(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A 5xx on a create may hide a created job, so the client raises after one request."""
    fake.faults.add(CREATE, status=500)

    with pytest.raises(vogent_async.InternalServerError):
        await _create(fake_client)

    assert len(fake.requests) == 1
    assert sleeps.delays == []


async def test_a_disconnect_mid_body_on_a_get_is_retried(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A body cut short on a GET is sent again, and the walk completes."""
    ids = fake.seed_jobs(3)
    fake.faults.add(LIST, disconnect=True)

    jobs = await fake_client.batch_dial_jobs.list().to_list()

    assert [j.id for j in jobs] == ids[::-1]
    assert len(fake.requests) == 2


async def test_disconnects_that_persist_raise_api_connection_error(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """When every attempt is cut off, the client gives up with APIConnectionError."""
    fake.seed_jobs(3)
    fake.faults.add(LIST, disconnect=True, times=None)

    with pytest.raises(vogent_async.APIConnectionError) as caught:
        await fake_client.batch_dial_jobs.list().to_list()

    assert not isinstance(caught.value, vogent_async.APITimeoutError)
    assert len(fake.requests) == 3


async def test_a_disconnect_on_create_is_not_retried_and_the_job_may_exist(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """The create ran but its answer was lost: one request, an error, and the job exists."""
    fake.faults.add(CREATE, disconnect=True)

    with pytest.raises(vogent_async.APIConnectionError):
        await _create(fake_client, name="Renewals run 42")

    assert len([r for r in fake.requests if r.route == CREATE]) == 1
    names = [j.name async for j in fake_client.batch_dial_jobs.list()]
    assert names == ["Renewals run 42"]


async def test_malformed_json_raises_response_validation_error_without_retrying(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """A truncated 200 body is not retried: ResponseValidationError keeps the raw text."""
    fake.seed_jobs(3)
    fake.faults.add(LIST, malformed=True)

    with pytest.raises(vogent_async.ResponseValidationError) as caught:
        await fake_client.batch_dial_jobs.list().to_list()

    assert caught.value.status_code == 200
    assert caught.value.body.startswith('{"data":[')
    assert len(fake.requests) == 1


async def test_a_repeated_cursor_raises_pagination_error(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """A server that answers page 2 with page 2's own cursor stops the walk after 2 requests."""
    fake.seed_jobs(30)
    fake.faults.add(LIST, repeat_cursor=True)

    seen: list[str] = []

    async def walk() -> None:
        async for job in fake_client.batch_dial_jobs.list(page_size=10):
            seen.append(job.id)

    with pytest.raises(vogent_async.PaginationError) as caught:
        await walk()

    assert caught.value.cursor == fake.requests[1].query["cursor"]
    assert len(fake.requests) == 2
    assert len(seen) == 10


async def test_a_slow_server_times_out_and_is_retried(
    fake: FakeVogent, fake_client: vogent_async.Client, sleeps: SleepRecorder
) -> None:
    """An answer slower than the attempt timeout is an APITimeoutError after every retry."""
    fake.faults.add(LIST, delay=0.3, times=None)

    with pytest.raises(vogent_async.APITimeoutError):
        await fake_client.batch_dial_jobs.list(timeout=0.05, max_retries=1).to_list()

    assert len(fake.requests) == 2


async def test_a_wrong_key_is_authentication_error_without_the_key(fake: FakeVogent) -> None:
    """401 becomes AuthenticationError; neither the message nor the request log has the key."""
    secret = "sk-wrong-SECRET-9999"
    async with vogent_async.Client(secret, base_url=fake.base_url) as client:
        with pytest.raises(vogent_async.AuthenticationError) as caught:
            await client.batch_dial_jobs.list().to_list()

    assert caught.value.status_code == 401
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value.body)
    assert len(fake.requests) == 1
    assert secret not in repr(fake.requests)


async def test_unknown_ids_and_invalid_jobs_map_to_their_errors(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """404 is NotFoundError; a job over the workspace limit is the server's 422."""
    with pytest.raises(vogent_async.NotFoundError):
        await fake_client.batch_dial_jobs.get("no-such-job")
    with pytest.raises(vogent_async.UnprocessableEntityError) as caught:
        await _create(fake_client, max_concurrent_dials=99)

    assert "concurrent-dial limit" in str(caught.value.body)
    assert [r.status for r in fake.requests] == [404, 422]
    assert KEY not in str(caught.value)
