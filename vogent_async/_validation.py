"""Check a request's arguments, then build its body; nothing is sent if a check fails.

Every problem is collected before raising, so one `InvalidRequestError` lists
them all, each named by the argument path the caller wrote
(``rows[1532].to_number``, ``schedule.days[0].time_slots[1].end_time``).
The row loop is the hot path: a 100,000-row job is checked in a few tens of
milliseconds, so it avoids per-row allocations beyond the row itself.
"""

from __future__ import annotations

import functools
import math
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.errors import InvalidRequestError
from vogent_async.models.batch_dial_jobs import (
    BatchDialRow,
    Schedule,
    ScheduleDay,
    TimeSlot,
    _CreateJobBody,
    _UpdateJobBody,
)

__all__ = ["check_job_id", "create_job_body", "update_job_body"]

#: E.164: ``+``, a country code that does not start with 0, 8 to 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{7,14}").fullmatch
#: 24-hour ``HH:MM``, 00:00 to 23:59.
_HHMM = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]").fullmatch
_ROW_KEYS = frozenset({"toNumber", "to_number", "inputs"})
_MAX_DEPTH = 64
_ABSENT = object()  # a row without a number: reported once, as "required"


def check_job_id(job_id: object) -> str:
    """Return ``job_id`` if it can name a job, else raise.

    Raises:
        InvalidRequestError: It is not a non-empty string, or it is ``.``/``..``
            (dot segments a server or proxy could resolve to another path).
    """
    problems: list[str] = []
    _check_job_id(job_id, problems)
    if problems:
        raise InvalidRequestError(problems)
    return job_id  # type: ignore[return-value]  # checked to be a str above


def create_job_body(
    *,
    name: object,
    call_agent_id: object,
    max_concurrent_dials: object,
    rows: object,
    from_phone_number_ids: object,
    schedule: object,
) -> _CreateJobBody:
    """Check the arguments of ``create`` and build the request body.

    Raises:
        InvalidRequestError: Listing every problem found.
    """
    problems: list[str] = []
    _check_text("name", name, problems)
    _check_text("call_agent_id", call_agent_id, problems)
    _check_concurrency(max_concurrent_dials, problems)
    checked_rows = _check_rows(rows, problems)
    numbers = None
    if from_phone_number_ids is not None:
        numbers = _check_ids("from_phone_number_ids", from_phone_number_ids, problems)
    if schedule is not None:
        _check_schedule(schedule, problems)
    if problems:
        raise InvalidRequestError(problems)
    return _CreateJobBody(
        name=name,  # type: ignore[arg-type]  # each argument was checked above
        call_agent_id=call_agent_id,  # type: ignore[arg-type]
        max_concurrent_dials=max_concurrent_dials,  # type: ignore[arg-type]
        rows=checked_rows,
        from_phone_number_ids=numbers,
        schedule=schedule,  # type: ignore[arg-type]
    )


