"""The Batch Dials group: ``client.batch_dial_jobs``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vogent_async._http import quote_segment
from vogent_async._pagination import AsyncPager
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._validation import check_job_id, create_job_body, update_job_body
from vogent_async.models.batch_dial_jobs import (
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    QueuedDial,
    Schedule,
    _PausedBody,
)
from vogent_async.models.dials import Dial
from vogent_async.resources._base import RequestOptions, Resource, request_options

__all__ = ["BatchDialJobs"]


class BatchDialJobs(Resource):
    """Create, inspect, steer and list batch dial jobs (calling campaigns).

    Every method takes the per-call overrides ``timeout`` (seconds per
    attempt), ``max_retries`` and ``total_timeout`` (seconds for the whole
    call, retries included).
    """

    async def create(
        self,
        *,
        name: str,
        call_agent_id: str,
        max_concurrent_dials: int,
        rows: Iterable[BatchDialRow | Mapping[str, Any]],
        from_phone_number_ids: Sequence[str] | None = None,
        schedule: Schedule | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
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

        Args:
            name: The job's name; not empty.
            call_agent_id: The agent that makes the calls.
            max_concurrent_dials: Calls in flight at once, at least 1 and at
                most the workspace's concurrent-dial limit.
            rows: The numbers to call: `BatchDialRow` objects or mappings with
                ``to_number`` (or ``toNumber``) and optional ``inputs``; any
                iterable, read once.
            from_phone_number_ids: Caller-number pool to dial from.
            schedule: Weekly calling windows; without one the server decides.
            timeout: Overrides the per-attempt timeout.
            max_retries: Overrides the retry count (used only where safe, see above).
            total_timeout: Overrides the whole-call deadline.

        Returns:
            The new job, in status ``INIT``.

        Raises:
            InvalidRequestError: An argument is invalid; every problem is listed
                (row problems as ``rows[<index>].<field>``), nothing was sent.
            APIStatusError: The API rejected the request.
            APIConnectionError: No usable response; the job may exist (see above).
        """
        body = create_job_body(
            name=name,
            call_agent_id=call_agent_id,
            max_concurrent_dials=max_concurrent_dials,
            rows=rows,
            from_phone_number_ids=from_phone_number_ids,
            schedule=schedule,
        )
        return await self._call(
            "POST",
            "/batch_dial_jobs",
            BatchDialJob,
            json_body=self._converter.unstructure(body),
            idempotent=False,
            options=request_options(timeout, max_retries, total_timeout),
        )

    async def get(
        self,
        job_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> BatchDialJob:
        """Fetch one job.

        Args:
            job_id: The job's id.
            timeout: Overrides the per-attempt timeout.
            max_retries: Overrides the retry count.
            total_timeout: Overrides the whole-call deadline.

        Returns:
            The job.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._call(
            "GET",
            _job_path(job_id),
            BatchDialJob,
            options=request_options(timeout, max_retries, total_timeout),
        )

    async def update(
        self,
        job_id: str,
        *,
        max_concurrent_dials: int | NotGiven = NOT_GIVEN,
        from_phone_number_ids: Sequence[str] | NotGiven = NOT_GIVEN,
        schedule: Schedule | NotGiven | None = NOT_GIVEN,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
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
            timeout: Overrides the per-attempt timeout.
            max_retries: Overrides the retry count.
            total_timeout: Overrides the whole-call deadline.

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such job.
        """
        body = update_job_body(
            job_id,
            max_concurrent_dials=max_concurrent_dials,
            from_phone_number_ids=from_phone_number_ids,
            schedule=schedule,
        )
        return await self._call(
            "PUT",
            _job_path(job_id),
            BatchDialJob,
            json_body=self._converter.unstructure(body),
            options=request_options(timeout, max_retries, total_timeout),
        )

    async def pause(
        self,
        job_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> BatchDialJob:
        """Stop dialling new rows; calls in progress finish. Safe to repeat.

        Args:
            job_id: The job's id.
            timeout: Overrides the per-attempt timeout.
            max_retries: Overrides the retry count.
            total_timeout: Overrides the whole-call deadline.

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._set_paused(
            job_id, True, request_options(timeout, max_retries, total_timeout)
        )

    async def resume(
        self,
        job_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> BatchDialJob:
        """Start a new (``INIT``) job or continue a paused one. Safe to repeat.

        Args:
            job_id: The job's id.
            timeout: Overrides the per-attempt timeout.
            max_retries: Overrides the retry count.
            total_timeout: Overrides the whole-call deadline.

        Returns:
            The job after the change.

        Raises:
            InvalidRequestError: ``job_id`` is empty; nothing was sent.
            NotFoundError: No such job.
        """
        return await self._set_paused(
            job_id, False, request_options(timeout, max_retries, total_timeout)
        )

    async def _set_paused(self, job_id: str, paused: bool, options: RequestOptions) -> BatchDialJob:
        path = _job_path(job_id) + "/paused"
        body = self._converter.unstructure(_PausedBody(paused))
        return await self._call("POST", path, BatchDialJob, json_body=body, options=options)

    def list(
        self,
        *,
        status: BatchDialJobStatus | str | None = None,
        call_agent_id: str | None = None,
        user_id: str | None = None,
        page_size: int | None = None,
        cursor: str | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        prefetch: int = 0,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> AsyncPager[BatchDialJob]:
        """List the workspace's batch dial jobs, lazily, page by page.

        Nothing is sent until iteration starts.

        Args:
            status: Only jobs in this status.
            call_agent_id: Only jobs of this agent.
            user_id: Only jobs of this user.
            page_size: Items per page, sent as ``limit``.
            cursor: Resume from a saved ``Page.next_cursor``.
            max_items: Stop after this many jobs.
            max_pages: Stop after this many pages.
            prefetch: 1 to fetch the next page while the caller works on this one.
            timeout: Per-attempt timeout for each page request.
            max_retries: Retries for each page request.
            total_timeout: Deadline for each page request, retries included.

        Returns:
            An `AsyncPager` of `BatchDialJob`.
        """
        params: dict[str, str | int | None] = {
            "limit": page_size,
            "status": None if status is None else str(status),
            "callAgentId": call_agent_id,
            "userId": user_id,
        }
        return self._pager(
            "/batch_dial_jobs",
            BatchDialJob,
            params=params,
            cursor=cursor,
            max_items=max_items,
            max_pages=max_pages,
            prefetch=prefetch,
            options=request_options(timeout, max_retries, total_timeout),
        )

    def list_queued(
        self,
        job_id: str,
        *,
        page_size: int | None = None,
        cursor: str | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        prefetch: int = 0,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> AsyncPager[QueuedDial]:
        """List a job's rows not dialled yet (in-progress calls are in neither listing).

        Nothing is sent until iteration starts.

        Args:
            job_id: The job's id.
            page_size: Items per page, sent as ``limit``.
            cursor: Resume from a saved ``Page.next_cursor``.
            max_items: Stop after this many items.
            max_pages: Stop after this many pages.
            prefetch: 1 to fetch the next page while the caller works on this one.
            timeout: Per-attempt timeout for each page request.
            max_retries: Retries for each page request.
            total_timeout: Deadline for each page request, retries included.

        Returns:
            An `AsyncPager` of `QueuedDial`.

        Raises:
            InvalidRequestError: ``job_id`` is empty, raised at once.
        """
        return self._pager(
            _job_path(job_id) + "/queue",
            QueuedDial,
            params={"limit": page_size},
            cursor=cursor,
            max_items=max_items,
            max_pages=max_pages,
            prefetch=prefetch,
            options=request_options(timeout, max_retries, total_timeout),
        )

    def list_dials(
        self,
        job_id: str,
        *,
        page_size: int | None = None,
        cursor: str | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        prefetch: int = 0,
        timeout: float | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> AsyncPager[Dial]:
        """List a job's completed dials, with agent, transcript and result.

        Dial pages are the API's heaviest bodies; a modest ``page_size`` keeps
        each response small. Nothing is sent until iteration starts.

        Args:
            job_id: The job's id.
            page_size: Items per page, sent as ``limit``.
            cursor: Resume from a saved ``Page.next_cursor``.
            max_items: Stop after this many items.
            max_pages: Stop after this many pages.
            prefetch: 1 to fetch the next page while the caller works on this one.
            timeout: Per-attempt timeout for each page request.
            max_retries: Retries for each page request.
            total_timeout: Deadline for each page request, retries included.

        Returns:
            An `AsyncPager` of `Dial`.

        Raises:
            InvalidRequestError: ``job_id`` is empty, raised at once.
        """
        return self._pager(
            _job_path(job_id) + "/dials",
            Dial,
            params={"limit": page_size},
            cursor=cursor,
            max_items=max_items,
            max_pages=max_pages,
            prefetch=prefetch,
            options=request_options(timeout, max_retries, total_timeout),
        )


def _job_path(job_id: str) -> str:
    """``/batch_dial_jobs/{id}`` with the id checked and quoted as one segment."""
    return "/batch_dial_jobs/" + quote_segment(check_job_id(job_id))
