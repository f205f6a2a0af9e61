"""``memory``: peak RSS of walking 10,000 vs 1,000,000 jobs; iteration must hold O(page).

Each walk runs in a fresh child process (``python -m benchmarks.memory``) that
reports its own peak resident set size, so one walk's garbage never inflates
another's. The server generates the jobs on the fly.

The peak is ``VmHWM`` from ``/proc/self/status``, which belongs to the child's
own address space. ``ru_maxrss`` would not do: Linux carries it across
``execve``, so every child would report the (larger) peak of the parent it
was forked from.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

import vogent_async
from benchmarks.config import Sizes
from benchmarks.timing import Row, compare
from benchmarks.walk import raw_walk, vogent_walk

MB = "MB peak RSS"


def peak_rss(base_url: str, total: int, page_size: int, client: str) -> tuple[float, int]:
    """Walk ``total`` jobs in a child process; return its peak RSS in MB and the items seen."""
    root = Path(__file__).resolve().parent.parent
    module = "benchmarks.memory"
    args = [sys.executable, "-m", module, base_url, str(total), str(page_size), client]
    out = subprocess.run(args, cwd=root, capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    return float(report["peak_mb"]), int(report["items"])


def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for the small walk (baseline) and the large one, as peak RSS of vogent_async."""
    samples: dict[str, list[float]] = {}
    for _ in range(sizes.memory_runs):
        for total in (sizes.memory_small, sizes.memory_large):
            mb, items = peak_rss(f"{root}/n{total}/api", total, sizes.page_size, "vogent_async")
            if items != total:
                raise AssertionError(f"walked {items} of {total} jobs")
            samples.setdefault(f"{total:,} jobs", []).append(mb)
    small, large = samples
    note = f"async for over the jobs, pages of {sizes.page_size}, a fresh process each"
    return compare(
        "memory", samples, baseline=small, targets={large: 1.10}, notes={small: note}, unit=MB
    )


def run_to_list(root: str, sizes: Sizes) -> list[Row]:
    """Rows for the memory ``to_list()`` keeps of one job's dials, with and without sharing.

    The target row counts the bytes exactly: every allocation the second listing
    made and still holds, traced by ``tracemalloc`` (the numbers do not vary, so
    one run each). The RSS rows say what the operating system saw; they vary from
    run to run, and run low, since the list reuses memory that the warm-up
    listing freed and the allocator kept.
    """
    total, transcript = sizes.memory_dials, sizes.memory_transcript_len
    url = f"{root}/n{total}-t{transcript}/api"
    traced: dict[str, list[float]] = {}
    rss: dict[str, list[float]] = {}
    for mode in ("plain", "shared"):
        traced[TO_LIST[mode]] = [_listed(url, total, f"{mode}-traced")]
    for _ in range(max(1, sizes.memory_runs // 2)):
        for mode in ("plain", "shared"):
            rss.setdefault(TO_LIST[mode], []).append(_listed(url, total, mode))
    what = (
        f"{total:,} dials of one job ({transcript} transcript entries each), a fresh process each"
    )
    plain, shared = TO_LIST["plain"], TO_LIST["shared"]
    return compare(
        "memory to_list",
        traced,
        baseline=plain,
        targets={shared: 0.5},
        notes={plain: f"{what}; bytes the list holds, traced"},
        unit="MB traced",
    ) + compare(
        "memory to_list (RSS)",
        rss,
        baseline=plain,
        notes={plain: f"{what}; RSS after minus before the listing"},
        unit="MB RSS",
    )


TO_LIST = {"plain": "to_list(), no sharing", "shared": "to_list(), vogent_async"}


def _listed(url: str, total: int, mode: str) -> float:
    mb, items = peak_rss(url, total, 100, mode)
    if items != total:
        raise AssertionError(f"listed {items} of {total} dials")
    return mb


async def _to_list_mb(base_url: str, share: bool, trace: bool) -> tuple[float, int]:
    """List every dial of one job into memory; the MB the list added, and its length.

    With ``trace``, the MB are the bytes allocated during the listing and still
    held after it (``tracemalloc``); otherwise the rise of the RSS.
    """
    import gc

    from vogent_async import _client
    from vogent_async._codec._converter import Converter

    _client._CONVERTER = Converter(share=share)
    async with vogent_async.Client("bench-key", base_url=base_url, max_retries=0) as client:
        await client.batch_dial_jobs.list_dials("bdj_00000001", page_size=100).to_list()
        gc.collect()
        if trace:
            tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0] / 2**20 if trace else _rss_mb()
        dials = await client.batch_dial_jobs.list_dials("bdj_00000001", page_size=100).to_list()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0] / 2**20 if trace else _rss_mb()
        tracemalloc.stop()
        return after - before, len(dials)


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover - Linux only


def _peak_mb() -> float:
    """This process's peak RSS in MB (``VmHWM``; ``ru_maxrss`` where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    """Child process: walk, then print the peak RSS as JSON."""
    base_url, page_size, client = sys.argv[1], int(sys.argv[3]), sys.argv[4]
    mode, _, traced = client.partition("-")
    if mode in TO_LIST:
        mb, items = asyncio.run(_to_list_mb(base_url, mode == "shared", traced == "traced"))
        print(json.dumps({"peak_mb": mb, "items": items}))
        return
    if client == "vogent_async":
        items, _ = asyncio.run(vogent_walk(base_url, page_size))
    else:
        items, _ = asyncio.run(raw_walk(f"{base_url}/batch_dial_jobs", page_size))
    print(json.dumps({"peak_mb": _peak_mb(), "items": items}))


if __name__ == "__main__":
    main()
