"""The fake's TTS websocket: generations multiplexed by ``generationId``, each a task.

Text accumulates per generation until ``finalText``; then its raw PCM16 tone is
sent as base64 ``chunk`` messages (``fake.tts.chunk_size`` bytes each), an
optional ``timestamp`` message (the fake's guess at its fields: ``words``), and
``finished``. ``cancel`` stops a generation without a ``finished``. A send waits
while the client is not reading, so a slow consumer holds the fake back.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from aiohttp import WSMsgType, web

from vogent_async.testing._routing import Call, Reject
from vogent_async.testing._tts_audio import audio_for
from vogent_async.testing._tts_controls import TtsControls, controls

__all__ = ["tts_socket"]


async def tts_socket(call: Call) -> web.WebSocketResponse:
    """``GET /tts/websocket``: the upgrade, then the message protocol until either side closes."""
    ws = web.WebSocketResponse(heartbeat=None)
    if not ws.can_prepare(call.request).ok:
        raise Reject(400, "this route only speaks websocket: send an upgrade request")
    await ws.prepare(call.request)
    session = _Session(ws, controls(call))
    try:
        async for frame in ws:
            if frame.type == WSMsgType.TEXT:
                await session.handle(frame.data)
    finally:
        await session.stop()
    return ws


class _Session:
    def __init__(self, ws: web.WebSocketResponse, settings: TtsControls) -> None:
        self.ws, self.settings = ws, settings
        self.texts: dict[str, list[str]] = {}
        self.firsts: dict[str, dict[str, Any]] = {}  # voice, rate and flags: the first message
        self.tasks: dict[str, asyncio.Task[None]] = {}

    async def handle(self, data: str) -> None:
        try:
            message = json.loads(data)
            gid = message["generationId"]
        except (ValueError, KeyError, TypeError):
            await self.send({"type": "error", "error": "expected JSON with a generationId"})
            return
        if message.get("cancel"):
            task = self.tasks.pop(gid, None)
            if task is not None:
                task.cancel()
            return
        self.texts.setdefault(gid, []).append(str(message.get("text", "")))
        first = self.firsts.setdefault(gid, message)
        if message.get("finalText"):
            text = "".join(self.texts.pop(gid))
            del self.firsts[gid]
            self.tasks[gid] = asyncio.create_task(self.generate(gid, text, first))

    async def generate(self, gid: str, text: str, message: dict[str, Any]) -> None:
        error = self.settings.take_socket_error()
        if error is None and not message.get("voiceId"):
            error = "voiceId is required"
        if error is not None:
            await self.send({"type": "error", "generationId": gid, "error": error})
            return
        self.settings.streams += 1
        rate = message.get("sampleRate") or 24000
        audio = audio_for(len(text), "RAW_PCM16", rate, self.settings.seconds_per_character)
        cut, sent = self.settings.take_cut(), 0
        for chunk in audio.chunks(self.settings.chunk_size):
            if cut is not None and sent + len(chunk) > cut:
                await self.ws.close(code=1011, message=b"fake: cut mid-generation")
                return
            encoded = base64.b64encode(chunk).decode("ascii")
            await self.send({"type": "chunk", "generationId": gid, "audio": encoded})
            sent += len(chunk)
            self.settings.bytes_sent += len(chunk)
            if self.settings.chunk_delay:
                await asyncio.sleep(self.settings.chunk_delay)
        if message.get("addWordTimestamps"):
            words = [
                {"word": w, "start": i * 0.3, "end": i * 0.3 + 0.25}
                for i, w in enumerate(text.split())
            ]
            await self.send({"type": "timestamp", "generationId": gid, "words": words})
        await self.send({"type": "finished", "generationId": gid})

    async def send(self, message: dict[str, Any]) -> None:
        if not self.ws.closed:
            await self.ws.send_str(json.dumps(message, separators=(",", ":")))

    async def stop(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
