"""`Routes`: which open generation a TTS websocket message goes to, and what is kept aside.

A socket's reader (its reader task, or a consumer reading for itself) hands each text
frame to `Routes.route`, which decodes it with the package's converter and names the
generations it goes to. Messages that name no open generation are kept, bounded, in
`Routes.unrouted`; the late messages of a cancelled generation are dropped.
"""

from __future__ import annotations

import collections
import logging
from typing import Any

from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async._transport._responses import pick_loads
from vogent_async.errors import APIConnectionError
from vogent_async.models._shared import UnknownVariant
from vogent_async.models.tts import TtsError, TtsFinished, TtsMessage, TtsTimestamp
from vogent_async.resources._tts_generation import PATH, Generation

__all__ = ["CANCELLED_KEPT", "UNROUTED_BYTES", "UNROUTED_COUNT", "Deliveries", "Routes"]

logger = logging.getLogger("vogent_async")
_MESSAGE: Any = TtsMessage  # a union: the converter structures it like a class
_loads = pick_loads()  # orjson with the speedups extra, as for every response body

#: Messages kept in `TtsWebsocket.unrouted`, at most.
UNROUTED_COUNT = 100
#: Characters of frame text kept in `TtsWebsocket.unrouted`, at most (1 MiB of ASCII).
UNROUTED_BYTES = 1 << 20
#: Cancelled generation ids remembered (to drop their late messages), at most.
CANCELLED_KEPT = 1000

Deliveries = list[tuple[Generation, TtsMessage]]


class Routes:
    """The open generations of one socket, by id, and the messages that named none.

    Args:
        converter: Decodes the messages.
    """

    def __init__(self, converter: Converter) -> None:
        self.open: dict[str, Generation] = {}
        self._converter = converter
        self._cancelled: dict[str, None] = {}  # oldest first
        self._unrouted: collections.deque[tuple[int, TtsMessage | str]] = collections.deque()
        self._unrouted_size = 0

    @property
    def unrouted(self) -> collections.deque[TtsMessage | str]:
        """A copy of the messages kept aside, oldest first (see `TtsWebsocket.unrouted`)."""
        return collections.deque(message for _, message in self._unrouted)

    def route(self, text: str) -> Deliveries:
        """The generations a text frame's message goes to (kept aside when it names none).

        A generation's ``finished`` or ``error`` closes it: nothing more goes to it.
        """
        try:
            raw = _loads(text)
            message: TtsMessage = self._converter.structure(raw, _MESSAGE)
        except (ValueError, RecursionError, SchemaMismatch) as exc:
            logger.warning("TTS websocket: a message that does not fit the protocol: %s", exc)
            self._keep(text[:200], text)
            return []
        if isinstance(message, TtsTimestamp):
            message = TtsTimestamp(message.generation_id, raw)
        gid = _generation_of(message)
        last = isinstance(message, (TtsFinished, TtsError))
        if isinstance(message, TtsError) and gid is None:
            keys = list(self.open)  # an error that names no generation ends them all
        elif gid is not None and gid in self.open:
            keys = [gid]
        else:
            if gid is None or gid not in self._cancelled:
                self._keep(message, text)
            elif last:
                del self._cancelled[gid]  # its last message: nothing more will come
            return []
        found = [(self.open[key], message) for key in keys]
        if last:
            for key in keys:
                del self.open[key]
        return found

    def cancelled(self, generation_id: str) -> None:
        """End the generation quietly; its late messages are dropped, not kept aside.

        They are recognised until its ``finished`` or ``error`` arrives, for the last
        `CANCELLED_KEPT` cancelled generations.
        """
        generation = self.open.pop(generation_id, None)
        if generation is not None:
            generation.end(None)
            self._cancelled[generation_id] = None
            while len(self._cancelled) > CANCELLED_KEPT:
                del self._cancelled[next(iter(self._cancelled))]

    def end_all(self, why: str) -> None:
        """End every open generation with `APIConnectionError` saying ``why``."""
        for generation in self.open.values():
            generation.end(APIConnectionError(
                f"GET {PATH}: {why} before generation {generation.id!r} finished "
                f"({generation.bytes_received} bytes of audio had arrived)",
                method="GET", path=PATH,
            ))  # fmt: skip
        self.open.clear()

    def _keep(self, message: TtsMessage | str, text: str) -> None:
        """Add to `unrouted`, sized by its frame's ``text``; drop the oldest beyond the bounds."""
        size = len(text)
        if size > UNROUTED_BYTES:
            message = text[:200]
            size = len(message)
        self._unrouted.append((size, message))
        self._unrouted_size += size
        while len(self._unrouted) > UNROUTED_COUNT or self._unrouted_size > UNROUTED_BYTES:
            self._unrouted_size -= self._unrouted.popleft()[0]


def _generation_of(message: Any) -> str | None:
    if isinstance(message, UnknownVariant):
        gid = message.raw.get("generationId")
        return gid if isinstance(gid, str) else None
    gid = getattr(message, "generation_id", None)
    return gid if isinstance(gid, str) else None
