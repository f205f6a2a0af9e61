"""Where exported dials land: one row per dial, written with an idempotent upsert.

Writing a dial twice (its page fetched again after a crash) leaves one row, with
the newer body, and counts the write in ``writes``, so that repeats can be seen.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from vogent_async.models import Dial

__all__ = ["DialSink", "SqliteSink"]

_TABLE = "vogent_dials"
_CREATE = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    dial_id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    body TEXT NOT NULL,
    writes INTEGER NOT NULL DEFAULT 1
)
"""
_UPSERT = f"""
INSERT INTO {_TABLE} (dial_id, job_id, body) VALUES (?, ?, ?)
ON CONFLICT (dial_id) DO UPDATE SET
    job_id = excluded.job_id, body = excluded.body, writes = {_TABLE}.writes + 1
"""


class DialSink(Protocol):
    """Stores exported dials; writing the same dial again must leave one row."""

    async def upsert_dials(self, job_id: str, dials: Sequence[Dial]) -> None:
        """Insert the dials, or update the rows of those already there, in one transaction."""
        ...

    async def close(self) -> None:
        """Release the connection."""
        ...


def dial_row(job_id: str, dial: Dial) -> tuple[str, str, str]:
    """``(dial_id, job_id, body)``: the body is the dial as the API's JSON."""
    body = json.dumps(dial.to_dict(), separators=(",", ":"), sort_keys=True)
    return dial.id, job_id, body


class SqliteSink:
    """A SQLite database file (standard library only), safe for several processes.

    The database runs in WAL mode and waits up to ``busy_timeout`` seconds for
    another process's write; each call is one transaction, run in a thread so
    that the event loop never blocks on the disk.

    Args:
        path: The database file; created with its table when missing.
        busy_timeout: Seconds to wait for another writer's lock.
    """

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        self._path = Path(path)
        self._db = sqlite3.connect(
            self._path, timeout=busy_timeout, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_CREATE)

    def __repr__(self) -> str:
        return f"<SqliteSink {str(self._path)!r}>"

    async def upsert_dials(self, job_id: str, dials: Sequence[Dial]) -> None:
        """See `DialSink.upsert_dials`."""
        rows = [dial_row(job_id, dial) for dial in dials]
        if rows:
            await asyncio.to_thread(self._write, rows)

    def _write(self, rows: list[tuple[str, str, str]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(_UPSERT, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def rows(self) -> list[tuple[str, str, int]]:
        """Every row as ``(dial_id, job_id, writes)``, for checks and reports."""
        with self._lock:
            cursor = self._db.execute(f"SELECT dial_id, job_id, writes FROM {_TABLE}")
            return [(str(a), str(b), int(c)) for a, b, c in cursor.fetchall()]

    async def close(self) -> None:
        """See `DialSink.close`."""
        with self._lock:
            self._db.close()
