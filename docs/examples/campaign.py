"""Run a calling campaign end to end: create, start, watch the queue, export the dials.

``run_campaign`` is the part you use with the real API. Run this file as is
(``python docs/examples/campaign.py``) and ``main`` plays it against
`vogent_async.testing.FakeVogent`, whose clock a background task moves forward
so the fake's calls finish; no key and no network are needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Sequence

import vogent_async
from vogent_async import BatchDialJob, BatchDialJobStatus, BatchDialRow, Dial
from vogent_async.testing import FakeVogent

FINISHED = {BatchDialJobStatus.COMPLETE, BatchDialJobStatus.CANCELLED}


# --8<-- [start:create]
async def create_once(
    client: vogent_async.Client, *, name: str, agent_id: str, rows: Sequence[BatchDialRow]
) -> BatchDialJob:
    """Create the job, unless an earlier run (or an ambiguous failure) already did."""
    async for job in client.batch_dial_jobs.list(call_agent_id=agent_id):
        if job.name == name:
            return job
    return await client.batch_dial_jobs.create(
        name=name, call_agent_id=agent_id, max_concurrent_dials=5, rows=rows
    )


# --8<-- [end:create]


# --8<-- [start:watch]
async def count_queued(client: vogent_async.Client, job_id: str) -> int:
    """Rows not dialled yet (a walk of the queue; there is no count endpoint)."""
    pages = client.batch_dial_jobs.list_queued(job_id, page_size=500).pages()
    return sum([len(page.items) async for page in pages])


async def watch(client: vogent_async.Client, job_id: str, *, every: float) -> BatchDialJob:
    """Print the job's progress every ``every`` seconds until it is finished."""
    while True:
        job = await client.batch_dial_jobs.get(job_id)
        queued = await count_queued(client, job_id)
        print(f"{job.name}: {job.status}, {queued} rows waiting")
        if job.status in FINISHED:
            return job
        await asyncio.sleep(every)


# --8<-- [end:watch]


# --8<-- [start:run]
async def run_campaign(
    client: vogent_async.Client,
    *,
    name: str,
    agent_id: str,
    numbers: Sequence[str],
    every: float = 30.0,
) -> list[Dial]:
    """Create the job, start it, wait until every row was dialled, return the dials."""
    rows = [BatchDialRow(to_number=n, inputs={"row": str(i)}) for i, n in enumerate(numbers)]
    job = await create_once(client, name=name, agent_id=agent_id, rows=rows)
    if job.status in (BatchDialJobStatus.INIT, BatchDialJobStatus.PAUSED):
        job = await client.batch_dial_jobs.resume(job.id)  # INIT -> ACTIVE: dialling starts
    await watch(client, job.id, every=every)
    return await client.batch_dial_jobs.list_dials(job.id, page_size=100).to_list()


# --8<-- [end:run]


# --8<-- [start:main]
async def main(every: float = 0.05) -> list[Dial]:
    """Play the campaign against the fake server, with its clock running 10 minutes a tick."""
    numbers = [f"+1555010{i:04d}" for i in range(40)]
    async with FakeVogent() as fake:
        [agent_id] = fake.agents.seed(1)  # the fake holds only what it is given

        async def clock() -> None:
            while True:
                await asyncio.sleep(every)
                fake.advance(600)

        ticking = asyncio.ensure_future(clock())
        try:
            async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
                dials = await run_campaign(
                    client,
                    name="spring-renewals-2026-03",
                    agent_id=agent_id,
                    numbers=numbers,
                    every=every,
                )
        finally:
            ticking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticking
    for dial in dials[:5]:
        print(dial.to_number, dial.status, dial.system_result_type, dial.duration_seconds)
    print(f"... {len(dials)} dials", file=sys.stderr)
    return dials


# --8<-- [end:main]


if __name__ == "__main__":
    asyncio.run(main())
