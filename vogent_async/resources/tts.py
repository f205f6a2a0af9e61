"""The Voicelab group: ``client.tts``, speech as a byte stream (REST) or over a websocket."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

from vogent_async._request._validation import check
from vogent_async._transport._options import RequestOptions, Unpack, check_options, check_seconds
from vogent_async._transport._websocket import open_websocket
from vogent_async.models._shared import Fields
from vogent_async.models.agents import OptionValue
from vogent_async.models.tts import AudioFormat, MultispeakerLine, _MultispeakerBody, _TtsBody
from vogent_async.resources._audio import AudioStream
from vogent_async.resources._base import Resource
from vogent_async.resources._tts_generation import PATH, Generation
from vogent_async.resources._tts_socket import TtsWebsocket

__all__ = ["AudioStream", "Generation", "Tts", "TtsWebsocket"]


class Tts(Resource):
    """Text to speech: audio streamed as it is generated, never held whole in memory.

    Both REST calls are retried (as the client's policy allows) only until the
    first bytes of audio arrive; after that a failure raises.
    """

    def stream(
        self,
        *,
        text: str,
        voice_id: str,
        output: AudioFormat | Fields | None = None,
        voice_option_values: Sequence[OptionValue | Fields] | None = None,
        **options: Unpack[RequestOptions],
    ) -> contextlib.AbstractAsyncContextManager[AudioStream]:
        """Generate speech for ``text`` (``POST /tts``); use with ``async with``::

            async with client.tts.stream(text="Hello", voice_id=voice) as audio:
                await audio.save("hello.wav")

        The arguments are checked here, before anything is sent; the request
        goes out on entering the ``async with``.

        Args:
            text: What to say: 1 to 5000 characters.
            voice_id: The voice (see the Voices group).
            output: The audio format; WAV PCM16 at 24000 Hz when left out.
            voice_option_values: Settings of the voice.
            **options: Per-call overrides (`RequestOptions`); ``timeout`` bounds
                connecting and each wait for more audio.

        Raises:
            InvalidRequestError: An argument is invalid (every problem listed).
            APIStatusError: The API refused (raised on entering).
            APIConnectionError: No audio came, after any retries; or the
                connection was cut mid-stream (raised while reading).
        """
        body = check(_TtsBody(text, voice_id, output, voice_option_values))
        return self._open("/tts", body, body.output, options)

    def stream_multispeaker(
        self,
        *,
        lines: Sequence[MultispeakerLine | Fields],
        output: AudioFormat | Fields | None = None,
        voice_option_values: Sequence[OptionValue | Fields] | None = None,
        **options: Unpack[RequestOptions],
    ) -> contextlib.AbstractAsyncContextManager[AudioStream]:
        """Generate one recording of several voices (``POST /tts/multispeaker``).

        Used like `stream`::

            lines = [MultispeakerLine("Hi!", voice_a), MultispeakerLine("Hello.", voice_b)]
            async with client.tts.stream_multispeaker(lines=lines) as audio:
                await audio.save("dialogue.wav")

        Args:
            lines: 1 to 10 `MultispeakerLine`, each of 1 to 500 characters.
            output: The audio format; WAV PCM16 at 24000 Hz when left out.
            voice_option_values: Settings of the voices.
            **options: Per-call overrides (`RequestOptions`).

        Raises:
            InvalidRequestError: An argument is invalid (every problem listed).
            APIStatusError: The API refused (raised on entering).
            APIConnectionError: As for `stream`.
        """
        body = check(_MultispeakerBody(lines, output, voice_option_values))
        return self._open("/tts/multispeaker", body, body.output, options)

    def websocket(
        self,
        *,
        max_queued: int = 64,
        heartbeat: float = 30.0,
        close_timeout: float = 5.0,
        **options: Unpack[RequestOptions],
    ) -> contextlib.AbstractAsyncContextManager[TtsWebsocket]:
        """Open the TTS websocket: several generations at once, each a stream of messages::

            async with client.tts.websocket() as socket:
                hello = await socket.generate(text="Hello", voice_id=voice, sample_rate=16000)
                async for chunk in hello.audio():   # raw PCM16
                    play(chunk)

        The key goes in the ``Authorization`` header (never in the URL); the URL
        is ``wss://`` (``ws://`` only to a loopback ``base_url``). The handshake
        is not retried. An open socket holds one of the client's request slots
        (its budget's lease) until the ``async with`` ends.

        Args:
            max_queued: Messages buffered per generation before the socket stops
                being read (back-pressure); at least 1.
            heartbeat: Seconds of quiet (while the socket is read) before a ping;
                no answer within half as long closes the socket. Not counted while
                a full generation holds the reader back.
            close_timeout: Seconds leaving the ``async with`` may take to close the
                socket; past it the connection is dropped.
            **options: Per-call overrides; ``timeout`` bounds the wait for a
                request slot and the handshake.

        Raises:
            ValueError: ``max_queued``, ``heartbeat`` or ``close_timeout`` is out of range.
            TypeError: ``heartbeat`` or ``close_timeout`` is not a number.
            APITimeoutError: No request slot came in time (on entering).
            APIStatusError: The server refused the upgrade (on entering).
            APIConnectionError: The handshake failed (on entering).
        """
        check_options(options)
        if type(max_queued) is not int or max_queued < 1:
            raise ValueError(f"max_queued must be an int of at least 1, got {max_queued!r}")
        beat = check_seconds("heartbeat", heartbeat, allow_none=False)
        closing = check_seconds("close_timeout", close_timeout, allow_none=False)
        assert beat is not None
        assert closing is not None
        return _socket(self, max_queued, beat, closing, options)

    def _open(
        self, path: str, body: object, output: object, options: RequestOptions
    ) -> contextlib.AbstractAsyncContextManager[AudioStream]:
        """Send ``body`` (checked, its ``output`` built into an `AudioFormat`) on entering."""
        check_options(options)  # at the door too, not only on entering
        chosen = output if isinstance(output, AudioFormat) else AudioFormat()
        return _opened(self, path, self._converter.unstructure(body), chosen, options)


@contextlib.asynccontextmanager
async def _opened(
    tts: Tts, path: str, body: dict[str, Any], output: AudioFormat, options: RequestOptions
) -> AsyncIterator[AudioStream]:
    opened = await tts._transport.stream("POST", path, json_body=body, **options)
    audio = AudioStream(opened, output)
    try:
        yield audio
    finally:
        await audio.aclose()


@contextlib.asynccontextmanager
async def _socket(
    tts: Tts, max_queued: int, heartbeat: float, close_timeout: float, options: RequestOptions
) -> AsyncIterator[TtsWebsocket]:
    ws, lease = await open_websocket(tts._transport, PATH, options=options)
    socket = TtsWebsocket(
        ws, tts._converter, max_queued,
        heartbeat=heartbeat, close_timeout=close_timeout, release=lease.release,
    )  # fmt: skip
    try:
        yield socket
    finally:
        await socket.close()
