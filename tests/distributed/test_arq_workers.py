"""Three real arq worker processes export 200 jobs x 50 dials from the fake, as a process.

The fake refuses a ninth concurrent request with 429. With one `RedisBudget` of 8
shared by the workers it never has to; with each worker's own budget of 8 it does.
A worker killed with SIGKILL mid-export loses and repeats nothing; a Redis restart
mid-run ends in a finished export or a loud failure.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import vogent_async
from tests.distributed._cluster import DIALS, JOBS, Cluster, wait_until
from tests.distributed._redis_server import RedisServer
from vogent_async.contrib.arq._tasks import EXPORT_JOB

LIMIT = 8


@pytest.fixture
async def cluster(tmp_path: Path, redis_server: RedisServer) -> AsyncIterator[Cluster]:
    """The processes of one test, on the session's Redis emptied first."""
    cluster = Cluster(tmp_path, redis_server.url)
    await (await cluster.arq()).flushdb()
    yield cluster
    await cluster.close()


async def _run_to_the_end(cluster: Cluster) -> None:
    async def finished() -> bool:
        return await cluster.exports_done() == JOBS

    await wait_until(finished, f"all {JOBS} exports", timeout=90, explain=cluster.progress)


async def _assert_every_dial_once(cluster: Cluster) -> list[tuple[str, str, int]]:
    """Every dial the fake lists is one row of the sink (jobs in INIT have none yet)."""
    rows = cluster.sink_rows()
    expected = await cluster.listed_dials()
    assert len(rows) == len(expected)
    assert {(dial_id, job_id) for dial_id, job_id, _ in rows} == expected
    per_job = Counter(job_id for _, job_id in expected)
    assert set(per_job.values()) == {DIALS}
    assert len(per_job) > JOBS // 2  # most jobs are past INIT
    return rows


async def _start_shared(cluster: Cluster) -> None:
    """The fake, three workers on one shared budget, and the fan-out over every job."""
    cluster.start_fake(concurrency_limit=LIMIT)
    for name in ("w1", "w2", "w3"):
        cluster.start_worker(name, budget_key="shared", max_concurrency=LIMIT)
    await cluster.fan_out(budget_key="shared", max_concurrency=LIMIT)


async def test_a_shared_budget_keeps_three_workers_under_the_limit(cluster: Cluster) -> None:
    await _start_shared(cluster)
    await _run_to_the_end(cluster)
    stats = await cluster.stats()
    assert stats["throttled"] == 0
    assert stats["maxInFlight"] <= LIMIT
    rows = await _assert_every_dial_once(cluster)
    assert {writes for _, _, writes in rows} == {1}
    assert all(cluster.exports_by(name) > 0 for name in ("w1", "w2", "w3"))  # work was shared
    print(f"shared budget: {stats}")


async def test_without_a_shared_budget_the_workers_get_429s(cluster: Cluster) -> None:
    cluster.start_fake(concurrency_limit=LIMIT)
    for name in ("w1", "w2", "w3"):
        cluster.start_worker(name, budget_key=None, max_concurrency=LIMIT)
    fan_out = asyncio.ensure_future(cluster.fan_out(budget_key=None, max_concurrency=LIMIT))

    async def throttled() -> bool:
        return (await cluster.stats())["throttled"] > 0

    await wait_until(throttled, "a 429 from the fake", explain=cluster.progress)
    fan_out.cancel()
    with contextlib.suppress(asyncio.CancelledError, vogent_async.RateLimitError):
        await fan_out  # it may have run out of retries itself, on 429s
    print(f"each worker's own budget: {await cluster.stats()}")


def _page_fetches(log: list[dict[str, Any]]) -> dict[str, list[str | None]]:
    """Each job's dial-page cursors that the fake served (not refused), in order."""
    fetches: dict[str, list[str | None]] = defaultdict(list)
    for entry in log:
        if entry["path"].endswith("/dials") and entry["status"] != 429:
            job_id = entry["path"].split("/")[-2]
            fetches[job_id].append(entry["query"].get("cursor"))
    return fetches


