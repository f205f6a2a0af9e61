"""Run the suite: ``python -m benchmarks [--quick] [--only walk,...] [--runs N] [--out DIR]``.

Starts the page server in a child process, runs each benchmark, prints each
row as it is measured, and writes ``RESULTS.md`` and ``ratios.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    budget,
    create_memory,
    create_rows,
    decode,
    fake_server,
    fanout,
    findings,
    memory,
    overlap,
    report,
    server,
    tts,
    tts_ws,
    walk,
)
from benchmarks.config import FULL, SMOKE, Sizes
from benchmarks.timing import Row

Bench = Callable[[str, Sizes], list[Row]]

BENCHMARKS: dict[str, Bench] = {
    "server": fake_server.run,
    "walk": lambda root, sizes: asyncio.run(walk.run(root, sizes)),
    "walk-dials": lambda root, sizes: asyncio.run(walk.run(root, sizes, dials=True)),
    "walk-distinct": lambda root, sizes: asyncio.run(walk.run(root, sizes, distinct=True)),
    "walk-dials-distinct": lambda root, sizes: asyncio.run(
        walk.run(root, sizes, dials=True, distinct=True)
    ),
    "overlap": lambda root, sizes: asyncio.run(overlap.run(root, sizes)),
    "decode": lambda root, sizes: decode.run(sizes),
    "memory": memory.run,
    "memory-to-list": memory.run_to_list,
    "fanout": lambda root, sizes: asyncio.run(fanout.run(root, sizes)),
    "budget": budget.run,
    "create-rows": create_rows.run,
    "create-memory": create_memory.run,
    "tts": lambda root, sizes: asyncio.run(tts.run(sizes)),
    "tts-memory": lambda root, sizes: tts.run_memory(sizes),
    "tts-ws": lambda root, sizes: asyncio.run(tts_ws.run(sizes)),
}


def print_row(row: Row) -> None:
    """One console line per row."""
    ratio = "baseline" if row.ratio is None else f"{row.ratio:5.3g}x"
    target = (
        ""
        if row.target is None
        else f" (target <= {row.target:g}x: {'met' if row.met else 'MISSED'})"
    )
    print(
        f"{row.benchmark:24} {row.variant:42} median {row.median:9.3f} {row.unit:12}"
        f" [{min(row.samples):.3f}-{max(row.samples):.3f}]  {ratio}{target}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="the smoke sizes: seconds, not minutes"
    )
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated names")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="report folder")
    parser.add_argument("--runs", type=int, help="timed runs per variant (default: the sizes')")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    sizes = SMOKE if args.quick else FULL
    if args.runs:
        sizes = dataclasses.replace(sizes, runs=args.runs)
    load = os.getloadavg()[0]
    rows: list[Row] = []
    started = time.perf_counter()
    with server.running() as root:
        for name in names:
            for row in BENCHMARKS[name](root, sizes):
                print_row(row)
                rows.append(row)
    elapsed = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    run = findings.Run(sizes, elapsed, names, list(BENCHMARKS), (load, os.getloadavg()[0]))
    path = report.write(rows, args.out, preamble=findings.preamble(rows, run))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
