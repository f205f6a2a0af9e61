"""Recipe: a worker that exports a job's dials and resumes where it stopped after a crash.

After each page the worker appends the page's dials to a JSON-lines file, makes
them durable, then atomically replaces a small checkpoint holding the cursor of
the next page and the output file's length. A restarted worker (a new process,
or the supervisor below after an error) truncates the output to that length,
dropping a page written after the last checkpoint, and continues from the
cursor: every dial ends up in the file exactly once.

Run it with ``python docs/examples/resumable_worker.py [JOB_ID [OUT.jsonl]]``: with no
job named, the first complete job listed (on a seeded fake without ``VOGENT_API_KEY``).
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import vogent_async
from vogent_async import Dial
from vogent_async.testing import FakeVogent, sandbox

# --8<-- [end:imports]


# --8<-- [start:worker]
def load_checkpoint(state: Path) -> dict[str, Any]:
    """The saved position: next cursor, whether the walk is done, output length."""
    if not state.exists():
        return {"cursor": None, "done": False, "offset": 0}
    saved: dict[str, Any] = json.loads(state.read_text())
    return saved


def save_checkpoint(state: Path, cursor: str | None, offset: int) -> None:
    """Replace the checkpoint atomically: a crash leaves the old one or the new one."""
    tmp = state.with_suffix(".tmp")
    with tmp.open("w") as f:
        json.dump({"cursor": cursor, "done": cursor is None, "offset": offset}, f)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(state)


def append_lines(out: Path, offset: int, lines: list[str]) -> int:
    """Cut ``out`` back to ``offset``, append ``lines`` durably, return the new length."""
    with out.open("a+b") as f:
        f.truncate(offset)
        f.write("".join(lines).encode())
        f.flush()
        os.fsync(f.fileno())
        return f.tell()


def dial_line(dial: Dial) -> str:
    """One dial as a JSON line; the API may omit any field of a dial but its id."""
    ended = dial.ended_at.isoformat() if dial.ended_at else None
    record = {"id": dial.id, "to_number": dial.to_number, "status": dial.status, "ended": ended}
    return json.dumps(record) + "\n"


async def export_dials(client: vogent_async.Client, job_id: str, out: Path, state: Path) -> int:
    """Export the job's dials to ``out``, resuming from ``state``; return dials written now."""
    saved = await asyncio.to_thread(load_checkpoint, state)
    if saved["done"]:
        return 0
    offset: int = saved["offset"]
    written = 0
    pager = client.batch_dial_jobs.list_dials(job_id, cursor=saved["cursor"], page_size=50)
    async for page in pager.pages():
        lines = [dial_line(dial) for dial in page.items]
        offset = await asyncio.to_thread(append_lines, out, offset, lines)
        await asyncio.to_thread(save_checkpoint, state, page.next_cursor, offset)
        written += len(lines)
    return written


async def supervise(
    client: vogent_async.Client,
    job_id: str,
    out: Path,
    state: Path,
    *,
    restarts: int = 5,
    pause: float = 1.0,
) -> None:
    """Run the export to the end, restarting it from the checkpoint after a failure."""
    for attempt in range(restarts + 1):
        try:
            await export_dials(client, job_id, out, state)
            return
        except (vogent_async.APIError, vogent_async.PaginationError) as exc:
            if attempt == restarts:
                raise
            print(f"export stopped ({exc}); resuming in {pause}s", file=sys.stderr)
            await asyncio.sleep(pause)


# --8<-- [end:worker]


def count_lines(out: Path) -> int:
    """How many dials the output file holds."""
    with out.open("rb") as f:
        return sum(1 for _ in f)


def seed(fake: FakeVogent) -> None:
    """Without a key: one complete job with three pages of dials."""
    [job_id] = fake.seed_jobs(1, status="COMPLETE")
    fake.seed_dials(job_id, 230)


async def newest_complete_job(client: vogent_async.Client) -> str:
    """The id of the first complete job the workspace lists, for a run with no job named."""
    jobs = await client.batch_dial_jobs.list(status="COMPLETE", max_items=1).to_list()
    if not jobs:
        raise SystemExit("no complete batch dial job to export: name one, JOB_ID [OUT]")
    return jobs[0].id


async def main(job_id: str | None = None, out: str = "dials.jsonl", *, pause: float = 1.0) -> int:
    """Export one job's dials to ``out`` (checkpoint beside it); return the dial count.

    With no ``job_id``, the first complete job listed (on the seeded fake without a key).
    """
    out_path, state = Path(out), Path(out + ".state")
    async with sandbox(seed), vogent_async.Client() as client:
        job_id = job_id or await newest_complete_job(client)
        await supervise(client, job_id, out_path, state, pause=pause)
    count = await asyncio.to_thread(count_lines, out_path)
    print(f"{job_id}: {count} dials in {out_path}")
    return count


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:3]))