async def test_a_killed_worker_loses_and_repeats_nothing(cluster: Cluster) -> None:
    await _start_shared(cluster)

    async def mid_export() -> bool:
        log = cluster.worker_log("w1")
        in_progress = log.count(":export_job_dials(") > log.count(":export_job_dials ●")
        return in_progress and (await cluster.stats())["requests"] >= 300

    await wait_until(
        mid_export, "300 requests, with w1 in the middle of an export", explain=cluster.progress
    )
    cluster.kill("w1")  # SIGKILL: no clean-up, its leases and arq jobs are left behind
    cluster.start_worker("w4", budget_key="shared", max_concurrency=LIMIT)
    await _run_to_the_end(cluster)

    fetches = _page_fetches(await cluster.request_log())  # before the check lists them all
    rows = await _assert_every_dial_once(cluster)
    assert len(fetches) == JOBS
    rerun = [job_id for job_id in fetches if await cluster.tries(job_id) > 1]
    assert rerun, "w1 was killed with no export in progress"
    for job_id, cursors in fetches.items():
        repeats = [i for i in range(1, len(cursors)) if cursors[i] in cursors[:i]]
        # A run that took over fetched again only the page in flight when w1 died, at
        # once: no page before the checkpoint, and none of a job that was not re-run.
        assert all(cursors[i] == cursors[i - 1] for i in repeats), f"{job_id}: {cursors}"
        assert len(repeats) <= (1 if job_id in rerun else 0), f"{job_id}: {cursors}"
    rewritten = {job_id for _, job_id, writes in rows if writes > 1}
    assert rewritten <= set(rerun)
    stats = await cluster.stats()
    assert stats["throttled"] == 0
    assert stats["maxInFlight"] <= LIMIT
    print(f"re-run after the kill: {len(rerun)} jobs, {len(rewritten)} with a page written twice")


@pytest.fixture
async def cluster_on_own_redis(
    tmp_path: Path, own_redis_server: RedisServer
) -> AsyncIterator[tuple[Cluster, RedisServer]]:
    """The processes of one test, on a Redis of its own that the test may restart."""
    cluster = Cluster(tmp_path, own_redis_server.url)
    yield cluster, own_redis_server
    await cluster.close()


async def test_a_redis_restart_mid_run_finishes_or_fails_loudly(
    cluster_on_own_redis: tuple[Cluster, RedisServer],
) -> None:
    cluster, redis_server = cluster_on_own_redis
    await _start_shared(cluster)
    done_before = await cluster.exports_done()
    assert done_before < JOBS  # the last jobs were only just queued
    await cluster.drop_arq()
    redis_server.restart()  # it keeps an append-only file, as a production Redis does
    crashed: list[str] = []

    async def finished_with_a_supervisor() -> bool:
        # What systemd or Kubernetes would do: start again a worker that died, after
        # checking that it died loudly (arq's own loop does not survive a restart).
        for name, proc in list(cluster.workers.items()):
            if proc.poll() is not None and name not in crashed:
                crashed.append(name)
                assert proc.returncode != 0, f"{name} exited quietly"
                assert "ConnectionError" in cluster.worker_log(name)
                cluster.start_worker(f"{name}-again", budget_key="shared", max_concurrency=LIMIT)
        return await cluster.exports_done() == JOBS

    await wait_until(
        finished_with_a_supervisor, f"all {JOBS} exports", timeout=90, explain=cluster.progress
    )
    rows = await _assert_every_dial_once(cluster)
    stats = await cluster.stats()
    assert stats["throttled"] == 0  # the leases and the pause came back with Redis
    assert stats["maxInFlight"] <= LIMIT
    rewritten = sum(writes > 1 for _, _, writes in rows)
    print(f"restart after {done_before} exports; crashed: {crashed}; rewritten: {rewritten}")


async def test_an_api_error_in_a_worker_reaches_the_caller_intact(cluster: Cluster) -> None:
    """arq pickles a task's exception into its result: the caller gets the same error back."""
    cluster.start_fake(concurrency_limit=LIMIT)
    cluster.start_worker("w1", budget_key=None, max_concurrency=LIMIT)
    arq = await cluster.arq()

    job = await arq.enqueue_job("export_job_dials", "job_that_does_not_exist")
    assert job is not None
    with pytest.raises(vogent_async.NotFoundError) as caught:
        await job.result(timeout=60, poll_delay=0.05)

    error = caught.value
    assert error.status_code == 404
    assert (error.method, error.path) == ("GET", "/batch_dial_jobs/job_that_does_not_exist/dials")
    assert str(error).startswith(
        "GET /batch_dial_jobs/job_that_does_not_exist/dials failed with 404"
    )
    assert error.body["error"]["code"] == "not_found"
    assert "Content-Type" in error.headers


async def test_a_broken_budget_key_fails_the_task_at_once(cluster: Cluster) -> None:
    # A key of another type is not mended by waiting: arq must not run the task again.
    cluster.start_fake(concurrency_limit=LIMIT)
    cluster.start_worker("w1", budget_key="broken", max_concurrency=LIMIT)
    queue = await cluster.arq()
    await queue.set("vogent:budget:{broken}:leases", "not a sorted set")
    job = await queue.enqueue_job(EXPORT_JOB, "job-1", _job_id="vogent-export:job-1")
    assert job is not None
    with pytest.raises(vogent_async.BudgetScriptError) as raised:
        await job.result(timeout=60, poll_delay=0.1)
    assert raised.value.key == "broken"
    assert "WRONGTYPE" in raised.value.reason
    assert await cluster.tries("job-1") == 1
