"""``server``: is `vogent_async.testing.FakeVogent` fast enough to benchmark against?

``python -m benchmarks.fake_server N`` serves a fake seeded with ``N`` jobs
(requests not recorded) in its own process and prints ``PORT <n>``. The
benchmark walks the same number of jobs with the raw aiohttp loop from the
fake and from `benchmarks.server`, on the wall clock: the loop does almost no
work, so the time is the server's, and the slower server would be the
bottleneck of every other benchmark.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Awaitable, Callable

from benchmarks import server
from benchmarks.config import Sizes
from benchmarks.timing import WALL, Row, compare, measure_async
from benchmarks.walk import raw_walk
from vogent_async.testing import FakeVogent

STATIC = "benchmarks/server.py (static pages)"
FAKE = "FakeVogent (seeded)"


async def _serve(jobs: int) -> None:
    async with FakeVogent("bench-key", record_requests=False, max_page_size=1000) as fake:
        fake.seed_jobs(jobs, spacing=1.0)
        print(f"PORT {fake.base_url.split(':')[-1].split('/')[0]}", flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()


async def _compare(static_url: str, fake_url: str, sizes: Sizes) -> list[Row]:
    size, total = sizes.page_size, sizes.server_jobs
    walks: dict[str, Callable[[], Awaitable[tuple[int, str]]]] = {
        STATIC: lambda: raw_walk(static_url, size),
        FAKE: lambda: raw_walk(fake_url, size),
    }
    for name, walk in walks.items():
        if (got := (await walk())[0]) != total:
            raise AssertionError(f"{name} served {got} of {total} jobs")
    samples = await measure_async(walks, sizes.runs, time.perf_counter, warmup=False)
    note = f"raw loop over {total:,} jobs: the time is the server's"
    return compare("server", samples, baseline=STATIC, notes={STATIC: note}, unit=WALL)


def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for the static server (baseline) and the fake."""
    static_url = f"{root}/n{sizes.server_jobs}/api/batch_dial_jobs"
    with server.running(f"benchmarks.fake_server {sizes.server_jobs}") as fake_root:
        return asyncio.run(_compare(static_url, f"{fake_root}/api/batch_dial_jobs", sizes))


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1])))
