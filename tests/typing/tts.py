"""How users stream speech and use the TTS websocket, checked by ``mypy --strict``.

Never run by pytest: the ``assert_type`` calls pin the exact types a caller sees, and
each ``type: ignore`` pins a mistake mypy catches (strict mode reports an ignore that
is no longer needed).
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from typing_extensions import assert_type

import vogent_async
from vogent_async import (
    AudioFormat,
    AudioOutputType,
    MultispeakerLine,
    OptionValue,
    TtsChunk,
    TtsError,
    TtsFinished,
    TtsTimestamp,
    UnknownVariant,
)
from vogent_async.resources import AudioStream, Generation, TtsWebsocket


async def stream_to_file(voice_id: str, target: Path) -> int:
    async with vogent_async.Client() as client:
        speech = client.tts.stream(
            text="Hello from Vogent",
            voice_id=voice_id,
            output=AudioFormat(AudioOutputType.WAV_PCM16, 24000),
            voice_option_values=[OptionValue("speed", "1.1")],
            timeout=10.0,
            max_retries=2,
        )
        assert_type(speech, contextlib.AbstractAsyncContextManager[AudioStream])
        async with speech as audio:
            assert_type(audio, AudioStream)
            assert_type(audio.status, int)
            assert_type(audio.headers, Mapping[str, str])
            assert_type(audio.content_type, str)
            assert_type(audio.output, AudioFormat)
            assert_type(audio.output.output_type, AudioOutputType)
            assert_type(audio.output.media_type, str)
            written = await audio.save(target, progress=lambda received: None)
            assert_type(written, int)
            assert_type(await audio.save(str(target)), int)
            assert_type(audio.bytes_received, int)
        return written


async def stream_chunks(voice_a: str, voice_b: str) -> list[bytes]:
    chunks: list[bytes] = []
    async with vogent_async.Client() as client:
        output = AudioFormat("MP3", 48000)
        AudioFormat(42)  # type: ignore[arg-type]  # an output type is a member or its name
        async with client.tts.stream(text="Hi", voice_id=voice_a, output=output) as audio:
            async for chunk in audio:
                assert_type(chunk, bytes)
                chunks.append(chunk)
        lines = [MultispeakerLine("Hi, it's Ada.", voice_a), MultispeakerLine("Hello!", voice_b)]
        dialogue = client.tts.stream_multispeaker(lines=lines, total_timeout=60.0)
        assert_type(dialogue, contextlib.AbstractAsyncContextManager[AudioStream])
        async with dialogue as audio:
            assert_type(audio, AudioStream)
            assert_type(aiter(audio), AsyncIterator[bytes])
        client.tts.stream("Hi", voice_a)  # type: ignore[call-arg]
        client.tts.stream(text="Hi", voice_id=voice_a, speed=1.0)  # type: ignore[call-arg]
        client.tts.stream_multispeaker(lines=["Hi"])  # type: ignore[list-item]
        client.tts.stream(text="Hi", voice_id=voice_a, output={"sample_rate": 16000})  # a mapping
        client.tts.stream(text="Hi", voice_id=voice_a, output="MP3")  # type: ignore[arg-type]
    return chunks


async def websocket(voice_id: str) -> None:
    async with vogent_async.Client() as client:
        opened = client.tts.websocket(max_queued=16, heartbeat=10.0, close_timeout=2.0, timeout=5.0)
        assert_type(opened, contextlib.AbstractAsyncContextManager[TtsWebsocket])
        async with opened as socket:
            assert_type(socket, TtsWebsocket)
            assert_type(
                socket.unrouted,
                deque[TtsChunk | TtsFinished | TtsError | TtsTimestamp | UnknownVariant | str],
            )
            greeting = await socket.generate(
                text="Hello!", voice_id=voice_id, sample_rate=16000, add_word_timestamps=True
            )
            assert_type(greeting, Generation)
            assert_type(greeting.id, str)
            assert_type(greeting.bytes_received, int)
            assert_type(greeting.queued, int)
            async for message in greeting:
                assert_type(
                    message, TtsChunk | TtsFinished | TtsError | TtsTimestamp | UnknownVariant
                )
                if isinstance(message, TtsChunk):
                    assert_type(message.audio, bytes)
                elif isinstance(message, TtsTimestamp):
                    assert_type(message.raw, dict[str, Any])
                elif isinstance(message, TtsError):
                    assert_type(message.generation_id, str | None)
                    assert_type(message.error, str)
                elif isinstance(message, TtsFinished):
                    assert_type(message.generation_id, str)
                elif isinstance(message, UnknownVariant):
                    assert_type(message.type, str | None)

            streaming = await socket.generate(text="The weather", voice_id=voice_id, final=False)
            assert_type(await socket.send_text(streaming.id, " is sunny.", final=True), None)
            async for pcm in streaming.audio():
                assert_type(pcm, bytes)
            assert_type(await streaming.cancel(), None)
            assert_type(await socket.cancel(streaming.id), None)
            await socket.generate(text="Hi", voice_id=voice_id, sample_rate="16000")  # type: ignore[arg-type]
        client.tts.websocket(max_queued=8, speed=1.0)  # type: ignore[call-arg]
