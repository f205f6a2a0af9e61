"""`RedisCheckpoints` against a real Redis: save after each page, resume exactly once."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from tests.distributed._redis_server import RedisServer
from vogent_async import Client
from vogent_async.contrib.redis import Checkpoint, RedisCheckpoints
from vogent_async.testing import FakeVogent


async def test_nothing_saved_loads_the_first_page(redis: Redis) -> None:
    checkpoints = RedisCheckpoints(redis)
    assert await checkpoints.get("export") is None
    assert await checkpoints.load("export") is None
    assert "vogent:checkpoint:" in repr(checkpoints)


async def test_a_save_is_loaded_back(redis: Redis) -> None:
    checkpoints = RedisCheckpoints(redis, prefix="t:")
    assert await checkpoints.save("export", listing="dials:j", next_cursor="c2", items_done=20)
    assert await checkpoints.get("export") == Checkpoint("dials:j", "c2", 20)
    assert await checkpoints.load("export") == "c2"
    assert 0 < await redis.ttl("t:export") <= 7 * 86400


async def test_a_decoding_client_reads_the_same(redis: Redis, redis_server: RedisServer) -> None:
    await RedisCheckpoints(redis).save("e", listing="l", next_cursor="c", items_done=1)
    text_client = Redis.from_url(redis_server.url, decode_responses=True)
    assert await RedisCheckpoints(text_client).get("e") == Checkpoint("l", "c", 1)
    await text_client.aclose()


async def test_a_finished_listing_is_not_started_over(redis: Redis) -> None:
    checkpoints = RedisCheckpoints(redis, ttl=None)
    await checkpoints.save("export", listing="dials:j", next_cursor=None, items_done=50)
    saved = await checkpoints.get("export")
    assert saved is not None
    assert saved.done
    with pytest.raises(LookupError, match="finished"):
        await checkpoints.load("export")
    assert await redis.ttl("vogent:checkpoint:export") == -1  # kept forever
    await checkpoints.clear("export")
    assert await checkpoints.load("export") is None


async def test_a_late_save_never_moves_a_checkpoint_back(redis: Redis) -> None:
    checkpoints = RedisCheckpoints(redis)
    await checkpoints.save("export", listing="dials:j", next_cursor="c3", items_done=30)
    assert not await checkpoints.save("export", listing="dials:j", next_cursor="c2", items_done=20)
    assert await checkpoints.load("export") == "c3"


async def test_a_key_keeps_its_listing(redis: Redis) -> None:
    checkpoints = RedisCheckpoints(redis)
    await checkpoints.save("export", listing="dials:a", next_cursor="c", items_done=1)
    with pytest.raises(ValueError, match="another listing: dials:a"):
        await checkpoints.save("export", listing="dials:b", next_cursor="c", items_done=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"listing": "l", "next_cursor": None, "items_done": -1}, "items_done"),
        ({"listing": "l", "next_cursor": None, "items_done": 1.5}, "items_done"),
        ({"listing": "", "next_cursor": None, "items_done": 1}, "listing"),
    ],
)
async def test_save_arguments_are_checked(
    redis: Redis, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await RedisCheckpoints(redis).save("k", **kwargs)  # type: ignore[arg-type]


def test_ttl_and_redis_timeout_are_checked() -> None:
    with pytest.raises(ValueError, match="ttl"):
        RedisCheckpoints(Redis(), ttl=0)
    with pytest.raises(ValueError, match="redis_timeout must be a positive number"):
        RedisCheckpoints(Redis(), redis_timeout=-1)


async def test_list_dials_resumes_after_the_checkpoint_exactly_once(redis: Redis) -> None:
    """Walk two pages, save, then a new walk from `load` starts at page three."""
    checkpoints = RedisCheckpoints(redis)
    async with FakeVogent(api_key="k") as fake:
        job_id = fake.seed_jobs(1, status="COMPLETE")[0]
        fake.seed_dials(job_id, 25)
        async with Client("k", base_url=fake.base_url) as client:
            seen: list[str] = []
            pages = client.batch_dial_jobs.list_dials(job_id, page_size=10).pages()
            async for page in pages:
                seen += [dial.id for dial in page.items]
                await checkpoints.save(
                    "x", listing=job_id, next_cursor=page.next_cursor, items_done=len(seen)
                )
                if len(seen) == 20:
                    break  # the worker dies here
            await pages.aclose()
            fake.requests.clear()
            cursor = await checkpoints.load("x")
            rest = await client.batch_dial_jobs.list_dials(
                job_id, page_size=10, cursor=cursor
            ).to_list()
        assert len(fake.requests) == 1  # only the third page was fetched
    assert len(seen + [dial.id for dial in rest]) == len(set(seen + [d.id for d in rest])) == 25
