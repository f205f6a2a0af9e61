"""The Batch Dials group: ``client.batch_dial_jobs``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vogent_async._request._paths import optional_text, path, path_and_problems
from vogent_async._request._rows import encode_body
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.models._shared import Fields
from vogent_async.models.batch_dial_jobs import (
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    QueuedDial,
    Schedule,
    _CreateJobBody,
    _PausedBody,
    _UpdateJobBody,
)
from vogent_async.models.dials import Dial
from vogent_async.resources._base import ListOptions, Resource, enum_filter
from vogent_async.resources._pagination import AsyncPager

__all__ = ["BatchDialJobs"]

_JOB = "/batch_dial_jobs/{job_id}"


class BatchDialJobs(Resource):
    """Create, inspect, steer and list batch dial jobs (calling campaigns).

    Every method also takes the per-call options (`RequestOptions`), and the
    listings the paging options (`ListOptions`), as keyword arguments.
    """

    async def create(
        self,
        *,
        name: str,
        call_agent_id: str,
        max_concurrent_dials: int,
        rows: Iterable[BatchDialRow | Fields],
        from_phone_number_ids: Sequence[str] | None = None,
        schedule: Schedule | Fields | None = None,
        **options: Unpack[RequestOptions],
    ) -> BatchDialJob:
        """Create a job in status ``INIT``; no call is made until `resume`.

        Creating is not idempotent: every request the server receives makes a
        new job, and a duplicate job calls every number twice. So this call is
        retried only when the server certainly did not act on it (a 429, or a
        connection that failed before the request was sent), never after a
        timeout, a dropped connection or a 5xx.

        After such an ambiguous failure (`APITimeoutError`,
        `APIConnectionError`, `InternalServerError`) the job may exist. The API
        has no idempotency key for jobs, so look for it by name before creating
        again; give each job a unique name (a date or run id in it) for that::

            async for job in client.batch_dial_jobs.list(call_agent_id=agent_id):
                if job.name == name:
                    break  # it was created after all: use it (it is still INIT)
            else:
                job = await client.batch_dial_jobs.create(name=name, ...)

        If the failure came after a large upload, wait a little before looking:
        the server may still be creating the job.

        The rows are read once and checked and encoded one by one, so a
        generator reading a large file is never held in memory as a whole.

        Args:
            name: The job's name; not empty.
            call_agent_id: The agent that makes the calls.
            max_concurrent_dials: Calls in flight at once, at least 1 and at
                most the workspace's concurrent-dial limit.
            rows: The numbers to call: `BatchDialRow` objects or mappings with
                ``to_number`` (or ``toNumber``) and optional ``inputs`` (strings
                to strings); any iterable, read once.
            from_phone_number_ids: Caller-number pool to dial from.
            schedule: Weekly calling windows (a `Schedule`, or a mapping of its
                fields); without one the server decides.
            **options: Per-call options (`RequestOptions`); ``max_retries`` is
                used only where safe, see above.

        Returns:
            The new job, in status ``INIT``.

        Raises:
            InvalidRequestError: An argument is invalid; every problem is listed
                (row problems as ``rows[<index>].<field>``), nothing was sent.
            APIStatusError: The API rejected the request.
            APIConnectionError: No usable response; the job may exist (see above).
        """
        body = _CreateJobBody(
            name=name,
            call_agent_id=call_agent_id,
            max_concurrent_dials=max_concurrent_dials,
            rows=rows,
            from_phone_number_ids=from_phone_number_ids,
            schedule=schedule,
        )
        encoded = encode_body(body, self._converter, stream="rows")
        return await self._call(
            "POST",
            path("/batch_dial_jobs"),
            BatchDialJob,
            json_body=encoded,
            idempotent=False,
            options=options,
        )

    async def get(self, job_id: str, **options: Unpack[RequestOptions]) -> BatchDialJob:
        """Fetch one job.

        Args:
            job_id: The job's id.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The job.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._call("GET", path(_JOB, job_id=job_id), BatchDialJob, options=options)

    async def update(
        self,
        job_id: str,
        *,
        max_concurrent_dials: int | NotGiven = NOT_GIVEN,
        from_phone_number_ids: Sequence[str] | NotGiven = NOT_GIVEN,
        schedule: Schedule | Fields | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> BatchDialJob:
        """Change a job's concurrency, caller numbers or schedule.

        Only the arguments passed are sent; the others stay as they are on the
        server. ``schedule=None`` is sent as ``null`` (the API does not say
        whether that clears the schedule). Per the API guide, changes to a
        running job may only apply once it has been paused.

        Args:
            job_id: The job's id.
            max_concurrent_dials: New limit of calls in flight, at least 1.
            from_phone_number_ids: New caller-number pool.
            schedule: New weekly calling windows, or ``None``.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: An argument is invalid, or none of the three
                was given (nothing to change); nothing was sent.
            NotFoundError: No such job.
        """
        url, problems = path_and_problems(_JOB, job_id=job_id)
        body = _UpdateJobBody(
            max_concurrent_dials=max_concurrent_dials,
            from_phone_number_ids=from_phone_number_ids,
            schedule=schedule,
        )
        json_body = self._body(body, problems)
        return await self._call("PUT", url, BatchDialJob, json_body=json_body, options=options)

    async def pause(self, job_id: str, **options: Unpack[RequestOptions]) -> BatchDialJob:
        """Stop dialling new rows; calls in progress finish. Safe to repeat.

        Args:
            job_id: The job's id.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._set_paused(job_id, True, options)

    async def resume(self, job_id: str, **options: Unpack[RequestOptions]) -> BatchDialJob:
        """Start a new (``INIT``) job or continue a paused one. Safe to repeat.

        Args:
            job_id: The job's id.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._set_paused(job_id, False, options)

    async def _set_paused(self, job_id: str, paused: bool, options: RequestOptions) -> BatchDialJob:
        url = path(_JOB + "/paused", job_id=job_id)
        body = self._body(_PausedBody(paused))
        return await self._call("POST", url, BatchDialJob, json_body=body, options=options)

    def list(
        self,
        *,
        status: BatchDialJobStatus | str | None = None,
        call_agent_id: str | None = None,
        user_id: str | None = None,
        **options: Unpack[ListOptions],
    ) -> AsyncPager[BatchDialJob]:
        """List the workspace's batch dial jobs, lazily, page by page.

        Nothing is sent until iteration starts; the arguments are checked at once.

        Args:
            status: Only jobs in this status: a `BatchDialJobStatus` or one of
                its values, in any case (``"active"``).
            call_agent_id: Only jobs of this agent.
            user_id: Only jobs of this user.
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `BatchDialJob`.

        Raises:
            InvalidRequestError: ``status`` is none of the statuses, or a filter
                is empty.
            TypeError: ``status`` is neither the enum nor a string.
        """
        params: dict[str, str | int | None] = {
            "status": enum_filter("status", status, BatchDialJobStatus),
            "callAgentId": optional_text("call_agent_id", call_agent_id),
            "userId": optional_text("user_id", user_id),
        }
        return self._pager("/batch_dial_jobs", BatchDialJob, params=params, options=options)

    def list_queued(self, job_id: str, **options: Unpack[ListOptions]) -> AsyncPager[QueuedDial]:
        """List a job's rows not dialled yet (in-progress calls are in neither listing).

        Nothing is sent until iteration starts.

        Args:
            job_id: The job's id.
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `QueuedDial`.

        Raises:
            InvalidRequestError: ``job_id`` is empty, raised at once.
        """
        return self._pager(path(_JOB + "/queue", job_id=job_id), QueuedDial, options=options)

    def list_dials(self, job_id: str, **options: Unpack[ListOptions]) -> AsyncPager[Dial]:
        """List a job's completed dials, with agent, transcript and result.

        Dial pages are the API's heaviest bodies; a modest ``page_size`` keeps
        each response small. Nothing is sent until iteration starts.

        Args:
            job_id: The job's id.
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `Dial`.

        Raises:
            InvalidRequestError: ``job_id`` is empty, raised at once.
        """
        return self._pager(path(_JOB + "/dials", job_id=job_id), Dial, options=options)
