"""Serve a webhook receiver of either framework on a free loopback port."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from aiohttp import web
from fastapi import FastAPI

from vogent_async.webhooks import aiohttp as aiohttp_receiver
from vogent_async.webhooks import starlette as starlette_receiver

PATH = "/webhooks/vogent"
KINDS = ["aiohttp", "fastapi"]


async def ignore(event: Any) -> None:
    """An async handler that does nothing with the event (receivers refuse sync ones)."""


class Received(list[Any]):
    """An async handler that keeps every event it is given, in order."""

    async def __call__(self, event: Any) -> None:
        self.append(event)


@asynccontextmanager
async def serve_receiver(
    kind: str, secret: str, on_event: Any, **options: Any
) -> AsyncIterator[str]:
    """The URL of a running app whose ``PATH`` is the package's receiver for ``kind``."""
    if kind == "aiohttp":
        app = web.Application()
        app.router.add_post(PATH, aiohttp_receiver.handler(secret, on_event, **options))
        async with serve_aiohttp(app) as url:
            yield url
    else:
        api = FastAPI()
        api.add_api_route(
            PATH, starlette_receiver.route(secret, on_event, **options), methods=["POST"]
        )
        async with serve_asgi(api) as base:
            yield base + PATH


@asynccontextmanager
async def serve_aiohttp(app: web.Application, **runner: Any) -> AsyncIterator[str]:
    """Run an aiohttp app on a free loopback port (runner options ``runner``); yield its URL.

    The shutdown is short unless ``runner`` says otherwise: aiohttp lingers up to
    10 s on a body it stopped reading (413).
    """
    options = {"handle_signals": False, "access_log": None, "shutdown_timeout": 0.5, **runner}
    app_runner = web.AppRunner(app, **options)
    await app_runner.setup()
    site = web.TCPSite(app_runner, "127.0.0.1", 0)
    await site.start()
    host, port = app_runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}{PATH}"
    finally:
        await app_runner.cleanup()


@asynccontextmanager
async def serve_asgi(app: Any) -> AsyncIterator[str]:
    """Run an ASGI app with uvicorn on a free loopback port; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if serving.done():
                serving.result()
            await asyncio.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        await serving
        sock.close()
