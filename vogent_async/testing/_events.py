"""What changed in the fake, announced to observers (webhook delivery, test probes).

Observers are plain callables, called synchronously, in the order they
subscribed, right after the change (inside a request handler, or inside
`FakeVogent.advance`). One that needs to do I/O schedules it, e.g. with
``asyncio.get_running_loop().create_task(...)``. Data added with the ``seed_*``
methods is the past: it announces nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Events", "FakeEvent", "Observer"]


@attrs.frozen
class FakeEvent:
    """One change in the fake.

    Attributes:
        kind: What happened: ``batch_dial_job.created``, ``batch_dial_job.updated``
            (any change, status included), ``dial.finished``, or
            ``<collection>.created`` / ``.updated`` / ``.deleted`` (e.g. ``models.created``).
        id: The id of the job, dial or item that changed.
        body: Its JSON body as the API returned it at that moment (a shallow copy:
            read nested values, do not change them).
        parent_id: The job a dial belongs to (``dial.finished``); ``None`` otherwise.
    """

    kind: str
    id: str
    body: dict[str, Any] = attrs.field(repr=False)
    parent_id: str | None = None


Observer = Callable[[FakeEvent], None]
"""A callback that `FakeVogent.subscribe` calls with every `FakeEvent`."""


class Events:
    """The observers of one fake, and the way its state announces changes."""

    def __init__(self) -> None:
        self._observers: list[Observer] = []

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` with every later event; return a function that unsubscribes it."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    def emit(
        self, kind: str, item_id: str, body: dict[str, Any], parent_id: str | None = None
    ) -> None:
        """Announce a change (nothing is built when nobody listens)."""
        if self._observers:
            event = FakeEvent(kind, item_id, dict(body), parent_id)
            for observer in list(self._observers):
                observer(event)
