"""Reading a job's schedule from a JSON file, camelCase or snake_case, strictly typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vogent_async import Schedule, ScheduleDay, TimeSlot
from vogent_async.cli._schedule import ScheduleFileError, read_schedule


def write(tmp_path: Path, data: Any) -> Path:
    """Write ``data`` as JSON to a schedule file."""
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


EXPECTED = Schedule(
    days=[ScheduleDay(1, [TimeSlot("09:00", "17:00")])],
    timezone="America/New_York",
    disable_schedule=False,
)


def test_api_camel_case_shape(tmp_path: Path) -> None:
    """The shape of the API reference, camelCase keys, decodes into a Schedule."""
    data = {
        "timezone": "America/New_York",
        "disableSchedule": False,
        "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
    }
    assert read_schedule(write(tmp_path, data)) == EXPECTED


def test_python_snake_case_shape(tmp_path: Path) -> None:
    """The same schedule with snake_case keys decodes the same."""
    data = {
        "timezone": "America/New_York",
        "disable_schedule": False,
        "days": [{"day_of_week": 1, "time_slots": [{"start_time": "09:00", "end_time": "17:00"}]}],
    }
    assert read_schedule(write(tmp_path, data)) == EXPECTED


def test_every_problem_is_named_by_its_path(tmp_path: Path) -> None:
    """Wrong types, missing and extra keys are all reported, never coerced."""
    data = {
        "timezone": 5,
        "extra": True,
        "disableSchedule": "false",
        "days": [{"dayOfWeek": "1", "timeSlots": [{"startTime": "09:00"}]}, 3],
    }
    with pytest.raises(ScheduleFileError) as caught:
        read_schedule(write(tmp_path, data))
    assert sorted(caught.value.problems) == sorted(
        [
            "schedule.days[0].day_of_week: invalid value for type, expected int",
            "schedule.days[0].time_slots[0].end_time: required field missing",
            "schedule.days[1]: expected an object",
            "schedule.timezone: invalid value for type, expected str",
            "schedule.disable_schedule: invalid value for type, expected bool | None",
            "schedule: extra fields found (extra)",
        ]
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [("[1, 2]", "expected a JSON object, got list"), ("{", "not valid JSON")],
)
def test_not_an_object(tmp_path: Path, content: str, problem: str) -> None:
    """A file that is not a JSON object is refused with the reason."""
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScheduleFileError, match=problem):
        read_schedule(path)


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a ScheduleFileError naming the file."""
    with pytest.raises(ScheduleFileError, match=r"nope\.json: No such file"):
        read_schedule(tmp_path / "nope.json")
