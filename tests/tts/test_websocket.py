"""``client.tts.websocket()`` against the fake (and one hand-written server)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from yarl import URL

import vogent_async
from vogent_async import TtsChunk, TtsError, TtsFinished, TtsTimestamp, UnknownVariant
from vogent_async._transport._aiohttp_socket import socket_url
from vogent_async.resources import Generation
from vogent_async.testing import FakeVogent
from vogent_async.testing._tts_audio import audio_for

from ..conftest import API_KEY
from ._peer import peer_url


def tone(characters: int, rate: int, fake: FakeVogent) -> bytes:
    audio = audio_for(characters, "RAW_PCM16", rate, fake.tts.seconds_per_character)
    return b"".join(audio.chunks(4096))


async def collect(generation: Generation) -> list[Any]:
    return [message async for message in generation]


async def test_two_generations_share_one_socket_and_each_gets_its_own_audio(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.tts.chunk_size = 500
    async with client.tts.websocket() as socket:
        hello = await socket.generate(text="Hello there", voice_id="v", sample_rate=16000)
        bye = await socket.generate(text="Bye", voice_id="v", generation_id="bye-1")
        first, second = await asyncio.gather(collect(hello), collect(bye))

    assert b"".join(m.audio for m in first if isinstance(m, TtsChunk)) == tone(11, 16000, fake)
    assert b"".join(m.audio for m in second if isinstance(m, TtsChunk)) == tone(3, 24000, fake)
    assert isinstance(first[-1], TtsFinished)
    assert second[-1] == TtsFinished("bye-1")
    assert hello.bytes_received == len(tone(11, 16000, fake))


async def test_text_sent_in_pieces_is_spoken_once_final(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    async with client.tts.websocket() as socket:
        generation = await socket.generate(text="Hello", voice_id="v", final=False)
        await socket.send_text(generation.id, " world", final=True)
        audio = b"".join([chunk async for chunk in generation.audio()])
    assert audio == tone(len("Hello world"), 24000, fake)


async def test_word_timestamps_arrive_typed_with_the_raw_message(
    client: vogent_async.Client,
) -> None:
    async with client.tts.websocket() as socket:
        generation = await socket.generate(text="Hi you", voice_id="v", add_word_timestamps=True)
        messages = await collect(generation)
    stamps = [m for m in messages if isinstance(m, TtsTimestamp)]
    assert len(stamps) == 1
    assert stamps[0].generation_id == generation.id
    assert [w["word"] for w in stamps[0].raw["words"]] == ["Hi", "you"]


async def test_an_error_message_ends_its_generation_and_audio_raises(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.tts.socket_error = "voice not found"
    async with client.tts.websocket() as socket:
        failed = await socket.generate(text="Hi", voice_id="v")
        assert await collect(failed) == [TtsError(failed.id, "voice not found")]
        fake.tts.socket_error = "voice not found"
        again = await socket.generate(text="Hi", voice_id="v")
        with pytest.raises(vogent_async.APIError, match="failed: voice not found"):
            async for _ in again.audio():
                pass  # pragma: no cover - no audio comes
        fine = await socket.generate(text="Hi", voice_id="v")  # the socket is still usable
        assert isinstance((await collect(fine))[-1], TtsFinished)


async def test_cancel_ends_the_iteration_and_drops_late_messages(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.tts.chunk_size, fake.tts.chunk_delay = 100, 0.005
    async with client.tts.websocket() as socket:
        long = await socket.generate(text="Hello " * 100, voice_id="v")
        got = []
        async for message in long:
            got.append(message)
            await long.cancel()
        short = await socket.generate(text="Hi", voice_id="v")
        assert isinstance((await collect(short))[-1], TtsFinished)
        assert list(socket.unrouted) == []
    assert len(got) == 1


async def test_a_cut_socket_raises_with_the_audio_received(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.tts.chunk_size, fake.tts.cut_after = 1000, 3500
    async with client.tts.websocket() as socket:
        generation = await socket.generate(text="Hello " * 20, voice_id="v")
        with pytest.raises(vogent_async.APIConnectionError) as caught:
            await collect(generation)
    assert "3000 bytes of audio had arrived" in str(caught.value)
    assert "close code 1011" in str(caught.value)


async def test_a_slow_consumer_bounds_the_queue_and_holds_the_server_back(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """Nothing read: the generation's queue fills to max_queued and stays there."""
    fake.tts.chunk_size, fake.tts.seconds_per_character = 16384, 1.0
    async with client.tts.websocket(max_queued=4) as socket:
        generation = await socket.generate(text="x" * 2000, voice_id="v")  # 96 MB of audio
        while generation.queued < 4:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # time for an unbounded reader to run far ahead
        assert generation.queued == 4
        assert fake.tts.bytes_sent < 2000 * 48000
        first = await anext(aiter(generation))
        assert isinstance(first, TtsChunk)
        await generation.cancel()


