"""Run a calling campaign end to end: create, start, watch the queue, export the dials.

``run_campaign`` is the part you use with the real API. Run this file as is
(``python docs/examples/campaign.py``) with no ``VOGENT_API_KEY`` and ``main`` plays
it against `vogent_async.testing.FakeVogent`, whose clock runs fast so the fake's
calls finish; no network is needed. With a key set it dials for real, with the
workspace's first agent.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import sys
from collections.abc import Sequence

import vogent_async
from vogent_async import BatchDialJob, BatchDialJobStatus, BatchDialRow, Dial
from vogent_async.testing import sandbox

# --8<-- [end:imports]

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
    """Play the campaign: on a fake without a key, its clock running 10 minutes a tick."""
    numbers = [f"+1555010{i:04d}" for i in range(40)]
    async with sandbox(speed=600 / every) as fake, vogent_async.Client() as client:
        if fake is not None:
            [agent_id] = fake.agents.seed(1)  # the fake holds only what it is given
        else:
            [agent] = await client.agents.list(max_items=1).to_list()
            agent_id = agent.id
        dials = await run_campaign(
            client, name="spring-renewals-2026-03", agent_id=agent_id, numbers=numbers, every=every
        )
    for dial in dials[:5]:
        print(dial.to_number, dial.status, dial.system_result_type, dial.duration_seconds)
    print(f"... {len(dials)} dials", file=sys.stderr)
    return dials


# --8<-- [end:main]


if __name__ == "__main__":
    asyncio.run(main())
