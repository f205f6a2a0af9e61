"""The fake's running clock: fake time that moves with real time, ``speed`` times as fast.

By default the fake's clock stands still and only a test moves it, so tests
are deterministic. With ``FakeVogent(speed=60)`` (and in ``serve``, where 60
is the default) a task moves it every `TICK` real seconds by the real time that
passed times ``speed``, so dials ring, talk and end, and their webhooks go out,
while a program outside the test watches. `FakeVogent.advance` still jumps
ahead on top of that.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import warnings
from collections.abc import Callable
from datetime import datetime, timezone

from vogent_async.testing._state import Store

__all__ = ["DEFAULT_SPEED", "TICK", "FakeClock", "RunningClock", "non_negative"]

TICK = 0.05
"""Real seconds between two moves of a running clock."""
DEFAULT_SPEED = 60.0
"""Fake seconds per real second of a served fake: the longest call the fake places
(about 7 minutes) ends within about 8 real seconds."""


def non_negative(name: str, value: object) -> float:
    """``value`` as a float if it is a finite number, 0 or more (never a bool).

    Raises:
        ValueError: It is not, naming ``name``.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{name} must be a finite number, 0 or more, got {value!r}")
    return float(value)


class RunningClock:
    """Moves a clock by ``speed`` times the real time that passes, while started.

    Args:
        advance: Moves the fake's clock forward by this many milliseconds.
        speed: Fake seconds per real second; 0 never moves it.
    """

    def __init__(self, advance: Callable[[int], object], speed: float) -> None:
        self.speed = non_negative("speed", speed)
        self._advance = advance
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start moving the clock (nothing at speed 0; idempotent)."""
        if self.speed and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop moving the clock (idempotent)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last, owed = loop.time(), 0.0  # owed: fake milliseconds not moved yet
        while True:
            await asyncio.sleep(TICK)
            now = loop.time()
            owed += (now - last) * self.speed * 1000
            last = now
            whole = int(owed)
            if whole:
                owed -= whole
                self._advance(whole)


class FakeClock:
    """Methods of `FakeVogent` for its clock (kept in ``_store``, run by ``_clock``)."""

    _store: Store
    _clock: RunningClock

    @property
    def now(self) -> datetime:
        """The fake's clock."""
        return datetime.fromtimestamp(self._store.now_ms / 1000, timezone.utc)

    @property
    def speed(self) -> float:
        """Fake seconds per real second while serving; 0: the clock moves only when told."""
        return self._clock.speed

    def advance(self, seconds: float) -> int:
        """Move the clock forward, finishing every dial due by then.

        Args:
            seconds: How far to move the clock; not negative.

        Returns:
            How many dials finished.

        Raises:
            ValueError: ``seconds`` is negative.
        """
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        return self._store.advance(round(seconds * 1000))

    def finish_dials(self, n: int) -> int:
        """Finish the next ``n`` dials in time order, moving the clock as far as needed.

        Args:
            n: How many dials to finish; not negative.

        Returns:
            How many finished: fewer than ``n`` when no more are in progress.

        Raises:
            ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        return self._store.run_dials(n)

    async def run_dials(self, n: int) -> int:
        """Deprecated: the clock's methods are synchronous now; call `finish_dials`.

        ``await fake.run_dials(n)`` still works, with a `DeprecationWarning`.
        """
        warnings.warn(
            "FakeVogent.run_dials() is deprecated: call fake.finish_dials(n), without await",
            DeprecationWarning,
            stacklevel=2,
        )
        done = self.finish_dials(n)
        await asyncio.sleep(0)
        return done
