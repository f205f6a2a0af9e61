"""The Batch Dials group of the fake: jobs, their queues and their dials.

The simulation itself (queues, dialling, the clock) lives in `Store`; these
handlers only read the request, ask the store and answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vogent_async.testing._batch_dial_job import Job
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable
from vogent_async.testing._validate import over_dial_limit

__all__ = ["GROUP"]

routes = RouteTable()
_RowsPager = Callable[[Job, int, "int | None"], tuple[list[dict[str, Any]], "int | None"]]
_STATUSES = frozenset({"INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED"})


def _job(call: Call) -> Job:
    return call.fake.store.jobs[call.param("id")]  # the app found it before the handler ran


def _check_dial_limit(call: Call) -> None:
    problems = over_dial_limit(call.body, call.fake.settings.concurrency_limit)
    if problems:
        raise Reject.invalid(problems)


@routes.get("/batch_dial_jobs", name="listBatchDialJobs", paging=Paging())
async def list_jobs(call: Call) -> Page:
    status, agent, user = call.query("status"), call.query("callAgentId"), call.query("userId")
    if status is not None and status not in _STATUSES:
        raise Reject(400, f"status must be one of {', '.join(sorted(_STATUSES))}")

    def match(job: Job) -> bool:
        body = job.body
        return (
            (status is None or body["status"] == status)
            and (agent is None or body["callAgentId"] == agent)
            and (user is None or job.user_id == user)
        )

    return Page(*call.fake.store.jobs_page(match, call.limit, call.after))


@routes.post("/batch_dial_jobs", name="createBatchDialJob")
async def create_job(call: Call) -> dict[str, Any]:
    _check_dial_limit(call)
    return call.fake.store.create_job(call.body).body


@routes.get("/batch_dial_jobs/{id}", name="getBatchDialJob")
async def get_job(call: Call) -> dict[str, Any]:
    return _job(call).body


@routes.put("/batch_dial_jobs/{id}", name="updateBatchDialJob")
async def update_job(call: Call) -> dict[str, Any]:
    job = _job(call)
    _check_dial_limit(call)
    call.fake.store.update_job(job, call.body)
    return job.body


@routes.get("/batch_dial_jobs/{id}/queue", name="listBatchDialJobQueue", paging=Paging())
async def list_queue(call: Call) -> Page:
    return _rows_page(call, call.fake.store.queue_page)


@routes.post("/batch_dial_jobs/{id}/paused", name="setBatchDialJobPaused")
async def set_paused(call: Call) -> dict[str, Any]:
    job = _job(call)
    call.fake.store.set_paused(job, call.body["paused"])
    return job.body


@routes.get("/batch_dial_jobs/{id}/dials", name="listBatchDialJobDials", paging=Paging())
async def list_dials(call: Call) -> Page:
    return _rows_page(call, call.fake.store.dials_page)


def _rows_page(call: Call, rows: _RowsPager) -> Page:
    """A page of a job's queued rows or dials, which page by sequence number alone."""
    items, last = rows(_job(call), call.limit, None if call.after is None else call.after[1])
    return Page(items, None if last is None else (0, last))


GROUP = Group("batch_dial_jobs", routes)
