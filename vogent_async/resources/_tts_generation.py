"""`Generation`: the messages of one websocket generation, in order, from a bounded queue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, Protocol

from vogent_async.errors import APIError
from vogent_async.models.tts import TtsChunk, TtsError, TtsFinished, TtsMessage

__all__ = ["PATH", "Generation"]

PATH = "/tts/websocket"
_END = object()  # put after the last message, when the generation ends early


class Cancels(Protocol):
    """What a generation needs of its socket (a `TtsWebsocket`): to cancel it by id."""

    async def cancel(self, generation_id: str) -> None: ...


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

    def __init__(self, generation_id: str, socket: Cancels, max_queued: int) -> None:
        self.id = generation_id
        self.bytes_received = 0
        self._messages_received = 0
        self._socket = socket
        self._queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=max_queued)
        self._ended = False
        self._error: BaseException | None = None

    def __repr__(self) -> str:
        return f"<Generation {self.id!r} {self.bytes_received} bytes received>"

    @property
    def queued(self) -> int:
        """Messages received and not yet iterated (never more than ``max_queued``)."""
        return self._queue.qsize()

    async def put(self, message: Any) -> None:
        """Queue a message (the socket's reader waits here while the queue is full)."""
        await self._queue.put(message)
        self._count(message)

    def offer(self, message: Any) -> bool:
        """Queue a message if there is room, without waiting; whether it was queued."""
        if self._queue.full():
            return False
        self._queue.put_nowait(message)
        self._count(message)
        return True

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
        if error is None:  # cancelled: what is queued is dropped (and a blocked reader freed)
            while not self._queue.empty():
                self._queue.get_nowait()
        if not self._queue.full():
            self._queue.put_nowait(_END)

    async def cancel(self) -> None:
        """Cancel this generation (see `TtsWebsocket.cancel`)."""
        await self._socket.cancel(self.id)

    def __aiter__(self) -> AsyncIterator[TtsMessage]:
        return self._messages()

    async def _messages(self) -> AsyncIterator[TtsMessage]:
        while not (self._ended and self._queue.empty()):
            message = await self._queue.get()
            if message is _END:
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
