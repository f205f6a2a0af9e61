"""Fixtures for testing the fake server: the fake, raw HTTP to it, and a client on it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import aiohttp
import attrs
import pytest

import vogent_async
from vogent_async.testing import FakeVogent

from ..conftest import SleepRecorder

KEY = "fake-key-SECRET-4242"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
AGENT = "agent_renewals"
"""The agent `job_input` names, which the ``fake`` fixture holds."""
NUMBERS = ("pn_1", "pn_2")
"""The caller numbers `job_input` names, which the ``fake`` fixture holds."""
VOICE, MODEL = "v1", "m1"
"""A voice and a model the ``fake`` fixture holds, beside the stock ones."""


def populate(fake: FakeVogent) -> None:
    """Seed what the bodies of these tests name: `AGENT`, `NUMBERS`, `VOICE` and `MODEL`.

    `AGENT` has an extractor and links a function, so its answered dials carry an
    ``aiResult`` and may call the function.
    """
    fake.voices.seed(
        [{"id": VOICE, "name": "Vera", "voiceType": "cartesia", "voiceTier": "STANDARD",
          "description": "Vera: the tests' voice."}]
    )  # fmt: skip
    fake.models.seed([{"id": MODEL, "name": "test-model", "modelOptions": []}])
    [function] = fake.functions.seed(1)
    link = {"functionDefinitionId": function}
    agent = {"id": AGENT, "name": "Renewals", "language": "en", "defaultVoiceId": VOICE}
    fake.agents.seed(
        [{**agent, "defaultExtractorId": "ex_renewals", "linkedFunctionDefinitions": [link]}]
    )
    fake.phone_numbers.seed(
        [
            {"id": number_id, "number": f"+1512555010{i}", "type": "PSTN", "agentId": None}
            for i, number_id in enumerate(NUMBERS)
        ]
    )


def job_input(rows: int = 3, **changes: Any) -> dict[str, Any]:
    """A valid `CreateBatchDialJobInput` body with ``rows`` numbered rows."""
    body: dict[str, Any] = {
        "name": "Renewals March",
        "callAgentId": AGENT,
        "maxConcurrentDials": 2,
        "fromPhoneNumberIds": list(NUMBERS),
        "schedule": {
            "timezone": "America/New_York",
            "disableSchedule": False,
            "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
        },
        "rows": [
            {"toNumber": f"+1555010{i:04d}", "inputs": {"customer_name": f"Customer {i}"}}
            for i in range(rows)
        ],
    }
    body.update(changes)
    return body


@attrs.frozen
class Reply:
    """One raw HTTP answer: status, headers and the parsed JSON body (bytes for audio)."""

    status: int
    headers: dict[str, str]
    body: Any


class RawApi:
    """Plain aiohttp requests to the fake, with or without the right key."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base = base_url

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        data: Any = None,
        key: str | None = KEY,
    ) -> Reply:
        """Send one request and parse the JSON answer."""
        headers = {} if key is None else {"Authorization": f"Bearer {key}"}
        async with self._session.request(
            method, self._base + path, params=params, json=json, data=data, headers=headers
        ) as resp:
            if resp.content_type == "application/octet-stream":  # audio: the bytes as they are
                return Reply(resp.status, dict(resp.headers), await resp.read())
            return Reply(resp.status, dict(resp.headers), await resp.json())

    async def create(self, rows: int = 3, **changes: Any) -> dict[str, Any]:
        """Create a job and return its body."""
        reply = await self.call("POST", "/batch_dial_jobs", json=job_input(rows, **changes))
        assert reply.status == 200, reply.body
        body: dict[str, Any] = reply.body
        return body

    async def walk(
        self, path: str, *, items_key: str = "data", **params: str
    ) -> tuple[list[dict[str, Any]], int]:
        """Follow cursors to the end; return every item and the number of pages."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        pages = 0
        while True:
            query = {**params, **({"cursor": cursor} if cursor else {})}
            reply = await self.call("GET", path, params=query)
            assert reply.status == 200, reply.body
            items += reply.body[items_key]
            pages += 1
            cursor = reply.body["cursor"]
            if cursor is None:
                return items, pages


def start_served(*args: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m vogent_async.testing serve --port 0 ARGS``; return it and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vogent_async.testing", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "serving at http://127.0.0.1:" in line, (line, process.stderr and process.stderr.read())
    return process, line.split(" at ", 1)[1].split(" ", 1)[0]


def stop_served(process: subprocess.Popen[str], sig: signal.Signals) -> tuple[int, str]:
    """Send ``sig`` and wait: the exit status and what it printed."""
    process.send_signal(sig)
    out, _ = process.communicate(timeout=60)
    return process.returncode, out


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A started fake with a fixed key, seed and clock, holding `AGENT` and `NUMBERS`."""
    async with FakeVogent(api_key=KEY, now=NOW, seed=7) as server:
        populate(server)
        yield server


@pytest.fixture
async def api(fake: FakeVogent) -> AsyncIterator[RawApi]:
    """Raw HTTP to ``fake``."""
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, fake.base_url)


@pytest.fixture
async def fake_client(
    fake: FakeVogent, sleeps: SleepRecorder
) -> AsyncIterator[vogent_async.Client]:
    """The real client on ``fake``, whose retry waits are recorded instead of slept."""
    async with vogent_async.Client(KEY, base_url=fake.base_url) as client:
        yield client
