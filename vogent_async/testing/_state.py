"""The fake server's memory: jobs, their queues and dials, and the dialling clock.

A job is created ``INIT`` with its rows queued. Resuming makes it ``ACTIVE``: up
to ``maxConcurrentDials`` rows leave the queue and are in progress (in neither
``/queue`` nor ``/dials``, as the contract says), each finishing at a time
drawn for it. The clock moves only through `Store.advance` and `Store.run_dials`,
called by a test or by the fake's running clock (its ``speed``); a finished dial
appears in ``/dials`` and frees its slot for the next row. A job with an empty
queue and no dial in progress is ``COMPLETE``. Pausing stops new dials; dials in
progress still finish.

A change of ``maxConcurrentDials`` is shown at once but takes effect at the
next resume, as the API's guide describes. Schedules are stored and echoed but
not enforced: the fake dials at any hour.
"""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from vogent_async.testing._batch_dial_job import (
    Job,
    ascending_page,
    job_body,
    public_schedule,
    queued_row,
    seed_created_ms,
)
from vogent_async.testing._collection import Collection
from vogent_async.testing._events import Events
from vogent_async.testing._generated import DataGenerator, DialPlan, iso_ms
from vogent_async.testing._refs import Placement, Places

__all__ = ["Store"]

# (end ms, seq, job, row, plan, placed at ms, what it was placed with)
_Event = tuple[int, int, "Job", dict[str, Any], DialPlan, int, Placement]

_SEED_STATUSES = ["COMPLETE", "ACTIVE", "PAUSED", "INIT", "CANCELLED"]
_SEED_WEIGHTS = [50, 15, 10, 15, 10]


