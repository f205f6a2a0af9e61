"""``python -m vogent_async demo``: what using the client looks like, in a few seconds.

Offline (the default) it starts `FakeVogent` on 127.0.0.1, creates two batch
jobs, resumes one, lets the fake's clock run its dials, and walks the workspace
with ``async for`` as a user would: the jobs table, the campaign's progress,
and a summary of its completed dials. No key, no network.

With ``live=True`` it runs the same read-only walk (listing only, nothing is
created or changed) against the real API with the key from ``VOGENT_API_KEY``.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from vogent_async._client import Client
from vogent_async.errors import VogentError
from vogent_async.models import BatchDialJob, BatchDialRow, Dial
from vogent_async.resources._pagination import AsyncPager

__all__ = ["run_demo"]

_STEP_SECONDS = 300  # the fake clock advances five minutes between progress lines
_BAR = 30
_LIVE_CAP = 1000  # a live walk counts at most this many rows or dials per job


async def run_demo(
    *, live: bool = False, rows: int = 240, seed: int = 7, out: TextIO | None = None
) -> int:
    """Run the demo and return a process exit code.

    Args:
        live: Walk the real API (read-only) with ``VOGENT_API_KEY`` instead of the fake.
        rows: Rows of the campaign the offline demo runs (the second job gets 3/4 of it).
        seed: Seed of the fake's generated data.
        out: Where to print; standard output by default.

    Returns:
        0 on success, 1 when the API failed, 2 when ``live`` lacks a key.
    """
    stream = out or sys.stdout
    started = time.perf_counter()
    try:
        if live:
            code = await _live(stream)
        else:
            await _offline(stream, rows=rows, seed=seed)
            code = 0
    except VogentError as exc:
        print(f"\nerror: {type(exc).__name__}: {exc}", file=stream)
        return 1
    if code == 0:
        print(f"\ndone in {time.perf_counter() - started:.1f}s", file=stream)
    return code


async def _offline(out: TextIO, *, rows: int, seed: int) -> None:
    from vogent_async.testing import FakeVogent  # the server is needed only here

    async with FakeVogent(api_key="demo", seed=seed) as fake:
        print(f"A fake Vogent API is serving on {fake.base_url} (no key, no network).", file=out)
        fake.seed_jobs(4, status="COMPLETE")
        agent_ids = fake.agents.seed(2)  # a job must name an agent the fake holds
        async with Client(fake.api_key, base_url=fake.base_url) as client:
            agent = await client.agents.get(agent_ids[0])
            print(f"Agent {agent.name!r} ({agent.id}) will make the calls.", file=out)
            jobs = client.batch_dial_jobs
            renewals = await jobs.create(
                name="Renewals (demo)",
                call_agent_id=agent.id,
                max_concurrent_dials=8,
                rows=_rows(rows, "Renewal"),
            )
            await jobs.create(
                name="Win-back (demo, not started)",
                call_agent_id=agent_ids[1],
                max_concurrent_dials=4,
                rows=_rows(rows * 3 // 4, "Win-back"),
            )
            await _print_jobs(client, out, "The workspace after creating two jobs")
            await jobs.resume(renewals.id)
            print(f"\nResumed {renewals.name!r}; the fake's clock now runs its dials:", file=out)
            while (await jobs.get(renewals.id)).status != "COMPLETE":
                fake.advance(_STEP_SECONDS)
                await _print_progress(client, renewals, rows, fake.now.strftime("%H:%M"), out)
            await _print_jobs(client, out, "The workspace afterwards")
            await _print_dials(client, renewals, out)
            print(f"\nThe fake answered {len(fake.requests)} HTTP requests.", file=out)


async def _live(out: TextIO) -> int:
    if not os.environ.get("VOGENT_API_KEY"):
        print("error: --live needs VOGENT_API_KEY set to your API key", file=out)
        return 2
    async with Client() as client:
        print(f"Walking your workspace at {client.base_url} (read-only).", file=out)
        listed = await _print_jobs(client, out, "Your batch dial jobs (newest 20)")
        for job in listed[:3]:
            await _print_progress(client, job, None, str(job.status), out)
        if listed:
            await _print_dials(client, listed[0], out, max_items=500)
    return 0


def _rows(n: int, campaign: str) -> list[BatchDialRow]:
    return [
        BatchDialRow(
            to_number=f"+1555{2000000 + i:07d}",
            inputs={"customer_name": f"{campaign} customer {i + 1}", "plan": "Gold"},
        )
        for i in range(n)
    ]


async def _print_jobs(client: Client, out: TextIO, title: str) -> list[BatchDialJob]:
    """Walk the jobs with ``async for`` and print them as a table."""
    listed = [job async for job in client.batch_dial_jobs.list(max_items=20)]
    print(f"\n{title}:", file=out)
    header = ("NAME", "STATUS", "MAX", "CREATED (UTC)", "ID")
    table = [
        (
            j.name,
            str(j.status),
            str(j.max_concurrent_dials),
            j.created_at.strftime("%Y-%m-%d %H:%M"),
            j.id[:8],
        )
        for j in listed
    ]
    _print_table(header, table, out)
    return listed


async def _print_progress(
    client: Client, job: BatchDialJob, total: int | None, label: str, out: TextIO
) -> None:
    """Count the queue and the completed dials by walking both listings.

    Without a known ``total`` (a live job), each count stops at ``_LIVE_CAP``.
    """
    jobs = client.batch_dial_jobs
    cap = None if total is not None else _LIVE_CAP
    queued = await _count(jobs.list_queued(job.id, page_size=200, max_items=cap))
    done = await _count(jobs.list_dials(job.id, page_size=200, max_items=cap))
    if total is None:
        counts = f"queued {_capped(queued):>6}  completed {_capped(done):>6}"
        print(f"  {job.name[:30]:<30} {label:<9} {counts}", file=out)
        return
    filled = round(_BAR * done / total) if total else _BAR
    bar = "#" * filled + "-" * (_BAR - filled)
    in_progress = total - queued - done  # listed nowhere by the API: derived
    print(
        f"  {label}  [{bar}] {done:>4}/{total} done  {in_progress:>2} in progress  "
        f"{queued:>4} queued",
        file=out,
    )


async def _count(pager: AsyncPager[Any]) -> int:
    return sum([1 async for _ in pager])


def _capped(n: int) -> str:
    return f"{n}+" if n >= _LIVE_CAP else str(n)


async def _print_dials(
    client: Client, job: BatchDialJob, out: TextIO, *, max_items: int | None = None
) -> None:
    """Summarise a job's completed dials: outcomes, talk time, extracted results."""
    dials = [d async for d in client.batch_dial_jobs.list_dials(job.id, max_items=max_items)]
    print(f"\nCompleted dials of {job.name!r}: {len(dials)}", file=out)
    if not dials:
        return
    outcomes = collections.Counter(f"{d.status} / {d.system_result_type}" for d in dials)
    _print_table(("STATUS / RESULT", "DIALS", "SHARE"), _shares(outcomes, len(dials)), out)
    talked = [d.duration_seconds for d in dials if d.duration_seconds]
    if talked:
        minutes = sum(talked) / 60
        print(
            f"\nTalk time: {minutes:.0f} min over {len(talked)} answered calls "
            f"(average {sum(talked) / len(talked):.0f} s).",
            file=out,
        )
    results = collections.Counter(
        str(d.ai_result.get("outcome")) for d in dials if d.ai_result and "outcome" in d.ai_result
    )
    if results:
        print(
            "Extracted outcomes (aiResult): "
            + ", ".join(f"{k} {v}" for k, v in results.most_common()),
            file=out,
        )
    _print_sample(dials, out)


def _shares(counts: collections.Counter[str], total: int) -> list[tuple[str, ...]]:
    return [(k, str(v), f"{100 * v / total:.0f}%") for k, v in counts.most_common()]


def _print_sample(dials: Sequence[Dial], out: TextIO) -> None:
    sample = next((d for d in dials if d.transcript and len(d.transcript) > 2), None)
    if sample is None or not sample.transcript:
        return
    print(f"\nThe start of one call to {sample.to_number}:", file=out)
    for item in sample.transcript[:4]:
        print(f"  {item.speaker:>5}: {item.text}", file=out)


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    for line in (header, *rows):
        print(
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip(),
            file=out,
        )
