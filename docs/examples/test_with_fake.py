"""Testing your own code against `FakeVogent`: fixtures, seeding, the clock, and faults.

With vogent_async installed, pytest finds the ``fake_vogent`` and ``vogent_client``
fixtures by itself (they need pytest-asyncio). Run: ``pytest docs/examples/test_with_fake.py``,
or ``python docs/examples/test_with_fake.py``; the fixtures start the fake, no key is needed.
"""

from __future__ import annotations

# --8<-- [start:imports]
import subprocess
import sys

import pytest

import vogent_async
from vogent_async.testing import FakeVogent, JobProgress

# --8<-- [end:imports]

pytestmark = pytest.mark.asyncio  # not needed with asyncio_mode = "auto"


# The code under test: yours.
async def paused_job_names(client: vogent_async.Client) -> list[str]:
    """The names of the paused jobs."""
    return [job.name async for job in client.batch_dial_jobs.list(status="PAUSED")]


# --8<-- [start:fixtures]
async def test_lists_only_paused_jobs(
    fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """Only paused jobs are listed, across pages, with the status filter sent."""
    paused = fake_vogent.seed_jobs(120, status="PAUSED")  # more than one page
    fake_vogent.seed_jobs(30, status="ACTIVE")

    names = await paused_job_names(vogent_client)

    assert sorted(names) == sorted(fake_vogent.job(job_id)["name"] for job_id in paused)
    assert [r.query["status"] for r in fake_vogent.requests] == ["PAUSED", "PAUSED"]


# --8<-- [end:fixtures]


# --8<-- [start:clock]
async def test_a_campaign_runs_to_completion(
    fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """Resuming starts max_concurrent_dials calls; moving the clock finishes them all."""
    rows = [{"to_number": f"+1555010000{i}"} for i in range(5)]
    job = await vogent_client.batch_dial_jobs.create(
        name="t", call_agent_id=fake_vogent.agents.seed(1)[0], max_concurrent_dials=2, rows=rows
    )
    await vogent_client.batch_dial_jobs.resume(job.id)
    assert fake_vogent.progress(job.id) == JobProgress(queued=3, in_progress=2, completed=0)

    assert fake_vogent.finish_dials(5) == 5  # time moves only when the test says so

    job = await vogent_client.batch_dial_jobs.get(job.id)
    assert job.status is vogent_async.BatchDialJobStatus.COMPLETE
    assert len(await vogent_client.batch_dial_jobs.list_dials(job.id).to_list()) == 5


# --8<-- [end:clock]


# --8<-- [start:faults]
async def test_survives_a_flaky_api(fake_vogent: FakeVogent) -> None:
    """Two 503s in a row are retried away; a policy without waits keeps the test fast."""
    fake_vogent.seed_jobs(3, status="PAUSED")
    rule = fake_vogent.faults.add("GET /batch_dial_jobs", status=503, times=2)
    no_waits = vogent_async.RetryPolicy(initial_delay=0, max_retry_after=0)
    async with vogent_async.Client(
        fake_vogent.api_key, base_url=fake_vogent.base_url, retry_policy=no_waits
    ) as client:
        assert len(await paused_job_names(client)) == 3
    assert rule.hits == 2


async def test_gives_up_when_rate_limited_too_long(fake_vogent: FakeVogent) -> None:
    """A Retry-After beyond the call's deadline raises RateLimitError at once."""
    fake_vogent.faults.add("GET /batch_dial_jobs", status=429, retry_after=120, times=None)
    async with vogent_async.Client(
        fake_vogent.api_key, base_url=fake_vogent.base_url, total_timeout=10
    ) as client:
        with pytest.raises(vogent_async.RateLimitError) as caught:
            await paused_job_names(client)
    assert caught.value.retry_after == 120
    assert len(fake_vogent.requests) == 1


async def test_create_is_not_resent_after_a_cut_connection(
    fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """The server made the job but the answer was lost: the client must not send it again."""
    fake_vogent.faults.add("POST /batch_dial_jobs", disconnect=True)
    with pytest.raises(vogent_async.APIConnectionError):
        await vogent_client.batch_dial_jobs.create(
            name="once",
            call_agent_id=fake_vogent.agents.seed(1)[0],
            max_concurrent_dials=1,
            rows=[{"to_number": "+15550100000"}],
        )
    created = [r for r in fake_vogent.requests if r.method == "POST"]
    assert len(created) == 1
    jobs = await vogent_client.batch_dial_jobs.list().to_list()
    assert [job.name for job in jobs] == ["once"]  # it exists: look before creating again


# --8<-- [end:faults]


if __name__ == "__main__":  # python docs/examples/test_with_fake.py: pytest runs this file
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__]
    raise SystemExit(subprocess.run(command, check=False).returncode)
