"""Remembering which events were handled, so that a redelivery is acknowledged, not re-run."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol, runtime_checkable

__all__ = ["MemorySeenStore", "SeenStore"]


@runtime_checkable
class SeenStore(Protocol):
    """Where a receiver remembers the `event_key` of each event, and whether its handler succeeded.

    A key is claimed (`add`) before the handler runs, marked `done` once it
    succeeded, and discarded when it failed or was cancelled. A redelivery is
    acknowledged only when its key `is_done`; while the first attempt still
    runs it is answered 409, so that the sender retries.

    Implement it over a shared store (Redis, a database unique key) when several
    processes receive the same webhooks: ``add`` as ``SET key running NX EX ttl``
    (with a ttl longer than a handler may take, so that the claim of a process
    that died runs out), ``done`` as ``SET key done``, ``is_done`` as
    ``GET key == done`` and ``discard`` as ``DEL key``.
    """

    async def add(self, key: str) -> bool:
        """Claim ``key`` for a first attempt; ``True`` if it was new, ``False`` if known."""
        ...

    async def done(self, key: str) -> None:
        """Record that ``key``'s handler succeeded: redeliveries are acknowledged from now on."""
        ...

    async def is_done(self, key: str) -> bool:
        """Whether ``key``'s handler succeeded (``False`` while it runs, or when unknown)."""
        ...

    async def discard(self, key: str) -> None:
        """Forget ``key``: its handler failed or was cancelled, so a redelivery must run it."""
        ...


class MemorySeenStore:
    """The default `SeenStore`: the most recent ``max_keys`` keys, in this process's memory.

    Args:
        max_keys: How many keys to keep; the least recently seen one goes first.

    Raises:
        ValueError: ``max_keys`` is not a positive int.
    """

    def __init__(self, max_keys: int = 10_000) -> None:
        if isinstance(max_keys, bool) or not isinstance(max_keys, int) or max_keys < 1:
            raise ValueError(f"max_keys must be an int >= 1, got {max_keys!r}")
        self._max = max_keys
        self._done: OrderedDict[str, bool] = OrderedDict()

    def __repr__(self) -> str:
        return f"<MemorySeenStore {len(self._done)}/{self._max} keys>"

    def __len__(self) -> int:
        return len(self._done)

    def __contains__(self, key: object) -> bool:
        return key in self._done

    async def add(self, key: str) -> bool:
        """Claim ``key``; return ``True`` if it was new."""
        return self._claim(key)

    def _claim(self, key: str) -> bool:
        """`add`, synchronously: a receiver calls it without a coroutine of its own.

        A redelivery moves its key to the end: the store forgets the least recently seen.
        """
        done = self._done
        if key in done:
            done.move_to_end(key)
            return False
        done[key] = False  # a new key goes last: nothing to move
        if len(done) > self._max:
            done.popitem(last=False)
        return True

    async def done(self, key: str) -> None:
        """Record that ``key``'s handler succeeded."""
        self._settle(key, succeeded=True)

    async def is_done(self, key: str) -> bool:
        """Whether ``key``'s handler succeeded."""
        return self._done.get(key, False)

    async def discard(self, key: str) -> None:
        """Forget ``key``."""
        self._settle(key, succeeded=False)

    def _settle(self, key: str, *, succeeded: bool) -> None:
        """`done` or `discard`, synchronously: a receiver calls it without a task to shield it.

        A key marked done keeps its place, that of its claim (its handler ran since).
        """
        done = self._done
        if not succeeded:
            done.pop(key, None)
            return
        done[key] = True  # back at the end only if it was evicted while its handler ran
        if len(done) > self._max:
            done.popitem(last=False)
