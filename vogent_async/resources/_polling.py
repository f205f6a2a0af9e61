"""Polling with a deadline and backoff, for scripts that have no webhook endpoint.

`poll_until` fetches, checks, sleeps and fetches again, each sleep longer than
the last (by `BACKOFF`, up to ``max_interval``), until the check passes or the
deadline comes (also when the deadline passes during a fetch that then times
out). It waits with `PollClock`, which tests replace with one driven
by the fake server's clock, so tests need not wait for real. Cancelling the task
cancels the sleep or the request in flight; nothing is left running.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import attrs

from vogent_async._transport._options import check_seconds
from vogent_async.errors import APITimeoutError, WaitTimeoutError

__all__ = ["BACKOFF", "PollClock", "check_intervals", "poll_until", "use_clock"]

T = TypeVar("T")

#: Each sleep is this many times the one before, up to the call's ``max_interval``.
BACKOFF = 1.5


@attrs.frozen
class PollClock:
    """How a poll tells the time and sleeps (the test suite swaps in the fake's clock)."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


_CLOCK = [PollClock()]  # one slot, replaced by tests through `use_clock`


def use_clock(clock: PollClock) -> PollClock:
    """Make ``clock`` the one every poll uses; return the one it replaces (for tests)."""
    previous, _CLOCK[0] = _CLOCK[0], clock
    return previous


def check_intervals(
    interval: object, max_interval: object, timeout: object
) -> tuple[float, float, float | None]:
    """Check a wait's timing arguments at the door.

    Raises:
        TypeError: A value that is not a number (or ``None`` for ``timeout``).
        ValueError: A value not above 0, or ``max_interval`` below ``interval``.
    """
    first = check_seconds("poll", interval, allow_none=False)
    longest = check_seconds("max_poll", max_interval, allow_none=False)
    deadline = check_seconds("timeout", timeout, allow_none=True)
    assert first is not None  # allow_none=False
    assert longest is not None
    if math.isinf(first):
        raise ValueError("poll must be a finite number of seconds")
    if longest < first:
        raise ValueError(f"max_poll must be >= poll ({first}), got {longest}")
    return first, longest, deadline


async def poll_until(
    fetch: Callable[[float | None], Awaitable[T]],
    done: Callable[[T], bool],
    *,
    interval: float,
    max_interval: float,
    timeout: float | None,
    what: str,
) -> T:
    """Fetch until ``done`` says yes; sleep ``interval`` between fetches, backing off.

    Args:
        fetch: Fetches the current state; it is given the seconds left before the
            deadline, to bound its own request by (``None`` without a deadline, and
            for the last look, taken when the deadline has come).
        done: Whether a fetched state is the one waited for.
        interval: The first sleep, in seconds.
        max_interval: The longest sleep, in seconds.
        timeout: Seconds the whole wait may take; ``None`` for no deadline.
        what: What is waited for, for the timeout's message.

    Raises:
        WaitTimeoutError: The deadline passed, between fetches or during one that
            timed out (``APITimeoutError``, its cause); ``last`` holds the last state
            fetched (``None`` when no fetch came back).
        APITimeoutError: A fetch timed out while the deadline had not passed.
    """
    clock = _CLOCK[0]
    deadline = None if timeout is None else clock.now() + timeout
    state: T | None = None
    while True:
        left = None if deadline is None else deadline - clock.now()
        try:
            state = await fetch(left if left is not None and left > 0 else None)
        except APITimeoutError as exc:
            if deadline is None or clock.now() < deadline:
                raise
            raise WaitTimeoutError(_late(what, timeout), last=state) from exc
        if done(state):
            return state
        if deadline is not None:
            left = deadline - clock.now()
            if left <= 0:
                raise WaitTimeoutError(_late(what, timeout), last=state)
            interval = min(interval, left)
        await clock.sleep(interval)
        interval = min(interval * BACKOFF, max_interval)


def _late(what: str, timeout: float | None) -> str:
    return f"{what}: still not done after {timeout} s"
