"""A FakeVogent and a client on it, for the Voicelab tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import vogent_async
from vogent_async.testing import FakeVogent

from ..conftest import API_KEY, SleepRecorder

VOICES = ("v", "voice_1", "voice_a", "voice_b")
"""The voice ids these tests speak with, which the ``fake`` fixture holds."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    """A started fake holding the `VOICES` (the fake refuses a voice it does not hold)."""
    async with FakeVogent(api_key=API_KEY) as server:
        voice = {"voiceType": "cartesia", "voiceTier": "STANDARD", "description": "A test voice."}
        server.voices.seed([{**voice, "id": i, "name": i} for i in VOICES])
        yield server


@pytest.fixture
async def client(fake: FakeVogent, sleeps: SleepRecorder) -> AsyncIterator[vogent_async.Client]:
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as c:
        yield c
