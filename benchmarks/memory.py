"""``memory``: peak RSS of walking 10,000 vs 1,000,000 jobs; iteration must hold O(page).

Each walk runs in a fresh child process (``python -m benchmarks.memory``) that
reports its own peak resident set size, so one walk's garbage never inflates
another's. The server generates the jobs on the fly. The raw aiohttp loop is
walked the same way, as the floor.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
from pathlib import Path

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
    """Rows per client: the small walk (baseline) and the large one, as peak RSS."""
    rows: list[Row] = []
    for client in ("vogent_async", "raw aiohttp"):
        samples: dict[str, list[float]] = {}
        for _ in range(sizes.memory_runs):
            for total in (sizes.memory_small, sizes.memory_large):
                mb, items = peak_rss(f"{root}/n{total}/api", total, sizes.page_size, client)
                if items != total:
                    raise AssertionError(f"{client} walked {items} of {total} jobs")
                samples.setdefault(f"{client}, {total:,} jobs", []).append(mb)
        small, large = samples
        target = {large: 1.10} if client == "vogent_async" else {}
        rows += compare(f"memory ({client})", samples, baseline=small, targets=target, unit=MB)
    return rows


def main() -> None:
    """Child process: walk, then print the peak RSS as JSON."""
    base_url, page_size, client = sys.argv[1], int(sys.argv[3]), sys.argv[4]
    if client == "vogent_async":
        items, _ = asyncio.run(vogent_walk(base_url, page_size))
    else:
        items, _ = asyncio.run(raw_walk(f"{base_url}/batch_dial_jobs", page_size))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"peak_mb": peak_kb / 1024, "items": items}))


if __name__ == "__main__":
    main()
