"""The arq tasks and settings in this process: a real Redis, the fake, a SQLite sink."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from arq import Retry
from arq.connections import ArqRedis, RedisSettings, create_pool
from redis.asyncio import Redis

from tests.distributed._redis_server import RedisServer, free_port
from vogent_async import Client
from vogent_async.budget import LocalBudget
from vogent_async.contrib.arq import (
    ExportSettings,
    Runtime,
    SqliteSink,
    export_job_dials,
    export_matching_jobs,
    open_sink,
    worker_settings,
)
from vogent_async.contrib.arq._postgres import PostgresSink
from vogent_async.contrib.redis import RedisBudget, RedisCheckpoints
from vogent_async.testing import FakeVogent


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """The fake API with three finished jobs of 25 dials each."""
    async with FakeVogent(api_key="k") as fake:
        for job_id in fake.seed_jobs(3, status="COMPLETE"):
            fake.seed_dials(job_id, 25)
        yield fake


@pytest.fixture
async def pool(redis_server: RedisServer, redis: Redis) -> AsyncIterator[ArqRedis]:
    """arq's connection, on the emptied database."""
    pool = await create_pool(RedisSettings.from_dsn(redis_server.url))
    yield pool
    await pool.aclose()


async def _worker_ctx(
    settings: ExportSettings, pool: ArqRedis, job_id: str = "arq-job-1"
) -> dict[str, Any]:
    """The ``ctx`` an arq worker would pass, after the settings' start-up ran."""
    ctx: dict[str, Any] = {"redis": pool, "job_id": job_id}
    await worker_settings(settings)["on_startup"](ctx)
    return ctx


def _settings(fake: FakeVogent, sink: Path, **changes: Any) -> ExportSettings:
    arguments: dict[str, Any] = {
        "sink": str(sink),
        "api_key": fake.api_key,
        "base_url": fake.base_url,
        "budget_key": "test",
        "max_concurrency": 2,
        "page_size": 10,
    }
    return ExportSettings(**{**arguments, **changes})


async def _ctx_and_job(
    fake: FakeVogent, pool: ArqRedis, tmp_path: Path
) -> tuple[dict[str, Any], str]:
    """A started worker's ``ctx``, and a new finished job of 25 dials."""
    ctx = await _worker_ctx(_settings(fake, tmp_path / "d.sqlite3"), pool)
    job_id = fake.seed_jobs(1, status="COMPLETE")[0]
    fake.seed_dials(job_id, 25)
    return ctx, job_id


async def test_export_writes_every_dial_once_and_is_not_redone(
    fake: FakeVogent, pool: ArqRedis, tmp_path: Path
) -> None:
    ctx, job_id = await _ctx_and_job(fake, pool, tmp_path)
    assert await export_job_dials(ctx, job_id) == 25
    assert await export_job_dials(ctx, job_id) == 0  # finished: not fetched again
    runtime: Runtime = ctx["vogent"]
    assert isinstance(runtime.sink, SqliteSink)
    rows = runtime.sink.rows()
    assert len(rows) == 25
    assert {(job, writes) for _, job, writes in rows} == {(job_id, 1)}
    assert isinstance(runtime.client._transport._shared.budget, RedisBudget)
    await worker_settings(_settings(fake, tmp_path / "d.sqlite3"))["on_shutdown"](ctx)
    assert runtime.client.closed
    assert "vogent" not in ctx


async def test_export_resumes_after_its_checkpoint(
    fake: FakeVogent, pool: ArqRedis, tmp_path: Path
) -> None:
    ctx, job_id = await _ctx_and_job(fake, pool, tmp_path)
    runtime: Runtime = ctx["vogent"]
    pages = runtime.client.batch_dial_jobs.list_dials(job_id, page_size=10).pages()
    first = await pages.__anext__()
    await pages.aclose()
    listing = f"dials:{job_id}"
    await runtime.checkpoints.save(
        listing, listing=listing, next_cursor=first.next_cursor, items_done=10
    )
    fake.requests.clear()
    assert await export_job_dials(ctx, job_id) == 15
    cursors = [r.query.get("cursor") for r in fake.requests]
    assert cursors[0] == first.next_cursor  # the first page was not fetched again
    assert len(cursors) == 2
    assert None not in cursors
    saved = await runtime.checkpoints.get(listing)
    assert saved is not None
    assert saved.done
    assert saved.items_done == 25
    await runtime.client.close()


async def test_a_checkpoint_of_another_owner_under_the_same_key_is_not_the_exports(
    fake: FakeVogent, pool: ArqRedis, redis: Redis, tmp_path: Path
) -> None:
    """Code of the user's that checkpoints ``dials:<job id>`` (docs/distributed.md's key)
    with a default `RedisCheckpoints` does not stop the export: it has a prefix of its own."""
    ctx, job_id = await _ctx_and_job(fake, pool, tmp_path)
    theirs = RedisCheckpoints(redis)
    key = f"dials:{job_id}"
    await theirs.save(key, listing=key, next_cursor=None, items_done=25)

    assert await export_job_dials(ctx, job_id) == 25
    await ctx["vogent"].client.close()


