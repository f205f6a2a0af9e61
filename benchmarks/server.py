"""A minimal static page server, run in its own process so the client's CPU is what is timed.

Run ``python -m benchmarks.server``: it binds ``127.0.0.1`` on a free port and
prints ``PORT <n>`` once it listens. The first path segment is the scenario,
so one server serves every size: ``/n100000/api/batch_dial_jobs`` lists
100,000 jobs, ``/n20000-t20/api/batch_dial_jobs/<id>/dials`` lists 20,000
dials with 20 transcript entries each, ``/n7-t20/api/dials/dial_<n>`` is one
such dial, ``/n7/api/agents`` lists 7 agents, and a ``POST`` to
``/<scenario>/api/dials`` answers with a new dial's ids; a ``-d`` suffix serves
the *distinct* data set (`benchmarks.data`). Pages follow the contract
(``{"data": [...], "cursor": str | null}``), honour ``limit`` and resume at an
opaque cursor. Items are generated on the fly from their number; rendered pages
are kept in a bounded cache, so repeated walks measure the client, not this
server, and a million-item walk does not grow it without bound.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

from benchmarks import data

_SCENARIO = re.compile(r"n(\d+)(?:-t(\d+))?(-d)?")
_JSON = "application/json"


@functools.lru_cache(maxsize=4096)
def render_page(
    kind: str, offset: int, count: int, total: int, transcript_len: int, distinct: bool = False
) -> bytes:
    """The bytes of one page: ``count`` items from ``offset`` of a ``total``-item listing."""
    end = min(offset + count, total)
    if kind == "jobs":
        items = [data.job(n, distinct) for n in range(offset, end)]
    elif kind == "agents":
        items = [{**data.agent(n, True), "id": f"agent_{n}"} for n in range(offset, end)]
    else:
        items = [data.dial(n, transcript_len, distinct) for n in range(offset, end)]
    cursor = f"o{end}" if end < total else None
    return json.dumps({"data": items, "cursor": cursor}, separators=(",", ":")).encode()


def _bad(message: str, status: int = 400) -> web.Response:
    return web.json_response({"error": {"message": message}}, status=status)


def _page(request: web.Request, kind: str) -> web.Response:
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return _bad("missing bearer token", 401)
    scenario = _SCENARIO.fullmatch(request.match_info["scenario"])
    if scenario is None:
        return _bad("unknown scenario")
    total, transcript_len, distinct = int(scenario[1]), int(scenario[2] or 0), bool(scenario[3])
    query = request.query
    cursor = query.get("cursor")
    if cursor is not None and not re.fullmatch(r"o\d+", cursor):
        return _bad(f"unknown cursor {cursor!r}")
    offset = int(cursor[1:]) if cursor else 0
    limit = int(query.get("limit", "100"))
    body = render_page(kind, offset, limit, total, transcript_len, distinct)
    return web.Response(body=body, content_type=_JSON)


async def list_jobs(request: web.Request) -> web.Response:
    """GET /batch_dial_jobs."""
    return _page(request, "jobs")


async def list_dials(request: web.Request) -> web.Response:
    """GET /batch_dial_jobs/{id}/dials."""
    return _page(request, "dials")


async def create_job(request: web.Request) -> web.Response:
    """POST /batch_dial_jobs: reads the whole body, answers with a new job."""
    body: Any = await request.json()
    created = data.job(len(body.get("rows", [])))
    created.update(name=body.get("name", ""), status="INIT")
    return web.json_response(created)


async def list_agents(request: web.Request) -> web.Response:
    """GET /agents: ``agent_0`` to ``agent_<n-1>``, each with its own settings."""
    return _page(request, "agents")


@functools.lru_cache(maxsize=4096)
def render_dial(n: int, transcript_len: int) -> bytes:
    """The bytes of dial number ``n``, as ``GET /dials/{id}`` answers it."""
    return json.dumps(data.dial(n, transcript_len), separators=(",", ":")).encode()


async def get_dial(request: web.Request) -> web.Response:
    """GET /dials/{dial_id}: dial ``dial_<n>`` of the scenario's transcript length."""
    scenario = _SCENARIO.fullmatch(request.match_info["scenario"])
    found = re.fullmatch(r"dial_(\d+)", request.match_info["dial_id"])
    if scenario is None or found is None:
        return _bad("unknown scenario or dial", 404)
    body = render_dial(int(found[1]), int(scenario[2] or 0))
    return web.Response(body=body, content_type=_JSON)


async def create_dial(request: web.Request) -> web.Response:
    """POST /dials: reads the body, answers with the new dial's ids and token."""
    body: Any = await request.json()
    n = int(body["toNumber"][-7:])
    session = {"dialId": f"dial_{n:08d}", "sessionId": f"ds_{n}", "dialToken": f"tok_{n}"}
    return web.json_response(session)


def make_app() -> web.Application:
    """The benchmark server's routes."""
    app = web.Application(client_max_size=512 * 1024 * 1024)
    app.router.add_get("/{scenario}/api/batch_dial_jobs", list_jobs)
    app.router.add_post("/{scenario}/api/batch_dial_jobs", create_job)
    app.router.add_get("/{scenario}/api/batch_dial_jobs/{job_id}/dials", list_dials)
    app.router.add_get("/{scenario}/api/agents", list_agents)
    app.router.add_get("/{scenario}/api/dials/{dial_id}", get_dial)
    app.router.add_post("/{scenario}/api/dials", create_dial)
    return app


async def _serve() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock, backlog=1024).start()
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


@contextmanager
def running(command: str = "benchmarks.server") -> Iterator[str]:
    """Run ``python -m <command>`` in a child process; yield its ``http://127.0.0.1:<port>``."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-m", *command.split()], cwd=root, stdout=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("PORT "):
            raise RuntimeError(f"{command} did not start (printed {line!r})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def main(serve: Callable[[], Any] = _serve) -> None:
    """Serve until SIGTERM."""
    asyncio.run(serve())


if __name__ == "__main__":
    main()
