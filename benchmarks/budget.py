"""``budget``: a walk and a fan-out through `RedisBudget` against the same on `LocalBudget`.

A real ``redis-server`` and worker processes (`benchmarks.budget_worker`) are
started once. Each group runs on 1 or on 3 processes at equal concurrency: the
same slots in all, shared through Redis (``limit``), or split evenly between
the processes' own local budgets (``limit / processes`` each). The walk is one
listing per process, one slot per process; the fan-out has more tasks than slots.
Every variant of every group runs once per round, alternating. Timed in wall
seconds (from the commands sent until every process answered) and in the workers'
CPU seconds, summed; Redis's and the page server's own CPU are not counted.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.config import Sizes
from benchmarks.timing import CPU, WALL, Row, compare, measure
from tests.distributed._redis_server import RedisServer

LOCAL = "LocalBudget"
REDIS = "RedisBudget"
#: The issue's targets: the Redis budget's time over the local budget's.
TARGETS = {"walk": 1.15, "fanout": 1.3}
PROCESSES = (1, 3)

Command = dict[str, Any]


class Workers:
    """Worker processes answering one JSON command a line (see `benchmarks.budget_worker`)."""

    def __init__(self, count: int, redis_url: str) -> None:
        root = Path(__file__).resolve().parent.parent
        command = [sys.executable, "-m", "benchmarks.budget_worker", redis_url]
        self.procs = [
            subprocess.Popen(command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(count)
        ]
        for proc in self.procs:
            if json.loads(self._read(proc)) != {"ready": True}:
                raise RuntimeError("a budget worker did not start")

    @staticmethod
    def _read(proc: subprocess.Popen[bytes]) -> bytes:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"a budget worker exited with {proc.wait()}")
        return line

    def run(self, commands: list[Command]) -> list[dict[str, Any]]:
        """Send one command to each of the first ``len(commands)`` workers; their answers."""
        procs = self.procs[: len(commands)]
        for proc, command in zip(procs, commands, strict=True):
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(command).encode() + b"\n")
            proc.stdin.flush()
        answers: list[dict[str, Any]] = [json.loads(self._read(p)) for p in procs]
        return answers

    def close(self) -> None:
        """Close their stdin (they exit) and wait for them."""
        for proc in self.procs:
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def running(processes: int) -> Iterator[Workers]:
    """A ``redis-server`` of its own and ``processes`` workers using it."""
    with tempfile.TemporaryDirectory() as folder:
        redis = RedisServer(Path(folder))
        redis.start()
        try:
            workers = Workers(processes, redis.url)
            try:
                yield workers
            finally:
                workers.close()
        finally:
            redis.stop()


def commands(root: str, sizes: Sizes, shape: str, budget: str, processes: int) -> list[Command]:
    """What each of ``processes`` workers runs for one variant of a group."""
    limit = processes if shape == "walk" else sizes.budget_slots
    common: Command = {
        "shape": shape,
        "budget": budget,
        "key": f"{shape}-{processes}",
        "limit": limit if budget == REDIS else limit // processes,
        "tasks": sizes.budget_tasks // processes,
    }
    if shape == "walk":
        base = f"{root}/n{sizes.budget_walk_jobs}/api"
        return [{**common, "base": base, "page_size": sizes.page_size, "jobs": []}] * processes
    base = f"{root}/n{sizes.budget_fanout_dials}-t1/api"
    job_ids = [f"bdj_{n:08d}" for n in range(sizes.budget_fanout_jobs)]
    size = sizes.budget_fanout_dials
    return [
        {**common, "base": base, "page_size": size, "jobs": job_ids[i::processes]}
        for i in range(processes)
    ]


def expected_items(sizes: Sizes, shape: str, processes: int) -> int:
    """Items every run of a group must see, across its processes."""
    if shape == "walk":
        return sizes.budget_walk_jobs * processes
    return sizes.budget_fanout_jobs * sizes.budget_fanout_dials


def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for every group: the local budget (baseline) and the Redis budget, wall and CPU."""
    groups = [(shape, n) for n in PROCESSES for shape in TARGETS]
    cpu: dict[str, list[float]] = {}
    variants: dict[str, Callable[[], object]] = {}
    with running(max(PROCESSES)) as workers:
        for shape, n in groups:
            for budget in (LOCAL, REDIS):
                name = f"{shape} x{n} {budget}"
                cpu[name] = []
                work = commands(root, sizes, shape, budget, n)
                variants[name] = _timed(workers, work, expected_items(sizes, shape, n), cpu[name])
        walls = measure(variants, sizes.runs, clock=time.perf_counter)
    rows: list[Row] = []
    for shape, n in groups:
        local, redis = f"{shape} x{n} {LOCAL}", f"{shape} x{n} {REDIS}"
        notes = {local: _note(sizes, shape, n)}
        for unit, samples in ((WALL, walls), (CPU, cpu)):
            rows += compare(
                f"budget {shape} x{n} {'wall' if unit == WALL else 'CPU'}",
                {LOCAL: samples[local][-sizes.runs :], REDIS: samples[redis][-sizes.runs :]},
                baseline=LOCAL,
                targets={REDIS: TARGETS[shape]},
                notes={LOCAL: notes[local]} if unit == WALL else None,
                unit=unit,
            )
    return rows


def _note(sizes: Sizes, shape: str, processes: int) -> str:
    procs = f"{processes} process{'es' if processes > 1 else ''}"
    if shape == "walk":
        by = "1 process" if processes == 1 else f"each of {procs}"
        return f"{sizes.budget_walk_jobs:,} jobs walked by {by}, 1 slot each"
    return (
        f"{sizes.budget_fanout_jobs:,} requests (a page of {sizes.budget_fanout_dials} dials), "
        f"{sizes.budget_tasks} tasks on {sizes.budget_slots} slots over {procs}"
    )


def _timed(
    workers: Workers, work: list[Command], expected: int, cpu: list[float]
) -> Callable[[], None]:
    def timed() -> None:
        answers = workers.run(work)
        items = sum(a["items"] for a in answers)
        errors = sum(a["errors"] for a in answers)
        if (items, errors) != (expected, 0):
            raise AssertionError(f"(items, errors) = {(items, errors)}, expected {expected}")
        cpu.append(sum(a["cpu"] for a in answers))

    return timed
