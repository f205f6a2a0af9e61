"""Quickstart: print the active batch dial jobs of a workspace.

Run it with ``VOGENT_API_KEY`` set: ``python docs/examples/quickstart.py``.
"""

from __future__ import annotations

import asyncio

import vogent_async


async def main() -> list[str]:
    """Print one line per active job and return the jobs' names."""
    names: list[str] = []
    async with vogent_async.Client() as client:  # the key comes from VOGENT_API_KEY
        async for job in client.batch_dial_jobs.list(status="ACTIVE"):
            print(f"{job.id}  {job.name!r}  {job.status}  created {job.created_at:%Y-%m-%d}")
            names.append(job.name)
    return names


if __name__ == "__main__":
    asyncio.run(main())