async def test_a_wrong_key_is_refused_on_entering(fake: FakeVogent) -> None:
    async with vogent_async.Client("sk-wrong", base_url=fake.base_url) as client:
        with pytest.raises(vogent_async.AuthenticationError):
            async with client.tts.websocket():
                pass  # pragma: no cover - never entered


async def test_arguments_are_checked_before_sending(client: vogent_async.Client) -> None:
    with pytest.raises(ValueError, match="max_queued"):
        client.tts.websocket(max_queued=0)
    with pytest.raises(ValueError, match="heartbeat"):
        client.tts.websocket(heartbeat=0)
    with pytest.raises(TypeError, match="close_timeout must be a number of seconds"):
        client.tts.websocket(close_timeout="5")  # type: ignore[arg-type]
    async with client.tts.websocket() as socket:
        with pytest.raises(vogent_async.InvalidRequestError) as caught:
            await socket.generate(text="", voice_id="", sample_rate=44100)
        assert len(caught.value.problems) == 3
        with pytest.raises(ValueError, match="no open generation"):
            await socket.send_text("nope", "more")
        open_one = await socket.generate(text="Hi", voice_id="v", generation_id="g", final=False)
        with pytest.raises(ValueError, match="already open"):
            await socket.generate(text="Hi", voice_id="v", generation_id="g")
        await open_one.cancel()


def test_the_socket_url_is_wss_for_https_and_ws_only_for_plain_http() -> None:
    assert socket_url(URL("https://api.vogent.ai/api/tts/websocket")).scheme == "wss"
    assert socket_url(URL("http://127.0.0.1:8080/api/tts/websocket")).scheme == "ws"


