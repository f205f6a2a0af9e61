"""`Reading`: who reads a TTS websocket, a waiting consumer itself or the reader task.

Whoever waits reads. A generation's consumer whose queue is empty reads the socket
in its own task when no one else does: its message reaches it with no hop through
another task, and what it reads for other generations goes to their queues. When no
consumer reads, the reader task does, so that an idle socket still answers pings and
sees the server's close; a consumer that starts waiting takes over from it, only
while it waits on the socket (a read cancelled there loses no frame).

A message for a full queue stops the reading until its consumer takes one: the
reader task waits for the room (a consumer that read it hands it over and waits on
its own queue), with the heartbeat held, so the socket is no longer read and the
server is slowed by TCP. Memory stays bounded by ``max_queued`` messages a generation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from vogent_async._transport._heartbeat import Heartbeat
from vogent_async._transport._socket import Frame, Socket, SocketFailed
from vogent_async.models.tts import TtsMessage
from vogent_async.resources._tts_generation import END, Generation
from vogent_async.resources._tts_routes import Deliveries, Routes

__all__ = ["Reading"]

_READER: Any = object()  # who reads when the reader task does


class Reading:
    """The reading of one socket, handed between its consumers and its reader task.

    Args:
        ws: The open socket.
        routes: Where each message goes.
        heartbeat: Told of every frame, and held while the reading waits for room.
        ended: Called once the socket ended (its close, or a failure), with why.
    """

    def __init__(
        self, ws: Socket, routes: Routes, heartbeat: Heartbeat, ended: Callable[[str], None]
    ) -> None:
        self._ws = ws
        self._routes = routes
        self._heartbeat = heartbeat
        self._ended = ended
        self._loop = asyncio.get_running_loop()
        self.stopped = False  # the socket ended or is closing: no reader task starts again
        # Who reads the socket now: None, _READER, or the generation whose consumer does.
        self._holder: Any = _READER
        self._receiving = False  # the reader task waits on the socket (and may be taken over)
        self._taking_over = False  # a consumer cancelled the reader task, to read next
        self._restart: asyncio.Handle | None = None  # the reader task's start, scheduled
        self.task: asyncio.Task[None] | None = self._loop.create_task(self._read([]))

    async def next_message(self, generation: Generation) -> Any:
        """The next message of ``generation``, whose queue is empty (`Generation` asks).

        This task reads the socket when no one does (taking over from the reader
        task while it waits on the socket), until a message of ``generation``
        comes; else it waits on the queue while another reads. `END` once the
        generation has ended.
        """
        try:
            while not generation.queued:
                if generation.ended:
                    return END
                if self._holder is None:
                    if (message := await self._read_for(generation)) is not None:
                        return message
                elif self._receiving and self.task is not None:
                    reader, self._taking_over = self.task, True
                    reader.cancel()  # only ever while it waits on the socket: nothing is lost
                    try:
                        await asyncio.wait((reader,))
                    finally:
                        self._taking_over = False
                else:
                    return await generation.queue.get()  # another reads, and fills it
            return generation.queue.get_nowait()
        finally:
            if self._holder is None:  # no one reads: the reader task will, unless this comes back
                self._wake_reader()

    def stop(self) -> asyncio.Task[None] | None:
        """No reader task starts again; the running one, if any, to cancel."""
        self.stopped = True
        reader, self.task = self.task, None
        return reader

    async def _read_for(self, generation: Generation) -> TtsMessage | None:
        """Read one frame in a consumer's task; a message of ``generation`` is returned."""
        self._holder = generation
        try:
            frame = await self._ws.receive()
            self._heartbeat.heard()
            if frame.kind == "text":
                mine, blocked = None, []
                for other, message in self._routes.route(frame.data):
                    if other is generation:
                        mine = message
                        generation.took(message)
                    elif not other.offer(message):
                        blocked.append((other, message))
                if blocked:  # the reader task waits for room; this consumer does not
                    self._holder = _READER
                    self.task = self._loop.create_task(self._read(blocked))
                return mine
            if frame.kind == "ping":
                await self._ws.pong(frame.data)
            elif frame.kind in ("error", "closed"):
                self._ended(self._ending(frame))
        except SocketFailed as exc:
            self._ended(f"the connection failed: {exc.kind}")
        finally:
            if self._holder is generation:
                self._holder = None
        return None

    async def _read(self, blocked: Deliveries) -> None:
        """The reader task: delivers what a consumer could not, then reads until taken over."""
        why: str | None = None
        try:
            for generation, message in blocked:
                await self._put(generation, message)
            while True:
                self._receiving = True
                try:
                    frame = await self._ws.receive()
                finally:
                    self._receiving = False
                self._heartbeat.heard()
                if frame.kind == "text":
                    for generation, message in self._routes.route(frame.data):
                        if generation.offer(message):
                            if generation.first:  # its consumer waits: let it start
                                await asyncio.sleep(0)
                        else:
                            await self._put(generation, message)
                elif frame.kind == "ping":
                    await self._ws.pong(frame.data)
                elif frame.kind in ("error", "closed"):
                    why = self._ending(frame)
                    break
        except SocketFailed as exc:
            why = f"the connection failed: {exc.kind}"
        finally:
            self.task = None
            if self._holder is _READER:
                self._holder = None
            if why is None and not self._taking_over:  # a consumer that cancelled it reads next
                self._wake_reader()
        if why is not None:  # the socket ended
            self._ended(why)

    async def _put(self, generation: Generation, message: TtsMessage) -> None:
        """Queue ``message`` once its consumer made room (the socket is not read meanwhile)."""
        with self._heartbeat.held():
            await generation.put(message)  # waits while the consumer is behind

    def _ending(self, frame: Frame) -> str:
        if frame.kind == "error":
            why = f"the socket failed: {frame.data}"
        else:
            why = "the server closed the socket"
        code = self._ws.close_code
        return f"{why} (close code {code})" if code is not None else why

    def _wake_reader(self) -> None:
        """Start the reader task at the next turn of the loop, unless a consumer reads by then."""
        if self.task is None and self._restart is None and not self.stopped:
            self._restart = self._loop.call_soon(self._start_reader)

    def _start_reader(self) -> None:
        # Left scheduled while a consumer reads: it is a no-op then, and costs nothing per frame.
        self._restart = None
        if self._holder is None and self.task is None and not self.stopped:
            self._holder = _READER
            self.task = self._loop.create_task(self._read([]))
