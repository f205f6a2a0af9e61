"""``fanout``: many tasks listing many jobs' dials through one client, vs raw aiohttp.

``fanout_tasks`` workers take job ids from a shared queue and walk each job's
dials to the end; every variant shares one client (one session) between its
workers. Errors are counted, not raised, and must be zero. Timed in client CPU
seconds; the wall time is in the note.
"""

from __future__ import annotations

import asyncio
import functools
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp

import vogent_async
from benchmarks import handwritten
from benchmarks.config import Sizes
from benchmarks.timing import Row, compare, measure_async
from vogent_async import models

KEY = "bench-key"
RAW = "raw aiohttp + json.loads"
HAND = "raw aiohttp + hand-written attrs"
OURS = "vogent_async list_dials"

WalkJob = Callable[[str], Awaitable[int]]


async def fan_out(job_ids: list[str], tasks: int, walk_job: WalkJob) -> tuple[int, int]:
    """``tasks`` tasks take job ids from one queue and walk each: ``(items, errors)``."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for job_id in job_ids:
        queue.put_nowait(job_id)
    totals = [0, 0]  # items, errors

    async def worker() -> None:
        while not queue.empty():
            job_id = queue.get_nowait()
            try:
                items = await walk_job(job_id)
            except Exception:
                totals[1] += 1
            else:
                totals[0] += items  # not `+= await ...`: that would lose concurrent updates

    await asyncio.gather(*(worker() for _ in range(tasks)))
    return totals[0], totals[1]


async def vogent_fanout(base_url: str, job_ids: list[str], sizes: Sizes) -> tuple[int, int]:
    """All jobs' dials through one `vogent_async.Client`."""
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:

        async def walk_job(job_id: str) -> int:
            pager = client.batch_dial_jobs.list_dials(job_id, page_size=sizes.fanout_page_size)
            return sum([1 async for _ in pager])

        return await fan_out(job_ids, sizes.fanout_tasks, walk_job)


async def raw_fanout(
    base_url: str,
    job_ids: list[str],
    sizes: Sizes,
    build: Callable[[dict[str, Any]], Any] | None = None,
) -> tuple[int, int]:
    """All jobs' dials through one aiohttp session, pages only ``json.loads``-ed.

    With ``build``, each dial is also turned into a model (the hand-written ceiling).
    """
    headers = {"Authorization": f"Bearer {KEY}"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def walk_job(job_id: str) -> int:
            url = f"{base_url}/batch_dial_jobs/{job_id}/dials"
            count, cursor = 0, None
            while True:
                params = {"limit": str(sizes.fanout_page_size)}
                if cursor is not None:
                    params["cursor"] = cursor
                async with session.get(url, params=params) as response:
                    response.raise_for_status()
                    page: Any = json.loads(await response.read())
                items = page["data"] if build is None else [build(d) for d in page["data"]]
                count += len(items)
                cursor = page["cursor"]
                if cursor is None:
                    return count

        return await fan_out(job_ids, sizes.fanout_tasks, walk_job)


async def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for the raw loop (baseline) and ``list_dials``; both must see every dial."""
    base = f"{root}/n{sizes.fanout_dials_per_job}-t{sizes.transcript_len}/api"
    job_ids = [f"bdj_{n:08d}" for n in range(sizes.fanout_jobs)]
    build = functools.partial(handwritten.dial, SimpleNamespace(**vars(models)))
    expected = (sizes.fanout_jobs * sizes.fanout_dials_per_job, 0)
    runs: dict[str, Callable[[], Awaitable[tuple[int, int]]]] = {
        RAW: lambda: raw_fanout(base, job_ids, sizes),
        HAND: lambda: raw_fanout(base, job_ids, sizes, build),
        OURS: lambda: vogent_fanout(base, job_ids, sizes),
    }
    walls: dict[str, list[float]] = {name: [] for name in runs}
    for name, fan in runs.items():
        if (got := await fan()) != expected:
            raise AssertionError(f"{name}: (items, errors) = {got}, expected {expected}")
    timed = {n: _walled(f, walls[n]) for n, f in runs.items()}
    samples = await measure_async(timed, sizes.runs, warmup=False)
    what = f"{sizes.fanout_jobs} jobs x {sizes.fanout_dials_per_job} dials, "
    what += f"{sizes.fanout_tasks} tasks, 0 errors"
    notes = {n: f"wall {statistics.median(w):.2f} s" for n, w in walls.items()}
    notes[RAW] = f"{what}; {notes[RAW]}"
    return compare("fanout", samples, baseline=RAW, targets={OURS: 1.5}, notes=notes)


def _walled(
    fan: Callable[[], Awaitable[tuple[int, int]]], walls: list[float]
) -> Callable[[], Awaitable[None]]:
    async def timed() -> None:
        start = time.perf_counter()
        items_errors = await fan()
        walls.append(time.perf_counter() - start)
        if items_errors[1]:
            raise AssertionError(f"{items_errors[1]} errors during fanout")

    return timed
