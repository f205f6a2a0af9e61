"""Models of the Batch Dials group: jobs, their weekly schedule, rows and queued rows.

Field names are the API's, in snake_case; the package converter maps them to
and from camelCase. Enum-typed fields are ``Enum | str``: a value the server
adds later arrives as the raw string instead of failing the whole page. Fields
sent in requests declare their checks (``metadata=checks(...)``), which
`vogent_async._request._validation` walks before anything is sent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, cast

import attrs

from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.models._rules import (
    DAY_OF_WEEK,
    E164,
    HH_MM,
    ID_LIST,
    OPTIONAL_BOOL,
    POSITIVE_INT,
    STR_MAP,
    TEXT,
    TIMEZONE,
    ObjectChecks,
    checks,
    something_given,
)
from vogent_async.models._shared import Fields, keeps_tuples, listed
from vogent_async.models._wire import WireModel

__all__ = [
    "BatchDialJob",
    "BatchDialJobStatus",
    "BatchDialRow",
    "QueuedDial",
    "Schedule",
    "ScheduleDay",
    "TimeSlot",
]


class BatchDialJobStatus(str, enum.Enum):
    """The life-cycle state of a batch dial job."""

    #: Created, not started yet (jobs start here; ``resume`` starts them).
    INIT = "INIT"
    #: Dialling.
    ACTIVE = "ACTIVE"
    #: Stopped for now; ``resume`` continues.
    PAUSED = "PAUSED"
    #: Every row was attempted.
    COMPLETE = "COMPLETE"
    #: Stopped for good.
    CANCELLED = "CANCELLED"

    def __str__(self) -> str:
        return self.value


def ends_after_start(slot: Any, path: str, out: list[str]) -> None:
    """A window's ``end_time`` is after its ``start_time`` (zero-padded HH:MM order like times)."""
    if slot.end_time <= slot.start_time:
        out.append(
            f"{path}: end_time {slot.end_time!r} must be after start_time {slot.start_time!r}"
        )


@attrs.frozen
class TimeSlot(WireModel):
    """A calling window within a day, in 24-hour ``HH:MM`` local time.

    Args:
        start_time: When calls may start, e.g. ``"09:00"``.
        end_time: When calls must stop, e.g. ``"17:00"``.
    """

    start_time: str = attrs.field(metadata=checks(HH_MM))
    end_time: str = attrs.field(metadata=checks(HH_MM))

    _object_checks: ClassVar[ObjectChecks] = (ends_after_start,)


def _time_slots(slots: Iterable[TimeSlot]) -> tuple[TimeSlot, ...]:
    # Lists are frozen; anything else is left for the request checks to name.
    return tuple(slots) if type(slots) is list else cast("tuple[TimeSlot, ...]", slots)


@attrs.frozen
class ScheduleDay(WireModel):
    """The calling windows of one weekday.

    Args:
        day_of_week: 0 = Sunday, 1 = Monday, ... 6 = Saturday.
        time_slots: The windows of that day; a list given is kept as a tuple.
    """

    day_of_week: int = attrs.field(metadata=checks(DAY_OF_WEEK))
    time_slots: tuple[TimeSlot, ...] = attrs.field(converter=_time_slots)


def _days(days: Iterable[ScheduleDay]) -> tuple[ScheduleDay, ...]:
    return tuple(days) if type(days) is list else cast("tuple[ScheduleDay, ...]", days)


keeps_tuples(_time_slots, _days)


@attrs.frozen
class Schedule(WireModel):
    """When a job may dial: weekly windows in an IANA timezone.

    Args:
        days: The weekdays with their windows; a list given is kept as a tuple.
        timezone: IANA name, e.g. ``"America/New_York"``.
        disable_schedule: Input only: sent on create/update when given, never
            returned by the API.
    """

    days: tuple[ScheduleDay, ...] = attrs.field(converter=_days)
    timezone: str = attrs.field(metadata=checks(TIMEZONE))
    disable_schedule: bool | None = attrs.field(default=None, metadata=checks(OPTIONAL_BOOL))


