"""``overlap``: a consumer that awaits simulated work per page, with and without read-ahead.

With ``prefetch=1`` the pager fetches (and decodes) the next page while the
consumer works on the current one, so a page costs about ``max(fetch, work)``
instead of ``fetch + work``: the best ratio is ``max(fetch, work) / (fetch + work)``.
With a fixed amount of work that bound would depend on the machine (the slower the
fetch, the closer to 1), so the work is calibrated in each run: walks without work
first measure the fetch time per page (their own row, ``no work (calibration)``),
and the consumer then awaits that long per page (at least ``overlap_work_ms``),
which puts the best ratio at 0.5. On a machine that fetches a page faster than
that floor, the pages are made larger (and the calibration run again) until a
page's fetch takes at least the floor, so that the work still equals the fetch
and 0.5 stays the bound. Timed on the wall clock, since waiting is the point.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import math
import statistics
import time
from collections.abc import Awaitable, Callable

import vogent_async
from benchmarks.config import Sizes
from benchmarks.timing import WALL, Row, compare, measure_async

KEY = "bench-key"
CALIBRATION = "no work (calibration)"
CALIBRATION_NOTE = "prefetch=0 without work, timed first: sets the work per page"

Walks = dict[str, Callable[[], Awaitable[int]]]


async def consume(base_url: str, sizes: Sizes, prefetch: int, work: float) -> int:
    """Walk ``overlap_pages`` pages, awaiting ``work`` seconds per page; return the items."""
    count = 0
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:
        pager = client.batch_dial_jobs.list(page_size=sizes.page_size, prefetch=prefetch)
        async for page in pager.pages():
            count += len(page.items)
            if work > 0:
                await asyncio.sleep(work)
    return count


def work_per_page(walk: float, sizes: Sizes) -> float:
    """The consumer's work per page, in seconds, for a walk without work that took ``walk``.

    The fetch (and decode) time per page, so that work and fetch are equal; at
    least ``overlap_work_ms``, below which ``asyncio.sleep`` is mostly timer noise.
    """
    return max(walk / sizes.overlap_pages, sizes.overlap_work_ms / 1000)


async def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for ``prefetch=0`` (the baseline), ``prefetch=1`` and the calibration walks."""
    sizes, calibration = await _calibrated(root, sizes)
    total = sizes.overlap_pages * sizes.page_size
    base = f"{root}/n{total}/api"
    work = work_per_page(statistics.median(calibration), sizes)
    walks: Walks = {
        "prefetch=0": lambda: consume(base, sizes, 0, work),
        "prefetch=1": lambda: consume(base, sizes, 1, work),
    }
    samples = {**await _timed(walks, total, sizes), CALIBRATION: calibration}
    return compare(
        "overlap",
        samples,
        baseline="prefetch=0",
        targets={"prefetch=1": 0.6},
        notes={"prefetch=0": note(sizes, calibration), CALIBRATION: CALIBRATION_NOTE},
        unit=WALL,
    )


async def _calibrated(root: str, sizes: Sizes) -> tuple[Sizes, list[float]]:
    """The sizes to walk (pages large enough to take the floor to fetch) and their calibration."""
    floor = sizes.overlap_work_ms / 1000
    while True:
        total = sizes.overlap_pages * sizes.page_size
        walk = functools.partial(consume, f"{root}/n{total}/api", sizes, 0, 0.0)
        calibration = (await _timed({CALIBRATION: walk}, total, sizes))[CALIBRATION]
        fetch = statistics.median(calibration) / sizes.overlap_pages
        if fetch >= floor:
            return sizes, calibration
        # Half again the pages' size the floor asks for, so the next calibration clears it.
        grow = math.ceil(1.5 * floor / fetch)
        sizes = dataclasses.replace(sizes, page_size=sizes.page_size * grow)


def note(sizes: Sizes, calibration: list[float]) -> str:
    """The baseline's note: the pages and the work per page the calibration walks set."""
    walk = statistics.median(calibration)
    fetch, work = 1000 * walk / sizes.overlap_pages, 1000 * work_per_page(walk, sizes)
    pages = f"{sizes.overlap_pages} pages of {sizes.page_size}, work per page"
    if work > fetch:  # the floor applied
        return f"{pages} = {work:g} ms (floor; measured fetch time {fetch:.2f} ms)"
    return f"{pages} = measured fetch time, {fetch:.2f} ms"


async def _timed(walks: Walks, total: int, sizes: Sizes) -> dict[str, list[float]]:
    """A checking pass (every walk must see every item), then ``sizes.runs`` timed rounds."""
    for name, walk in walks.items():
        if (got := await walk()) != total:
            raise AssertionError(f"{name} saw {got} items, expected {total}")
    return await measure_async(walks, sizes.runs, time.perf_counter, warmup=False)
