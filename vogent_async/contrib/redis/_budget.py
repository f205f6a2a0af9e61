"""`RedisBudget`: one request budget for every process that uses the same Redis key."""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections.abc import Awaitable
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import RedisError

from vogent_async.budget import Budget, Lease, NoSlot, OutOfTime
from vogent_async.contrib.redis._args import check_budget, check_timeout
from vogent_async.contrib.redis._bounded import bounded, refused
from vogent_async.contrib.redis._releases import Releases, lease_us
from vogent_async.contrib.redis._scripts import ACQUIRE, PAUSE, RELEASE, RENEW
from vogent_async.errors import BudgetScriptError, BudgetUnavailable

__all__ = ["RedisBudget"]

logger = logging.getLogger("vogent_async")

_MICRO = 1_000_000
_GRANTED, _PAUSED, _FULL = 0, 1, 2  # what the acquire script answers (3: the rate's turn)
_SHORTEST_BLOCK = 0.001  # seconds: a shorter wait for a slot is not worth a blocking pop


class _RedisLease:
    __slots__ = ("_budget", "_token", "renew_every", "seconds")

    def __init__(self, budget: RedisBudget, token: str, seconds: float) -> None:
        self._budget = budget
        self._token = token
        self.seconds = seconds
        # Renewed three times per lease time: two renewals may fail before it runs out.
        self.renew_every = (seconds + budget._grace) / 3 if budget._limit else None

    async def renew(self) -> None:
        await self._budget._renew(self._token, self.seconds)

    async def release(self) -> None:
        self._budget._release_soon([self._token])


