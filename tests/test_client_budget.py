"""`Client(budget=...)`: every attempt takes a lease from the budget, and a 429 pauses it."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

import vogent_async
from vogent_async.budget import Lease, LocalBudget

from .conftest import API_KEY, BASE, SleepRecorder, job_json

JOB = re.compile(re.escape(f"{BASE}/batch_dial_jobs/job_0") + r"$")


class RecordingBudget:
    """A budget that grants every attempt and records what the client asked of it."""

    def __init__(self) -> None:
        self.events: list[str] = []

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> Lease:
        self.events.append(f"acquire {what}")
        return _Lease(self, per_attempt)

    async def pause(self, delay: float, deadline: float | None = None) -> None:
        self.events.append(f"pause {delay:g}")


class _Lease:
    renew_every = None

    def __init__(self, budget: RecordingBudget, seconds: float) -> None:
        self.budget = budget
        self.seconds = seconds

    async def renew(self) -> None:
        self.budget.events.append("renew")

    async def release(self) -> None:
        self.budget.events.append("release")


async def test_each_attempt_takes_and_gives_back_a_lease_and_a_429_pauses_the_budget(
    mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    mocked.get(JOB, status=429, headers={"Retry-After": "3"}, payload={"message": "slow"})
    mocked.get(JOB, payload=job_json(0))
    budget = RecordingBudget()
    async with vogent_async.Client(API_KEY, base_url=BASE, budget=budget) as client:
        job = await client.batch_dial_jobs.get("job_0")
    assert job.id == "job_0"
    what = "acquire GET /batch_dial_jobs/job_0"
    assert budget.events == [what, "release", "pause 3", what, "release"]


async def test_a_shared_local_budget_bounds_two_clients(mocked: aioresponses) -> None:
    budget = LocalBudget(max_concurrency=1)
    lease = await budget.acquire(5.0, None, "held elsewhere")
    mocked.get(JOB, payload=job_json(0))
    client = vogent_async.Client(API_KEY, base_url=BASE, budget=budget, max_retries=0)
    async with client:
        with pytest.raises(vogent_async.APITimeoutError, match="no request slot"):
            await client.batch_dial_jobs.get("job_0", timeout=0.05)
    await lease.release()


def test_budget_is_checked_at_the_door() -> None:
    with pytest.raises(TypeError, match="budget must be"):
        vogent_async.Client(API_KEY, base_url=BASE, budget=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="either budget or max_concurrency"):
        vogent_async.Client(API_KEY, base_url=BASE, budget=LocalBudget(), max_concurrency=2)
