"""A websocket heartbeat that counts silence only while the socket is being read.

aiohttp's own heartbeat takes time spent not reading for silence: a reader held
back by a slow consumer (back-pressure) cannot see the pong queued behind the data
it has not read yet, so aiohttp closes a live socket (1006). `Heartbeat` is told
when the reader hears anything (`heard`) and when it is held back (`held`). It
pings once the socket has been quiet for ``interval`` seconds of reading, and
gives up when nothing at all (a pong or any other frame) comes within
``interval / 2`` after the ping. While the reader is held back, no silence is
counted and no ping is judged: the peer is the one waiting, and it is alive
enough to have filled the queue; the count starts again when reading resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator

__all__ = ["Heartbeat"]


class Heartbeat:
    """Liveness of a websocket peer, judged only over the time spent reading.

    Args:
        ping: Sends a ping frame.
        interval: Seconds of quiet reading before a ping; the pong may take half as long.
    """

    def __init__(self, ping: Callable[[], Awaitable[None]], interval: float) -> None:
        self.interval = interval
        self._ping = ping
        self._quiet_since = time.monotonic()
        self._held = False

    def heard(self) -> None:
        """The reader received a frame (any: data, pong, ping)."""
        self._quiet_since = time.monotonic()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """The reader waits on its consumer, not on the socket, inside this block."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
            self._quiet_since = time.monotonic()

    async def watch(self) -> None:
        """Return when a ping went unanswered; run it as a task, cancel it to stop.

        Raises:
            Exception: Whatever sending the ping raised (the connection is gone).
        """
        while True:
            quiet = time.monotonic() - self._quiet_since
            if self._held or quiet < self.interval:
                await asyncio.sleep(self.interval if self._held else self.interval - quiet)
                continue
            sent = time.monotonic()
            await self._ping()
            await asyncio.sleep(self.interval / 2)
            if not self._held and self._quiet_since <= sent:
                return
