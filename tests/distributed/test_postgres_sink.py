"""The PostgreSQL sink against a real PostgreSQL server (started for this module)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from redis.asyncio import Redis

from tests.distributed._postgres_server import PostgresServer
from tests.distributed._redis_server import RedisServer
from vogent_async import Client
from vogent_async.contrib.arq import ExportSettings, export_job_dials, open_sink, worker_settings
from vogent_async.testing import FakeVogent


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the module's tests."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


async def _rows(dsn: str) -> list[tuple[Any, ...]]:
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cursor = await conn.execute(
            "SELECT dial_id, job_id, writes, body->>'id' FROM vogent_dials ORDER BY dial_id"
        )
        rows = await cursor.fetchall()
        await conn.execute("DROP TABLE vogent_dials")
        return rows


async def test_dials_are_upserted_into_postgres(postgres: PostgresServer) -> None:
    async with FakeVogent(api_key="k") as fake:
        job_id = fake.seed_jobs(1, status="COMPLETE")[0]
        fake.seed_dials(job_id, 3)
        async with Client("k", base_url=fake.base_url) as client:
            dials = await client.batch_dial_jobs.list_dials(job_id).to_list()
    sink = open_sink(postgres.dsn)
    await sink.upsert_dials(job_id, dials)
    await sink.upsert_dials(job_id, dials[:1])  # a page fetched again after a crash
    await sink.close()
    rows = await _rows(postgres.dsn)
    assert sorted((r[0], r[2]) for r in rows) == sorted(
        [(dials[0].id, 2), (dials[1].id, 1), (dials[2].id, 1)]
    )
    assert all(r[1] == job_id and r[3] == r[0] for r in rows)  # the body is the API's JSON


async def test_an_arq_export_into_postgres(
    postgres: PostgresServer, redis_server: RedisServer, redis: Redis
) -> None:
    pool: ArqRedis = await create_pool(RedisSettings.from_dsn(redis_server.url))
    async with FakeVogent(api_key="k") as fake:
        job_id = fake.seed_jobs(1, status="COMPLETE")[0]
        fake.seed_dials(job_id, 25)
        settings = worker_settings(
            ExportSettings(sink=postgres.dsn, api_key="k", base_url=fake.base_url, page_size=10)
        )
        ctx: dict[str, Any] = {"redis": pool}
        await settings["on_startup"](ctx)
        assert await export_job_dials(ctx, job_id) == 25
        await settings["on_shutdown"](ctx)
    await pool.aclose()
    rows = await _rows(postgres.dsn)
    assert len(rows) == 25
    assert {r[2] for r in rows} == {1}
