"""Recipe: export the dials of many jobs concurrently, with bounded concurrency.

A producer walks the job listing into a bounded queue; a fixed number of workers
each take a job id and write that job's dials to ``<out>/<job id>.csv``. The
queue's size gives back-pressure (the listing is not read far ahead of the
exports), the number of workers bounds the jobs exported at once, and the
client's ``max_concurrency`` bounds the requests in flight.

Needs Python 3.11+ for `asyncio.TaskGroup`: when one task fails, the group
cancels the others and raises an `ExceptionGroup`, so a failed export never
leaves workers running. Run it with ``python docs/examples/export_pipeline.py [OUT_DIR]``
(on a seeded fake without ``VOGENT_API_KEY``).
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import csv
import sys
from pathlib import Path
from urllib.parse import quote

import vogent_async
from vogent_async import Dial
from vogent_async.testing import FakeVogent, sandbox

# --8<-- [end:imports]

# --8<-- [start:export]
COLUMNS = ["dial_id", "to_number", "status", "result", "duration_seconds", "ended_at"]


def dial_row(dial: Dial) -> list[object]:
    """One CSV row; the API may omit any field of a dial but its id."""
    ended = dial.ended_at.isoformat() if dial.ended_at else ""
    result = dial.system_result_type or ""
    return [dial.id, dial.to_number, dial.status, result, dial.duration_seconds, ended]


def append_rows(path: Path, rows: list[list[object]], *, header: bool = False) -> None:
    """Append rows to a CSV file (blocking: run it in a thread)."""
    with path.open("a", newline="") as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(COLUMNS)
        writer.writerows(rows)


async def export_job(client: vogent_async.Client, job_id: str, out_dir: Path) -> int:
    """Write one job's dials to ``<job id>.csv``, page by page; return how many."""
    final = out_dir / f"{quote(job_id, safe='')}.csv"
    partial = final.with_suffix(".csv.part")  # renamed only once the export is complete
    await asyncio.to_thread(partial.unlink, missing_ok=True)
    await asyncio.to_thread(append_rows, partial, [], header=True)
    count = 0
    async for page in client.batch_dial_jobs.list_dials(job_id, page_size=50, prefetch=1).pages():
        rows = [dial_row(dial) for dial in page.items]
        await asyncio.to_thread(append_rows, partial, rows)
        count += len(rows)
    await asyncio.to_thread(partial.replace, final)
    return count


async def export_all(
    client: vogent_async.Client, out_dir: Path, *, status: str = "COMPLETE", workers: int = 4
) -> dict[str, int]:
    """Export the dials of every job in ``status``; return the dial count per job id."""
    queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=workers * 2)
    counts: dict[str, int] = {}

    async def produce() -> None:
        async for job in client.batch_dial_jobs.list(status=status, prefetch=1):
            await queue.put(job.id)
        for _ in range(workers):
            await queue.put(None)  # one stop sign per worker

    async def work() -> None:
        while (job_id := await queue.get()) is not None:
            counts[job_id] = await export_job(client, job_id, out_dir)

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        for _ in range(workers):
            group.create_task(work())
    return counts


# --8<-- [end:export]


def seed(fake: FakeVogent) -> None:
    """Without a key: three complete jobs with a few pages of dials each."""
    for job_id in fake.seed_jobs(3, status="COMPLETE"):
        fake.seed_dials(job_id, 120)


async def main(out_dir: str = "dials-export") -> dict[str, int]:
    """Export every complete job's dials into ``out_dir``, reporting failures."""
    path = Path(out_dir)
    await asyncio.to_thread(path.mkdir, parents=True, exist_ok=True)
    async with sandbox(seed), vogent_async.Client(max_concurrency=8) as client:
        try:
            counts = await export_all(client, path)
        except* vogent_async.APIError as group:  # a TaskGroup raises an ExceptionGroup
            for exc in group.exceptions:
                print(f"export failed: {exc}", file=sys.stderr)
            raise
    print(f"exported {sum(counts.values())} dials of {len(counts)} jobs to {path}")
    return counts


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:2]))
