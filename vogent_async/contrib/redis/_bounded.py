"""A deadline for every Redis operation, and what an error from Redis means.

redis-py waits for an answer as long as the connection stays open, so a Redis that
stalls (a paused process, a network that drops packets) would stall its caller
with it. Every operation of the contrib modules goes through `bounded`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from redis.exceptions import (
    ClusterError,
    OutOfMemoryError,
    ReadOnlyError,
    RedisError,
    ResponseError,
    TryAgainError,
)
from redis.exceptions import TimeoutError as RedisTimeoutError

from vogent_async._transport._within import within

__all__ = ["bounded", "refused"]

T = TypeVar("T")

# Errors Redis answers about its own state (a replica during a failover, memory
# full, a cluster resharding, a long script running): they pass like an outage.
_PASSING = (ReadOnlyError, OutOfMemoryError, ClusterError, TryAgainError)


async def bounded(operation: Awaitable[T], seconds: float) -> T:
    """``await operation``, or redis-py's ``TimeoutError`` when no answer came in ``seconds``.

    The operation is cancelled when its time is up; redis-py then drops its
    connection, so that a late answer is never read as another command's. A
    cancellation of the caller propagates at once.
    """
    seconds = max(seconds, 0.0)
    try:
        return await within(operation, seconds)
    except asyncio.TimeoutError:
        raise RedisTimeoutError(f"Redis did not answer within {seconds:.2f}s") from None


def refused(exc: RedisError) -> bool:
    """Whether Redis refused the command itself (a key of another type, a broken
    script, a missing permission), which no retry or fallback will mend."""
    if not isinstance(exc, ResponseError) or isinstance(exc, _PASSING):
        return False
    return not str(exc).startswith(("BUSY", "LOADING", "MASTERDOWN"))
