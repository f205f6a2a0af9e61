"""Validation of request bodies, the way the API's 422 answers would report it.

Each function returns every problem found as ``"<path>: <what is wrong>"``,
with paths in the API's camelCase (``rows[3].toNumber``); an empty list means
the body is acceptable. Unknown fields are ignored, as the real API does.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Any

__all__ = ["check_create_job", "check_set_paused", "check_update_job"]

_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def check_create_job(body: Any, *, concurrency_limit: int) -> list[str]:
    """Check a `CreateBatchDialJobInput` body."""
    if type(body) is not dict:
        return ["$: expected a JSON object"]
    problems: list[str] = []
    for field in ("callAgentId", "name"):
        value = body.get(field)
        if type(value) is not str or not value.strip():
            problems.append(f"{field}: required, a non-empty string")
    if "maxConcurrentDials" not in body:
        problems.append("maxConcurrentDials: required, an integer >= 1")
    else:
        problems += _concurrency(body["maxConcurrentDials"], concurrency_limit)
    problems += _rows(body.get("rows"))
    problems += _common_optionals(body)
    return problems


def check_update_job(body: Any, *, concurrency_limit: int) -> list[str]:
    """Check an `UpdateBatchDialJobInput` body (every field optional)."""
    if type(body) is not dict:
        return ["$: expected a JSON object"]
    problems: list[str] = []
    if "maxConcurrentDials" in body:
        problems += _concurrency(body["maxConcurrentDials"], concurrency_limit)
    return problems + _common_optionals(body)


def check_set_paused(body: Any) -> list[str]:
    """Check a `SetBatchDialJobPausedInput` body."""
    if type(body) is not dict:
        return ["$: expected a JSON object"]
    if type(body.get("paused")) is not bool:
        return ["paused: required, true or false"]
    return []


def _concurrency(value: Any, limit: int) -> list[str]:
    if type(value) is not int or value < 1:
        return ["maxConcurrentDials: expected an integer >= 1"]
    if value > limit:
        return [f"maxConcurrentDials: exceeds the workspace concurrent-dial limit of {limit}"]
    return []


def _rows(rows: Any) -> list[str]:
    if type(rows) is not list or not rows:
        return ["rows: required, a non-empty array of {toNumber, inputs}"]
    problems: list[str] = []
    for i, row in enumerate(rows):
        if type(row) is not dict:
            problems.append(f"rows[{i}]: expected an object")
            continue
        number = row.get("toNumber")
        if type(number) is not str or not _E164.fullmatch(number):
            problems.append(f"rows[{i}].toNumber: expected an E.164 number such as +15551234567")
        inputs = row.get("inputs")
        if inputs is not None and (
            type(inputs) is not dict or any(type(v) is not str for v in inputs.values())
        ):
            problems.append(f"rows[{i}].inputs: expected an object of string values")
    return problems


def _common_optionals(body: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    numbers = body.get("fromPhoneNumberIds")
    if numbers is not None and (
        type(numbers) is not list or any(type(n) is not str or not n for n in numbers)
    ):
        problems.append("fromPhoneNumberIds: expected an array of non-empty strings")
    schedule = body.get("schedule")
    if schedule is not None:
        problems += _schedule(schedule)
    return problems


def _schedule(schedule: Any) -> list[str]:
    if type(schedule) is not dict:
        return ["schedule: expected an object or null"]
    problems: list[str] = []
    tz = schedule.get("timezone")
    if type(tz) is not str or not _known_timezone(tz):
        problems.append("schedule.timezone: expected an IANA timezone such as America/New_York")
    if "disableSchedule" in schedule and type(schedule["disableSchedule"]) is not bool:
        problems.append("schedule.disableSchedule: expected true or false")
    days = schedule.get("days")
    if type(days) is not list:
        return [*problems, "schedule.days: required, an array"]
    for i, day in enumerate(days):
        problems += _day(f"schedule.days[{i}]", day)
    return problems


def _day(path: str, day: Any) -> list[str]:
    if type(day) is not dict:
        return [f"{path}: expected an object"]
    problems: list[str] = []
    dow = day.get("dayOfWeek")
    if type(dow) is not int or not 0 <= dow <= 6:
        problems.append(f"{path}.dayOfWeek: expected an integer 0 (Sunday) to 6")
    slots = day.get("timeSlots")
    if type(slots) is not list:
        return [*problems, f"{path}.timeSlots: required, an array"]
    for j, slot in enumerate(slots):
        start = slot.get("startTime") if type(slot) is dict else None
        end = slot.get("endTime") if type(slot) is dict else None
        if not (type(start) is str and type(end) is str):
            problems.append(f"{path}.timeSlots[{j}]: expected startTime and endTime strings")
        elif not (_HHMM.fullmatch(start) and _HHMM.fullmatch(end)) or end <= start:
            problems.append(f"{path}.timeSlots[{j}]: expected HH:MM times with end after start")
    return problems


@lru_cache(maxsize=256)
def _known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
