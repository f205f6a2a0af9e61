"""A request budget and cursor checkpoints shared through Redis.

Install with ``pip install 'vogent-async[redis]'`` (redis-py's asyncio client)::

    from redis.asyncio import Redis
    from vogent_async import Client
    from vogent_async.contrib.redis import RedisBudget

    redis = Redis.from_url("redis://localhost:6379/0")
    budget = RedisBudget(redis, key="vogent-prod", max_concurrency=8, rate=20)
    async with Client(budget=budget) as client:
        ...

Every process whose client uses a `RedisBudget` with the same ``key`` shares one
budget. `RedisCheckpoints` saves where a listing got to, so that a restarted
worker resumes after the last page it finished.
"""

from __future__ import annotations

from vogent_async.contrib.redis._budget import RedisBudget
from vogent_async.contrib.redis._checkpoints import Checkpoint, RedisCheckpoints

__all__ = ["Checkpoint", "RedisBudget", "RedisCheckpoints"]
