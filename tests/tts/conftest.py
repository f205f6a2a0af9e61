"""A FakeVogent and a client on it, for the Voicelab tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import vogent_async
from vogent_async.testing import FakeVogent

from ..conftest import API_KEY, SleepRecorder


@pytest.fixture
async def fake() -> AsyncIterator[FakeVogent]:
    async with FakeVogent(api_key=API_KEY) as server:
        yield server


@pytest.fixture
async def client(fake: FakeVogent, sleeps: SleepRecorder) -> AsyncIterator[vogent_async.Client]:
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as c:
        yield c
