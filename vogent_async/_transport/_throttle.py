"""The request budget that every task of one client shares: request slots and a pause.

Knows no HTTP. Before each attempt the transport takes a turn: it waits out
any pause a server asked for (``Retry-After`` on a 429 or 503), then holds one
of ``max_concurrency`` slots for the attempt alone, never during a backoff.

A cancelled wait always ends in ``CancelledError``: the slot wait is bounded with
``asyncio.timeout`` (3.11+) or ``asyncio.wait`` (3.10), never ``asyncio.wait_for``,
which can swallow a cancellation that lands as the slot is granted.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

Sleep = Callable[[float], Awaitable[None]]

logger = logging.getLogger("vogent_async")


class OutOfTime(Exception):
    """The call's deadline leaves no time for this attempt, or for the pause before it."""

    def __init__(self, paused_for: float) -> None:
        self.paused_for = paused_for
        super().__init__(paused_for)


class NoSlot(Exception):
    """No request slot became free within the attempt's time budget."""

    def __init__(self, waited: float) -> None:
        self.waited = waited
        super().__init__(waited)


class Slots:
    """``count`` request slots, granted first come, first served.

    A free slot is taken at once, without awaiting (`take_now`). A released slot
    goes straight to the next waiter, so no slot is free while a task waits and
    none jumps the queue. A wait that is cancelled takes no slot: one granted to
    it just as it was cancelled goes on to the next waiter.
    """

    __slots__ = ("_free", "_waiters")

    def __init__(self, count: int) -> None:
        self._free = count
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    def __repr__(self) -> str:
        return f"<Slots free={self._free} waiting={len(self._waiters)}>"

    @property
    def free(self) -> int:
        """Slots nobody holds."""
        return self._free

    def locked(self) -> bool:
        """Whether a slot can only be had by waiting."""
        return not self._free

    def take_now(self) -> bool:
        """Take a slot if one is free (then nobody waits); whether one was taken."""
        if self._free:
            self._free -= 1
            return True
        return False

    async def take(self) -> None:
        """Take a slot, waiting in line for one if none is free."""
        if self.take_now():
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:  # cancelled (a timeout too): leave with no slot
            if waiter.done() and not waiter.cancelled():
                self.release()  # granted as it was cancelled: the next waiter's
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)
            raise

    def release(self) -> None:
        """Give a slot back: to the next waiter, or to the free ones."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1


class Throttle:
    """Slots and the shared pause of one client.

    Args:
        max_concurrency: Attempts in flight at once; ``None`` for no bound.
        sleep: How to wait out a pause or a backoff (tests swap in a recorder).
    """

    default_sleep: Sleep = staticmethod(asyncio.sleep)
    """The sleep of a throttle made without one (the test suite swaps in a recorder)."""

    def __init__(self, max_concurrency: int | None, sleep: Sleep | None = None) -> None:
        self._slots = Slots(max_concurrency) if max_concurrency else None
        self.sleep: Sleep = sleep or self.default_sleep
        self._resume_at = 0.0  # monotonic time before which no attempt starts
        self._pauses = 0  # counts pauses that moved _resume_at later

    def pause(self, delay: float) -> None:
        """Hold every task's next attempt for ``delay`` seconds (a longer pause wins)."""
        resume_at = time.monotonic() + delay
        if resume_at > self._resume_at:
            self._resume_at = resume_at
            self._pauses += 1

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> float:
        """Wait out any pause, then take a slot; return the seconds this attempt may take.

        Args:
            per_attempt: The attempt's own timeout, slot wait included (``math.inf``: none).
            deadline: The call's ``time.monotonic()`` deadline, if any.
            what: The request, as ``"GET /path"``, for the log.

        Raises:
            OutOfTime: The pause or the deadline leaves no time for the attempt.
            NoSlot: No slot became free within the attempt's budget.
        """
        while True:
            pauses = self._pauses
            if self._resume_at > time.monotonic():  # only then is there a pause to wait out
                await self._wait_out_pause(deadline, what)
            budget = _seconds_left(per_attempt, deadline)
            if budget <= 0:
                raise OutOfTime(0.0)
            if self._slots is None or self._slots.take_now():  # no timer to set
                return budget
            started = time.monotonic()
            try:
                await acquire_within(self._slots, None if budget == math.inf else budget)
            except asyncio.TimeoutError:
                raise NoSlot(budget) from None
            if pauses == self._pauses:
                return max(budget - (time.monotonic() - started), 0.001)
            # A pause began while this task queued for the slot: going now would
            # send during it, so give the slot back and wait the pause out first.
            self._slots.release()

    def take_now(self, per_attempt: float, deadline: float | None) -> float | None:
        """`acquire` without awaiting, when no pause holds and a slot is free; else ``None``.

        Returns the seconds the attempt may take, as `acquire` does; ``None`` means
        "call `acquire`" (to wait, or to raise what it raises).
        """
        if self._resume_at > time.monotonic():
            return None
        budget = _seconds_left(per_attempt, deadline)
        if budget > 0 and (self._slots is None or self._slots.take_now()):
            return budget
        return None

    def release(self) -> None:
        """Give back the slot taken by `acquire`."""
        if self._slots is not None:
            self._slots.release()

    async def _wait_out_pause(self, deadline: float | None, what: str) -> None:
        wait = self._resume_at - time.monotonic()
        if wait <= 0:
            return
        if deadline is not None and time.monotonic() + wait > deadline:
            raise OutOfTime(wait)
        logger.debug("holding %s for %.2fs: the API asked to slow down", what, wait)
        await self.sleep(wait)


def _seconds_left(per_attempt: float, deadline: float | None) -> float:
    """What an attempt may take now: its own timeout, cut at the call's deadline."""
    return per_attempt if deadline is None else min(per_attempt, deadline - time.monotonic())


async def acquire_with_wait(slots: Slots, seconds: float | None) -> None:
    """Take a slot within ``seconds`` (3.10's way): ``asyncio.TimeoutError`` when none came.

    The acquire runs as its own task. If this wait is cancelled or times out, that
    task is cancelled, and should it have been granted the slot all the same, the
    slot goes straight back: cancellation propagates and no slot leaks.
    """
    task = asyncio.ensure_future(slots.take())
    try:
        await asyncio.wait({task}, timeout=seconds)
    except BaseException:
        _give_back_if_granted(task, slots)
        raise
    if not task.done():
        _give_back_if_granted(task, slots)
        raise asyncio.TimeoutError
    task.result()


def _give_back_if_granted(task: asyncio.Future[Any], slots: Slots) -> None:
    def give_back(done: asyncio.Future[Any]) -> None:
        if not done.cancelled() and done.exception() is None:
            slots.release()

    task.cancel()
    task.add_done_callback(give_back)


if sys.version_info >= (3, 11):

    async def acquire_with_timeout(slots: Slots, seconds: float | None) -> None:
        """Take a slot within ``seconds``: ``TimeoutError`` when none came (3.11+)."""
        async with asyncio.timeout(seconds):
            await slots.take()

    acquire_within = acquire_with_timeout
else:  # pragma: no cover - Python 3.10
    acquire_within = acquire_with_wait
