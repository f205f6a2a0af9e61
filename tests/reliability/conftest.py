"""Shared pieces of the reliability suite: a recognisable key and a fast retry policy."""

from __future__ import annotations

import asyncio
import time

import attrs
import pytest

import vogent_async
from tests.conftest import SleepRecorder
from vogent_async._transport._retry import RetryPolicy

#: A key no test could ever see by accident: finding it anywhere is a leak.
SECRET_KEY = "sk-live-RELIABILITY-7f3a9c51e0-DO-NOT-LEAK"

#: Retries without real waits, so fault-heavy tests stay fast.
FAST = RetryPolicy(initial_delay=0.001, max_delay=0.001, max_retry_after=0.001)


@attrs.frozen
class FixedBackoff(RetryPolicy):
    """A policy whose backoff is exactly ``wait`` seconds: timing tests need no jitter."""

    wait: float = 0.0

    def backoff(self, retry: int, **_: object) -> float:
        """Return ``wait``, whatever the retry number."""
        return self.wait


def fast_client(base_url: str, **settings: object) -> vogent_async.Client:
    """A client on ``base_url`` with the test key and the `FAST` policy, plus ``settings``."""
    return vogent_async.Client(
        SECRET_KEY,
        base_url=base_url,
        retry_policy=FAST,
        **settings,  # type: ignore[arg-type]
    )


class LateClock:
    """The clock the transport reads, with a backoff sleep that wakes ``late`` seconds late.

    The sleep moves this clock on by the delay plus ``late`` and returns at once, so
    a test can make a backoff overrun the call's deadline every time, as a loaded
    machine sometimes does, without waiting for real.
    """

    def __init__(self, late: float = 0.0) -> None:
        self.late = late
        self.offset = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        """Return the real monotonic time plus every sleep so far."""
        return time.monotonic() + self.offset

    async def sleep(self, delay: float) -> None:
        """Record ``delay`` and move the clock on by it plus ``late``."""
        self.slept.append(delay)
        self.offset += delay + self.late
        await asyncio.sleep(0)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> LateClock:
        """Make the transport and the throttle read and sleep on this clock; return it."""
        for module in ("vogent_async._transport._loop", "vogent_async._transport._throttle"):
            monkeypatch.setattr(f"{module}.time", self)
        monkeypatch.setattr("vogent_async._transport._throttle.Throttle.default_sleep", self.sleep)
        return self


class RealSleeps(SleepRecorder):
    """Records each delay of the transport's sleep, and sleeps it for real.

    A test asserts how many waits there were from the record, not from a wall-clock
    upper bound, which a loaded machine stretches.
    """

    async def __call__(self, delay: float) -> None:
        """Record ``delay``, then sleep it."""
        await super().__call__(delay)
        await asyncio.sleep(delay)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> RealSleeps:
        """Make this the sleep of every throttle made from now on; return it."""
        sleep = "vogent_async._transport._throttle.Throttle.default_sleep"
        monkeypatch.setattr(sleep, staticmethod(self))
        return self
