"""`Generation`: the messages of one websocket generation, in order, from a bounded queue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, Protocol

from vogent_async.errors import APIError
from vogent_async.models.tts import TtsChunk, TtsError, TtsFinished, TtsMessage

__all__ = ["END", "PATH", "Generation"]

PATH = "/tts/websocket"
END: Any = object()
"""Put after the last message when a generation ends early; what `Feeds.next_message` gives
for a generation that has ended."""


class Feeds(Protocol):
    """What a generation needs of its socket (a `TtsWebsocket`)."""

    async def next_message(self, generation: Generation) -> Any:
        """The generation's next message once its queue is empty (`END` once it has ended)."""

    async def cancel(self, generation_id: str) -> None:
        """Cancel the generation of this id."""


class Generation:
    """One generation of a `TtsWebsocket`: ``async for message in generation``.

    Iteration yields `TtsChunk`, `TtsTimestamp` and unknown messages
    (`UnknownVariant`) as they arrive, then the `TtsFinished` or `TtsError` that
    ends it. It ends early, quietly, after `cancel`; when the socket closes first
    it raises `APIConnectionError`. `audio` yields only the bytes.

    Attributes:
        id: The ``generationId``.
        bytes_received: Bytes of audio received from the socket so far (queued or read).
    """

    def __init__(self, generation_id: str, socket: Feeds, max_queued: int) -> None:
        self.id = generation_id
        self.bytes_received = 0
        self._messages_received = 0
        self._socket = socket
        self._max_queued = max_queued
        # Made when first needed: a consumer that reads the socket itself takes its
        # messages without one (`took`).
        self._queue: asyncio.Queue[Any] | None = None
        self._ended = False
        self._error: BaseException | None = None

    def __repr__(self) -> str:
        return f"<Generation {self.id!r} {self.bytes_received} bytes received>"

    @property
    def ended(self) -> bool:
        """Whether it ended early (cancelled, or its socket closed)."""
        return self._ended

    @property
    def queue(self) -> asyncio.Queue[Any]:
        """Its messages received and not yet iterated (its socket fills it)."""
        if self._queue is None:
            self._queue = asyncio.Queue(maxsize=self._max_queued)
        return self._queue

    @property
    def queued(self) -> int:
        """Messages received and not yet iterated (never more than ``max_queued``)."""
        return 0 if self._queue is None else self._queue.qsize()

    async def put(self, message: Any) -> None:
        """Queue a message (the socket's reader waits here while the queue is full)."""
        await self.queue.put(message)
        self._count(message)

    def offer(self, message: Any) -> bool:
        """Queue a message if there is room, without waiting; whether it was queued."""
        queue = self.queue
        if queue.full():
            return False
        queue.put_nowait(message)
        self._count(message)
        return True

    def took(self, message: Any) -> None:
        """Count a message its consumer read from the socket itself (never queued)."""
        self._count(message)

    @property
    def first(self) -> bool:
        """Whether exactly one message was queued so far (its consumer waits for it)."""
        return self._messages_received == 1

    def _count(self, message: Any) -> None:
        self._messages_received += 1
        if isinstance(message, TtsChunk):
            self.bytes_received += len(message.audio)

    def end(self, error: BaseException | None) -> None:
        """End early: with ``error`` raised after the queued messages, or, cancelled, at once."""
        self._ended, self._error = True, error
        queue = self._queue
        if queue is None:  # nothing queued, and no one waits on it
            return
        if error is None:  # cancelled: what is queued is dropped (and a blocked reader freed)
            while not queue.empty():
                queue.get_nowait()
        if not queue.full():
            queue.put_nowait(END)

    async def cancel(self) -> None:
        """Cancel this generation (see `TtsWebsocket.cancel`)."""
        await self._socket.cancel(self.id)

    def __aiter__(self) -> AsyncIterator[TtsMessage]:
        return self._messages()

    async def _messages(self) -> AsyncIterator[TtsMessage]:
        while True:
            queue = self._queue
            if queue is not None and queue.qsize():
                message = queue.get_nowait()
            elif self._ended:
                break
            else:  # the socket reads for it (in this task, when no other task reads)
                message = await self._socket.next_message(self)
            if message is END:
                break
            yield message
            if isinstance(message, (TtsFinished, TtsError)):
                return
        if self._error is not None:
            raise self._error

    async def audio(self) -> AsyncIterator[bytes]:
        """The audio bytes only; an ``error`` message raises `APIError` with its text."""
        async for message in self:
            if isinstance(message, TtsChunk):
                yield message.audio
            elif isinstance(message, TtsError):
                raise APIError(
                    f"GET {PATH}: generation {self.id!r} failed: {message.error}",
                    method="GET",
                    path=PATH,
                )
