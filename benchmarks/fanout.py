"""``fanout``: many tasks sharing one client, vs raw aiohttp sharing one session.

Two workloads, each timed in client CPU seconds and in wall seconds, runs of
all variants interleaved. *Listings*: ``fanout_tasks`` workers take job ids from
a shared queue and walk each job's dials to the end. *Single calls*: the same
workers take ``fanout_calls`` calls from a shared queue, a third each of
``dials.get``, ``agents.get`` (which reads the one page of ``fanout_agents``
agents) and ``dials.create``. Errors are counted, not raised, and must be zero.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp

import vogent_async
from benchmarks import handwritten
from benchmarks.config import Sizes
from benchmarks.timing import WALL, Row, compare, measure_async
from vogent_async import models

KEY = "bench-key"
RAW = "raw aiohttp + json.loads"
HAND = "raw aiohttp + hand-written attrs"
OURS = "vogent_async list_dials"
OURS_CALLS = "vogent_async single calls"
TARGET = 1.3

WalkJob = Callable[[str], Awaitable[int]]


async def fan_out(work: list[str], tasks: int, do: WalkJob) -> tuple[int, int]:
    """``tasks`` tasks take items from one queue and ``do`` each: ``(items, errors)``."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    totals = [0, 0]  # items, errors

    async def worker() -> None:
        while not queue.empty():
            item = queue.get_nowait()
            try:
                items = await do(item)
            except Exception:
                totals[1] += 1
            else:
                totals[0] += items  # not `+= await ...`: that would lose concurrent updates

    await asyncio.gather(*(worker() for _ in range(tasks)))
    return totals[0], totals[1]


async def vogent_fanout(base_url: str, job_ids: list[str], sizes: Sizes) -> tuple[int, int]:
    """All jobs' dials through one `vogent_async.Client`."""
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:

        async def walk_job(job_id: str) -> int:
            pager = client.batch_dial_jobs.list_dials(job_id, page_size=sizes.fanout_page_size)
            return sum([1 async for _ in pager])

        return await fan_out(job_ids, sizes.fanout_tasks, walk_job)


