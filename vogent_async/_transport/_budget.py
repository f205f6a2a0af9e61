"""The budget protocol and the default in-process budget; re-exported by `vogent_async.budget`.

See that module for what a budget promises. They live here, in the transport that
calls them, so the transport imports nothing above it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from vogent_async._transport import _throttle
from vogent_async._transport._throttle import NoSlot, OutOfTime, Sleep

__all__ = ["Budget", "Lease", "LocalBudget", "LocalLease", "NoSlot", "OutOfTime"]


@runtime_checkable
class Lease(Protocol):
    """The right to send one attempt, granted by `Budget.acquire`."""

    @property
    def seconds(self) -> float:
        """How long the attempt may take, slot wait already deducted (always > 0)."""
        ...

    @property
    def renew_every(self) -> float | None:
        """Seconds between two `renew` calls while a response stays open; ``None``
        when the lease lasts until it is released (nothing to renew)."""
        ...

    async def renew(self) -> None:
        """Make the lease last one more lease time from now (it never raises).

        Called every `renew_every` seconds while a streamed response is open,
        and never after `release`.
        """
        ...

    async def release(self) -> None:
        """Give the lease back; called once, after the attempt, whatever its outcome.

        It must not wait long, and never on something that may not answer: a
        cancelled call calls it on its way out.
        """
        ...


@runtime_checkable
class Budget(Protocol):
    """When attempts may go: concurrent slots, an optional rate, the server's pause."""

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> Lease:
        """Wait out any pause, then take a slot for one attempt.

        Args:
            per_attempt: Seconds the attempt may take, waiting for the slot included.
            deadline: The call's ``time.monotonic()`` deadline, or ``None``.
            what: The request, as ``"GET /path"``, for logs.

        Raises:
            OutOfTime: A pause or the deadline leaves no time for the attempt.
            NoSlot: No slot came within ``per_attempt``.
        """
        ...

    async def pause(self, delay: float, deadline: float | None = None) -> None:
        """Hold every attempt for ``delay`` seconds from now (a longer pause wins).

        Args:
            delay: Seconds from now.
            deadline: The ``time.monotonic()`` deadline of the call that was
                asked to slow down, or ``None``: sharing the pause must not outlast it.
        """
        ...


class LocalLease:
    """A slot of a `LocalBudget`: given back by `free`, without a coroutine (or `release`)."""

    __slots__ = ("_throttle", "seconds")

    renew_every = None  # a slot of this process is held until it is released

    def __init__(self, throttle: _throttle.Throttle, seconds: float) -> None:
        self._throttle = throttle
        self.seconds = seconds

    async def renew(self) -> None:
        return None

    def free(self) -> None:
        """`release`, synchronously: what the transport calls for a local lease."""
        self._throttle.release()

    async def release(self) -> None:
        self.free()


class LocalBudget:
    """The budget of one process: the default when `Client` is given none.

    Args:
        max_concurrency: Attempts in flight at once; ``None`` for no bound.
        sleep: How to wait out a pause (tests swap in a recorder).
        throttle: An existing in-process throttle to share, instead of a new one.

    Raises:
        ValueError: ``max_concurrency`` is below 1.
    """

    def __init__(
        self,
        max_concurrency: int | None = None,
        *,
        sleep: Sleep | None = None,
        throttle: _throttle.Throttle | None = None,
    ) -> None:
        if max_concurrency is not None and (
            isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int)
        ):
            raise TypeError("max_concurrency must be an int or None")
        if max_concurrency is not None and max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1 (or None for no bound)")
        self._throttle = throttle or _throttle.Throttle(max_concurrency, sleep)

    def __repr__(self) -> str:
        return f"<LocalBudget throttle={self._throttle!r}>"

    def take_now(self, per_attempt: float, deadline: float | None) -> LocalLease | None:
        """`acquire` without awaiting, when no pause holds and a slot is free; else ``None``."""
        seconds = self._throttle.take_now(per_attempt, deadline)
        return None if seconds is None else LocalLease(self._throttle, seconds)

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> Lease:
        """See `Budget.acquire`."""
        seconds = await self._throttle.acquire(per_attempt, deadline, what)
        return LocalLease(self._throttle, seconds)

    async def pause(self, delay: float, deadline: float | None = None) -> None:
        """See `Budget.pause` (the pause is kept in memory: nothing to wait for)."""
        self._throttle.pause(delay)
