"""One worker process of the ``budget`` benchmark: ``python -m benchmarks.budget_worker REDIS_URL``.

It reads one JSON command a line from stdin, runs it, and answers one JSON line
on stdout: ``{"cpu": s, "items": n, "errors": n}``, ``cpu`` being this process's
CPU time for the run. A command names the ``shape`` (``walk``: one listing, page
after page; ``fanout``: ``tasks`` tasks sharing one client, each walking jobs'
dials), the ``budget`` (``local``: a `LocalBudget` of ``limit`` slots in this
process; ``redis``: a `RedisBudget` of ``limit`` slots shared under ``key``), and
the ``jobs`` (the listings) it walks. The Redis connection is made once, as a
worker's would be; the client is made for each run, as in the other benchmarks.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from redis.asyncio import Redis

import vogent_async
from benchmarks.fanout import fan_out
from vogent_async.budget import Budget, LocalBudget
from vogent_async.contrib.redis import RedisBudget

KEY = "bench-key"


def budget_for(command: dict[str, Any], redis: Redis) -> Budget:
    """The budget a command names."""
    if command["budget"] == "local":
        return LocalBudget(max_concurrency=command["limit"])
    return RedisBudget(redis, key=command["key"], max_concurrency=command["limit"])


async def run(command: dict[str, Any], redis: Redis) -> tuple[int, int]:
    """Run one command: ``(items, errors)``."""
    base, size = command["base"], command["page_size"]
    budget = budget_for(command, redis)
    async with vogent_async.Client(KEY, base_url=base, max_retries=0, budget=budget) as client:
        jobs = client.batch_dial_jobs
        if command["shape"] == "walk":
            return sum([1 async for _ in jobs.list(page_size=size)]), 0

        async def walk_job(job_id: str) -> int:
            return sum([1 async for _ in jobs.list_dials(job_id, page_size=size)])

        return await fan_out(command["jobs"], command["tasks"], walk_job)


async def serve(redis_url: str) -> None:
    """Answer commands until stdin closes."""
    redis = Redis.from_url(redis_url)
    loop = asyncio.get_running_loop()
    try:
        await redis.ping()
        print(json.dumps({"ready": True}), flush=True)
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            command = json.loads(line)
            start = time.process_time()
            items, errors = await run(command, redis)
            cpu = time.process_time() - start
            print(json.dumps({"cpu": cpu, "items": items, "errors": errors}), flush=True)
    finally:
        await redis.aclose()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