class RedisBudget:
    """A request budget shared through Redis by every process that uses ``key``.

    It bounds, across all of them: the requests in flight (each holds a lease that
    expires on its own, so a worker that dies gives its slots back), optionally the
    request rate, and the ``Retry-After`` pause (one ``429`` holds every worker until
    the time the server asked for). Each decision is one Lua script, so it is atomic.

    Args:
        redis: A ``redis.asyncio.Redis`` (arq's connection is one).
        key: The budget's name; every client with the same key shares it.
        max_concurrency: Requests in flight at once, across every process;
            ``None`` for no bound.
        rate: Requests per second across every process, spaced at least
            ``1 / rate`` apart; ``None`` for no bound.
        max_lease: The longest an attempt may take under this budget: its time
            is cut to this, so that its lease cannot run out while it is in flight.
            A streamed response held open renews its lease until it is closed.
        lease_grace: Seconds a lease outlives its attempt's timeout, for the
            time the attempt needs to notice it ran out.
        poll_interval: The longest a task waits for a slot without being woken,
            before it tries again. A release anywhere wakes the longest waiting task
            at once, and a lease that runs out wakes it when it does: this only
            bounds the wait after a wake-up that was lost (a woken task cancelled).
        fallback: The budget to use while Redis cannot be reached (for example
            ``LocalBudget(max_concurrency=2)`` in each process); ``None`` raises
            `BudgetUnavailable` instead. Never used when Redis answers with an
            error (`BudgetScriptError`).
        redis_timeout: Seconds one Redis operation may take, further cut to what
            is left of the call's ``total_timeout``; Redis is unreachable past it.

    Raises:
        ValueError: A limit is not positive, or ``key`` is empty.
        TypeError: ``fallback`` is not a `Budget`.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        key: str,
        max_concurrency: int | None = None,
        rate: float | None = None,
        max_lease: float = 120.0,
        lease_grace: float = 2.0,
        poll_interval: float = 1.0,
        fallback: Budget | None = None,
        redis_timeout: float = 2.0,
    ) -> None:
        check_budget(key, max_concurrency, rate, max_lease, lease_grace, poll_interval, fallback)
        check_timeout(redis_timeout)
        self._redis = redis
        self._key = key
        tag = "{" + key + "}"
        self._keys = [f"vogent:budget:{tag}:leases", f"vogent:budget:{tag}:pause"]
        self._rate_key = f"vogent:budget:{tag}:rate"
        self._freed_key = f"vogent:budget:{tag}:freed"  # a marker per freed slot
        self._limit = max_concurrency or 0
        self._interval = round(_MICRO / rate) if rate else 0
        self._max_lease = max_lease
        self._grace = lease_grace
        self._poll = poll_interval
        self._fallback = fallback
        self._timeout = redis_timeout
        self._acquire = redis.register_script(ACQUIRE)
        self._pause = redis.register_script(PAUSE)
        self._renew_script = redis.register_script(RENEW)
        self._script_keys = [*self._keys, self._rate_key, self._freed_key]
        marker_us = lease_us(max_lease, lease_grace)
        self._releases = Releases(
            redis.register_script(RELEASE),
            self._script_keys,
            [self._limit, marker_us],
            key,
            redis_timeout,
        )

    def __repr__(self) -> str:
        return (
            f"<RedisBudget key={self._key!r} max_concurrency={self._limit or None} "
            f"rate={_MICRO / self._interval if self._interval else None}>"
        )

    @property
    def key(self) -> str:
        """The budget's name."""
        return self._key

    async def in_flight(self) -> int:
        """The leases held now, across every process (expired ones not counted).

        Raises:
            redis.exceptions.RedisError: Redis did not answer within ``redis_timeout``.
        """
        return await bounded(self._count(), self._timeout)

    async def _count(self) -> int:
        await self._releases.settle(self._timeout)
        now = await self._redis.time()
        return int(await self._redis.zcount(self._keys[0], now[0] * _MICRO + now[1], "+inf"))

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> Lease:
        """Wait out the shared pause, then take a shared slot (see `Budget.acquire`).

        Raises:
            OutOfTime: The pause or the deadline leaves no time for the attempt.
            NoSlot: No slot or rate turn came within ``per_attempt``.
            BudgetUnavailable: Redis did not answer in time and there is no ``fallback``.
            BudgetScriptError: Redis answered with an error (never the fallback).
        """
        token = uuid.uuid4().hex
        queued = 0.0  # seconds spent waiting for a slot or a rate turn
        while True:
            seconds = _time_left(min(per_attempt, self._max_lease) - queued, deadline)
            if seconds <= 0:
                raise NoSlot(queued) if queued else OutOfTime(0.0)
            try:
                why, wait_us = await self._try(token, seconds, deadline)
                if why == _GRANTED:
                    return _RedisLease(self, token, seconds)
                queued = await self._wait(why, wait_us / _MICRO, queued, seconds, deadline, what)
            except RedisError as exc:
                fallback = self._fallback_for("acquire a slot", exc)
                logger.warning("%s: budget %r unreachable, using its fallback", what, self._key)
                return await fallback.acquire(per_attempt, deadline, what)

    async def _wait(
        self,
        why: int,
        wait: float,
        queued: float,
        seconds: float,
        deadline: float | None,
        what: str,
    ) -> float:
        """Wait for what the acquire script answered; the seconds queued for a slot since."""
        if why == _PAUSED:
            if deadline is not None and time.monotonic() + wait > deadline:
                raise OutOfTime(wait)
            logger.debug("holding %s for %.2fs: the API asked to slow down", what, wait)
            await asyncio.sleep(wait)
            return queued
        if why == _FULL:
            started = time.monotonic()
            await self._wait_freed(min(wait, seconds, self._poll), deadline)
            return queued + time.monotonic() - started
        if wait >= seconds:  # the rate's next turn comes too late
            raise NoSlot(queued + seconds)
        await asyncio.sleep(wait)
        return queued + wait

    async def _wait_freed(self, wait: float, deadline: float | None) -> None:
        """Block until a slot is freed (a release pushes a marker) or ``wait`` seconds passed.

        The pop ends before the deadline, so that a pop Redis does not answer
        within its time means a stalled Redis, never a deadline.
        """
        left = _time_left(math.inf, deadline)
        wait = min(wait, 0.9 * left)
        if wait < _SHORTEST_BLOCK:
            await asyncio.sleep(max(wait, 0.0))
            return
        # BLPOP takes a float timeout (Redis 6+); redis-py types it int, sends it as is.
        popped = self._redis.blpop([self._freed_key], timeout=wait)  # type: ignore[arg-type]
        await bounded(cast("Awaitable[object]", popped), min(wait + self._timeout, left))

    async def pause(self, delay: float, deadline: float | None = None) -> None:
        """Hold every process's attempts for ``delay`` seconds (a longer pause wins).

        Raises:
            BudgetUnavailable: Redis did not answer in time and there is no ``fallback``.
            BudgetScriptError: Redis answered with an error (never the fallback).
        """
        args = [max(1, math.ceil(delay * _MICRO))]
        try:
            await bounded(self._pause(keys=[self._keys[1]], args=args), self._op_time(deadline))
        except RedisError as exc:
            await self._fallback_for("share a Retry-After pause", exc).pause(delay, deadline)

    def _op_time(self, deadline: float | None) -> float:
        """Seconds the next Redis operation may take: ``redis_timeout``, cut to the deadline."""
        return _time_left(self._timeout, deadline)

    async def _try(self, token: str, seconds: float, deadline: float | None) -> tuple[int, int]:
        args: list[str | int] = [token, self._limit, lease_us(seconds, self._grace), self._interval]
        limit = self._op_time(deadline)  # for the releases and the script together
        done = self._releases.take()  # this process's finished leases go with the script
        started = time.monotonic()
        try:
            await self._releases.settle(limit)  # and those already sent land first
            limit -= time.monotonic() - started
            acquired = self._acquire(keys=self._script_keys, args=[*args, *done])
            why, wait = await bounded(acquired, limit)
        except asyncio.CancelledError:
            # The script may have run: give back a lease this task will never use.
            self._release_soon([token, *done])
            raise
        except RedisError as exc:
            if not refused(exc):
                self._releases.lost(done, exc)
                self._release_soon([token])
            raise
        return int(why), int(wait)

    async def _renew(self, token: str, seconds: float) -> None:
        args: list[str | int] = [token, lease_us(seconds, self._grace)]
        try:
            held = await bounded(self._renew_script(keys=[self._keys[0]], args=args), self._timeout)
        except RedisError as exc:
            logger.warning("budget %r: could not renew an open stream's lease (%s)", self._key, exc)
            return
        if not held:
            logger.warning(
                "budget %r: an open stream's lease ran out before it was renewed", self._key
            )

    def _release_soon(self, tokens: list[str]) -> None:
        """Give leases back in the background: the caller never waits for Redis."""
        if self._limit:
            self._releases.soon(tokens)

    def _fallback_for(self, doing: str, exc: RedisError) -> Budget:
        """The fallback to go on with after ``exc``; raises when there is none, or when
        Redis answered with an error (the fallback is for an outage only)."""
        if refused(exc):
            raise BudgetScriptError(
                f"could not {doing} in the shared budget {self._key!r}: Redis refused its "
                f"script ({exc}); one of the keys {', '.join(map(repr, self._script_keys))} "
                "holds data of another type, or the script is not allowed. "
                "Nothing was sent, and no fallback is used: this is not an outage.",
                key=self._key,
                reason=str(exc),
            ) from exc
        if self._fallback is None:
            raise BudgetUnavailable(
                f"could not {doing} in the shared budget {self._key!r}: Redis did not answer "
                f"({type(exc).__name__}: {exc}); nothing was sent. Pass fallback= to keep "
                "going on a local budget while Redis is away.",
                key=self._key,
            ) from exc
        return self._fallback


def _time_left(seconds: float, deadline: float | None) -> float:
    """``seconds``, cut to what is left before ``deadline``."""
    if deadline is None:
        return seconds
    return min(seconds, deadline - time.monotonic())