class Store:
    """All state of one fake workspace.

    Args:
        data: The generator every body is drawn from.
        now_ms: The clock's start, in epoch milliseconds.
        user_id: The user that jobs created over HTTP belong to.
        events: Where job changes and finished dials are announced.
    """

    def __init__(
        self, data: DataGenerator, *, now_ms: int, user_id: str, events: Events | None = None
    ) -> None:
        self.data = data
        self.events = events or Events()
        self.now_ms = now_ms
        self.user_id = user_id
        self.jobs: dict[str, Job] = {}
        self._ordered: list[Job] = []  # ascending by key; listings walk it backwards
        self._seq = itertools.count(1)
        self._events: list[_Event] = []
        self.user_ids = [user_id, data.uuid(), data.uuid()]
        self.phone_numbers: Collection | None = None
        """The workspace's phone numbers (by id): a job's dials use those that still exist."""
        self.world: Places | None = None
        """What a dial is placed with is read from it (set by the fake's state)."""
        self.clock_listeners: list[Callable[[int], int]] = []  # told the time; return dials ended

    # ------------------------------------------------------------ jobs

    def create_job(self, spec: dict[str, Any], *, user_id: str | None = None) -> Job:
        """Create an ``INIT`` job from a validated `CreateBatchDialJobInput` body."""
        job = self._new_job(spec, status="INIT", created_ms=self.now_ms, user_id=user_id)
        self._ordered.append(job)
        if len(self._ordered) > 1 and self._ordered[-2].key > job.key:
            self._ordered.sort(key=attrgetter("key"))
        self._enqueue(job, spec["rows"])
        self.events.emit("batch_dial_job.created", job.id, job.body)
        return job

    def update_job(self, job: Job, change: dict[str, Any]) -> None:
        """Apply a validated `UpdateBatchDialJobInput` body; omitted fields stay."""
        for field in ("maxConcurrentDials", "fromPhoneNumberIds"):
            if field in change:
                job.body[field] = change[field]
        if "schedule" in change:
            job.body["schedule"] = public_schedule(change["schedule"])
        self.events.emit("batch_dial_job.updated", job.id, job.body)

    def set_paused(self, job: Job, paused: bool) -> None:
        """Pause an ``ACTIVE`` job, or start/resume an ``INIT``/``PAUSED`` one.

        Anything else (pausing ``INIT``, resuming ``COMPLETE``) leaves it as is.
        """
        status = job.body["status"]
        if paused and status == "ACTIVE":
            job.body["status"] = "PAUSED"
        elif not paused and status in ("INIT", "PAUSED"):
            job.body["status"] = "ACTIVE"
            job.slots = int(job.body["maxConcurrentDials"])
        else:
            return
        self.events.emit("batch_dial_job.updated", job.id, job.body)
        self._fill(job)
        self._maybe_complete(job)

    def jobs_page(
        self, match: Callable[[Job], bool], limit: int, before: tuple[int, int] | None
    ) -> tuple[list[dict[str, Any]], tuple[int, int] | None]:
        """The newest ``limit`` matching jobs older than ``before``, and the next page's key."""
        ordered = self._ordered
        i = len(ordered) if before is None else bisect_left(ordered, before, key=attrgetter("key"))
        items: list[Job] = []
        while i > 0 and len(items) < limit:
            i -= 1
            if match(ordered[i]):
                items.append(ordered[i])
        more = any(match(ordered[j]) for j in range(i - 1, -1, -1))
        return [job.body for job in items], (items[-1].key if more and items else None)

    # ------------------------------------------------------------ rows and dials

    def queue_page(
        self, job: Job, limit: int, after: int | None
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Queued rows of ``job`` after sequence ``after``, oldest first."""
        return ascending_page(job.queue, job.queue_head, after, limit)

    def dials_page(
        self, job: Job, limit: int, after: int | None
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Finished dials of ``job`` after sequence ``after``, in the order they ended."""
        return ascending_page(job.dials, 0, after, limit)

    def advance(self, ms: int) -> int:
        """Move the clock forward, finishing every dial due by then; return how many."""
        target = self.now_ms + ms
        done = 0
        while self._events and self._events[0][0] <= target:
            self._finish(heapq.heappop(self._events))
            done += 1
        self.now_ms = target
        return done + self._tell_clock()

    def run_dials(self, n: int) -> int:
        """Finish the next ``n`` dials in time order (fewer if fewer can run); return how many."""
        done = 0
        while done < n and self._events:
            self._finish(heapq.heappop(self._events))
            done += 1
        self._tell_clock()  # single dials that ended by then end too (not counted in n)
        return done

    def _tell_clock(self) -> int:
        return sum(tell(self.now_ms) for tell in self.clock_listeners)

    def place(self, job: Job) -> Placement:
        """What a dial of ``job`` placed now carries: its agent now, and a caller number."""
        number = self.data.pick(self._callers(job))
        spec = {"callAgentId": job.body["callAgentId"], "fromNumberId": number}
        assert self.world is not None  # set by the fake's state before any request
        return self.world.placement(spec)

    # ------------------------------------------------------------ seeding

    def seed_jobs(
        self,
        n: int,
        *,
        status: str | None,
        call_agent_id: str | None,
        user_id: str | None,
        rows: int,
        spacing_ms: int,
    ) -> list[str]:
        """Add ``n`` jobs created before now, oldest first; return their ids."""
        data, pick, seq = self.data, self.data.pick, self._seq
        statuses = [status] * n if status else data.rng.choices(_SEED_STATUSES, _SEED_WEIGHTS, k=n)
        agents = self._seed_agents(call_agent_id)
        numbers = [item["id"] for item in self.phone_numbers or ()]
        jobs = []
        for i, job_status in enumerate(statuses):
            created = self.now_ms - (n - i) * spacing_ms
            body = data.job(
                status=job_status, created_ms=created, call_agent_id=pick(agents), numbers=numbers
            )
            jobs.append(Job(body, (created, next(seq)), user_id or pick(self.user_ids)))
        self._add(jobs)
        for job in jobs:
            if rows and job.body["status"] not in ("COMPLETE", "CANCELLED"):
                self._enqueue(job, self._rows(rows))
                self._fill(job)
        return [job.id for job in jobs]

    def seed_job_bodies(self, bodies: list[dict[str, Any]], user_id: str | None) -> list[str]:
        """Add `BatchDialJob` bodies (``id`` drawn, ``createdAt`` now if missing).

        Every body is checked before any is added, as a collection's `seed` checks
        its items: the contract's `BatchDialJob` schema, then the ids it names.

        Raises:
            ValueError: A body that does not fit, naming the item's index and field.
        """
        assert self.world is not None
        jobs: list[Job] = []
        for i, body in enumerate(bodies):
            body = {"id": self.data.uuid(), "createdAt": iso_ms(self.now_ms), **body}
            problems = self.world.seed_problems("batch_dial_jobs", body, None)
            taken = body["id"] in self.jobs or any(job.id == body["id"] for job in jobs)
            created = seed_created_ms(body, taken, problems)
            if problems or created is None:
                raise ValueError(f"batch_dial_jobs.seed: item {i}: {'; '.join(problems)}")
            jobs.append(Job(body, (created, next(self._seq)), user_id or self.user_id))
        self._add(jobs)
        return [job.id for job in jobs]

    def _add(self, jobs: list[Job]) -> None:
        for job in jobs:
            self.jobs[job.id] = job
        self._ordered.extend(jobs)
        self._ordered.sort(key=attrgetter("key"))  # two sorted runs: linear

    def seed_dials(self, job: Job, n: int, *, spacing_ms: int) -> None:
        """Append ``n`` finished dials to ``job``, dialled before now."""
        data = self.data
        start = self.now_ms - n * spacing_ms
        for i, row in enumerate(self._rows(n)):
            plan = data.plan_dial()
            created = start + i * spacing_ms - plan.total_ms
            dial = data.dial(row=row, placed=self.place(job), created_ms=created, plan=plan)
            job.dials.append((next(self._seq), dial))

    def _seed_agents(self, call_agent_id: str | None) -> list[str]:
        """The agents seeded jobs name: the one given, else the workspace's (two made if none)."""
        assert self.world is not None
        held = self.world.ids("agents")
        if call_agent_id is not None:
            if call_agent_id not in held:
                raise ValueError(f"call_agent_id: no agent with id {call_agent_id!r}")
            return [call_agent_id]
        return held or self.world.seed("agents", 2)

    # ------------------------------------------------------------ internals

    def _new_job(
        self, spec: dict[str, Any], *, status: str, created_ms: int, user_id: str | None
    ) -> Job:
        body = job_body(spec, self.data.uuid(), status=status, created=iso_ms(created_ms))
        job = Job(body, (created_ms, next(self._seq)), user_id or self.user_id)
        self.jobs[job.id] = job
        return job

    def _rows(self, n: int) -> list[dict[str, Any]]:
        data = self.data
        return [{"toNumber": data.phone_number(), "inputs": data.row_inputs()} for _ in range(n)]

    def _enqueue(self, job: Job, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            job.queue.append((next(self._seq), queued_row(job, row, self.data.uuid())))

    def _fill(self, job: Job) -> None:
        while job.body["status"] == "ACTIVE" and job.in_flight < job.slots and job.queued:
            _, row = job.queue[job.queue_head]
            job.queue_head += 1
            job.in_flight += 1
            plan, placed, now = self.data.plan_dial(), self.place(job), self.now_ms
            event = (now + plan.total_ms, next(self._seq), job, row, plan, now, placed)
            heapq.heappush(self._events, event)

    def _finish(self, event: _Event) -> None:
        end_ms, _, job, row, plan, created_ms, placed = event
        self.now_ms = max(self.now_ms, end_ms)
        dial = self.data.dial(row=row, placed=placed, created_ms=created_ms, plan=plan)
        job.dials.append((next(self._seq), dial))  # listed in the order dials end
        job.in_flight -= 1
        self.events.emit("dial.finished", dial["id"], dial, job.id)
        self._fill(job)
        self._maybe_complete(job)

    def _callers(self, job: Job) -> list[str | None]:
        """The job's caller numbers that still exist (``[None]``: it dials from none)."""
        held = self.phone_numbers if self.phone_numbers is not None else ()
        ids = [i for i in job.body.get("fromPhoneNumberIds") or [] if i in held]
        return list(ids) or [None]

    def _maybe_complete(self, job: Job) -> None:
        if job.body["status"] == "ACTIVE" and not job.queued and not job.in_flight:
            job.body["status"] = "COMPLETE"
            self.events.emit("batch_dial_job.updated", job.id, job.body)
