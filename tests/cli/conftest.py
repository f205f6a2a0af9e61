"""Drive ``vogent-async`` in process against a real `FakeVogent` on 127.0.0.1.

The command line runs ``asyncio.run`` itself, so `invoke` runs it in a worker
thread while the fake keeps serving on the test's own loop: every command makes
a real HTTP round trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest
from aiohttp import web

from vogent_async.cli import main
from vogent_async.testing import FakeVogent

#: A key that must never show up in anything the command line prints.
SECRET_KEY = "sk-live-TOPSECRET-5f1c9a"


@attrs.frozen
class Result:
    """What one run of the command line printed, and its exit status."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No key or base URL leaks in from the environment; files land in tmp_path."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    monkeypatch.delenv("VOGENT_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)


AGENT = "agent_1"
"""The agent the commands under test name, which the ``fake`` fixture holds."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A started fake server whose only accepted key is `SECRET_KEY`.

    It holds what the commands under test name: `AGENT`, and the voices ``v`` and
    ``voice_1`` (phone numbers: each test seeds its own).
    """
    async with FakeVogent(api_key=SECRET_KEY) as server:
        voice = {"voiceType": "cartesia", "voiceTier": "STANDARD", "description": "A test voice."}
        server.voices.seed([{**voice, "id": i, "name": i} for i in ("v", "voice_1")])
        server.agents.seed([{"id": AGENT, "name": "Renewals", "language": "en"}])
        yield server


async def invoke(fake: FakeVogent | None, *args: str, key: bool = True) -> Result:
    """Run ``vogent-async [--api-key K --base-url URL] *args`` in a thread; capture its output."""
    prefix: list[str] = []
    if fake is not None:
        prefix = ["--base-url", fake.base_url] + (["--api-key", SECRET_KEY] if key else [])
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return main([*prefix, *args])

    code = await asyncio.to_thread(run)
    return Result(code, out.getvalue(), err.getvalue())


class RawAPI:
    """A bare HTTP server on 127.0.0.1 that answers each path with exactly the text given.

    For what `FakeVogent` never sends: hostile names, ``NaN``, lone surrogates.
    """

    def __init__(self) -> None:
        self.base_url = ""
        self._answers: dict[str, tuple[int, str]] = {}

    def answer(self, path: str, body: str, *, status: int = 200) -> None:
        """Answer requests to ``/api`` + ``path`` with ``body`` (any method)."""
        self._answers["/api" + path] = (status, body)

    async def handle(self, request: web.Request) -> web.Response:
        """Send the scripted answer, or a JSON 404."""
        status, body = self._answers.get(request.path, (404, '{"message": "no such path"}'))
        return web.Response(status=status, text=body, content_type="application/json")


@pytest.fixture
async def raw_api() -> AsyncIterator[RawAPI]:
    """A started `RawAPI`; its ``base_url`` ends in ``/api``."""
    api = RawAPI()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    api.base_url = f"http://{host}:{port}/api"
    try:
        yield api
    finally:
        await runner.cleanup()


def job_body(**fields: object) -> str:
    """A job as the API sends it (JSON text), with ``fields`` replacing the defaults."""
    job = {
        "id": "job_1",
        "name": "Renewals",
        "status": "ACTIVE",
        "maxConcurrentDials": 2,
        "callAgentId": "agent_1",
        "createdAt": "2025-06-02T09:00:12.000Z",
        **fields,
    }
    return json.dumps(job)


def _read_all(fd: int) -> bytes:
    """Everything written to a pseudo-terminal until its other end is closed."""
    chunks = []
    with contextlib.suppress(OSError):  # EIO once the child has exited
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    return b"".join(chunks)


async def run_in_terminal(base_url: str, *args: str, columns: int = 200) -> tuple[int, bytes]:
    """Run the command line in a child on a pseudo-terminal (rich in terminal mode, colours on).

    Returns the exit status and everything the child wrote to the terminal.
    """
    import pty  # POSIX only: callers skip on Windows

    code = "import sys; from vogent_async.cli import main; sys.exit(main())"
    leader, follower = pty.openpty()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, "--base-url", base_url, *args,
        env={**os.environ, "VOGENT_API_KEY": SECRET_KEY, "TERM": "xterm-256color",
             "COLUMNS": str(columns)},
        stdin=follower, stdout=follower, stderr=follower,
    )  # fmt: skip
    os.close(follower)
    try:
        output = await asyncio.wait_for(asyncio.to_thread(_read_all, leader), 60)
    finally:
        os.close(leader)
    return await asyncio.wait_for(child.wait(), 30), output
