"""How jobs are shown: schedules in words, tables that never cut an id."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from rich.console import Console

from vogent_async import BatchDialJob, Schedule, ScheduleDay, TimeSlot
from vogent_async.cli._output import jobs_table, print_wide, schedule_text

NINE_TO_FIVE = [TimeSlot("09:00", "17:00")]


def test_schedule_text_groups_consecutive_days_with_the_same_windows() -> None:
    """Mon-Fri with equal windows is one range; a different day or a gap starts another."""
    days = [ScheduleDay(d, NINE_TO_FIVE) for d in (5, 1, 2, 3, 4)]
    days.append(ScheduleDay(6, [TimeSlot("10:00", "12:00"), TimeSlot("13:00", "14:00")]))
    days.append(ScheduleDay(0, [TimeSlot("08:00", "12:00")]))
    assert schedule_text(Schedule(days, "Europe/Paris")) == (
        "Europe/Paris: Sun 08:00-12:00, Mon-Fri 09:00-17:00, Sat 10:00-12:00 13:00-14:00"
    )
    days[-1] = ScheduleDay(0, NINE_TO_FIVE)
    assert schedule_text(Schedule(days, "UTC")).startswith("UTC: Sun-Fri 09:00-17:00, Sat")


def test_schedule_text_edge_cases() -> None:
    """No schedule, no days, a day without windows and an unknown day number all read sensibly."""
    assert schedule_text(None) == "-"
    assert schedule_text(Schedule([], "UTC")) == "UTC: no days"
    assert schedule_text(Schedule([ScheduleDay(2, []), ScheduleDay(9, [])], "UTC")) == (
        "UTC: Tue closed, day 9 closed"
    )


def test_a_narrow_terminal_never_cuts_ids() -> None:
    """On a console narrower than the table, ids, statuses and times are still whole."""
    job = BatchDialJob(
        id="3c49d76f-cfc6-4625-8594-0927468ff53d",
        name="Appointment reminders April (Central)",
        status="ACTIVE",
        max_concurrent_dials=10,
        call_agent_id="e443df78-9558-467f-9ba9-1faf7a024204",
        created_at=datetime(2025, 6, 2, 9, 0, 12, tzinfo=timezone.utc),
        schedule=Schedule([ScheduleDay(1, NINE_TO_FIVE)], "America/Los_Angeles"),
    )
    buffer = io.StringIO()
    print_wide(Console(file=buffer, width=60), jobs_table([job]))
    text = buffer.getvalue()
    for whole in (job.id, job.call_agent_id, "ACTIVE", "2025-06-02 09:00:12", " 10 "):
        assert whole in text
