"""``client.tts.stream`` and ``stream_multispeaker`` against the fake: bytes as they arrive."""

from __future__ import annotations

import asyncio
import os
import stat
import struct
import threading
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import IO

import pytest

import vogent_async
from vogent_async import AudioFormat, AudioOutputType, MultispeakerLine
from vogent_async.resources import AudioStream
from vogent_async.testing import FakeVogent
from vogent_async.testing._tts_audio import audio_for

from ..conftest import API_KEY


async def test_stream_yields_the_fakes_wav_in_chunks(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """A WAV of 24 kHz mono PCM16 whose length follows the text."""
    fake.tts.chunk_size = 1000
    expected = audio_for(len("Hello there"), "WAV_PCM16", 24000, fake.tts.seconds_per_character)
    chunks = []
    async with client.tts.stream(text="Hello there", voice_id="voice_1") as audio:
        async for chunk in audio:
            chunks.append(chunk)
    data = b"".join(chunks)

    assert audio.content_type == "audio/wav"
    assert len(data) == expected.size == audio.bytes_received
    assert data[:4] == b"RIFF"
    assert data[8:16] == b"WAVEfmt "
    assert struct.unpack("<I", data[24:28]) == (24000,)
    assert struct.unpack("<I", data[40:44]) == (len(data) - 44,)
    assert fake.requests[-1].json == {"text": "Hello there", "voiceId": "voice_1"}


async def test_the_output_format_and_options_are_sent_as_documented(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """``output`` becomes ``format``; voice options go as ``voiceOptionValues``; MP3 is MP3."""
    output = AudioFormat(output_type="mp3", sample_rate=16000)
    options = [vogent_async.OptionValue(option_id="speed", value="1.2")]
    async with client.tts.stream(
        text="Hi", voice_id="v", output=output, voice_option_values=options
    ) as audio:
        data = b"".join([chunk async for chunk in audio])

    assert fake.requests[-1].json == {
        "text": "Hi",
        "voiceId": "v",
        "format": {"outputType": "MP3", "sampleRate": 16000},
        "voiceOptionValues": [{"optionId": "speed", "value": "1.2"}],
    }
    assert audio.content_type == "audio/mpeg"
    assert data.startswith(b"ID3")
    assert data[10:12] == b"\xff\xfb"


async def test_multispeaker_sends_the_lines_and_streams_their_audio(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """Two lines: one raw PCM recording as long as both texts together."""
    lines = [MultispeakerLine("Hi there!", "voice_a"), MultispeakerLine("Hello.", "voice_b")]
    output = AudioFormat(AudioOutputType.RAW_PCM16, 8000)
    async with client.tts.stream_multispeaker(lines=lines, output=output) as audio:
        size = sum([len(chunk) async for chunk in audio])

    per_char = fake.tts.seconds_per_character
    assert size == audio_for(15, "RAW_PCM16", 8000, per_char).size
    assert fake.requests[-1].json["lines"] == [
        {"text": "Hi there!", "voiceId": "voice_a"},
        {"text": "Hello.", "voiceId": "voice_b"},
    ]


async def test_save_writes_the_whole_file_and_leaves_no_temporary(
    client: vogent_async.Client, fake: FakeVogent, tmp_path: Path
) -> None:
    target = tmp_path / "hello.wav"
    async with client.tts.stream(text="Hello " * 200, voice_id="v") as audio:
        written = await audio.save(target)

    assert target.stat().st_size == written == audio.bytes_received > 100_000
    assert [p.name for p in tmp_path.iterdir()] == ["hello.wav"]


@pytest.fixture
def umask_002() -> Iterator[None]:
    """The process umask set to 002 (group-writable files) for the test, then restored."""
    before = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.usefixtures("umask_002")
async def test_save_gives_the_file_the_mode_the_umask_gives(
    client: vogent_async.Client, fake: FakeVogent, tmp_path: Path
) -> None:
    """As open() would: 0o666 less the umask, not a temporary file's 0o600."""
    target = tmp_path / "hello.wav"
    async with client.tts.stream(text="Hello", voice_id="v") as audio:
        await audio.save(target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o664


async def test_a_cut_mid_stream_raises_with_the_byte_count_and_is_not_retried(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """The fake closes after 5000 bytes: APIConnectionError says how many arrived, one request."""
    fake.tts.chunk_size, fake.tts.cut_after = 1000, 5000
    got: list[bytes] = []

    async def read_all() -> None:
        async with client.tts.stream(text="Hello " * 50, voice_id="v") as audio:
            async for chunk in audio:
                got.append(chunk)

    with pytest.raises(vogent_async.APIConnectionError) as caught:
        await read_all()

    # Bytes that arrive together with the close are dropped by aiohttp's reader, so the
    # count is what reached the caller (at most the 5000 sent), and the error says just that.
    received = len(b"".join(got))
    assert received <= 5000
    assert f"after {received} bytes" in str(caught.value)
    assert "incomplete" in str(caught.value)
    assert len(fake.requests) == 1
    assert API_KEY not in repr(caught.value) + str(caught.value.__cause__)


async def test_a_cut_during_save_keeps_the_old_file_and_removes_the_temporary(
    client: vogent_async.Client, fake: FakeVogent, tmp_path: Path
) -> None:
    """Never a silently short file: the previous content stays, the .part file is gone."""
    target = tmp_path / "speech.wav"
    target.write_bytes(b"previous")
    fake.tts.chunk_size, fake.tts.cut_after = 4096, 50_000
    with pytest.raises(vogent_async.APIConnectionError, match=r"after \d+ bytes"):
        async with client.tts.stream(text="Hello " * 200, voice_id="v") as audio:
            await audio.save(target)

    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["speech.wav"]


async def test_errors_before_the_first_byte_are_retried(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """A 503 then the audio: two requests, the audio complete."""
    fake.faults.add("POST /tts", status=503)
    async with client.tts.stream(text="Hi", voice_id="v") as audio:
        data = b"".join([chunk async for chunk in audio])

    assert [r.status for r in fake.requests] == [503, 200]
    assert data.startswith(b"RIFF")


async def test_a_refusal_is_the_typed_error_with_the_servers_reason(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    fake.faults.add("POST /tts/multispeaker", status=422, body={"message": "unknown voice v"})
    with pytest.raises(vogent_async.UnprocessableEntityError, match="unknown voice v"):
        async with client.tts.stream_multispeaker(lines=[MultispeakerLine("Hi", "v")]):
            pass  # pragma: no cover - never entered


async def test_a_wrong_key_is_an_authentication_error(fake: FakeVogent) -> None:
    async with vogent_async.Client("sk-wrong", base_url=fake.base_url) as client:
        with pytest.raises(vogent_async.AuthenticationError):
            async with client.tts.stream(text="Hi", voice_id="v"):
                pass  # pragma: no cover - never entered


async def test_an_audio_stream_is_read_once(client: vogent_async.Client) -> None:
    async with client.tts.stream(text="Hi", voice_id="v") as audio:
        async for _ in audio:
            pass
        with pytest.raises(RuntimeError, match="read once"):
            audio.__aiter__()
    assert "bytes received" in repr(audio)


async def test_a_stream_left_early_gives_its_slot_back(fake: FakeVogent) -> None:
    """With one request slot, leaving a stream half read lets the next call go."""
    fake.tts.chunk_size = 1000
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url, max_concurrency=1) as c:
        async with c.tts.stream(text="Hello " * 100, voice_id="v") as audio:
            async for _ in audio:
                break
        async with c.tts.stream(text="Hi", voice_id="v") as audio:
            assert (await anext(aiter(audio))).startswith(b"RIFF")
    assert [r.status for r in fake.requests] == [200, 200]


async def test_a_server_gone_quiet_mid_stream_is_a_timeout_with_the_byte_count(
    fake: FakeVogent,
) -> None:
    """No more bytes within ``timeout``: APITimeoutError after the first chunk's bytes."""
    fake.tts.chunk_size, fake.tts.chunk_delay = 1000, 60.0
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url, max_retries=0) as c:
        stream = c.tts.stream(text="Hello " * 20, voice_id="v", timeout=2.0)
        with pytest.raises(vogent_async.APITimeoutError, match="after 1000 bytes"):
            await _drain(stream)


async def _drain(stream: AbstractAsyncContextManager[AudioStream]) -> None:
    async with stream as audio:
        async for _ in audio:
            pass


async def test_a_default_format_given_explicitly_sends_both_required_fields(
    client: vogent_async.Client, fake: FakeVogent
) -> None:
    """AudioFormat() is WAV_PCM16 at 24000 Hz, and the body says so (both fields required)."""
    async with client.tts.stream(text="Hi", voice_id="v", output=AudioFormat()) as audio:
        assert audio.content_type == "audio/wav"
    assert fake.requests[-1].json["format"] == {"outputType": "WAV_PCM16", "sampleRate": 24000}
    assert fake.requests[-1].status == 200


async def test_a_save_cancelled_while_its_temporary_is_made_leaves_no_file(
    client: vogent_async.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled while the thread creates the ``.part`` file: the file is removed all the same."""
    from vogent_async.resources import _audio

    go, made = threading.Event(), threading.Event()
    make = _audio._temp_beside

    def held(target: Path) -> IO[bytes]:
        go.wait()
        try:
            return make(target)
        finally:
            made.set()

    monkeypatch.setattr(_audio, "_temp_beside", held)
    async with client.tts.stream(text="Hi", voice_id="v") as audio:
        saving = asyncio.create_task(audio.save(tmp_path / "hi.wav"))
        await asyncio.sleep(0)  # the thread has started and waits for `go`
        saving.cancel()
        go.set()
        with pytest.raises(asyncio.CancelledError):
            await saving
        await asyncio.to_thread(made.wait)
    assert list(tmp_path.iterdir()) == []
