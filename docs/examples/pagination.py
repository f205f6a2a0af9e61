"""The snippets of the pagination guide, as functions a test runs against the fake server."""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import json
from pathlib import Path

import vogent_async
from vogent_async import BatchDialJob
from vogent_async.testing import FakeVogent, sandbox

# --8<-- [end:imports]


# --8<-- [start:items]
async def all_job_names(client: vogent_async.Client) -> list[str]:
    """Walk every job of every page, one item at a time."""
    return [job.name async for job in client.batch_dial_jobs.list()]


# --8<-- [end:items]


# --8<-- [start:pages]
async def page_sizes(client: vogent_async.Client) -> list[int]:
    """Walk whole pages, asking the server for 50 items per page."""
    sizes = []
    async for page in client.batch_dial_jobs.list(page_size=50).pages():
        sizes.append(len(page.items))  # page.next_cursor is None on the last page
    return sizes


# --8<-- [end:pages]


# --8<-- [start:max-items]
async def newest_paused(client: vogent_async.Client) -> list[BatchDialJob]:
    """Collect at most ten paused jobs; no page after the tenth item is fetched."""
    return await client.batch_dial_jobs.list(status="PAUSED", max_items=10).to_list()


# --8<-- [end:max-items]


# --8<-- [start:checkpoint]
def load_cursor(state: Path) -> tuple[str | None, bool]:
    """Read the saved position: the cursor to resume at, and whether the walk finished."""
    if not state.exists():
        return None, False
    saved = json.loads(state.read_text())
    return saved["cursor"], saved["done"]


def save_cursor(state: Path, cursor: str | None) -> None:
    """Record that everything before ``cursor`` is handled (``None``: all of it)."""
    state.write_text(json.dumps({"cursor": cursor, "done": cursor is None}))


async def export_names(client: vogent_async.Client, state: Path, out: Path) -> int:
    """Append every job name to ``out``; run it again after a crash to resume."""
    cursor, done = await asyncio.to_thread(load_cursor, state)
    if done:
        return 0
    written = 0
    pager = client.batch_dial_jobs.list(cursor=cursor, page_size=100, prefetch=1)
    async for page in pager.pages():
        lines = "".join(f"{job.name}\n" for job in page.items)
        await asyncio.to_thread(_append, out, lines)
        written += len(page.items)
        # Save only once the page is handled: a crash before this line repeats
        # the page on restart; a crash after it resumes right past it.
        await asyncio.to_thread(save_cursor, state, page.next_cursor)
    return written


def _append(path: Path, text: str) -> None:
    with path.open("a") as f:
        f.write(text)


# --8<-- [end:checkpoint]


def seed(fake: FakeVogent) -> None:
    """Without a key: jobs enough for three pages, some of them paused."""
    fake.seed_jobs(120, status="COMPLETE")
    fake.seed_jobs(15, status="PAUSED")


async def main() -> None:
    """Run the snippets against ``VOGENT_API_KEY``'s workspace, or a seeded fake without one."""
    async with sandbox(seed), vogent_async.Client() as client:
        print(await all_job_names(client))
        print(await page_sizes(client))
        print([job.id for job in await newest_paused(client)])


if __name__ == "__main__":
    asyncio.run(main())
