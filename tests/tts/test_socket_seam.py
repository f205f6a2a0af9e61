"""The TTS websocket driven through the transport's socket seam (no server, no aiohttp)."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

import vogent_async
from vogent_async._codec._converter import CONVERTER
from vogent_async._transport._budget import Lease, LocalBudget, NoSlot
from vogent_async._transport._loop import Transport
from vogent_async._transport._options import CallConfig
from vogent_async._transport._secret import Secret
from vogent_async._transport._send import Outgoing, Received, Unreachable
from vogent_async._transport._shared import Shared
from vogent_async._transport._socket import Frame, Socket, SocketFailed
from vogent_async._transport._throttle import Throttle
from vogent_async.models import TtsChunk, TtsFinished
from vogent_async.resources import Tts

from ..conftest import API_KEY, SleepRecorder

_CLOSED = Frame("other", "closed")  # put on the queue when the socket closes


class ScriptedSocket:
    """A `Socket` that answers each generation with one chunk of audio, then ``finished``."""

    def __init__(self, *, fail_with: str | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.incoming: asyncio.Queue[Frame] = asyncio.Queue()
        self.closed = False
        self.close_code: int | None = None
        self.fail_with = fail_with  # the read breaks instead of answering

    async def receive(self) -> Frame:
        frame = await self.incoming.get()
        if frame is _CLOSED:
            self.incoming.put_nowait(_CLOSED)  # closed for every later read too
            return Frame("closed")
        if frame.kind == "error" and self.fail_with:
            raise SocketFailed(self.fail_with)
        return frame

    async def send_text(self, text: str) -> None:
        message = json.loads(text)
        self.sent.append(message)
        if self.fail_with:
            self.incoming.put_nowait(Frame("error"))
            return
        gid, audio = message["generationId"], base64.b64encode(b"\x01\x02").decode()
        chunk = {"type": "chunk", "generationId": gid, "audio": audio}
        self.incoming.put_nowait(Frame("text", json.dumps(chunk)))
        finished = {"type": "finished", "generationId": gid}
        self.incoming.put_nowait(Frame("text", json.dumps(finished)))

    async def ping(self) -> None:
        return None

    async def pong(self, data: bytes) -> None:
        return None

    async def close(self) -> None:
        self.closed, self.close_code = True, 1000
        self.incoming.put_nowait(_CLOSED)


class RecordingBudget:
    """A `LocalBudget` of one slot that counts the leases it grants and gets back."""

    def __init__(self) -> None:
        self.inner = LocalBudget(1, sleep=SleepRecorder())
        self.granted = self.released = 0

    async def acquire(self, per_attempt: float, deadline: float | None, what: str) -> Lease:
        lease = await self.inner.acquire(per_attempt, deadline, what)
        self.granted += 1
        budget = self

        class Counted:
            seconds, renew_every = lease.seconds, lease.renew_every

            async def renew(self) -> None:
                await lease.renew()

            async def release(self) -> None:
                budget.released += 1
                await lease.release()

        return Counted()

    async def pause(self, delay: float, deadline: float | None = None) -> None:
        await self.inner.pause(delay, deadline)


def tts_over(socket: Socket, budget: RecordingBudget, opened: list[Outgoing]) -> Tts:
    async def open_socket(request: Outgoing, timeout: float | None) -> Socket | Received:
        opened.append(request)
        return socket

    async def send(request: Outgoing, budget: float | None) -> Unreachable:
        raise AssertionError("a websocket sends no HTTP exchange")

    shared = Shared(
        send=send,
        secret=Secret(API_KEY),
        base_url="https://api.test/api",
        throttle=Throttle(None, SleepRecorder()),
        budget=budget,
        open_socket=open_socket,
    )
    return Tts(Transport(shared, CallConfig(timeout=5.0, max_retries=0)), CONVERTER)


async def test_a_generation_runs_over_a_socket_the_test_hands_the_transport() -> None:
    """The socket seam carries the protocol: the request, the messages, typed answers."""
    socket = ScriptedSocket()
    opened: list[Outgoing] = []
    tts = tts_over(socket, RecordingBudget(), opened)
    async with tts.websocket() as ws:
        generation = await ws.generate(text="Hi", voice_id="voice_1", generation_id="g1")
        messages = [message async for message in generation]

    assert [(r.method, r.path, str(r.url)) for r in opened] == [
        ("GET", "/tts/websocket", "https://api.test/api/tts/websocket")
    ]
    assert socket.sent[0]["generationId"] == "g1"
    assert socket.sent[0]["text"] == "Hi"
    assert messages == [TtsChunk("g1", b"\x01\x02"), TtsFinished("g1")]
    assert socket.closed


async def test_an_open_socket_holds_its_budget_lease_until_it_closes() -> None:
    """The socket takes its slot from the client's budget, and gives it back on closing."""
    budget = RecordingBudget()
    tts = tts_over(ScriptedSocket(), budget, [])
    async with tts.websocket():
        assert (budget.granted, budget.released) == (1, 0)
        with pytest.raises(NoSlot):
            await budget.inner.acquire(0.01, None, "GET /other")  # the one slot is taken
    assert (budget.granted, budget.released) == (1, 1)


async def test_a_connection_that_breaks_under_the_read_ends_the_generation() -> None:
    """`SocketFailed` from the sender's socket ends open generations with its name."""
    tts = tts_over(ScriptedSocket(fail_with="ClientConnectionResetError"), RecordingBudget(), [])
    async with tts.websocket() as ws:
        generation = await ws.generate(text="Hi", voice_id="voice_1", generation_id="g1")
        with pytest.raises(vogent_async.APIConnectionError) as caught:
            _ = [message async for message in generation]
    assert "the connection failed: ClientConnectionResetError" in str(caught.value)