async def test_fan_out_enqueues_one_export_per_matching_job(
    fake: FakeVogent, pool: ArqRedis, tmp_path: Path
) -> None:
    ctx = await _worker_ctx(_settings(fake, tmp_path / "d.sqlite3"), pool)
    fake.seed_jobs(2, status="ACTIVE")
    assert await export_matching_jobs(ctx, status="COMPLETE") == 3
    queued = {job.job_id for job in await pool.queued_jobs()}
    assert len(queued) == 3
    assert all(str(job_id).startswith("vogent-export:") for job_id in queued)
    assert await export_matching_jobs(ctx, status="COMPLETE") == 0  # its walk is finished
    other = await _worker_ctx(_settings(fake, tmp_path / "d.sqlite3"), pool, job_id="arq-job-2")
    assert await export_matching_jobs(other, status="COMPLETE") == 3
    assert len(await pool.queued_jobs()) == 3  # the same jobs are not queued twice
    await ctx["vogent"].client.close()
    await other["vogent"].client.close()


@pytest.mark.parametrize("away", ["budget", "checkpoints"])
async def test_redis_away_makes_arq_retry_the_task(
    fake: FakeVogent, redis: Redis, tmp_path: Path, away: str
) -> None:
    nowhere = Redis(port=free_port(), socket_connect_timeout=1)
    budget = RedisBudget(nowhere if away == "budget" else redis, key="k", max_concurrency=1)
    checkpoints = RedisCheckpoints(nowhere if away == "checkpoints" else redis)
    client = Client(fake.api_key, base_url=fake.base_url, budget=budget)
    runtime = Runtime(client, SqliteSink(tmp_path / "d.sqlite3"), checkpoints, 10)
    job_id = fake.seed_jobs(1, status="COMPLETE")[0]
    with pytest.raises(Retry):
        await export_job_dials({"vogent": runtime}, job_id)
    await client.close()
    await runtime.sink.close()
    await nowhere.aclose()


async def test_settings_choose_the_budget(fake: FakeVogent, pool: ArqRedis, tmp_path: Path) -> None:
    sink = tmp_path / "d.sqlite3"
    own = await _worker_ctx(_settings(fake, sink, budget_key=None), pool)
    assert isinstance(own["vogent"].client._transport._shared.budget, LocalBudget)
    shared = await _worker_ctx(_settings(fake, sink, fallback_concurrency=1, rate=5.0), pool)
    budget = shared["vogent"].client._transport._shared.budget
    assert isinstance(budget, RedisBudget)
    assert isinstance(budget._fallback, LocalBudget)
    assert "rate=5.0" in repr(budget)
    for ctx in (own, shared):
        await ctx["vogent"].client.close()


def test_worker_settings_hold_arq_options() -> None:
    settings = worker_settings(ExportSettings(), max_jobs=3)
    assert settings["max_jobs"] == 3
    assert [f.__name__ for f in settings["functions"]] == [
        "export_job_dials",
        "export_matching_jobs",
    ]
    assert isinstance(settings["redis_settings"], RedisSettings)
    with pytest.raises(TypeError, match="ExportSettings"):
        worker_settings({"sink": "x"})  # type: ignore[arg-type]


def test_export_settings_never_show_the_key() -> None:
    assert "sk-secret" not in repr(ExportSettings(api_key="sk-secret"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sink": ""}, "sink must be a non-empty string"),
        ({"budget_key": ""}, "budget_key must be a non-empty string"),
        ({"max_concurrency": 0}, "max_concurrency must be an int >= 1"),
        ({"max_concurrency": True}, "max_concurrency must be an int >= 1"),
        ({"rate": 0}, "rate must be a positive number"),
        ({"checkpoint_ttl": None}, "checkpoint_ttl must be a positive number"),
        ({"rate": "5"}, "rate must be a positive number"),
        ({"page_size": None}, "page_size must be an int >= 1"),
        ({"timeout": float("inf")}, "timeout must be a positive number"),
        ({"max_retries": -1}, "max_retries must be an int >= 0"),
        ({"fallback_concurrency": 1.5}, "fallback_concurrency must be an int >= 1"),
    ],
)
def test_export_settings_are_checked(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ExportSettings(**changes)


async def test_the_sqlite_sink_upserts(tmp_path: Path, fake: FakeVogent) -> None:
    sink = open_sink(tmp_path / "d.sqlite3")
    assert isinstance(sink, SqliteSink)
    assert "d.sqlite3" in repr(sink)
    async with Client(fake.api_key, base_url=fake.base_url) as client:
        job = (await client.batch_dial_jobs.list(page_size=1, max_items=1).to_list())[0]
        dials = await client.batch_dial_jobs.list_dials(job.id, max_items=3).to_list()
    await sink.upsert_dials(job.id, dials)
    await sink.upsert_dials(job.id, dials[:1])
    await sink.upsert_dials(job.id, [])
    assert sorted(writes for _, _, writes in sink.rows()) == [1, 1, 2]
    await sink.close()


async def test_a_postgres_dsn_opens_a_postgres_sink_lazily() -> None:
    dsn = f"postgresql://user:pw-secret@127.0.0.1:{free_port()}/db"
    sink = open_sink(dsn)
    assert isinstance(sink, PostgresSink)
    assert "pw-secret" not in repr(sink)
    await sink.upsert_dials("job", [])  # nothing to write: no connection is made
    await sink.close()
    with pytest.raises(ValueError, match="sink must be"):
        open_sink("")


async def test_a_worker_without_the_settings_says_so() -> None:
    with pytest.raises(RuntimeError, match="worker_settings"):
        await export_job_dials({}, "job")
