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


@asynccontextmanager
async def serve_receiver(
    kind: str, secret: str, on_event: Any, **options: Any
) -> AsyncIterator[str]:
    """The URL of a running app whose ``PATH`` is the package's receiver for ``kind``."""
    if kind == "aiohttp":
        app = web.Application()
        app.router.add_post(PATH, aiohttp_receiver.handler(secret, on_event, **options))
        async with _aiohttp(app) as url:
            yield url
    else:
        api = FastAPI()
        api.add_api_route(
            PATH, starlette_receiver.route(secret, on_event, **options), methods=["POST"]
        )
        async with serve_asgi(api) as base:
            yield base + PATH


@asynccontextmanager
async def _aiohttp(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}{PATH}"
    finally:
        await runner.cleanup()


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
