"""The arq tasks: export one job's dials, and fan out over every job a filter matches."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
from arq import Retry
from redis.exceptions import RedisError

from vogent_async._client import Client
from vogent_async.contrib.arq._sink import DialSink
from vogent_async.contrib.redis import RedisCheckpoints
from vogent_async.contrib.redis._bounded import bounded
from vogent_async.errors import BudgetScriptError, BudgetUnavailable
from vogent_async.resources._pagination import AsyncPager

__all__ = ["EXPORT_JOB", "Runtime", "export_job_dials", "export_matching_jobs"]

logger = logging.getLogger("vogent_async")

T = TypeVar("T")

#: The arq function name of `export_job_dials`, for ``enqueue_job``.
EXPORT_JOB = "export_job_dials"

#: Where the worker's `Runtime` lives in arq's ``ctx``.
RUNTIME = "vogent"

#: Seconds before arq runs a task again after the shared budget was unreachable.
RETRY_DEFER = 2.0


@attrs.define
class Runtime:
    """What a worker's tasks share, made at start-up: the client, sink and checkpoints.

    Attributes:
        client: The API client (its budget shared through Redis).
        sink: Where dials are written.
        checkpoints: Where each listing got to.
        page_size: Items per page requested.
    """

    client: Client
    sink: DialSink
    checkpoints: RedisCheckpoints
    page_size: int


def _runtime(ctx: Mapping[str, Any]) -> Runtime:
    runtime = ctx.get(RUNTIME)
    if not isinstance(runtime, Runtime):
        raise RuntimeError(
            "no vogent runtime in the worker's ctx: start the worker with the settings "
            "from vogent_async.contrib.arq.worker_settings()"
        )
    return runtime


async def export_job_dials(ctx: Mapping[str, Any], job_id: str) -> int:
    """arq task: write every dial of ``job_id`` into the sink, resuming where it stopped.

    After each page the dials are upserted, then the checkpoint ``dials:<job_id>``
    (under ``CHECKPOINT_PREFIX``, the export's own) moves past the page: a retried or
    restarted task fetches no page before it.

    Args:
        ctx: arq's context, holding the worker's `Runtime`.
        job_id: The batch dial job whose dials are exported.

    Returns:
        The dials written by this run (0 when an earlier run had finished).
    """
    runtime = _runtime(ctx)
    dials = runtime.client.batch_dial_jobs

    async def store(page: Sequence[Any]) -> None:
        await runtime.sink.upsert_dials(job_id, page)

    def pager(cursor: str | None) -> AsyncPager[Any]:
        return dials.list_dials(job_id, page_size=runtime.page_size, cursor=cursor)

    listing = f"dials:{job_id}"
    return await _walk(runtime.checkpoints, listing, listing, pager, store)


async def export_matching_jobs(
    ctx: Mapping[str, Any],
    *,
    status: str | None = None,
    call_agent_id: str | None = None,
    user_id: str | None = None,
) -> int:
    """arq task: enqueue `export_job_dials` for every job the filter matches.

    Each export is enqueued under the arq job id ``vogent-export:<job id>``, so that
    running the fan-out again does not queue a job twice while one is pending. The
    walk over the jobs is checkpointed under this arq job's id: a retry of it
    resumes, a new fan-out starts over (the exports it enqueues still skip what is
    done).

    Args:
        ctx: arq's context, holding the worker's `Runtime` and arq's ``redis``.
        status: Only jobs in this status.
        call_agent_id: Only jobs of this agent.
        user_id: Only jobs of this user.

    Returns:
        The jobs this run went through.
    """
    runtime = _runtime(ctx)
    queue = ctx["redis"]
    jobs = runtime.client.batch_dial_jobs
    listing = f"jobs:status={status}:agent={call_agent_id}:user={user_id}"

    async def enqueue(page: Sequence[Any]) -> None:
        for job in page:
            job_key = f"vogent-export:{job.id}"
            queued = queue.enqueue_job(EXPORT_JOB, job.id, _job_id=job_key)
            await bounded(queued, runtime.checkpoints.redis_timeout)

    def pager(cursor: str | None) -> AsyncPager[Any]:
        return jobs.list(
            status=status,
            call_agent_id=call_agent_id,
            user_id=user_id,
            page_size=runtime.page_size,
            cursor=cursor,
        )

    key = f"fanout:{ctx.get('job_id', listing)}"
    return await _walk(runtime.checkpoints, key, listing, pager, enqueue)


async def _walk(
    checkpoints: RedisCheckpoints,
    key: str,
    listing: str,
    pager: Callable[[str | None], AsyncPager[T]],
    handle: Callable[[Sequence[T]], Awaitable[None]],
) -> int:
    """Handle a listing page by page from its checkpoint, saving one after each page.

    Raises:
        arq.Retry: Redis (the shared budget or the checkpoints) did not answer: arq
            runs the task again later (up to its ``max_tries``), from the checkpoint.
        BudgetScriptError: Redis refused the budget's script (a key of another
            type): running the task again would not mend it, so it fails at once.
    """
    try:
        saved = await checkpoints.get(key)
        if saved is not None and saved.done:
            logger.info("%s: finished by an earlier run (%d items)", listing, saved.items_done)
            return 0
        done = 0 if saved is None else saved.items_done
        handled = 0
        async for page in pager(None if saved is None else saved.next_cursor).pages():
            await handle(page.items)
            handled += len(page.items)
            await checkpoints.save(
                key, listing=listing, next_cursor=page.next_cursor, items_done=done + handled
            )
        return handled
    except BudgetScriptError:
        raise
    except (BudgetUnavailable, RedisError) as exc:
        logger.warning("%s: %s; arq will run it again from its checkpoint", listing, exc)
        raise Retry(defer=RETRY_DEFER) from exc
