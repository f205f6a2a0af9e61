"""Fixtures of the distributed tests: a real Redis, and clients of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.distributed._redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A ``redis-server`` shared by the session's tests (each starts on an empty db)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A persistent ``redis-server`` of one test's own, for a test that stops or restarts it."""
    server = RedisServer(tmp_path, persistent=True)
    server.start()
    yield server
    server.stop()


@asynccontextmanager
async def client_of(server: RedisServer) -> AsyncIterator[Redis]:
    """A client of ``server``, closed on leaving."""
    client = Redis.from_url(server.url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[Redis]:
    """A client of the shared server, on a database emptied first."""
    async with client_of(redis_server) as client:
        await client.flushdb()
        yield client


@pytest.fixture
def stalling_redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A ``redis-server`` of one test's own, for a test that pauses it (`RedisServer.paused`)."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def stalling(stalling_redis_server: RedisServer) -> AsyncIterator[Redis]:
    """A client of the server the test pauses, its connection already made."""
    async with client_of(stalling_redis_server) as client:
        await client.ping()
        yield client
