"""Two clients in two threads, each with its own event loop, decode at once (issue 28).

The decoding caches (`vogent_async._codec._sharing`) and the compiled structure
functions are process-wide; what each thread decodes must equal what one thread
alone decodes from the same data.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import vogent_async
from vogent_async.testing import FakeVogent

_THREADS = 2
_NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)  # the same data in every fake


async def _decode(start: threading.Barrier | None) -> tuple[list[Any], list[Any], list[Any]]:
    """Agents, jobs and dials of a fake seeded alike, decoded by a fresh client on this loop."""
    async with FakeVogent(seed=7, now=_NOW) as fake:
        fake.agents.seed(30)
        (job_id,) = fake.seed_jobs(1, status="COMPLETE")
        fake.seed_dials(job_id, 300)
        fake.seed_jobs(150)
        async with vogent_async.Client(api_key=fake.api_key, base_url=fake.base_url) as client:
            if start is not None:
                start.wait()  # both threads decode from here on, at the same time
            agents = await client.agents.list(page_size=10).to_list()
            jobs = await client.batch_dial_jobs.list(page_size=25).to_list()
            dials = await client.batch_dial_jobs.list_dials(job_id, page_size=20).to_list()
    return agents, jobs, dials


def test_two_threads_each_with_a_loop_and_a_client_decode_as_one_thread_does() -> None:
    """Every model decoded in either thread equals the one-thread decode of the same data."""
    alone = asyncio.run(_decode(None))
    start = threading.Barrier(_THREADS, timeout=60)
    with ThreadPoolExecutor(_THREADS) as pool:
        runs = list(pool.map(lambda _: asyncio.run(_decode(start)), range(_THREADS)))

    assert all(len(kind) > 0 for kind in alone)
    for run in runs:
        assert run == alone
        for got, expected in zip(run, alone, strict=True):
            assert [m.to_dict() for m in got] == [m.to_dict() for m in expected]
