"""``walk`` and ``walk-dials``: ``async for`` over a whole listing vs what users would pick instead.

Variants, all timed in the same run against the same server process:

* ``raw aiohttp + json.loads`` - the limit: follows the cursor and only parses pages.
* ``raw aiohttp + hand-written attrs`` - the same loop building the package's models
  by hand (`benchmarks.handwritten`): the ceiling for any client returning attrs models.
* ``vogent_async`` - ``async for`` over ``client.batch_dial_jobs.list(...)`` (or ``list_dials``).
* ``httpx + pydantic v2`` - baseline (b), see `benchmarks.pydantic_baseline`.
* ``openapi-python-client`` - baseline (c), see `benchmarks.generated_baseline`.

The last two need the ``bench`` extra and are loaded by name, so that the
smoke test (and ``mypy`` over ``tests``) work with the ``dev`` extra alone.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp

import vogent_async
from benchmarks import handwritten
from benchmarks.config import Sizes
from benchmarks.timing import Row, compare, measure_async
from vogent_async import AsyncPager, BatchDialJob, Dial, models

RAW = "raw aiohttp + json.loads"
HAND = "raw aiohttp + hand-written attrs"
OURS = "vogent_async"
PYDANTIC = "httpx + pydantic v2"
GENERATED = "openapi-python-client"
KEY = "bench-key"
JOB_ID = "bdj_00000001"

Walk = Callable[[], Awaitable[Any]]


async def raw_walk(
    url: str, page_size: int, build: Callable[[dict[str, Any]], Any] | None = None
) -> tuple[int, str]:
    """The limit: fetch each page with aiohttp, ``json.loads`` it, follow the cursor.

    With ``build``, each item is also turned into a model (the hand-written ceiling).
    """
    count, last, cursor = 0, "", None
    headers = {"Authorization": f"Bearer {KEY}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        while True:
            params = {"limit": str(page_size)}
            if cursor is not None:
                params["cursor"] = cursor
            async with session.get(url, params=params) as response:
                response.raise_for_status()
                page = json.loads(await response.read())
            if build is not None:
                for item in [build(d) for d in page["data"]]:
                    last = item.id
            count += len(page["data"])
            last = page["data"][-1]["id"] if page["data"] else last
            cursor = page["cursor"]
            if cursor is None:
                return count, last


async def vogent_walk(
    base_url: str, page_size: int, *, job_id: str | None = None, prefetch: int = 0
) -> tuple[int, str]:
    """Walk jobs (or one job's dials) with ``async for`` over the package's pager."""
    count, last = 0, ""
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:
        jobs = client.batch_dial_jobs
        pager: AsyncPager[BatchDialJob] | AsyncPager[Dial] = (
            jobs.list(page_size=page_size, prefetch=prefetch)
            if job_id is None
            else jobs.list_dials(job_id, page_size=page_size, prefetch=prefetch)
        )
        async for item in pager:
            count += 1
            last = item.id
    return count, last


def baselines_available() -> bool:
    """Whether the ``bench`` extra (httpx, pydantic, the generator) is installed."""
    try:
        importlib.import_module("benchmarks.pydantic_baseline")
        importlib.import_module("benchmarks.generated_baseline")
    except ImportError:
        return False
    return True


def variants(
    root: str, sizes: Sizes, *, dials: bool, distinct: bool = False
) -> tuple[dict[str, Walk], str]:
    """The walks to time, and the note saying how baseline (c) was generated.

    The *distinct* data set (the worst case for sharing) is walked by the raw loop,
    vogent_async and httpx + pydantic only, to keep the suite's time in bounds.
    """
    suffix = "-d" if distinct else ""
    if dials:
        base = f"{root}/n{sizes.walk_dials}-t{sizes.transcript_len}{suffix}/api"
        url, size, job_id = f"{base}/batch_dial_jobs/{JOB_ID}/dials", sizes.dial_page_size, JOB_ID
    else:
        base = f"{root}/n{sizes.walk_jobs}{suffix}/api"
        url, size, job_id = f"{base}/batch_dial_jobs", sizes.page_size, None
    ns = SimpleNamespace(**vars(models))
    build = functools.partial(handwritten.dial if dials else handwritten.job, ns)
    walks: dict[str, Walk] = {
        RAW: lambda: raw_walk(url, size),
        HAND: lambda: raw_walk(url, size, build),
        OURS: lambda: vogent_walk(base, size, job_id=job_id),
    }
    if not baselines_available():
        return walks, ""
    pyd: Any = importlib.import_module("benchmarks.pydantic_baseline")
    gen_mod: Any = importlib.import_module("benchmarks.generated_baseline")
    generated = gen_mod.generated()
    walks[PYDANTIC] = lambda: pyd.walk(url, size, dials=dials)
    if distinct:
        del walks[HAND]
        return walks, ""
    walks[GENERATED] = lambda: gen_mod.walk(generated, base, size, job_id=job_id)
    return walks, generated.note


async def check(walks: dict[str, Walk], expected: tuple[int, str]) -> None:
    """Every variant must see every item, ending on the last one."""
    for name, walk in walks.items():
        got = await walk()
        if tuple(got) != expected:
            raise AssertionError(f"{name} walked {got}, expected {expected}")


async def run(root: str, sizes: Sizes, *, dials: bool = False, distinct: bool = False) -> list[Row]:
    """Time every variant of ``walk`` (or ``walk-dials``); rows with ratios to the raw loop."""
    total = sizes.walk_dials if dials else sizes.walk_jobs
    expected = (total, f"dial_{total - 1:08d}" if dials else f"bdj_{total - 1:08d}")
    walks, note = variants(root, sizes, dials=dials, distinct=distinct)
    await check(walks, expected)
    samples = await measure_async(walks, sizes.runs, warmup=False)
    name = ("walk-dials" if dials else "walk") + (" (distinct)" if distinct else "")
    what = f"{total:,} {'dials' if dials else 'jobs'}"
    data_set = "every nested object distinct" if distinct else "realistic repetition"
    return compare(
        name,
        samples,
        baseline=RAW,
        targets={} if distinct else {OURS: 1.8 if dials else 1.5},
        notes={RAW: f"{what}, {data_set}, the limit", GENERATED: note},
        items=total,
    )