async def raw_fanout(
    base_url: str,
    job_ids: list[str],
    sizes: Sizes,
    build: Callable[[dict[str, Any]], Any] | None = None,
) -> tuple[int, int]:
    """All jobs' dials through one aiohttp session, pages only ``json.loads``-ed.

    With ``build``, each dial is also turned into a model (the hand-written ceiling).
    """
    headers = {"Authorization": f"Bearer {KEY}"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def walk_job(job_id: str) -> int:
            url = f"{base_url}/batch_dial_jobs/{job_id}/dials"
            count, cursor = 0, None
            while True:
                params = {"limit": str(sizes.fanout_page_size)}
                if cursor is not None:
                    params["cursor"] = cursor
                async with session.get(url, params=params) as response:
                    response.raise_for_status()
                    page: Any = json.loads(await response.read())
                items = page["data"] if build is None else [build(d) for d in page["data"]]
                count += len(items)
                cursor = page["cursor"]
                if cursor is None:
                    return count

        return await fan_out(job_ids, sizes.fanout_tasks, walk_job)


async def vogent_calls(base_url: str, work: list[str], sizes: Sizes) -> tuple[int, int]:
    """Single calls (see `calls`) through one `vogent_async.Client`."""
    async with vogent_async.Client(KEY, base_url=base_url, max_retries=0) as client:

        async def call(item: str) -> int:
            kind, n = _call(item)
            if kind == "get":
                await client.dials.get(f"dial_{n:08d}")
            elif kind == "agent":
                await client.agents.get(f"agent_{n % sizes.fanout_agents}")
            else:
                await client.dials.create(
                    call_agent_id="agent_1", to_number=_number(n), from_number_id="pn_1"
                )
            return 1

        return await fan_out(work, sizes.fanout_tasks, call)


async def raw_calls(
    base_url: str, work: list[str], sizes: Sizes, build: SimpleNamespace | None = None
) -> tuple[int, int]:
    """The same calls through one aiohttp session, bodies ``json.dumps``-ed, answers loaded.

    With ``build`` (the models' namespace), each answer is also turned into its model by
    hand-written code (the hand-written ceiling): the dial, the agent found, the session.
    """
    headers = {"Authorization": f"Bearer {KEY}"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def call(item: str) -> int:
            kind, n = _call(item)
            if kind == "get":
                dial = await _raw_json(session.get(f"{base_url}/dials/dial_{n:08d}"))
                if build is not None:
                    handwritten.dial(build, dial)
            elif kind == "agent":
                page = await _raw_json(session.get(f"{base_url}/agents", params={"limit": "100"}))
                wanted = f"agent_{n % sizes.fanout_agents}"
                agent = next(a for a in page["data"] if a["id"] == wanted)
                if build is not None:
                    handwritten.agent(build, agent)
            else:
                dial = {"callAgentId": "agent_1", "toNumber": _number(n), "fromNumberId": "pn_1"}
                body = json.dumps(dial)
                json_type = {"Content-Type": "application/json"}
                posted = session.post(f"{base_url}/dials", data=body, headers=json_type)
                made = await _raw_json(posted)
                if build is not None:
                    build.DialSession(
                        dial_id=made["dialId"],
                        session_id=made["sessionId"],
                        dial_token=made["dialToken"],
                    )
            return 1

        return await fan_out(work, sizes.fanout_tasks, call)


def calls(sizes: Sizes) -> list[str]:
    """``fanout_calls`` calls, a third each of ``get``, ``agent`` and ``create``, mixed."""
    kinds = ("get", "agent", "create")
    return [f"{kinds[n % 3]}:{n}" for n in range(sizes.fanout_calls)]


def _call(item: str) -> tuple[str, int]:
    kind, n = item.split(":")
    return kind, int(n)


def _number(n: int) -> str:
    return f"+1555{n % 10_000_000:07d}"


async def _raw_json(request: Any) -> Any:
    async with request as response:
        response.raise_for_status()
        return json.loads(await response.read())


Fan = Callable[[], Awaitable[tuple[int, int]]]


async def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows of both workloads, CPU then wall; every variant must see every item."""
    base = f"{root}/n{sizes.fanout_dials_per_job}-t{sizes.transcript_len}/api"
    job_ids = [f"bdj_{n:08d}" for n in range(sizes.fanout_jobs)]
    namespace = SimpleNamespace(**vars(models))  # the hand-written ceilings build these
    build = functools.partial(handwritten.dial, namespace)
    listings: dict[str, Fan] = {
        RAW: lambda: raw_fanout(base, job_ids, sizes),
        HAND: lambda: raw_fanout(base, job_ids, sizes, build),
        OURS: lambda: vogent_fanout(base, job_ids, sizes),
    }
    what = f"{sizes.fanout_jobs} jobs x {sizes.fanout_dials_per_job} dials (pages of "
    what += f"{sizes.fanout_page_size}), {sizes.fanout_tasks} tasks, 0 errors"
    expected = sizes.fanout_jobs * sizes.fanout_dials_per_job
    rows = await _rows("fanout", listings, expected, sizes, what)
    singles = f"{root}/n{sizes.fanout_agents}-t{sizes.transcript_len}/api"
    work = calls(sizes)
    mixed: dict[str, Fan] = {
        RAW: lambda: raw_calls(singles, work, sizes),
        HAND: lambda: raw_calls(singles, work, sizes, namespace),
        OURS_CALLS: lambda: vogent_calls(singles, work, sizes),
    }
    what = f"{len(work)} calls: dials.get, agents.get ({sizes.fanout_agents} agents), "
    what += f"dials.create; {sizes.fanout_tasks} tasks, 0 errors"
    return [*rows, *await _rows("fanout calls", mixed, len(work), sizes, what)]


async def _rows(
    benchmark: str, runs: dict[str, Fan], expected: int, sizes: Sizes, what: str
) -> list[Row]:
    """CPU rows (targets on the package) and wall rows of one workload, runs interleaved."""
    for name, fan in runs.items():
        if (got := await fan()) != (expected, 0):
            raise AssertionError(f"{name}: (items, errors) = {got}, expected {expected}")
    walls: dict[str, list[float]] = {name: [] for name in runs}
    timed = {n: _walled(f, walls[n]) for n, f in runs.items()}
    samples = await measure_async(timed, sizes.runs, warmup=False)
    targets = {name: TARGET for name in (OURS, OURS_CALLS)}
    return [
        *compare(
            benchmark, samples, baseline=RAW, targets=targets, notes={RAW: what}, items=expected
        ),
        *compare(f"{benchmark} (wall)", walls, baseline=RAW, unit=WALL, items=expected),
    ]


def _walled(fan: Fan, walls: list[float]) -> Callable[[], Awaitable[None]]:
    async def timed() -> None:
        start = time.perf_counter()
        items_errors = await fan()
        walls.append(time.perf_counter() - start)
        if items_errors[1]:
            raise AssertionError(f"{items_errors[1]} errors during fanout")

    return timed
