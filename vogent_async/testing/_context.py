"""What every route handler can reach: the fake's settings, jobs, collections and events."""

from __future__ import annotations

from typing import Any

import attrs

from vogent_async.testing._calls import Calls
from vogent_async.testing._collection import Collection
from vogent_async.testing._events import Events
from vogent_async.testing._state import Store
from vogent_async.testing._world import World

__all__ = ["FakeState", "Settings"]


@attrs.define
class Settings:
    """What a fake server was configured with (see `FakeVogent`)."""

    api_key: str
    default_page_size: int
    max_page_size: int
    concurrency_limit: int
    record_requests: bool
    max_concurrent_requests: int | None = None
    retry_after: float = 1.0
    latency: float = 0.0
    request_log_size: int | None = None


@attrs.define
class FakeState:
    """The state one fake serves: handlers reach it as ``call.fake``."""

    settings: Settings
    store: Store
    collections: dict[str, Collection]
    events: Events
    controls: dict[str, Any] = attrs.field(factory=dict)
    """Each group's own knobs, by group name (see `Group.controls`)."""
    calls: Calls = attrs.field(init=False)
    world: World = attrs.field(init=False)
    """Where every id a request names is looked up (one rule for every route)."""

    def __attrs_post_init__(self) -> None:
        self.calls = Calls(self.store)
        self.world = self.store.world = World(self.collections, self.store, self.calls)
        for collection in self.collections.values():
            collection.world = self.world

    def collection(self, name: str) -> Collection:
        """The collection of a CRUD group, e.g. ``"models"``."""
        return self.collections[name]
