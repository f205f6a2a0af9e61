"""``create-memory``: peak memory of ``create`` with a million rows, against the body it sends.

Issue 19 item 12: 0.1 held the rows, their dicts and the whole JSON string at
once (1.07 GB peak RSS for an 87 MB body). ``create`` now checks and encodes
each row as it is read, so the target is a peak of at most 3x the body size.

Each run is a fresh child process (``python -m benchmarks.create_memory``):
it imports and warms up the client, notes its resident set size, then creates
one job whose rows come from a generator (as when reading a CSV file) and
reports how far ``VmHWM`` rose above that, and the size of the body sent. One
variant only checks and encodes (``encode_body``); the other sends the job to
the local server, so the transport's share is counted too.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vogent_async
from benchmarks import data
from benchmarks.config import Sizes
from benchmarks.memory import _peak_mb
from benchmarks.timing import Row, compare
from vogent_async._client import _CONVERTER
from vogent_async._request._rows import encode_body
from vogent_async.models.batch_dial_jobs import _CreateJobBody

MB = "MB"
BODY = "request body"
ENCODE = "peak rise, encode_body"
SEND = "peak rise, create() to the local server"
TARGET = 3.0
NAME, AGENT, CONCURRENCY = "Renewals", "agent_1", 10


def rows(count: int) -> Iterator[dict[str, Any]]:
    """The rows, made one at a time (nothing holds them all)."""
    return (data.row(n) for n in range(count))


def _body(count: int) -> _CreateJobBody:
    return _CreateJobBody(
        name=NAME, call_agent_id=AGENT, max_concurrent_dials=CONCURRENCY, rows=rows(count)
    )


async def _send(base_url: str, count: int) -> None:
    async with vogent_async.Client("bench-key", base_url=base_url, max_retries=0) as client:
        await client.batch_dial_jobs.create(
            name=NAME, call_agent_id=AGENT, max_concurrent_dials=CONCURRENCY, rows=rows(count)
        )


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")  # pragma: no cover - Linux only, like `memory`


def measure(base_url: str, count: int, mode: str) -> dict[str, float]:
    """In a child process: the peak rise of one create of ``count`` rows, and the body size."""
    root = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "benchmarks.create_memory", base_url, str(count), mode]
    out = subprocess.run(args, cwd=root, capture_output=True, text=True, check=True).stdout
    report: dict[str, float] = json.loads(out)
    return report


def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows for the body size (baseline) and each variant's peak rise, target <= 3x."""
    base_url = f"{root}/n1/api"
    samples: dict[str, list[float]] = {BODY: [], ENCODE: [], SEND: []}
    for _ in range(sizes.memory_runs):
        for mode, name in (("encode", ENCODE), ("send", SEND)):
            report = measure(base_url, sizes.create_memory_rows, mode)
            samples[name].append(report["rise_mb"])
        samples[BODY].append(report["body_mb"])
    note = f"{sizes.create_memory_rows:,} rows from a generator, a fresh process each"
    return compare(
        "create-memory",
        samples,
        baseline=BODY,
        targets={ENCODE: TARGET, SEND: TARGET},
        notes={BODY: note},
        unit=MB,
    )


def main() -> None:
    """Child process: warm up, create once, print the peak rise and the body size as JSON."""
    base_url, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    encode_body(_body(10), _CONVERTER, stream="rows")  # imports, hooks, caches
    asyncio.run(_send(base_url, 10))
    before = _rss_mb()
    if mode == "send":
        asyncio.run(_send(base_url, count))
    else:
        encode_body(_body(count), _CONVERTER, stream="rows")
    rise = _peak_mb() - before
    body_mb = len(encode_body(_body(count), _CONVERTER, stream="rows")) / 1024 / 1024
    print(json.dumps({"rise_mb": rise, "body_mb": body_mb}))


if __name__ == "__main__":
    main()
