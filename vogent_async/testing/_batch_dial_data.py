"""The Batch Dials side of `FakeVogent`: seeding jobs and dials, and reading them back."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from vogent_async.testing._state import Store

__all__ = ["BatchDialData", "JobProgress"]

_STATUSES = ("INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED")


@attrs.frozen
class JobProgress:
    """Where a job's rows are, as the server sees it.

    Attributes:
        queued: Rows not dialled yet (what ``/queue`` lists).
        in_progress: Dials started and not finished (listed nowhere, as in the API).
        completed: Finished dials (what ``/dials`` lists).
    """

    queued: int
    in_progress: int
    completed: int


class BatchDialData:
    """Methods of `FakeVogent` for batch dial jobs (the class keeps its `Store` in ``_store``)."""

    _store: Store

    @property
    def user_id(self) -> str:
        """The user that jobs created over HTTP belong to."""
        return self._store.user_id

    @property
    def agent_ids(self) -> list[str]:
        """The ids of the agents the fake holds, oldest first (`seed_jobs` draws from them)."""
        world = self._store.world
        return [] if world is None else world.ids("agents")

    @property
    def user_ids(self) -> list[str]:
        """The user ids `seed_jobs` draws from (`user_id` first)."""
        return list(self._store.user_ids)

    def seed_jobs(
        self,
        n: int | Iterable[Mapping[str, Any]],
        *,
        status: str | None = None,
        call_agent_id: str | None = None,
        user_id: str | None = None,
        rows: int = 0,
        spacing: float = 60.0,
    ) -> list[str]:
        """Add ``n`` jobs created in the past, ``spacing`` seconds apart, ending now.

        Args:
            n: How many jobs; or the `BatchDialJob` bodies themselves, as ``GET``
                returns them (an ``id`` is drawn, and ``createdAt`` is now, when
                missing), and then only ``user_id`` applies.
            status: Their status; a realistic mix when ``None``.
            call_agent_id: Their agent, one the fake holds; drawn from `agent_ids`
                when ``None`` (two agents are seeded first when the fake holds none).
            user_id: Their user; drawn from `user_ids` when ``None``.
            rows: Rows queued on each job that is not ``COMPLETE``/``CANCELLED``
                (``ACTIVE`` ones start dialling when the clock moves).
            spacing: Seconds between two jobs' ``createdAt``.

        Returns:
            The new jobs' ids, oldest first (in the given order for bodies).

        Raises:
            ValueError: An unknown status, a ``call_agent_id`` the fake does not
                hold, or a body that is not a job, naming the item and field.
        """
        if not isinstance(n, int):
            return self._store.seed_job_bodies([dict(body) for body in n], user_id)
        if status is not None and status not in _STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return self._store.seed_jobs(
            n,
            status=status,
            call_agent_id=call_agent_id,
            user_id=user_id,
            rows=rows,
            spacing_ms=max(1, round(spacing * 1000)),
        )

    def seed_dials(self, job_id: str, n: int, *, spacing: float = 45.0) -> None:
        """Append ``n`` finished dials to a job, ended ``spacing`` seconds apart before now.

        Args:
            job_id: The job's id.
            n: How many dials.
            spacing: Seconds between two dials' ends.

        Raises:
            KeyError: No job has this id.
        """
        job = self._store.jobs[job_id]
        self._store.seed_dials(job, n, spacing_ms=max(1, round(spacing * 1000)))

    def job(self, job_id: str) -> dict[str, Any]:
        """A copy of a job's body as ``GET /batch_dial_jobs/{id}`` would return it.

        Args:
            job_id: The job's id.

        Raises:
            KeyError: No job has this id.
        """
        return copy.deepcopy(self._store.jobs[job_id].body)

    def progress(self, job_id: str) -> JobProgress:
        """Count a job's queued, in-progress and completed rows.

        Args:
            job_id: The job's id.

        Raises:
            KeyError: No job has this id.
        """
        job = self._store.jobs[job_id]
        return JobProgress(job.queued, job.in_flight, len(job.dials))
