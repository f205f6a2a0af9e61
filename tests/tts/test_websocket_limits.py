"""The TTS websocket's bounds: its close, its heartbeat, its memory and its request slot."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import WSMsgType, web

import vogent_async
from vogent_async import TtsChunk, TtsFinished, UnknownVariant
from vogent_async.resources import Generation, TtsWebsocket, _tts_routes
from vogent_async.testing import FakeVogent
from vogent_async.testing._tts_audio import audio_for

from ..conftest import API_KEY
from ..test_client_budget import RecordingBudget
from ._peer import Handler, peer_url


@contextlib.asynccontextmanager
async def peer(handler: Handler, **options: bool) -> AsyncIterator[vogent_async.Client]:
    """A hand-written websocket server running ``handler``, and a client on it."""
    async with (
        peer_url(handler, **options) as base_url,
        vogent_async.Client(API_KEY, base_url=base_url) as client,
    ):
        yield client


async def test_leaving_the_socket_is_bounded_while_the_server_never_stops_sending() -> None:
    """aiohttp's close reads until the close reply, with a per-frame timeout only."""

    async def endless(ws: web.WebSocketResponse) -> None:
        frame = json.dumps({"type": "chunk", "generationId": "g", "audio": "AAAA"})
        while True:  # never reads, so never sees the client's close frame
            await ws.send_str(frame)
            await asyncio.sleep(0)

    async def use(client: vogent_async.Client) -> None:
        async with client.tts.websocket(max_queued=1, close_timeout=0.2) as socket:
            await socket.generate(text="Hi", voice_id="v", generation_id="g")
            await asyncio.sleep(0.05)  # the queue fills; the reader waits on it

    async with peer(endless) as client:
        await asyncio.wait_for(use(client), 10)


async def test_a_cancel_during_the_close_drops_the_connection_at_once() -> None:
    closing = asyncio.Event()

    async def endless(ws: web.WebSocketResponse) -> None:
        assert (await ws.receive()).type == WSMsgType.CLOSE  # not answered
        closing.set()
        while True:
            await ws.send_str("{}")
            await asyncio.sleep(0)

    async def use(client: vogent_async.Client) -> None:
        async with client.tts.websocket(close_timeout=3600):
            pass

    async with peer(endless, autoclose=False) as client:
        leaving = asyncio.create_task(use(client))
        await closing.wait()
        leaving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leaving, 10)


