"""Drive ``vogent-async`` in process against a real `FakeVogent` on 127.0.0.1.

The command line runs ``asyncio.run`` itself, so `invoke` runs it in a worker
thread while the fake keeps serving on the test's own loop: every command makes
a real HTTP round trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest

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


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A started fake server whose only accepted key is `SECRET_KEY`."""
    async with FakeVogent(api_key=SECRET_KEY) as server:
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
