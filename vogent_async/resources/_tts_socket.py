"""`TtsWebsocket`: several generations over one socket, each read as typed messages.

A generation's messages reach it in order through its bounded queue; who reads the
socket is `Reading`'s (`_tts_reading`: a waiting consumer itself, else a reader task),
where each message goes is `Routes`' (`_tts_routes`). Read (or cancel) every
generation you start, or the others wait behind it.

The heartbeat is the package's own (`vogent_async._transport._heartbeat`), paused while the
reading waits on a full queue, so a slow consumer does not close a live socket.
Closing is bounded as a whole by ``close_timeout``; after it the connection is
dropped without waiting for the server's close reply.
"""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from vogent_async._codec._converter import Converter
from vogent_async._transport._heartbeat import Heartbeat
from vogent_async._transport._send import compact_json
from vogent_async._transport._socket import Socket, SocketFailed
from vogent_async.errors import APIConnectionError
from vogent_async.models.tts import TtsMessage
from vogent_async.resources._tts_bodies import more_text, socket_message
from vogent_async.resources._tts_generation import PATH, Generation
from vogent_async.resources._tts_reading import Reading
from vogent_async.resources._tts_routes import (
    CANCELLED_KEPT,
    UNROUTED_BYTES,
    UNROUTED_COUNT,
    Routes,
)

__all__ = ["CANCELLED_KEPT", "UNROUTED_BYTES", "UNROUTED_COUNT", "TtsWebsocket"]

logger = logging.getLogger("vogent_async")


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

    next_message: Callable[[Generation], Coroutine[Any, Any, Any]]
    """A generation's next message once its queue is empty (`Reading.next_message`)."""

    def __init__(
        self, ws: Socket, converter: Converter, max_queued: int, *,
        heartbeat: float, close_timeout: float, release: Callable[[], Awaitable[None]],
    ) -> None:  # fmt: skip
        self._ws = ws
        self._max_queued = max_queued
        self._close_timeout = close_timeout
        self._release: Callable[[], Awaitable[None]] | None = release
        self._routes = Routes(converter)
        self._closing = False
        self._ended = False  # the socket ended: nothing more is read
        self._heartbeat = Heartbeat(ws.ping, heartbeat)
        self._reading = Reading(ws, self._routes, self._heartbeat, self._finish)
        self.next_message = self._reading.next_message
        self._watcher = asyncio.create_task(self._watch())

    def __repr__(self) -> str:
        return f"<TtsWebsocket open generations={len(self._routes.open)} closed={self._ws.closed}>"

    @property
    def unrouted(self) -> deque[TtsMessage | str]:
        """Recent messages that named no open generation (a copy, oldest first).

        Unknown types without a ``generationId``, and the like. At most
        `UNROUTED_COUNT` (100) messages and `UNROUTED_BYTES` (1 MiB) of their frames'
        text are kept: when either is full, the oldest are dropped. A message that
        does not fit the protocol at all, or whose frame alone is larger than
        `UNROUTED_BYTES`, is kept as its first 200 characters.
        """
        return self._routes.unrouted

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
        if gid in self._routes.open:
            raise ValueError(f"generation_id {gid!r} is already open on this socket")
        generation = Generation(gid, self, self._max_queued)
        self._routes.open[gid] = generation  # before sending: the answer may come at once
        try:
            await self._send(message)
        except BaseException:
            self._routes.open.pop(gid, None)
            raise
        return generation

    async def send_text(self, generation_id: str, text: str, *, final: bool = False) -> None:
        """Send more text for an open generation (``final=True`` with the last of it)."""
        if generation_id not in self._routes.open:
            raise ValueError(f"no open generation {generation_id!r} on this socket")
        await self._send(more_text(generation_id, text, final))

    async def cancel(self, generation_id: str) -> None:
        """Ask the server to stop a generation; its iteration ends, late messages are dropped.

        Late messages are recognised until the generation's ``finished`` or
        ``error`` arrives, for the last `CANCELLED_KEPT` (1000) cancelled generations.
        """
        self._routes.cancelled(generation_id)
        await self._send({"generationId": generation_id, "cancel": True})

    async def close(self) -> None:
        """Close the socket within ``close_timeout``, then give back its request slot.

        Generations still open end with `APIConnectionError`. When the server has
        not answered the close within ``close_timeout`` (it keeps sending, or is
        gone), the connection is dropped. Idempotent.
        """
        self._closing = True
        self._reading.stopped = True  # the running reader still reads the close's reply
        try:
            self._watcher.cancel()
            await _close_within(self._ws, self._close_timeout)
        finally:
            reader = self._reading.stop()
            if reader is not None:
                reader.cancel()
            self._watcher.cancel()
            await asyncio.gather(
                *(t for t in (reader, self._watcher) if t is not None), return_exceptions=True
            )
            self._routes.end_all("the socket was closed by this client")
            release, self._release = self._release, None
            if release is not None:
                await release()

    async def _send(self, message: dict[str, Any]) -> None:
        if self._ws.closed or self._ended:
            raise APIConnectionError(f"GET {PATH}: the socket is closed", method="GET", path=PATH)
        await self._ws.send_text(compact_json(message))

    def _finish(self, why: str) -> None:
        """The socket ended: every open generation ends with ``why``; nothing more is read."""
        if not self._ended:  # else the heartbeat's watcher ended it, and is closing it
            self._ended = self._reading.stopped = True
            self._watcher.cancel()
        self._routes.end_all("the socket was closed by this client" if self._closing else why)

    async def _watch(self) -> None:
        try:
            await self._heartbeat.watch()
            why = f"no pong came within {self._heartbeat.interval / 2:g}s of a ping"
        except SocketFailed as exc:
            why = f"the connection failed: {exc.kind}"
        self._ended = True
        reader = self._reading.stop()
        if reader is not None:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
        self._routes.end_all(why)
        await _close_within(self._ws, self._close_timeout)


async def _close_within(ws: Socket, seconds: float) -> None:
    """``ws.close()``, bounded as a whole: cancelled after ``seconds``, the sender drops the
    connection (aiohttp's own close reads frames until the reply, with a per-frame timeout)."""
    try:
        await asyncio.wait_for(ws.close(), None if seconds == math.inf else seconds)
    except asyncio.TimeoutError:
        logger.debug(
            "TTS websocket: no close reply within %gs; the connection was dropped", seconds
        )
