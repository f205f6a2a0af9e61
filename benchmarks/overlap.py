"""``overlap``: a consumer that awaits simulated work per page, with and without read-ahead.

With ``prefetch=1`` the pager fetches (and decodes) the next page while the
consumer works on the current one, so a page costs about ``max(fetch, work)``
instead of ``fetch + work``. Timed on the wall clock, since waiting is the point.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import vogent_async
from benchmarks.config import Sizes
from benchmarks.timing import WALL, Row, compare, measure_async

KEY = "bench-key"


async def consume(base_url: str, sizes: Sizes, prefetch: int) -> int:
    """Walk ``overlap_pages`` pages, awaiting ``overlap_work_ms`` per page; return the items."""
    work = sizes.overlap_work_ms / 1000
    count = 0
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:
        pager = client.batch_dial_jobs.list(page_size=sizes.page_size, prefetch=prefetch)
        async for page in pager.pages():
            count += len(page.items)
            await asyncio.sleep(work)
    return count


async def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for ``prefetch=0`` (the baseline) and ``prefetch=1``."""
    total = sizes.overlap_pages * sizes.page_size
    base = f"{root}/n{total}/api"
    walks: dict[str, Callable[[], Awaitable[int]]] = {
        "prefetch=0": lambda: consume(base, sizes, 0),
        "prefetch=1": lambda: consume(base, sizes, 1),
    }
    for name, walk in walks.items():
        if (got := await walk()) != total:
            raise AssertionError(f"{name} saw {got} items, expected {total}")
    samples = await measure_async(walks, sizes.runs, time.perf_counter, warmup=False)
    note = f"{sizes.overlap_pages} pages, {sizes.overlap_work_ms:g} ms of work each"
    return compare(
        "overlap",
        samples,
        baseline="prefetch=0",
        targets={"prefetch=1": 0.6},
        notes={"prefetch=0": note},
        unit=WALL,
    )
