"""Quickstart: print the active batch dial jobs of a workspace.

Run it with ``VOGENT_API_KEY`` set: ``python docs/examples/quickstart.py``. Without a key
it plays against `vogent_async.testing.FakeVogent`, seeded with a few jobs.
"""

from __future__ import annotations

import asyncio

import vogent_async
from vogent_async.testing import sandbox


async def main() -> list[str]:
    """Print one line per active job and return the jobs' names."""
    names: list[str] = []
    async with vogent_async.Client() as client:  # the key comes from VOGENT_API_KEY
        async for job in client.batch_dial_jobs.list(status="ACTIVE"):
            print(f"{job.id}  {job.name!r}  {job.status}  created {job.created_at:%Y-%m-%d}")
            names.append(job.name)
    return names


async def run() -> None:
    """``main`` on the workspace of ``VOGENT_API_KEY``, or on a seeded fake without one."""
    async with sandbox(lambda fake: fake.seed_jobs(3, status="ACTIVE")):
        await main()


if __name__ == "__main__":
    asyncio.run(run())