@pytest.fixture
async def odd_server() -> AsyncIterator[tuple[str, list[web.Request]]]:
    """A websocket server that sends unknown types and an error naming no generation."""
    seen: list[web.Request] = []

    async def handler(request: web.Request) -> web.WebSocketResponse:
        seen.append(request)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for frame in ws:
            gid = json.loads(frame.data)["generationId"]
            await ws.send_json({"type": "viseme", "generationId": gid, "shape": "O"})
            await ws.send_json({"type": "notice", "text": "maintenance soon"})
            await ws.send_json({"type": "chunk", "generationId": gid, "audio": "not base64!"})
            await ws.send_json({"type": "error", "error": "overloaded"})
        return ws

    app = web.Application()
    app.router.add_get("/api/tts/websocket", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/api", seen
    finally:
        await runner.cleanup()


async def test_unknown_types_are_kept_raw_and_the_key_goes_in_the_header_only(
    odd_server: tuple[str, list[web.Request]],
) -> None:
    base_url, seen = odd_server
    async with (
        vogent_async.Client(API_KEY, base_url=base_url) as client,
        client.tts.websocket() as socket,
    ):
        generation = await socket.generate(text="Hi", voice_id="v")
        messages = await collect(generation)
        assert API_KEY not in repr(socket) + repr(generation)

    assert messages[0] == UnknownVariant(
        "viseme", {"type": "viseme", "generationId": generation.id, "shape": "O"}
    )
    assert messages[-1] == TtsError(None, "overloaded")  # an error naming no generation ends all
    assert (
        UnknownVariant("notice", {"type": "notice", "text": "maintenance soon"}) in socket.unrouted
    )
    assert any("not base64" in str(m) for m in socket.unrouted)  # undecodable: kept aside
    assert seen[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert "apiKey" not in seen[0].query
    assert API_KEY not in str(seen[0].url)


async def test_a_missing_pong_closes_the_socket_and_fails_open_generations() -> None:
    """A server that never answers pings: the heartbeat gives up, the generation raises."""

    async def silent(ws: web.WebSocketResponse) -> None:
        async for _ in ws:  # reads pings and text, answers nothing
            pass

    async with (
        peer_url(silent, autoping=False) as base_url,
        vogent_async.Client(API_KEY, base_url=base_url) as client,
        client.tts.websocket(heartbeat=0.2) as socket,
    ):
        generation = await socket.generate(text="Hi", voice_id="v")
        with pytest.raises(vogent_async.APIConnectionError, match="no pong came") as caught:
            await collect(generation)
    assert "before generation" in str(caught.value)


async def test_a_refused_connection_is_an_api_connection_error_on_entering() -> None:
    """Nothing listens on the port: the handshake fails before any generation."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    async with vogent_async.Client(API_KEY, base_url=f"http://127.0.0.1:{port}/api") as client:
        with pytest.raises(vogent_async.APIConnectionError, match="could not connect"):
            async with client.tts.websocket():
                pass  # pragma: no cover - never entered


async def test_sending_on_a_closed_socket_and_bad_text_are_refused(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.tts.chunk_size, fake.tts.cut_after = 1000, 1500
    async with client.tts.websocket() as socket:
        generation = await socket.generate(text="Hello", voice_id="v", final=False)
        with pytest.raises(vogent_async.InvalidRequestError, match="final: expected a bool"):
            await socket.send_text(generation.id, " more", final="yes")  # type: ignore[arg-type]
        await socket.send_text(generation.id, " more" * 10, final=True)
        with pytest.raises(vogent_async.APIConnectionError):
            await collect(generation)
        while not socket._ws.closed:  # the fake's close reaches the client's reader
            await asyncio.sleep(0.01)
        with pytest.raises(vogent_async.APIConnectionError, match="the socket is closed"):
            await socket.generate(text="Hi", voice_id="v")
        assert "open generations=0" in repr(socket)  # the failed one was not kept


async def test_many_consumers_at_their_own_pace_each_get_exactly_their_audio(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """Eight generations read at once, some loops pausing between chunks: the reading
    moves between them and the reader task many times, and no chunk is lost, repeated
    or given to another generation."""
    fake.tts.chunk_size = 300
    fake.tts.chunk_delay = 0.0002  # the fake's generations interleave on the socket
    texts = [f"Line {n} " * (n + 1) for n in range(8)]

    async def consume(generation: Generation, pause: float) -> bytes:
        got = []
        async for audio in generation.audio():
            got.append(audio)
            if pause:
                await asyncio.sleep(pause)
        return b"".join(got)

    async with client.tts.websocket(max_queued=2) as socket:
        generations = [
            await socket.generate(text=text, voice_id="v", sample_rate=8000) for text in texts
        ]
        pauses = [0, 0.001, 0, 0.002, 0, 0, 0.001, 0]
        heard = await asyncio.gather(*map(consume, generations, pauses))

    for text, audio, generation in zip(texts, heard, generations, strict=True):
        assert audio == tone(len(text), 8000, fake)
        assert generation.bytes_received == len(audio)
