"""How users share a budget and checkpoints through Redis and run the arq export.

Checked by ``mypy --strict`` (redis and arq are dev dependencies), never run by pytest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from arq.connections import RedisSettings
from redis.asyncio import Redis
from typing_extensions import assert_type

import vogent_async
from vogent_async import BudgetScriptError, BudgetUnavailable
from vogent_async.budget import Budget, Lease, LocalBudget
from vogent_async.contrib.arq import (
    DialSink,
    ExportSettings,
    Runtime,
    SqliteSink,
    export_job_dials,
    export_matching_jobs,
    open_sink,
    worker_settings,
)
from vogent_async.contrib.redis import Checkpoint, RedisBudget, RedisCheckpoints


async def shared_budget(job_id: str) -> None:
    redis = Redis.from_url("redis://localhost:6379/0")
    budget = RedisBudget(
        redis, key="vogent-prod", max_concurrency=8, rate=20, fallback=LocalBudget(2)
    )
    as_protocol: Budget = budget
    assert_type(await as_protocol.acquire(5.0, None, "GET /x"), Lease)
    assert_type(budget.key, str)
    assert_type(await budget.in_flight(), int)
    RedisBudget(redis, "vogent-prod")  # type: ignore[call-arg]
    RedisBudget(redis, key="k", fallback=object())  # type: ignore[arg-type]
    RedisBudget(redis, key="k", redis_timeout=0.5)
    RedisBudget(redis, key="k", redis_timeout="0.5")  # type: ignore[arg-type]
    lease = await budget.acquire(5.0, None, "GET /x")
    assert_type(lease.renew_every, float | None)
    await lease.renew()
    await budget.pause(3.0, None)
    async with vogent_async.Client(budget=budget) as client:
        try:
            assert_type(await client.batch_dial_jobs.get(job_id), vogent_async.BatchDialJob)
        except BudgetScriptError as broken:  # Redis answered with an error: not an outage
            assert_type(broken.reason, str)
        except BudgetUnavailable as error:
            assert_type(error.key, str)


async def resume(redis: Redis, job_id: str) -> None:
    checkpoints = RedisCheckpoints(redis, prefix="export:", ttl=None, redis_timeout=1.0)
    assert_type(checkpoints.redis_timeout, float)
    key = f"dials:{job_id}"
    cursor = await checkpoints.load(key)
    assert_type(cursor, str | None)
    async with vogent_async.Client() as client:
        async for page in client.batch_dial_jobs.list_dials(job_id, cursor=cursor).pages():
            moved = await checkpoints.save(
                key, listing=key, next_cursor=page.next_cursor, items_done=len(page.items)
            )
            assert_type(moved, bool)
    saved = await checkpoints.get(key)
    assert_type(saved, Checkpoint | None)
    if saved is not None:
        assert_type(saved.done, bool)
        assert_type(saved.items_done, int)
    assert_type(await checkpoints.clear(key), None)


def settings() -> dict[str, Any]:
    export = ExportSettings(
        sink="dials.sqlite3", max_concurrency=8, rate=None, page_size=50, redis_timeout=1.0
    )
    assert_type(export.budget_key, str | None)
    ExportSettings("dials.sqlite3")  # type: ignore[call-arg]
    return worker_settings(export, redis_settings=RedisSettings(host="redis"), max_jobs=10)


async def tasks(ctx: dict[str, Any], target: Path, client: vogent_async.Client) -> None:
    assert_type(await export_job_dials(ctx, "job-1"), int)
    assert_type(await export_matching_jobs(ctx, status="ACTIVE"), int)
    sink = open_sink(target, busy_timeout=5.0)
    assert_type(sink, DialSink)
    sqlite: DialSink = SqliteSink(target)
    await sqlite.upsert_dials("job-1", [])
    redis = Redis()
    runtime = Runtime(client, sink, RedisCheckpoints(redis), page_size=100)
    assert_type(runtime.client, vogent_async.Client)
    await runtime.sink.close()