async def test_a_consumer_slower_than_the_heartbeat_keeps_its_generation(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """Audio played slower than real time: the socket waits on the consumer for longer than
    a heartbeat and its pong wait, several times; the peer is alive all along."""
    fake.tts.chunk_size = 1600
    async with client.tts.websocket(max_queued=1, heartbeat=0.1) as socket:
        generation = await socket.generate(text="Hello", voice_id="v", sample_rate=8000)
        got = []
        async for message in generation:
            got.append(message)
            await asyncio.sleep(0.25)  # a consumer behind the heartbeat

    audio = audio_for(5, "RAW_PCM16", 8000, fake.tts.seconds_per_character)
    assert b"".join(m.audio for m in got if isinstance(m, TtsChunk)) == b"".join(audio.chunks(1600))
    assert isinstance(got[-1], TtsFinished)


async def test_the_servers_pings_are_answered_by_the_reader() -> None:
    """aiohttp no longer answers pings on this socket: the reader does, with their data."""
    pongs: list[bytes] = []

    async def pinging(ws: web.WebSocketResponse) -> None:
        gid = json.loads((await ws.receive()).data)["generationId"]
        await ws.ping(b"still there?")
        pongs.append((await ws.receive()).data)
        await ws.send_json({"type": "finished", "generationId": gid})
        await ws.receive()

    async with peer(pinging, autoping=False) as client, client.tts.websocket() as socket:
        generation = await socket.generate(text="Hi", voice_id="v")
        assert [m async for m in generation] == [TtsFinished(generation.id)]
    assert pongs == [b"still there?"]


def unrouted_size(socket: TtsWebsocket) -> int:
    return sum(
        len(json.dumps(m.raw)) if isinstance(m, UnknownVariant) else len(str(m))
        for m in socket.unrouted
    )


async def test_unrouted_messages_are_bounded_in_bytes_the_oldest_dropped() -> None:
    big = "x" * 100_000

    async def notices(ws: web.WebSocketResponse) -> None:
        for n in range(30):  # 3 MB of messages that name no generation
            await ws.send_json({"type": "notice", "n": n, "text": big})
        await ws.send_json({"type": "notice", "n": "huge", "text": "y" * 2_000_000})
        await ws.send_json({"type": "notice", "n": "last"})
        await ws.receive()

    async with peer(notices) as client, client.tts.websocket() as socket:
        while not any(
            isinstance(m, UnknownVariant) and m.raw["n"] == "last" for m in socket.unrouted
        ):
            await asyncio.sleep(0.01)
        kept = list(socket.unrouted)

    assert unrouted_size(socket) <= _tts_routes.UNROUTED_BYTES
    assert isinstance(kept[-2], str)
    assert '"huge"' in kept[-2]
    assert len(kept[-2]) == 200  # larger than the bound: kept as its start
    numbers = [m.raw["n"] for m in kept if isinstance(m, UnknownVariant)]
    assert numbers[-1] == "last"
    assert numbers[-2] == 29
    assert 0 not in numbers


async def test_cancelled_ids_are_forgotten_past_a_bound(
    client: vogent_async.Client, fake: FakeVogent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake sends nothing after a cancel: only the bound forgets those ids."""
    monkeypatch.setattr(_tts_routes, "CANCELLED_KEPT", 3)
    fake.tts.chunk_size, fake.tts.chunk_delay = 100, 0.01
    async with client.tts.websocket() as socket:
        for _ in range(5):
            generation = await socket.generate(text="Hello " * 20, voice_id="v")
            await generation.cancel()
        await socket.cancel("never-opened")
        assert len(socket._routes._cancelled) == 3
        assert "never-opened" not in socket._routes._cancelled


async def test_a_cancelled_id_is_forgotten_at_its_final_message() -> None:
    async def finishes_on_cancel(ws: web.WebSocketResponse) -> None:
        async for frame in ws:
            if frame.type == WSMsgType.TEXT and json.loads(frame.data).get("cancel"):
                gid = json.loads(frame.data)["generationId"]
                await ws.send_json({"type": "chunk", "generationId": gid, "audio": "AAAA"})
                await ws.send_json({"type": "finished", "generationId": gid})
                await ws.send_json({"type": "notice", "after": gid})

    async with peer(finishes_on_cancel) as client, client.tts.websocket() as socket:
        generation = await socket.generate(text="Hi", voice_id="v", generation_id="g")
        await generation.cancel()
        assert socket._routes._cancelled == {"g": None}
        while not socket.unrouted:
            await asyncio.sleep(0.01)
        assert list(socket.unrouted) == [UnknownVariant("notice", {"type": "notice", "after": "g"})]
        assert socket._routes._cancelled == {}


async def test_an_open_socket_holds_a_request_slot_until_it_closes(fake: FakeVogent) -> None:
    budget = RecordingBudget()
    async with vogent_async.Client(API_KEY, base_url=fake.base_url, budget=budget) as client:
        async with client.tts.websocket():
            assert budget.events == ["acquire GET /tts/websocket"]
        assert budget.events == ["acquire GET /tts/websocket", "release"]
        fake.faults.add("GET /tts/websocket", status=503)
        with pytest.raises(vogent_async.APIStatusError):
            async with client.tts.websocket():
                pass  # pragma: no cover - the upgrade is refused
    assert budget.events[2:] == ["acquire GET /tts/websocket", "release"]


async def test_a_socket_waits_for_a_slot_like_any_request(fake: FakeVogent) -> None:
    async with vogent_async.Client(API_KEY, base_url=fake.base_url, max_concurrency=1) as client:
        async with client.tts.websocket():
            with pytest.raises(vogent_async.APITimeoutError, match="no request slot"):
                await client.dials.get("d", timeout=0.05, max_retries=0)
            with pytest.raises(vogent_async.APITimeoutError, match="no request slot"):
                async with client.tts.websocket(timeout=0.05):
                    pass  # pragma: no cover
        async with client.tts.websocket():  # the slot came back
            pass


async def test_the_first_message_of_a_burst_reaches_its_consumer_before_the_rest_is_decoded() -> (
    None
):
    """The time to the first audio byte is not the time to decode all that came with it."""

    async def burst(ws: web.WebSocketResponse) -> None:
        gid = json.loads((await ws.receive()).data)["generationId"]
        for _ in range(10):  # written in one go: the client reads them in one go
            await ws.send_json({"type": "chunk", "generationId": gid, "audio": "AAAA"})
        await ws.send_json({"type": "finished", "generationId": gid})
        await ws.receive()

    async with peer(burst) as client, client.tts.websocket() as socket:
        generation = await socket.generate(text="Hi", voice_id="v")
        queued_at_each = [generation.queued async for _ in generation]

    assert len(queued_at_each) == 11
    assert queued_at_each[0] == 0  # nothing else decoded yet when the first arrived


async def test_a_consumer_cancelled_while_it_reads_the_socket_loses_nothing() -> None:
    """aiohttp keeps a frame that came after its read was cancelled: the next read has it."""
    go = asyncio.Event()

    async def later(ws: web.WebSocketResponse) -> None:
        gid = json.loads((await ws.receive()).data)["generationId"]
        await go.wait()
        await ws.send_json({"type": "chunk", "generationId": gid, "audio": "AQI="})
        await ws.send_json({"type": "finished", "generationId": gid})
        await ws.receive()

    async with peer(later) as client, client.tts.websocket() as socket:
        generation = await socket.generate(text="Hi", voice_id="v", generation_id="g")
        consumer = asyncio.create_task(first_audio(generation))
        await asyncio.sleep(0.05)  # it reads the socket, in its own task
        consumer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await consumer
        go.set()
        assert [m async for m in generation] == [TtsChunk("g", b"\x01\x02"), TtsFinished("g")]


async def first_audio(generation: Generation) -> bytes:
    async for audio in generation.audio():
        return audio
    raise AssertionError("no audio")
