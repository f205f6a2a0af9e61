"""The Batch Dials group of the fake: jobs, their queues and their dials.

The simulation itself (queues, dialling, the clock) lives in `Store`; these
handlers only read the request, ask the store and answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vogent_async.testing._groups import Group
from vogent_async.testing._job import Job
from vogent_async.testing._phone_numbers import unknown_numbers
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable
from vogent_async.testing._validate import over_dial_limit

__all__ = ["GROUP"]

routes = RouteTable()
_RowsPager = Callable[[Job, int, "int | None"], tuple[list[dict[str, Any]], "int | None"]]
_STATUSES = frozenset({"INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED"})


def _job(call: Call) -> Job:
    job_id = call.param("id")
    job = call.fake.store.jobs.get(job_id)
    if job is None:
        raise Reject(404, f"no batch dial job with id {job_id!r}")
    return job


def _check_dial_limit(call: Call) -> None:
    problems = over_dial_limit(call.body, call.fake.settings.concurrency_limit)
    numbers, ids = call.fake.collection("phone_numbers"), call.body.get("fromPhoneNumberIds")
    problems += unknown_numbers(numbers, ids, "fromPhoneNumberIds")
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


def _check_agent(call: Call) -> None:
    """Once the fake holds agents, a job must name one of them (before, any id goes)."""
    agents, agent_id = call.fake.collections.get("agents"), call.body["callAgentId"]
    if agents is not None and len(agents) and agent_id not in agents:
        raise Reject.invalid([f"callAgentId: no agent with id {agent_id!r}"])


@routes.post("/batch_dial_jobs", name="createBatchDialJob")
async def create_job(call: Call) -> dict[str, Any]:
    _check_dial_limit(call)
    _check_agent(call)
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
