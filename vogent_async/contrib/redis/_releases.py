"""The leases a process gives back: sent with its next acquire, or on their own.

A lease is given back without the caller waiting for Redis. It first waits for
the end of the event loop's current turn: an acquire of the same process in the
meantime (the next page of a walk) carries it in its own script, so that a walk
pays one round trip per page instead of two. Otherwise it goes on its own.
"""

from __future__ import annotations

import asyncio
import logging
import math

from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from vogent_async.contrib.redis._bounded import bounded

__all__ = ["Releases"]

logger = logging.getLogger("vogent_async")


class Releases:
    """The finished leases of one `RedisBudget` not yet removed in Redis.

    Args:
        script: The release script (`RELEASE`), registered on the budget's client.
        keys: The budget's keys, as the acquire script takes them.
        args: The release script's first arguments (the limit, a lease time).
        key: The budget's name, for the log.
        timeout: Seconds a release may wait for Redis.
    """

    def __init__(
        self, script: AsyncScript, keys: list[str], args: list[int], key: str, timeout: float
    ) -> None:
        self._script = script
        self._keys = keys
        self._args = args
        self._key = key
        self._timeout = timeout
        self._pending: list[str] = []  # not sent yet
        self._sending: set[asyncio.Task[None]] = set()  # sent, not answered yet

    def soon(self, tokens: list[str]) -> None:
        """Give ``tokens`` back after this turn of the loop, unless an acquire takes them."""
        if not self._pending:
            asyncio.get_running_loop().call_soon(self._send)
        self._pending += tokens

    def take(self) -> list[str]:
        """The tokens not sent yet, for an acquire to release in its own script."""
        tokens, self._pending = self._pending, []
        return tokens

    def lost(self, tokens: list[str], exc: RedisError) -> None:
        """Say that ``tokens`` could not be given back (they run out on their own)."""
        if tokens:
            logger.warning("budget %r: could not release a lease (%s)", self._key, exc)

    async def settle(self, seconds: float) -> None:
        """Send the releases now, and let them land first (for at most ``seconds``)."""
        self._send()
        if self._sending:
            await asyncio.wait(set(self._sending), timeout=max(seconds, 0.0))

    def _send(self) -> None:
        tokens = self.take()
        if tokens:
            task = asyncio.ensure_future(self._release(tokens))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _release(self, tokens: list[str]) -> None:
        try:
            release = self._script(keys=self._keys, args=[*self._args, *tokens])
            await bounded(release, self._timeout)
        except RedisError as exc:
            # The attempt is over; its lease runs out on its own within lease_grace.
            self.lost(tokens, exc)


def lease_us(seconds: float, grace: float) -> int:
    """A lease's time in Redis: the attempt's ``seconds`` and the ``grace``, in microseconds."""
    return math.ceil((seconds + grace) * 1_000_000)
