"""`RedisBudget`: one request budget for every process that uses the same Redis key."""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
import uuid

from redis.asyncio import Redis
from redis.exceptions import RedisError

from vogent_async.budget import Budget, Lease, NoSlot, OutOfTime
from vogent_async.contrib.redis._bounded import bounded, check_timeout, refused
from vogent_async.contrib.redis._scripts import ACQUIRE, PAUSE, RENEW
from vogent_async.errors import BudgetScriptError, BudgetUnavailable

__all__ = ["RedisBudget"]

logger = logging.getLogger("vogent_async")

_MICRO = 1_000_000
_GRANTED, _PAUSED, _FULL = 0, 1, 2  # what the acquire script answers (3: the rate's turn)


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
        self._budget._release_soon(self._token)


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
        poll_interval: Seconds between two tries when every slot is taken.
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
        poll_interval: float = 0.05,
        fallback: Budget | None = None,
        redis_timeout: float = 2.0,
    ) -> None:
        _check(key, max_concurrency, rate, max_lease, lease_grace, poll_interval, fallback)
        check_timeout(redis_timeout)
        self._redis = redis
        self._key = key
        tag = "{" + key + "}"
        self._keys = [f"vogent:budget:{tag}:leases", f"vogent:budget:{tag}:pause"]
        self._rate_key = f"vogent:budget:{tag}:rate"
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
        self._releasing: set[asyncio.Task[None]] = set()  # releases not yet answered

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
        await self._settle(self._timeout)
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
            except RedisError as exc:
                fallback = self._fallback_for("acquire a slot", exc)
                logger.warning("%s: budget %r unreachable, using its fallback", what, self._key)
                return await fallback.acquire(per_attempt, deadline, what)
            if why == _GRANTED:
                return _RedisLease(self, token, seconds)
            wait = wait_us / _MICRO
            if why == _PAUSED:
                if deadline is not None and time.monotonic() + wait > deadline:
                    raise OutOfTime(wait)
                logger.debug("holding %s for %.2fs: the API asked to slow down", what, wait)
            elif why == _FULL:
                wait = min(self._poll * (0.5 + random.random()), seconds)
                queued += wait
            elif wait >= seconds:  # the rate's next turn comes too late
                raise NoSlot(queued + seconds)
            else:
                queued += wait
            await asyncio.sleep(wait)

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
        lease_us = math.ceil((seconds + self._grace) * _MICRO)
        keys = [*self._keys, self._rate_key]
        args: list[str | int] = [token, self._limit, lease_us, self._interval]
        limit = self._op_time(deadline)  # for the releases and the script together
        started = time.monotonic()
        await self._settle(limit)
        limit -= time.monotonic() - started
        try:
            why, wait = await bounded(self._acquire(keys=keys, args=args), limit)
        except (asyncio.CancelledError, RedisError) as exc:
            if not (isinstance(exc, RedisError) and refused(exc)):
                # The script may have run: give back a lease this task will never use.
                self._release_soon(token)
            raise
        return int(why), int(wait)

    async def _renew(self, token: str, seconds: float) -> None:
        lease_us = math.ceil((seconds + self._grace) * _MICRO)
        try:
            held = await bounded(
                self._renew_script(keys=[self._keys[0]], args=[token, lease_us]), self._timeout
            )
        except RedisError as exc:
            logger.warning("budget %r: could not renew an open stream's lease (%s)", self._key, exc)
            return
        if not held:
            logger.warning(
                "budget %r: an open stream's lease ran out before it was renewed", self._key
            )

    async def _settle(self, seconds: float) -> None:
        """Let this process's releases land first (for at most ``seconds``)."""
        if self._releasing:
            await asyncio.wait(set(self._releasing), timeout=max(seconds, 0.0))

    def _release_soon(self, token: str) -> None:
        """Give a lease back in the background: the caller never waits for Redis."""
        if self._limit:
            task = asyncio.ensure_future(self._release(token))
            self._releasing.add(task)
            task.add_done_callback(self._releasing.discard)

    async def _release(self, token: str) -> None:
        try:
            await bounded(self._redis.zrem(self._keys[0], token), self._timeout)
        except RedisError as exc:
            # The attempt is over; its lease expires on its own within lease_grace.
            logger.warning("budget %r: could not release a lease (%s)", self._key, exc)

    def _fallback_for(self, doing: str, exc: RedisError) -> Budget:
        """The fallback to go on with after ``exc``; raises when there is none, or when
        Redis answered with an error (the fallback is for an outage only)."""
        if refused(exc):
            raise BudgetScriptError(
                f"could not {doing} in the shared budget {self._key!r}: Redis refused its "
                f"script ({exc}); one of the keys {self._keys[0]!r}, {self._keys[1]!r}, "
                f"{self._rate_key!r} holds data of another type, or the script is not allowed. "
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


def _check(
    key: str,
    max_concurrency: int | None,
    rate: float | None,
    max_lease: float,
    lease_grace: float,
    poll_interval: float,
    fallback: Budget | None,
) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError("key must be a non-empty string")
    if max_concurrency is not None and (
        isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int)
    ):
        raise TypeError("max_concurrency must be an int or None")
    if max_concurrency is not None and max_concurrency < 1:
        raise ValueError("max_concurrency must be >= 1 (or None for no bound)")
    for name, value in (("rate", rate), ("max_lease", max_lease)):
        if value is not None and not (isinstance(value, (int, float)) and 0 < value < math.inf):
            raise ValueError(f"{name} must be a positive number of seconds or per second")
    for name, value in (("lease_grace", lease_grace), ("poll_interval", poll_interval)):
        if not (isinstance(value, (int, float)) and 0 < value < math.inf):
            raise ValueError(f"{name} must be a positive number of seconds")
    if fallback is not None and not isinstance(fallback, Budget):
        raise TypeError("fallback must be a Budget (such as LocalBudget) or None")
