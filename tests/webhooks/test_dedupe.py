"""MemorySeenStore: remembers keys, forgets on request, and keeps at most max_keys."""

from __future__ import annotations

from typing import Any

import pytest

from vogent_async.webhooks import MemorySeenStore, SeenStore


async def test_a_key_is_new_once() -> None:
    """add says True the first time and False after, until the key is discarded."""
    store = MemorySeenStore()
    assert isinstance(store, SeenStore)
    assert await store.add("a")
    assert not await store.add("a")
    await store.discard("a")
    await store.discard("never-added")
    assert await store.add("a")


async def test_the_least_recently_seen_key_goes_first() -> None:
    """Past max_keys, the key seen longest ago is forgotten; seeing a key again refreshes it."""
    store = MemorySeenStore(max_keys=2)
    await store.add("a")
    await store.add("b")
    await store.add("a")  # a is now the most recent
    await store.add("c")
    assert len(store) == 2
    assert "a" in store
    assert "b" not in store
    assert repr(store) == "<MemorySeenStore 2/2 keys>"


@pytest.mark.parametrize("max_keys", [0, -1, 1.5, True, "10"])
def test_max_keys_is_checked(max_keys: Any) -> None:
    """The bound must be a positive int."""
    with pytest.raises(ValueError, match="max_keys must be an int >= 1"):
        MemorySeenStore(max_keys=max_keys)


async def test_a_key_is_done_only_once_its_handler_succeeded() -> None:
    """A claimed key is not done until done(); discard forgets both."""
    store = MemorySeenStore(max_keys=2)
    assert await store.add("a")
    assert not await store.is_done("a")
    await store.done("a")
    assert await store.is_done("a")
    assert not await store.add("a")  # still known, and still done
    assert await store.is_done("a")
    await store.discard("a")
    assert not await store.is_done("a")
    assert not await store.is_done("never-added")


async def test_a_key_keeps_the_place_of_its_claim_and_comes_back_if_evicted_meanwhile() -> None:
    """done() does not move a key; one evicted while its handler ran is remembered again."""
    store = MemorySeenStore(max_keys=2)
    await store.add("a")
    await store.add("b")
    await store.done("a")  # a keeps its place: it is still the oldest
    await store.add("c")
    assert "a" not in store
    await store.done("a")  # its handler finished after it was evicted: remembered, done
    assert await store.is_done("a")
    assert len(store) == 2
    assert "b" not in store
