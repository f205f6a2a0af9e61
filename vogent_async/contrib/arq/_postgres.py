"""`PostgresSink`: the dial sink on PostgreSQL, through psycopg 3 (``pip install psycopg``)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import psycopg

from vogent_async.contrib.arq._sink import dial_row
from vogent_async.models import Dial

__all__ = ["PostgresSink"]

_CREATE = """
CREATE TABLE IF NOT EXISTS vogent_dials (
    dial_id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    body JSONB NOT NULL,
    writes INTEGER NOT NULL DEFAULT 1
)
"""
_UPSERT = """
INSERT INTO vogent_dials (dial_id, job_id, body) VALUES (%s, %s, %s::jsonb)
ON CONFLICT (dial_id) DO UPDATE SET
    job_id = excluded.job_id, body = excluded.body, writes = vogent_dials.writes + 1
"""


class PostgresSink:
    """A PostgreSQL table ``vogent_dials``, made when missing; one transaction per page.

    The connection is opened on the first write, inside the worker's event loop.

    Args:
        dsn: A ``postgresql://`` connection string.
    """

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        # The DSN may hold a password: show neither.
        return "<PostgresSink>"

    async def _connection(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        if self._conn is None:
            conn = await psycopg.AsyncConnection.connect(self._dsn)
            async with conn.transaction():
                await conn.execute(_CREATE)
            self._conn = conn
        return self._conn

    async def upsert_dials(self, job_id: str, dials: Sequence[Dial]) -> None:
        """Insert the dials, or update the rows of those already there, in one transaction."""
        rows = [dial_row(job_id, dial) for dial in dials]
        if not rows:
            return
        async with self._lock:
            conn = await self._connection()
            async with conn.transaction(), conn.cursor() as cursor:
                await cursor.executemany(_UPSERT, rows)

    async def close(self) -> None:
        """Close the connection, if one was opened."""
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()
