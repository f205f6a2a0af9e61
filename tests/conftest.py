"""Shared fixtures: a client on a fixed base URL, and a recorder instead of real sleeps."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aioresponses import aioresponses

import vogent_async

BASE = "https://api.test.vogent/api"
API_KEY = "sk-test-SECRET-0123456789"


def job_json(n: int = 0, **changes: Any) -> dict[str, Any]:
    """A batch dial job body as the contract documents it."""
    body: dict[str, Any] = {
        "id": f"job_{n}",
        "name": f"Job {n}",
        "status": "ACTIVE",
        "maxConcurrentDials": 5,
        "callAgentId": "agent_1",
        "createdAt": "2025-11-02T09:30:00.250Z",
        "fromPhoneNumberIds": ["pn_1"],
        "schedule": {
            "timezone": "America/New_York",
            "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
        },
    }
    body.update(changes)
    return body


class SleepRecorder:
    """Stands in for asyncio.sleep: records each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    """Replace the transport's sleep so retry tests never wait."""
    recorder = SleepRecorder()
    monkeypatch.setattr(
        "vogent_async._transport._throttle.Throttle.default_sleep", staticmethod(recorder)
    )
    return recorder


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    """aioresponses, passing nothing through to the network."""
    with aioresponses() as m:
        yield m


@pytest.fixture
async def client(sleeps: SleepRecorder) -> AsyncIterator[vogent_async.Client]:
    """A client against the mocked base URL; closed after the test."""
    async with vogent_async.Client(API_KEY, base_url=BASE) as c:
        yield c


def ctrl_c_reaches_it() -> None:
    """In the child before exec: SIGINT at its default, as in a terminal's foreground job.

    A job a shell starts in the background (``make test &``, a CI runner's shell)
    inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler:
    the test would send a Ctrl-C the CLI never sees.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
