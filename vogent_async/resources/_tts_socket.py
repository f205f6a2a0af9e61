"""`TtsWebsocket`: several generations over one socket, each read as typed messages.

Whoever waits reads. A generation's consumer whose queue is empty reads the socket
itself when no one else does: its message reaches it with no hop through another
task, and what it reads for other generations goes to their queues. When no
consumer is reading, a reader task reads instead, so that an idle socket still
answers pings and sees the server's close; a consumer that starts waiting takes
over from it, only while it waits on the socket (a read cancelled there loses
nothing).

Every generation's queue is bounded by ``max_queued`` messages. A message for a
full queue stops the reading until its consumer takes one (a consumer that read it
hands it to the reader task and waits on its own queue), so the socket is no longer
read and the server is slowed by TCP: memory stays bounded. Read (or cancel) every
generation you start, or the others wait behind it.

The heartbeat is the package's own (`vogent_async._transport._heartbeat`), paused while the
reading waits on a full queue, so a slow consumer does not close a live socket.
Closing is bounded as a whole by ``close_timeout``; after it the connection is
dropped without waiting for the server's close reply.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async._transport._heartbeat import Heartbeat
from vogent_async._transport._responses import pick_loads
from vogent_async._transport._send import compact_json
from vogent_async._transport._socket import Frame, Socket, SocketFailed
from vogent_async.errors import APIConnectionError
from vogent_async.models._shared import UnknownVariant
from vogent_async.models.tts import TtsError, TtsFinished, TtsMessage, TtsTimestamp
from vogent_async.resources._tts_bodies import more_text, socket_message
from vogent_async.resources._tts_generation import END, PATH, Generation

__all__ = ["CANCELLED_KEPT", "UNROUTED_BYTES", "UNROUTED_COUNT", "TtsWebsocket"]

logger = logging.getLogger("vogent_async")
_MESSAGE: Any = TtsMessage  # a union: the converter structures it like a class
_loads = pick_loads()  # orjson with the speedups extra, as for every response body

#: Messages kept in `TtsWebsocket.unrouted`, at most.
UNROUTED_COUNT = 100
#: Characters of frame text kept in `TtsWebsocket.unrouted`, at most (1 MiB of ASCII).
UNROUTED_BYTES = 1 << 20
#: Cancelled generation ids remembered (to drop their late messages), at most.
CANCELLED_KEPT = 1000

_READER: Any = object()  # who reads when the reader task does
Deliveries = list[tuple[Generation, TtsMessage]]


class TtsWebsocket:
    """An open TTS websocket (``async with client.tts.websocket() as socket``).

    Args:
        ws: The open socket, from the transport's sender (this class answers pings).
        converter: Decodes the messages.
        max_queued: Messages buffered per generation.
        heartbeat: Seconds of quiet reading before a ping.
        close_timeout: Seconds `close` may take in all.
        release: Gives the socket's request slot back; called once, by `close`.
    """

    def __init__(
        self, ws: Socket, converter: Converter, max_queued: int, *,
        heartbeat: float, close_timeout: float, release: Callable[[], Awaitable[None]],
    ) -> None:  # fmt: skip
        self._ws = ws
        self._converter = converter
        self._max_queued = max_queued
        self._close_timeout = close_timeout
        self._release: Callable[[], Awaitable[None]] | None = release
        self._open: dict[str, Generation] = {}
        self._cancelled: dict[str, None] = {}  # oldest first
        self._unrouted: collections.deque[tuple[int, TtsMessage | str]] = collections.deque()
        self._unrouted_size = 0
        self._closing = False
        self._ended = False  # the socket ended: nothing more is read
        self._heartbeat = Heartbeat(ws.ping, heartbeat)
        self._loop = asyncio.get_running_loop()
        # Who reads the socket now: None, _READER, or the generation whose consumer does.
        self._reading: Any = _READER
        self._receiving = False  # the reader task waits on the socket (and may be taken over)
        self._taking_over = False  # a consumer cancelled the reader task, to read next
        self._restart: asyncio.Handle | None = None  # the reader task's start, scheduled
        self._reader: asyncio.Task[None] | None = asyncio.create_task(self._read([]))
        self._watcher = asyncio.create_task(self._watch())

    def __repr__(self) -> str:
        return f"<TtsWebsocket open generations={len(self._open)} closed={self._ws.closed}>"

    @property
    def unrouted(self) -> collections.deque[TtsMessage | str]:
        """Recent messages that named no open generation (a copy, oldest first).

        Unknown types without a ``generationId``, and the like. At most
        `UNROUTED_COUNT` (100) messages and `UNROUTED_BYTES` (1 MiB) of their frames'
        text are kept: when either is full, the oldest are dropped. A message that
        does not fit the protocol at all, or whose frame alone is larger than
        `UNROUTED_BYTES`, is kept as its first 200 characters.
        """
        return collections.deque(message for _, message in self._unrouted)

    async def generate(
        self,
        *,
        text: str,
        voice_id: str,
        generation_id: str | None = None,
        final: bool = True,
        sample_rate: int | None = None,
        context_id: str | None = None,
        add_word_timestamps: bool | None = None,
    ) -> Generation:
        """Start a generation and return it, to iterate as its messages arrive.

        Args:
            text: Its (first) text; send more with `send_text` when ``final`` is false.
            voice_id: The voice.
            generation_id: Its id; a new random one when left out.
            final: Whether ``text`` is all of it (``finalText``).
            sample_rate: Of the raw PCM16 audio, one of `SAMPLE_RATES`.
            context_id: Generations sharing one continue each other's prosody.
            add_word_timestamps: Ask for `TtsTimestamp` messages.

        Raises:
            InvalidRequestError: An argument is invalid (every problem listed).
            ValueError: ``generation_id`` is already open on this socket.
        """
        gid = generation_id if generation_id is not None else uuid.uuid4().hex
        message = socket_message(
            generation_id=gid, text=text, voice_id=voice_id, final=final,
            sample_rate=sample_rate, context_id=context_id, add_word_timestamps=add_word_timestamps,
        )  # fmt: skip
        if gid in self._open:
            raise ValueError(f"generation_id {gid!r} is already open on this socket")
        generation = Generation(gid, self, self._max_queued)
        self._open[gid] = generation  # before sending: the answer may come at once
        try:
            await self._send(message)
        except BaseException:
            self._open.pop(gid, None)
            raise
        return generation

    async def send_text(self, generation_id: str, text: str, *, final: bool = False) -> None:
        """Send more text for an open generation (``final=True`` with the last of it)."""
        if generation_id not in self._open:
            raise ValueError(f"no open generation {generation_id!r} on this socket")
        await self._send(more_text(generation_id, text, final))

    async def cancel(self, generation_id: str) -> None:
        """Ask the server to stop a generation; its iteration ends, late messages are dropped.

        Late messages are recognised until the generation's ``finished`` or
        ``error`` arrives, for the last `CANCELLED_KEPT` (1000) cancelled generations.
        """
        generation = self._open.pop(generation_id, None)
        if generation is not None:
            generation.end(None)
            self._cancelled[generation_id] = None
            while len(self._cancelled) > CANCELLED_KEPT:
                del self._cancelled[next(iter(self._cancelled))]
        await self._send({"generationId": generation_id, "cancel": True})

    async def close(self) -> None:
        """Close the socket within ``close_timeout``, then give back its request slot.

        Generations still open end with `APIConnectionError`. When the server has
        not answered the close within ``close_timeout`` (it keeps sending, or is
        gone), the connection is dropped. Idempotent.
        """
        self._closing = True
        try:
            self._watcher.cancel()
            await _close_within(self._ws, self._close_timeout)
        finally:
            reader, self._reader = self._reader, None
            if reader is not None:
                reader.cancel()
            self._watcher.cancel()
            await asyncio.gather(
                *(t for t in (reader, self._watcher) if t is not None), return_exceptions=True
            )
            self._end_all("the socket was closed by this client")
            release, self._release = self._release, None
            if release is not None:
                await release()

    async def _send(self, message: dict[str, Any]) -> None:
        if self._ws.closed or self._ended:
            raise APIConnectionError(f"GET {PATH}: the socket is closed", method="GET", path=PATH)
        await self._ws.send_text(compact_json(message))

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
                if self._reading is None:
                    if (message := await self._read_for(generation)) is not None:
                        return message
                elif self._receiving and self._reader is not None:
                    reader, self._taking_over = self._reader, True
                    reader.cancel()  # only ever while it waits on the socket: nothing is lost
                    try:
                        await asyncio.wait((reader,))
                    finally:
                        self._taking_over = False
                else:
                    return await generation.queue.get()  # another reads, and fills it
            return generation.queue.get_nowait()
        finally:
            if self._reading is None:  # no one reads: the reader task will, unless this comes back
                self._wake_reader()

    async def _read_for(self, generation: Generation) -> TtsMessage | None:
        """Read one frame in a consumer's task; a message of ``generation`` is returned."""
        self._reading = generation
        try:
            frame = await self._ws.receive()
            self._heartbeat.heard()
            if frame.kind == "text":
                mine, blocked = None, []
                for other, message in self._route(frame.data):
                    if other is generation:
                        mine = message
                        generation.took(message)
                    elif not other.offer(message):
                        blocked.append((other, message))
                if blocked:  # the reader task waits for room; this consumer does not
                    self._reading = _READER
                    self._reader = self._loop.create_task(self._read(blocked))
                return mine
            if frame.kind == "ping":
                await self._ws.pong(frame.data)
            elif frame.kind in ("error", "closed"):
                self._finish(self._ending(frame))
        except SocketFailed as exc:
            self._finish(f"the connection failed: {exc.kind}")
        finally:
            if self._reading is generation:
                self._reading = None
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
                    for generation, message in self._route(frame.data):
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
            self._reader = None
            if self._reading is _READER:
                self._reading = None
            if why is None and not self._taking_over:  # a consumer that cancelled it reads next
                self._wake_reader()
        if why is not None:  # the socket ended
            self._finish(why)

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

    def _finish(self, why: str) -> None:
        """The socket ended: every open generation ends with ``why``; nothing more is read."""
        if not self._ended:  # else the heartbeat's watcher ended it, and is closing it
            self._ended = True
            self._watcher.cancel()
        self._end_all("the socket was closed by this client" if self._closing else why)

    def _wake_reader(self) -> None:
        """Start the reader task at the next turn of the loop, unless a consumer reads by then."""
        if self._reader is None and self._restart is None and not (self._closing or self._ended):
            self._restart = self._loop.call_soon(self._start_reader)

    def _start_reader(self) -> None:
        # Left scheduled while a consumer reads: it is a no-op then, and costs nothing per frame.
        self._restart = None
        if self._reading is None and self._reader is None and not (self._closing or self._ended):
            self._reading = _READER
            self._reader = self._loop.create_task(self._read([]))

    async def _watch(self) -> None:
        try:
            await self._heartbeat.watch()
            why = f"no pong came within {self._heartbeat.interval / 2:g}s of a ping"
        except SocketFailed as exc:
            why = f"the connection failed: {exc.kind}"
        self._ended = True
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
        self._end_all(why)
        await _close_within(self._ws, self._close_timeout)

    def _route(self, text: str) -> Deliveries:
        """The generations a text frame's message goes to (kept aside when it names none)."""
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
            keys = list(self._open)  # an error that names no generation ends them all
        elif gid is not None and gid in self._open:
            keys = [gid]
        else:
            if gid is None or gid not in self._cancelled:
                self._keep(message, text)
            elif last:
                del self._cancelled[gid]  # its last message: nothing more will come
            return []
        found = [(self._open[key], message) for key in keys]
        if last:  # nothing more will come for them
            for key in keys:
                del self._open[key]
        return found

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

    def _end_all(self, why: str) -> None:
        for generation in self._open.values():
            generation.end(APIConnectionError(
                f"GET {PATH}: {why} before generation {generation.id!r} finished "
                f"({generation.bytes_received} bytes of audio had arrived)",
                method="GET", path=PATH,
            ))  # fmt: skip
        self._open.clear()


def _generation_of(message: Any) -> str | None:
    if isinstance(message, UnknownVariant):
        gid = message.raw.get("generationId")
        return gid if isinstance(gid, str) else None
    gid = getattr(message, "generation_id", None)
    return gid if isinstance(gid, str) else None


async def _close_within(ws: Socket, seconds: float) -> None:
    """``ws.close()``, bounded as a whole: cancelled after ``seconds``, the sender drops the
    connection (aiohttp's own close reads frames until the reply, with a per-frame timeout)."""
    try:
        await asyncio.wait_for(ws.close(), None if seconds == math.inf else seconds)
    except asyncio.TimeoutError:
        logger.debug(
            "TTS websocket: no close reply within %gs; the connection was dropped", seconds
        )