def update_job_body(
    job_id: object,
    *,
    max_concurrent_dials: object,
    from_phone_number_ids: object,
    schedule: object,
) -> _UpdateJobBody:
    """Check the arguments of ``update``; those left at `NOT_GIVEN` stay out of the body.

    Raises:
        InvalidRequestError: Listing every problem found.
    """
    problems: list[str] = []
    _check_job_id(job_id, problems)
    if max_concurrent_dials is not NOT_GIVEN:
        _check_concurrency(max_concurrent_dials, problems)
    numbers: list[str] | NotGiven = NOT_GIVEN
    if from_phone_number_ids is not NOT_GIVEN:
        numbers = _check_ids("from_phone_number_ids", from_phone_number_ids, problems)
    if schedule is not NOT_GIVEN and schedule is not None:
        _check_schedule(schedule, problems)
    if problems:
        raise InvalidRequestError(problems)
    return _UpdateJobBody(
        max_concurrent_dials=max_concurrent_dials,  # type: ignore[arg-type]  # checked
        from_phone_number_ids=numbers,
        schedule=schedule,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------ single values


def _check_job_id(job_id: object, problems: list[str]) -> None:
    if type(job_id) is not str or not job_id:
        problems.append(f"job_id: expected a non-empty string, got {_show(job_id)}")
    elif job_id in (".", ".."):
        problems.append(f"job_id: {job_id!r} is a path segment, not a job id")


def _check_text(path: str, value: object, problems: list[str]) -> None:
    if not isinstance(value, str):
        problems.append(f"{path}: expected a string, got {_show(value)}")
    elif not value.strip():
        problems.append(f"{path}: must not be empty")


def _check_concurrency(value: object, problems: list[str]) -> None:
    if type(value) is not int:
        problems.append(f"max_concurrent_dials: expected an integer, got {_show(value)}")
    elif value < 1:
        problems.append(f"max_concurrent_dials: must be at least 1, got {value}")


def _check_ids(path: str, value: object, problems: list[str]) -> list[str]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        problems.append(f"{path}: expected a list of id strings, got {_show(value)}")
        return []
    ids = list(value)
    for i, item in enumerate(ids):
        if not isinstance(item, str) or not item:
            problems.append(f"{path}[{i}]: expected a non-empty string, got {_show(item)}")
    return ids


def _show(value: object) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {text}"


# ------------------------------------------------------------------ schedule


def _check_schedule(schedule: object, problems: list[str]) -> None:
    if not isinstance(schedule, Schedule):
        problems.append(f"schedule: expected a Schedule, got {_show(schedule)}")
        return
    # Read as `object`: attrs does not check types, so a field may hold anything.
    tz: object = schedule.timezone
    disable: object = schedule.disable_schedule
    days: object = schedule.days
    if not isinstance(tz, str) or not _is_timezone(tz):
        problems.append(f"schedule.timezone: not a known IANA timezone: {tz!r}")
    if disable is not None and type(disable) is not bool:
        problems.append(f"schedule.disable_schedule: expected a bool, got {_show(disable)}")
    if not isinstance(days, (list, tuple)):
        problems.append(f"schedule.days: expected a list of ScheduleDay, got {_show(days)}")
        return
    for i, day in enumerate(days):
        _check_day(f"schedule.days[{i}]", day, problems)


def _check_day(path: str, day: object, problems: list[str]) -> None:
    if not isinstance(day, ScheduleDay):
        problems.append(f"{path}: expected a ScheduleDay, got {_show(day)}")
        return
    dow: object = day.day_of_week
    slots: object = day.time_slots
    if type(dow) is not int or not 0 <= dow <= 6:
        problems.append(f"{path}.day_of_week: expected 0 (Sunday) to 6 (Saturday), got {dow!r}")
    if not isinstance(slots, (list, tuple)):
        problems.append(f"{path}.time_slots: expected a list of TimeSlot, got {_show(slots)}")
        return
    for j, slot in enumerate(slots):
        _check_slot(f"{path}.time_slots[{j}]", slot, problems)


def _check_slot(path: str, slot: object, problems: list[str]) -> None:
    if not isinstance(slot, TimeSlot):
        problems.append(f"{path}: expected a TimeSlot, got {_show(slot)}")
        return
    start, end = slot.start_time, slot.end_time
    good = True
    for field, value in (("start_time", start), ("end_time", end)):
        if not isinstance(value, str) or _HHMM(value) is None:
            problems.append(f"{path}.{field}: expected 24-hour HH:MM, got {value!r}")
            good = False
    if good and end <= start:  # zero-padded HH:MM strings order like times
        problems.append(f"{path}: end_time {end!r} must be after start_time {start!r}")


@functools.lru_cache(maxsize=128)
def _is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # ValueError: a malformed key
        return False
    return True


# ---------------------------------------------------------------------- rows


def _check_rows(rows: object, problems: list[str]) -> list[BatchDialRow]:
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        problems.append(
            f"rows: expected an iterable of BatchDialRow or mappings, got {_show(rows)}"
        )
        return []
    out: list[BatchDialRow] = []
    append, row_cls, e164, plain = (
        out.append,
        BatchDialRow,
        _E164,
        _plain_inputs,
    )  # locals: hot loop
    count = 0
    for index, row in enumerate(rows):
        count += 1
        if isinstance(row, row_cls):
            number, inputs = row.to_number, row.inputs
        elif type(row) is dict or isinstance(row, Mapping):  # the ABC check is slow
            number, inputs = _unpack_mapping(index, row, problems)
        else:
            problems.append(
                f"rows[{index}]: expected a BatchDialRow or a mapping, got {_show(row)}"
            )
            continue
        if number is not _ABSENT and (type(number) is not str or e164(number) is None):
            problems.append(
                f"rows[{index}].to_number: expected E.164 like +15551234567, got {number!r}"
            )
        if inputs is not None and (type(inputs) is not dict or not plain(inputs)):
            inputs = _check_inputs(f"rows[{index}].inputs", inputs, problems)
        if row.__class__ is not row_cls or inputs is not row.inputs:
            row = row_cls(number, inputs)
        append(row)
    if count == 0:
        problems.append("rows: must not be empty")
    return out


def _unpack_mapping(index: int, row: Mapping[Any, Any], problems: list[str]) -> tuple[Any, Any]:
    inputs = row.get("inputs")
    if len(row) == 1 + (inputs is not None or "inputs" in row):  # the common, well-formed row
        if "toNumber" in row:
            return row["toNumber"], inputs
        if "to_number" in row:
            return row["to_number"], inputs
    unknown = sorted(repr(k) for k in row if k not in _ROW_KEYS)
    if unknown:
        problems.append(f"rows[{index}]: unknown key(s) {', '.join(unknown)}")
    if "toNumber" in row and "to_number" in row:
        problems.append(f"rows[{index}]: give toNumber or to_number, not both")
        return row["toNumber"], inputs
    if "toNumber" not in row and "to_number" not in row:
        problems.append(f"rows[{index}].to_number: required")
        return _ABSENT, inputs
    return row.get("toNumber", row.get("to_number")), inputs


def _plain_inputs(inputs: dict[Any, Any]) -> bool:
    """The fast path: a dict of strings to strings, the shape the API documents."""
    for key, value in inputs.items():
        if type(key) is not str or type(value) is not str:
            return False
    return True


def _check_inputs(path: str, inputs: object, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(inputs, Mapping):
        problems.append(f"{path}: expected a mapping of names to values, got {_show(inputs)}")
        return None
    for key, value in inputs.items():
        if not isinstance(key, str):
            problems.append(f"{path}: key {key!r} is not a string")
        else:
            _check_json(f"{path}[{key!r}]", value, problems)
    return inputs if type(inputs) is dict else dict(inputs)


def _check_json(path: str, value: object, problems: list[str], depth: int = 0) -> None:
    """Append a problem for each part of ``value`` that strict JSON cannot carry."""
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            problems.append(f"{path}: {value!r} is not valid JSON")
        return
    if depth >= _MAX_DEPTH:  # also stops a container that contains itself
        problems.append(f"{path}: nested deeper than {_MAX_DEPTH} levels")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(f"{path}: key {key!r} is not a string")
            else:
                _check_json(f"{path}[{key!r}]", item, problems, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_json(f"{path}[{i}]", item, problems, depth + 1)
        return
    problems.append(f"{path}: {_show(value)} is not JSON-serialisable")
