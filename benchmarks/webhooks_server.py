"""A server of the ``webhooks`` bench: ``python -m benchmarks.webhooks_server KIND [PROFILE]``.

``KIND`` is one of `KINDS`: a framework (``aiohttp``, or ``starlette`` under
uvicorn) and a handler, either the package's receiver (handler: does nothing)
or the minimal one the issue sets as the limit: read the body, check its HMAC,
``json.loads`` it, answer 200. It serves ``PATH`` on a free loopback port and
prints ``{"port": n}``; then it answers each line on stdin with
``{"cpu": s}``, its own CPU seconds so far (all threads), so the driver can take
the server's CPU per run. It exits when stdin closes. With ``PROFILE``, it
writes a cProfile of everything it served to that file when it exits.
"""

from __future__ import annotations

import asyncio
import cProfile
import hashlib
import hmac
import json
import socket
import sys
import threading
import time
from typing import Any

PATH = "/webhooks/vogent"
SECRET = "whsec-BENCH-5d0c9e1f"
MINIMAL, RECEIVER = "minimal", "receiver"
FRAMEWORKS = ("aiohttp", "starlette")
KINDS = tuple(f"{f}-{h}" for f in FRAMEWORKS for h in (MINIMAL, RECEIVER))
SIGNATURE_HEADER = "X-Elto-Signature"
_KEY = SECRET.encode()


def _verified(body: bytes, signature: str | None) -> bool:
    """The minimal handler's check: the hex HMAC-SHA256 of the body, in constant time."""
    expected = hmac.new(_KEY, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


async def ignore(event: Any) -> None:
    """The receivers' handler: it does nothing with the event, as the minimal one."""


def aiohttp_app(handler: str) -> Any:
    """An `aiohttp.web` application serving ``PATH`` with ``handler``."""
    from aiohttp import web

    from vogent_async.webhooks.aiohttp import handler as receiver

    async def minimal(request: web.Request) -> web.Response:
        body = await request.read()
        if not _verified(body, request.headers.get(SIGNATURE_HEADER)):
            return web.Response(status=401)
        json.loads(body)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(PATH, minimal if handler == MINIMAL else receiver(SECRET, ignore))
    return app


def starlette_app(handler: str) -> Any:
    """A Starlette application serving ``PATH`` with ``handler``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from vogent_async.webhooks.starlette import route

    async def minimal(request: Request) -> Response:
        body = await request.body()
        if not _verified(body, request.headers.get(SIGNATURE_HEADER)):
            return Response(status_code=401)
        json.loads(body)
        return Response(status_code=200)

    endpoint = minimal if handler == MINIMAL else route(SECRET, ignore)
    return Starlette(routes=[Route(PATH, endpoint, methods=["POST"])])


async def serve(kind: str, sock: socket.socket, stop: asyncio.Event) -> None:
    """Serve ``kind`` on ``sock`` until ``stop`` is set."""
    framework, handler = kind.split("-")
    if framework == "aiohttp":
        from aiohttp import web

        runner = web.AppRunner(aiohttp_app(handler), access_log=None, handle_signals=False)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
        return
    import uvicorn

    config = uvicorn.Config(starlette_app(handler), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    await stop.wait()
    server.should_exit = True
    await serving


def answer_cpu(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Answer each stdin line with this process's CPU seconds; set ``stop`` at its end."""
    for _ in sys.stdin:
        print(json.dumps({"cpu": time.process_time()}), flush=True)
    loop.call_soon_threadsafe(stop.set)


async def main(kind: str) -> None:
    """Bind, say the port, serve until stdin closes."""
    if kind not in KINDS:
        raise SystemExit(f"KIND must be one of {', '.join(KINDS)}, got {kind!r}")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections wait in the backlog until the server accepts them
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    threading.Thread(target=answer_cpu, args=(loop, stop), daemon=True).start()
    print(json.dumps({"port": sock.getsockname()[1]}), flush=True)
    await serve(kind, sock, stop)


if __name__ == "__main__":
    profile = cProfile.Profile(time.process_time) if len(sys.argv) > 2 else None
    if profile is not None:
        profile.enable()
    try:
        asyncio.run(main(sys.argv[1]))
    finally:
        if profile is not None:
            profile.disable()
            profile.dump_stats(sys.argv[2])