@attrs.frozen
class BatchDialJob(WireModel):
    """A calling campaign: rows to dial with one agent, at most N at a time.

    Attributes:
        id: The job's id.
        name: The name given at creation.
        status: A `BatchDialJobStatus`, or the raw string for a status added later.
        max_concurrent_dials: Calls in flight at once while the job is active.
        call_agent_id: The agent that makes the calls.
        created_at: When the job was created (timezone-aware).
        from_phone_number_ids: The caller-number pool, when one was given.
        schedule: The weekly calling windows, or ``None`` for none.
    """

    id: str
    name: str
    status: BatchDialJobStatus | str
    max_concurrent_dials: int
    call_agent_id: str
    created_at: datetime
    from_phone_number_ids: tuple[str, ...] | None = None
    schedule: Schedule | None = None

    @property
    def status_enum(self) -> BatchDialJobStatus | None:
        """``status`` as a `BatchDialJobStatus`; ``None`` for one this version does not know.

        ``status`` itself is typed ``BatchDialJobStatus | str`` so that a new
        status never fails a page; this property gives type checkers (and IDEs)
        the enum::

            if job.status_enum is BatchDialJobStatus.ACTIVE: ...
        """
        status = self.status
        return status if isinstance(status, BatchDialJobStatus) else None


@attrs.frozen
class BatchDialRow(WireModel):
    """One number for a new job to dial, with the prompt variables for that call.

    Args:
        to_number: The number to call, E.164 (``+15551234567``).
        inputs: Prompt variable values by name, strings to strings.
    """

    to_number: str = attrs.field(metadata=checks(E164))
    inputs: dict[str, str] | None = attrs.field(default=None, metadata=checks(STR_MAP))


@attrs.frozen
class QueuedDial(WireModel):
    """A row of a job that has not been dialled yet.

    Attributes:
        id: The row's id.
        to_number: The number to call, E.164.
        batch_dial_job_id: The job the row belongs to.
        created_at: When the row was queued (timezone-aware).
        inputs: The row's prompt variable values, when it has any.
    """

    id: str
    to_number: str
    batch_dial_job_id: str
    created_at: datetime
    inputs: dict[str, Any] | None = None


# ------------------------------------------------------------ request bodies
# Built by a resource method from its arguments, checked by
# `vogent_async._request._validation` (the rules on the fields, then ``_object_checks``)
# and sent through the converter: camelCase keys, and a field left at its
# default is left out of the JSON.


@attrs.define
class _CreateJobBody:
    """``CreateBatchDialJobInput``: POST /batch_dial_jobs; ``rows`` is streamed."""

    name: str = attrs.field(metadata=checks(TEXT))
    call_agent_id: str = attrs.field(metadata=checks(TEXT))
    max_concurrent_dials: int = attrs.field(metadata=checks(POSITIVE_INT))
    rows: Iterable[BatchDialRow | Fields]
    from_phone_number_ids: list[str] | None = attrs.field(
        default=None, converter=listed, metadata=checks(ID_LIST)
    )
    schedule: Schedule | Fields | None = None


@attrs.define
class _UpdateJobBody:
    """``UpdateBatchDialJobInput``: PUT /batch_dial_jobs/{id}; ``None`` is sent as null."""

    max_concurrent_dials: int | NotGiven = attrs.field(
        default=NOT_GIVEN, metadata=checks(POSITIVE_INT)
    )
    from_phone_number_ids: list[str] | NotGiven = attrs.field(
        default=NOT_GIVEN, converter=listed, metadata=checks(ID_LIST)
    )
    schedule: Schedule | Fields | NotGiven | None = NOT_GIVEN

    _object_checks: ClassVar[ObjectChecks] = (something_given,)


@attrs.define
class _PausedBody:
    """``SetBatchDialJobPausedInput``: POST /batch_dial_jobs/{id}/paused."""

    paused: bool
