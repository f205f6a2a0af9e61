"""The API's data as attrs classes, one module per API group."""

from vogent_async.models.batch_dial_jobs import (
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    QueuedDial,
    Schedule,
    ScheduleDay,
    TimeSlot,
)

__all__ = [
    "BatchDialJob",
    "BatchDialJobStatus",
    "BatchDialRow",
    "QueuedDial",
    "Schedule",
    "ScheduleDay",
    "TimeSlot",
]
