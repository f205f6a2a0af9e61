"""`FakeVogent`: the fake Vogent API as a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

import attrs
from aiohttp import web

from vogent_async.testing._app import PAGINATED_ROUTES, ROUTES, Settings, build_app
from vogent_async.testing._data import DataGenerator
from vogent_async.testing._faults import Faults
from vogent_async.testing._records import RecordedRequest
from vogent_async.testing._state import Store

__all__ = ["FakeVogent", "JobProgress"]

_LOOPBACK = "127.0.0.1"
_STATUSES = ("INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED")


@attrs.frozen
class JobProgress:
    """Where a job's rows are, as the server sees it.

    Attributes:
        queued: Rows not dialled yet (what ``/queue`` lists).
        in_progress: Dials started and not finished (listed nowhere, as in the API).
        completed: Finished dials (what ``/dials`` lists).
    """

    queued: int
    in_progress: int
    completed: int


class FakeVogent:
    """An in-memory Vogent API (the Batch Dials group) served over real HTTP on loopback.

    Use it as ``async with FakeVogent() as fake:`` and point a client at
    ``fake.base_url`` with ``fake.api_key``. Time stands still until the test
    moves it with `advance` or `run_dials`.

    Args:
        api_key: The only bearer token accepted; anything else gets 401.
        seed: Seed of the generated data (ids, names, dial outcomes).
        now: The clock's start; defaults to the current time.
        user_id: The user that jobs created over HTTP belong to (``userId`` filter).
        default_page_size: Items per page when a request sends no ``limit``.
        max_page_size: The largest ``limit`` honoured; larger asks get this many.
        concurrency_limit: The workspace's concurrent-dial limit; a larger
            ``maxConcurrentDials`` is refused with 422.
        record_requests: Keep `requests` (turn off for long benchmarks).
        port: The port to bind on 127.0.0.1; 0 picks a free one.
    """

    def __init__(
        self,
        api_key: str = "test-key",
        *,
        seed: int | None = 0,
        now: datetime | None = None,
        user_id: str | None = None,
        default_page_size: int = 100,
        max_page_size: int = 500,
        concurrency_limit: int = 50,
        record_requests: bool = True,
        port: int = 0,
    ) -> None:
        if not api_key:
            raise ValueError("api_key must be a non-empty string")
        if not 1 <= default_page_size <= max_page_size:
            raise ValueError("need 1 <= default_page_size <= max_page_size")
        start = now or datetime.now(timezone.utc)
        if start.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        data = DataGenerator(seed)
        self._store = Store(
            data, now_ms=int(start.timestamp() * 1000), user_id=user_id or data.uuid()
        )
        self._settings = Settings(
            api_key, default_page_size, max_page_size, concurrency_limit, record_requests
        )
        self.requests: list[RecordedRequest] = []
        """Every request received, in arrival order (credentials redacted)."""
        self.faults = Faults(frozenset(ROUTES), PAGINATED_ROUTES)
        """The scripted faults; see `Faults.add`."""
        self.app = build_app(self._settings, self._store, self.faults, self.requests)
        """The `aiohttp.web.Application`, for use with aiohttp's own test tools."""
        self._port = port
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "not started"
        return f"<FakeVogent {where} jobs={len(self._store.jobs)}>"

    # ------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Start serving on 127.0.0.1 (idempotent)."""
        if self._runner is not None:
            return
        runner = web.AppRunner(
            self.app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, _LOOPBACK, self._port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = runner.addresses[0][1]
        self._runner = runner

    async def close(self) -> None:
        """Stop serving and close every connection (idempotent)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeVogent:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------ addresses

    @property
    def api_key(self) -> str:
        """The bearer token the fake accepts."""
        return self._settings.api_key

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. ``http://127.0.0.1:54321/api``.

        Raises:
            RuntimeError: The server is not started.
        """
        if self._runner is None:
            raise RuntimeError("FakeVogent is not started: use 'async with FakeVogent()'")
        return f"http://{_LOOPBACK}:{self._port}/api"

    @property
    def user_id(self) -> str:
        """The user that jobs created over HTTP belong to."""
        return self._store.user_id

    @property
    def agent_ids(self) -> list[str]:
        """The agent ids `seed_jobs` draws from."""
        return list(self._store.agent_ids)

    @property
    def user_ids(self) -> list[str]:
        """The user ids `seed_jobs` draws from (`user_id` first)."""
        return list(self._store.user_ids)

    # ------------------------------------------------------------ the clock

    @property
    def now(self) -> datetime:
        """The fake's clock."""
        return datetime.fromtimestamp(self._store.now_ms / 1000, timezone.utc)

    def advance(self, seconds: float) -> int:
        """Move the clock forward, finishing every dial due by then.

        Args:
            seconds: How far to move the clock; not negative.

        Returns:
            How many dials finished.

        Raises:
            ValueError: ``seconds`` is negative.
        """
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        return self._store.advance(round(seconds * 1000))

    async def run_dials(self, n: int) -> int:
        """Finish the next ``n`` dials in time order, moving the clock as far as needed.

        Args:
            n: How many dials to finish; not negative.

        Returns:
            How many finished: fewer than ``n`` when no more are in progress.

        Raises:
            ValueError: ``n`` is negative.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        done = self._store.run_dials(n)
        await asyncio.sleep(0)
        return done

    # ------------------------------------------------------------ data

    def seed_jobs(
        self,
        n: int,
        *,
        status: str | None = None,
        call_agent_id: str | None = None,
        user_id: str | None = None,
        rows: int = 0,
        spacing: float = 60.0,
    ) -> list[str]:
        """Add ``n`` jobs created in the past, ``spacing`` seconds apart, ending now.

        Args:
            n: How many jobs.
            status: Their status; a realistic mix when ``None``.
            call_agent_id: Their agent; drawn from `agent_ids` when ``None``.
            user_id: Their user; drawn from `user_ids` when ``None``.
            rows: Rows queued on each job that is not ``COMPLETE``/``CANCELLED``
                (``ACTIVE`` ones start dialling when the clock moves).
            spacing: Seconds between two jobs' ``createdAt``.

        Returns:
            The new jobs' ids, oldest first.
        """
        if status is not None and status not in _STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return self._store.seed_jobs(
            n,
            status=status,
            call_agent_id=call_agent_id,
            user_id=user_id,
            rows=rows,
            spacing_ms=max(1, round(spacing * 1000)),
        )

    def seed_dials(self, job_id: str, n: int, *, spacing: float = 45.0) -> None:
        """Append ``n`` finished dials to a job, ended ``spacing`` seconds apart before now.

        Args:
            job_id: The job's id.
            n: How many dials.
            spacing: Seconds between two dials' ends.

        Raises:
            KeyError: No job has this id.
        """
        job = self._store.jobs[job_id]
        self._store.seed_dials(job, n, spacing_ms=max(1, round(spacing * 1000)))

    def job(self, job_id: str) -> dict[str, Any]:
        """A copy of a job's body as ``GET /batch_dial_jobs/{id}`` would return it.

        Args:
            job_id: The job's id.

        Raises:
            KeyError: No job has this id.
        """
        return copy.deepcopy(self._store.jobs[job_id].body)

    def progress(self, job_id: str) -> JobProgress:
        """Count a job's queued, in-progress and completed rows.

        Args:
            job_id: The job's id.

        Raises:
            KeyError: No job has this id.
        """
        job = self._store.jobs[job_id]
        return JobProgress(job.queued, job.in_flight, len(job.dials))
