"""The Voicelab group of the fake: ``POST /tts``, ``POST /tts/multispeaker`` and the websocket.

Audio is the deterministic tone of `vogent_async.testing._tts_audio`, sent in
chunks of ``fake.tts.chunk_size`` bytes, ``fake.tts.chunk_delay`` real seconds
apart. Faults before the first byte are the usual ``fake.faults.add("POST /tts",
status=...)``; `TtsControls.cut_after` cuts a stream (or a socket) mid-audio.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, RouteTable
from vogent_async.testing._tts_audio import Audio, audio_for
from vogent_async.testing._tts_controls import TtsControls, controls
from vogent_async.testing._tts_socket import tts_socket

__all__ = ["GROUP", "TtsControls"]

routes = RouteTable()


def audio_of(controls: TtsControls, characters: int, audio_format: Any) -> Audio:
    """The audio for ``characters`` of text in the requested (or the default) format."""
    fmt = audio_format or {"outputType": "WAV_PCM16", "sampleRate": 24000}
    per_char = controls.seconds_per_character
    return audio_for(characters, fmt["outputType"], fmt["sampleRate"], per_char)


@routes.post("/tts", name="runTtsModel")
async def run_tts(call: Call) -> web.StreamResponse:
    audio = audio_of(controls(call), len(call.body["text"]), call.body.get("format"))
    return await _send_audio(call, audio)


@routes.post("/tts/multispeaker", name="runMultispeakerTtsModel")
async def run_multispeaker(call: Call) -> web.StreamResponse:
    characters = sum(len(line["text"]) for line in call.body["lines"])
    audio = audio_of(controls(call), characters, call.body.get("format"))
    return await _send_audio(call, audio)


async def _send_audio(call: Call, audio: Audio) -> web.StreamResponse:
    settings = controls(call)
    settings.streams += 1
    # The contract documents application/octet-stream, whatever the format.
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    response.content_length = audio.size  # a cut is then a visibly short body
    await response.prepare(call.request)
    cut, sent = settings.take_cut(), 0
    for chunk in audio.chunks(settings.chunk_size):
        if cut is not None and sent + len(chunk) > cut:
            await response.write(chunk[: cut - sent])
            settings.bytes_sent += cut - sent
            call.request.transport.close()  # type: ignore[union-attr]
            return response
        await response.write(chunk)
        sent += len(chunk)
        settings.bytes_sent += len(chunk)
        if settings.chunk_delay:
            await asyncio.sleep(settings.chunk_delay)
    await response.write_eof()
    return response


routes.get("/tts/websocket", name="ttsWebsocket")(tts_socket)

GROUP = Group("tts", routes, controls=TtsControls)
