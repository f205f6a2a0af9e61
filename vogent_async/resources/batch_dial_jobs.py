"""The Batch Dials group: ``client.batch_dial_jobs``."""

from __future__ import annotations

from vogent_async._pagination import AsyncPager
from vogent_async.models.batch_dial_jobs import BatchDialJob, BatchDialJobStatus
from vogent_async.resources._base import Resource

__all__ = ["BatchDialJobs"]


class BatchDialJobs(Resource):
    """Create, inspect, steer and list batch dial jobs (calling campaigns)."""

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
            options={
                "timeout": timeout,
                "max_retries": max_retries,
                "total_timeout": total_timeout,
            },
        )
