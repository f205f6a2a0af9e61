"""Who reads the TTS websocket: a waiting consumer itself, else the reader task.

Driven through the socket seam with frames the test hands over one by one, so each
test knows which task took each frame off the socket.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from vogent_async import TtsChunk, TtsFinished
from vogent_async._transport._socket import Frame
from vogent_async.resources import Generation, TtsWebsocket

from .test_socket_seam import RecordingBudget, tts_over


class HandSocket:
    """A `Socket` whose frames the test hands over; it records which task read each one."""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue[Frame] = asyncio.Queue()
        self.readers: list[asyncio.Task[Any] | None] = []  # the task of each frame read
        self.waiting: asyncio.Task[Any] | None = None  # the task waiting on the socket now
        self.sent: list[dict[str, Any]] = []
        self.pongs: list[bytes] = []
        self.closed = False
        self.close_code: int | None = None

    async def receive(self) -> Frame:
        self.waiting = asyncio.current_task()
        try:
            frame = await self.incoming.get()
        finally:
            self.waiting = None
        if frame.kind == "closed":
            self.incoming.put_nowait(frame)  # closed for every later read too
        self.readers.append(asyncio.current_task())
        return frame

    async def send_text(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def ping(self) -> None:
        return None

    async def pong(self, data: bytes) -> None:
        self.pongs.append(data)

    async def close(self) -> None:
        self.closed, self.close_code = True, 1000
        self.incoming.put_nowait(Frame("closed"))

    def chunk(self, gid: str, audio: bytes) -> None:
        message = {"type": "chunk", "generationId": gid, "audio": base64.b64encode(audio).decode()}
        self.incoming.put_nowait(Frame("text", json.dumps(message)))

    def finished(self, gid: str) -> None:
        message = {"type": "finished", "generationId": gid}
        self.incoming.put_nowait(Frame("text", json.dumps(message)))

    async def settled(self) -> None:
        """Return once every frame handed over was read and a task waits on the socket again
        (after enough turns of the loop for a handover between tasks to be done)."""
        for turn in range(1000):
            if turn >= 10 and self.incoming.empty() and self.waiting is not None:
                return
            await asyncio.sleep(0)
        raise AssertionError("the socket is not read")


@contextlib.asynccontextmanager
async def opened(**options: Any) -> AsyncIterator[tuple[HandSocket, TtsWebsocket]]:
    socket = HandSocket()
    async with tts_over(socket, RecordingBudget(), []).websocket(**options) as ws:
        await socket.settled()  # the reader task waits on the idle socket
        yield socket, ws


async def collect(generation: Generation) -> list[Any]:
    return [message async for message in generation]


async def test_a_waiting_consumer_takes_its_message_off_the_socket_itself() -> None:
    """No hop through another task: the frame is read in the task that iterates."""
    async with opened() as (socket, ws):
        idle_reader = socket.waiting
        generation = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        consumer = asyncio.create_task(collect(generation))
        await socket.settled()
        assert socket.waiting is consumer  # it took over from the reader task
        assert idle_reader is not None
        assert idle_reader.done()
        socket.chunk("g1", b"\x01")
        socket.finished("g1")
        assert await consumer == [TtsChunk("g1", b"\x01"), TtsFinished("g1")]
        assert socket.readers[-2:] == [consumer, consumer]
        assert generation.bytes_received == 1


async def test_the_reader_task_reads_the_socket_again_once_no_consumer_waits() -> None:
    """After a generation, the idle socket is still read: its pings are answered."""
    async with opened() as (socket, ws):
        generation = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        socket.finished("g1")
        assert await collect(generation) == [TtsFinished("g1")]
        await socket.settled()
        idle_reader = socket.waiting
        assert idle_reader is not None
        assert idle_reader is not asyncio.current_task()
        socket.incoming.put_nowait(Frame("ping", b"there?"))
        await socket.settled()
        assert socket.pongs == [b"there?"]
        assert socket.readers[-1] is idle_reader


async def test_a_consumer_that_stops_early_leaves_the_socket_to_the_reader_task() -> None:
    async with opened() as (socket, ws):
        first = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        socket.chunk("g1", b"\x01")
        assert await anext(aiter(first)) == TtsChunk("g1", b"\x01")  # and no further
        second = await ws.generate(text="Yo", voice_id="v", generation_id="g2")
        await socket.settled()
        reader = socket.waiting
        assert reader is not None
        assert reader is not asyncio.current_task()
        socket.chunk("g1", b"\x02")  # read by the reader task, into g1's queue
        socket.chunk("g2", b"\x03")
        await socket.settled()
        assert first.queued == 1
        assert second.queued == 1
        socket.finished("g2")
        assert await collect(second) == [TtsChunk("g2", b"\x03"), TtsFinished("g2")]


async def test_a_consumer_cancelled_while_it_reads_loses_no_message() -> None:
    async with opened() as (socket, ws):
        generation = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        consumer = asyncio.create_task(collect(generation))
        await socket.settled()
        assert socket.waiting is consumer
        consumer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await consumer
        socket.chunk("g1", b"\x01")
        socket.finished("g1")
        assert await collect(generation) == [TtsChunk("g1", b"\x01"), TtsFinished("g1")]


async def test_a_message_for_a_full_generation_holds_the_reading_not_the_consumer() -> None:
    """The consumer that read it hands it to the reader task, which waits for room; the
    consumer waits on its own queue meanwhile, and every message arrives in order."""
    async with opened(max_queued=1) as (socket, ws):
        slow = await ws.generate(text="Hi", voice_id="v", generation_id="slow")
        fast = await ws.generate(text="Yo", voice_id="v", generation_id="fast")
        consumer = asyncio.create_task(collect(fast))
        await socket.settled()
        assert socket.waiting is consumer
        socket.chunk("slow", b"\x01")  # fits slow's queue
        socket.chunk("slow", b"\x02")  # does not: the reader task waits with it
        socket.chunk("fast", b"\x03")
        socket.finished("fast")
        for _ in range(50):
            await asyncio.sleep(0)
        assert slow.queued == 1
        assert not consumer.done()  # behind the slow generation, as documented
        assert socket.incoming.qsize() == 2  # and the socket is not read meanwhile
        got = [message async for message in _take(slow, 2)]
        assert got == [TtsChunk("slow", b"\x01"), TtsChunk("slow", b"\x02")]
        assert await consumer == [TtsChunk("fast", b"\x03"), TtsFinished("fast")]


async def test_two_consumers_reading_at_once_each_get_all_their_messages_in_order() -> None:
    async with opened(max_queued=4) as (socket, ws):
        gids = ("a", "b")
        generations = [await ws.generate(text="Hi", voice_id="v", generation_id=g) for g in gids]
        consumers = [asyncio.create_task(collect(g)) for g in generations]
        for n in range(200):
            socket.chunk(gids[n % 2], bytes([n]))
            if n % 7 == 0:
                await asyncio.sleep(0)  # the reading moves between the tasks
        for gid in gids:
            socket.finished(gid)
        results = await asyncio.gather(*consumers)
    for gid, got in zip(gids, results, strict=True):
        first = 0 if gid == "a" else 1
        chunks = [TtsChunk(gid, bytes([n])) for n in range(first, 200, 2)]
        assert got == [*chunks, TtsFinished(gid)]


async def test_a_socket_closed_under_a_reading_consumer_ends_its_generation() -> None:
    async with opened() as (socket, ws):
        generation = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        consumer = asyncio.create_task(collect(generation))
        await socket.settled()
        socket.close_code = 1011
        socket.incoming.put_nowait(Frame("closed"))
        with pytest.raises(Exception, match=r"the server closed the socket \(close code 1011\)"):
            await consumer
        with pytest.raises(Exception, match="the socket is closed"):
            await ws.generate(text="Again", voice_id="v")


async def test_leaving_the_socket_while_a_consumer_reads_ends_its_generation() -> None:
    socket = HandSocket()
    async with tts_over(socket, RecordingBudget(), []).websocket() as ws:
        generation = await ws.generate(text="Hi", voice_id="v", generation_id="g1")
        consumer = asyncio.create_task(collect(generation))
        await socket.settled()
        assert socket.waiting is consumer
    with pytest.raises(Exception, match="the socket was closed by this client before generation"):
        await consumer


async def _take(generation: Generation, count: int) -> AsyncIterator[Any]:
    async for message in generation:
        yield message
        count -= 1
        if not count:
            return
