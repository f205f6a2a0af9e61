"""Recipe: stream speech from Vogent to a browser, chunk by chunk, from an aiohttp.web app.

``GET /say?text=...&voice=...`` answers with the audio as it is generated: the
response is chunked, so the first bytes reach the listener while the rest is
still being made, and the app never holds the whole recording. An API refusal
before any audio is a 502 with a short reason; a cut mid-stream ends the
response early (the browser sees an incomplete body, never a silently short
"complete" one). Serve it with ``python docs/examples/speech_web_response.py``; without
``VOGENT_API_KEY`` it asks itself to speak once, on a fake, and stops.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

import vogent_async
from vogent_async.testing import sandbox

# --8<-- [end:imports]

# --8<-- [start:app]
VOGENT = web.AppKey("vogent", vogent_async.Client)


async def vogent_client(app: web.Application) -> AsyncIterator[None]:
    """One client for the app's lifetime."""
    async with vogent_async.Client() as client:
        app[VOGENT] = client
        yield


async def say(request: web.Request) -> web.StreamResponse:
    """``GET /say``: the speech for ``text`` in ``voice``, as WAV, streamed."""
    text, voice = request.query.get("text", ""), request.query.get("voice", "")
    try:
        speech = request.app[VOGENT].tts.stream(text=text, voice_id=voice)
    except vogent_async.InvalidRequestError as exc:  # checked before anything is sent
        raise web.HTTPBadRequest(text="; ".join(exc.problems)) from None
    try:
        async with speech as audio:
            response = web.StreamResponse(headers={"Content-Type": audio.content_type})
            response.enable_chunked_encoding()
            await response.prepare(request)
            async for chunk in audio:
                await response.write(chunk)  # waits while the listener is slow
            await response.write_eof()
            return response
    except vogent_async.APIStatusError as exc:  # refused before the first byte
        raise web.HTTPBadGateway(text=f"Vogent API: {exc.status_code}") from None


def make_app() -> web.Application:
    """Build the app: one route, and the client's life cycle."""
    app = web.Application()
    app.cleanup_ctx.append(vogent_client)
    app.router.add_get("/say", say)
    return app


# --8<-- [end:app]


async def main(text: str, voice: str) -> tuple[int, str, bytes]:
    """Serve the app on a free loopback port, ask it to speak once, and stop it."""
    runner = web.AppRunner(make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        query = {"text": text, "voice": voice}
        async with (
            aiohttp.ClientSession(f"http://{host}:{port}") as http,
            http.get("/say", params=query) as resp,
        ):
            chunked = resp.headers.get("Transfer-Encoding", "")
            return resp.status, chunked, await resp.read()
    finally:
        await runner.cleanup()


async def demo() -> bool:
    """Without ``VOGENT_API_KEY``: ask the app to speak once, on a fake; False with a key."""
    async with sandbox() as fake:
        if fake is None:
            return False
        voice = next(iter(fake.voices))["id"]  # a stock voice
        status, chunked, body = await main("Hello from the sandbox.", voice)
        print(status, chunked or "not chunked", f"{len(body)} bytes of {body[:4]!r}")
    return True


if __name__ == "__main__":
    if not asyncio.run(demo()):  # a key is set: serve until interrupted
        web.run_app(make_app(), host="127.0.0.1", port=8080)
