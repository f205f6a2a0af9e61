"""Remembering which events were handled, so that a redelivery is acknowledged, not re-run."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol, runtime_checkable

__all__ = ["MemorySeenStore", "SeenStore"]


@runtime_checkable
class SeenStore(Protocol):
    """Where a receiver remembers the `event_key` of each event it handled.

    Implement it over a shared store (Redis ``SET NX``, a database unique key)
    when several processes receive the same webhooks.
    """

    async def add(self, key: str) -> bool:
        """Remember ``key``; return ``True`` if it was new, ``False`` if already there."""
        ...

    async def discard(self, key: str) -> None:
        """Forget ``key``: its handler failed, so a redelivery must run it again."""
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
        self._keys: OrderedDict[str, None] = OrderedDict()

    def __repr__(self) -> str:
        return f"<MemorySeenStore {len(self._keys)}/{self._max} keys>"

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    async def add(self, key: str) -> bool:
        """Remember ``key``; return ``True`` if it was new."""
        if key in self._keys:
            self._keys.move_to_end(key)
            return False
        self._keys[key] = None
        if len(self._keys) > self._max:
            self._keys.popitem(last=False)
        return True

    async def discard(self, key: str) -> None:
        """Forget ``key``."""
        self._keys.pop(key, None)
