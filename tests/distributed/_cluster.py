"""Processes of a distributed test: the fake API, arq workers, and what they left behind."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import aiohttp
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.jobs import Job

import vogent_async
from tests.distributed._redis_server import wait_for_port
from tests.distributed._worker import API_KEY, export_settings
from vogent_async.contrib.arq import CHECKPOINT_PREFIX, export_matching_jobs, worker_settings

ROOT = Path(__file__).resolve().parents[2]
JOBS = 200
DIALS = 50


class Cluster:
    """Starts and stops the processes of one test; every one is stopped at `close`.

    Args:
        workdir: Where logs and the SQLite sink go.
        redis_url: The Redis every worker uses.
    """

    def __init__(self, workdir: Path, redis_url: str) -> None:
        self.workdir = workdir
        self.redis_url = redis_url
        self.sink = workdir / "dials.sqlite3"
        self.fake_port = 0
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self._fake: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._arq: ArqRedis | None = None

    # ------------------------------------------------------------ processes

    def start_fake(self, *, concurrency_limit: int, latency: float = 0.01) -> None:
        """Start ``python -m vogent_async.testing serve`` with 200 jobs, 50 dials on each.

        Its clock is frozen (``--speed 0``): the dials stay as seeded while they are
        exported, 50 finished on each job past ``INIT`` (`listed_dials` says which).
        """
        args = ["serve", "--api-key", API_KEY, "--seed", "7", "--latency", str(latency)]
        args += ["--jobs", str(JOBS), "--dials", str(DIALS), "--speed", "0"]
        args += ["--concurrency-limit", str(concurrency_limit)]
        with open(self.workdir / "fake.log", "wb") as log:  # the child keeps its own copy
            proc = subprocess.Popen(
                [sys.executable, "-m", "vogent_async.testing", *args],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=log,
            )
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/api", line)
        if found is None:
            proc.kill()
            raise RuntimeError(f"the fake did not start: {line!r}")
        self.fake_port = int(found.group(1))
        wait_for_port(self.fake_port, proc, "the fake")
        self._fake = proc

    @property
    def base_url(self) -> str:
        """The fake's API root."""
        return f"http://127.0.0.1:{self.fake_port}/api"

    def config(self, budget_key: str | None, max_concurrency: int) -> dict[str, Any]:
        """What a worker is started with (see `tests.distributed._worker`)."""
        return {
            "redis_url": self.redis_url,
            "base_url": self.base_url,
            "sink": str(self.sink),
            "budget_key": budget_key,
            "max_concurrency": max_concurrency,
        }

    def start_worker(self, name: str, *, budget_key: str | None, max_concurrency: int) -> None:
        """Start one arq worker process named ``name``."""
        config = json.dumps(self.config(budget_key, max_concurrency))
        with open(self.workdir / f"{name}.log", "wb") as log:  # the child keeps its own copy
            self.workers[name] = subprocess.Popen(
                [sys.executable, "-m", "tests.distributed._worker", config],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )

    def kill(self, name: str) -> None:
        """``kill -9`` a worker: it gets no chance to clean up."""
        proc = self.workers[name]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def worker_log(self, name: str) -> str:
        """What a worker printed."""
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    async def close(self) -> None:
        """Stop every process and close the connections."""
        for proc in [*self.workers.values(), *([self._fake] if self._fake else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.workers.values(), *([self._fake] if self._fake else [])]:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if self._http is not None:
            await self._http.close()
        if self._arq is not None:
            await self._arq.aclose()

    # ------------------------------------------------------------ driving and observing

    async def arq(self) -> ArqRedis:
        """An arq connection to the workers' Redis."""
        if self._arq is None:
            self._arq = await create_pool(RedisSettings.from_dsn(self.redis_url))
        return self._arq

    async def drop_arq(self) -> None:
        """Close the test's own Redis connection (before a restart of Redis)."""
        if self._arq is not None:
            await self._arq.aclose()
            self._arq = None

    async def fan_out(self, *, budget_key: str | None, max_concurrency: int) -> None:
        """Enqueue the export of every job: the fan-out task, run here with the workers' settings.

        It runs in the test's process rather than in a worker so that the short
        ``job_timeout`` the workers need (arq hands a dead worker's jobs over only
        after it) does not bound the walk over all the jobs on a loaded machine.
        """
        settings = worker_settings(export_settings(self.config(budget_key, max_concurrency)))
        ctx: dict[str, Any] = {"redis": await self.arq(), "job_id": "fan-out"}
        await settings["on_startup"](ctx)
        try:
            assert await export_matching_jobs(ctx) == JOBS
        finally:
            await settings["on_shutdown"](ctx)

    def progress(self) -> str:
        """The errors the workers logged, for a failure message."""
        lines = []
        for name in self.workers:
            for line in self.worker_log(name).splitlines():
                if " failed, " in line or line.startswith(("ERROR", "Traceback")):
                    lines.append(f"{name}: {line[:300]}")
        return "\n".join(lines[-20:]) or "no errors logged"

    async def _get(self, path: str) -> Any:
        if self._http is None:
            self._http = aiohttp.ClientSession()
        async with self._http.get(f"http://127.0.0.1:{self.fake_port}{path}") as resp:
            return await resp.json()

    async def stats(self) -> dict[str, int]:
        """The fake's counters: requests, throttled, maxInFlight, inFlight."""
        stats: dict[str, int] = await self._get("/_fake/stats")
        return stats

    async def request_log(self) -> list[dict[str, Any]]:
        """Every request the fake received, oldest first: method, path, query, status."""
        log: list[dict[str, Any]] = await self._get("/_fake/requests")
        return log

    async def tries(self, job_id: str) -> int:
        """How many times arq ran the export of ``job_id`` (2 after a worker died in it)."""
        info = await Job(f"vogent-export:{job_id}", await self.arq()).result_info()
        assert info is not None, f"no arq result for the export of {job_id}"
        return info.job_try

    def exports_by(self, name: str) -> int:
        """How many exports a worker's log says it finished."""
        return self.worker_log(name).count(":export_job_dials ●")

    async def exports_done(self) -> int:
        """How many jobs' exports saved their last checkpoint."""
        redis = await self.arq()
        done = 0
        async for key in redis.scan_iter(match=f"{CHECKPOINT_PREFIX}dials:*"):
            cursor = await cast("Awaitable[bytes | None]", redis.hget(key, "next_cursor"))
            if cursor == b"":
                done += 1
        return done

    async def listed_dials(self) -> set[tuple[str, str]]:
        """``(dial_id, job_id)`` of every dial the fake lists, job by job: what to export."""
        found: set[tuple[str, str]] = set()
        async with vogent_async.Client(API_KEY, base_url=self.base_url) as client:
            async for job in client.batch_dial_jobs.list():
                async for dial in client.batch_dial_jobs.list_dials(job.id):
                    found.add((dial.id, job.id))
        return found

    def sink_rows(self) -> list[tuple[str, str, int]]:
        """The sink's rows: ``(dial_id, job_id, writes)``."""
        with sqlite3.connect(self.sink) as db:
            rows = db.execute("SELECT dial_id, job_id, writes FROM vogent_dials").fetchall()
        return [(str(a), str(b), int(c)) for a, b, c in rows]


async def wait_until(
    check: Callable[[], Awaitable[bool]],
    what: str,
    timeout: float = 120.0,
    explain: Callable[[], str] = lambda: "",
) -> None:
    """Poll ``check`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    give_up = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what} after {timeout:.0f}s\n{explain()}")
        await asyncio.sleep(0.1)
