"""The README quickstart, run against a mocked API."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

import vogent_async

from .conftest import API_KEY, BASE, job_json


async def test_quickstart_walks_every_page(
    mocked: aioresponses, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quickstart loop yields every job of every page, in order, with the key from env."""
    monkeypatch.setenv("VOGENT_API_KEY", API_KEY)
    monkeypatch.setenv("VOGENT_BASE_URL", BASE)
    url = re.compile(re.escape(f"{BASE}/batch_dial_jobs") + r"\?.*")
    mocked.get(url, payload={"data": [job_json(1), job_json(2)], "cursor": "c1"})
    mocked.get(url, payload={"data": [job_json(3, schedule=None)], "cursor": None})

    seen = []
    async with vogent_async.Client() as client:
        async for job in client.batch_dial_jobs.list(status="ACTIVE"):
            seen.append((job.name, job.status, job.schedule.timezone if job.schedule else None))

    assert seen == [
        ("Job 1", vogent_async.BatchDialJobStatus.ACTIVE, "America/New_York"),
        ("Job 2", vogent_async.BatchDialJobStatus.ACTIVE, "America/New_York"),
        ("Job 3", vogent_async.BatchDialJobStatus.ACTIVE, None),
    ]
    sent = [call for key, calls in mocked.requests.items() for call in calls]
    assert len(sent) == 2
    first = sent[0].kwargs["headers"]
    assert first["Authorization"] == f"Bearer {API_KEY}"
    assert first["User-Agent"].startswith("vogent-async/")
