"""Arguments are checked before any byte is sent, and every problem is reported at once."""

from __future__ import annotations

import itertools
import json
import types
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from aioresponses import aioresponses

import vogent_async
from vogent_async import (
    NOT_GIVEN,
    AgentType,
    AgentUpdate,
    BackgroundNoiseType,
    BatchDialRow,
    FunctionType,
    FunctionUpdate,
    InvalidRequestError,
    Schedule,
    ScheduleDay,
    TimeSlot,
    VersionedPromptUpdate,
)
from vogent_async._client import _CONVERTER
from vogent_async._request._paths import path
from vogent_async._request._rows import encode_body
from vogent_async._request._validation import _fast_check, check, problems_in
from vogent_async.models.batch_dial_jobs import _CreateJobBody, _PausedBody, _UpdateJobBody
from vogent_async.models.dials import _CreateDialBody

WEEKDAYS = Schedule(
    timezone="America/New_York",
    days=[ScheduleDay(day_of_week=d, time_slots=[TimeSlot("09:00", "17:00")]) for d in range(1, 6)],
)


def create(**changes: Any) -> dict[str, Any]:
    """Check a create call (valid unless changed) and return the JSON body it would send."""
    args: dict[str, Any] = {
        "name": "Renewals",
        "call_agent_id": "agent_1",
        "max_concurrent_dials": 5,
        "rows": [BatchDialRow("+15551234567", {"customer_name": "Ada"})],
        "from_phone_number_ids": None,
        "schedule": None,
        **changes,
    }
    body: dict[str, Any] = json.loads(
        encode_body(_CreateJobBody(**args), _CONVERTER, stream="rows")
    )
    return body


def problems_of(**changes: Any) -> list[str]:
    """The problems a create call with these changes is rejected with."""
    with pytest.raises(InvalidRequestError) as caught:
        create(**changes)
    return list(caught.value.problems)


def test_valid_create_body_is_camel_case_without_unset_optionals() -> None:
    """A valid call becomes the API's JSON: camelCase keys, no key for an omitted optional."""
    assert create() == {
        "name": "Renewals",
        "callAgentId": "agent_1",
        "maxConcurrentDials": 5,
        "rows": [{"toNumber": "+15551234567", "inputs": {"customer_name": "Ada"}}],
    }


def test_create_body_with_every_optional() -> None:
    """Caller numbers and a schedule (with disable_schedule) are sent under their API names."""
    schedule = Schedule(
        timezone="Europe/Berlin",
        days=[ScheduleDay(0, [TimeSlot("00:00", "23:59")])],
        disable_schedule=False,
    )
    body = create(from_phone_number_ids=("pn_1", "pn_2"), schedule=schedule)
    assert body["fromPhoneNumberIds"] == ["pn_1", "pn_2"]
    assert body["schedule"] == {
        "days": [{"dayOfWeek": 0, "timeSlots": [{"startTime": "00:00", "endTime": "23:59"}]}],
        "timezone": "Europe/Berlin",
        "disableSchedule": False,
    }


def test_rows_accept_mappings_in_either_spelling_and_any_iterable() -> None:
    """Rows may be BatchDialRow objects or mappings with toNumber/to_number, from a generator."""

    def rows() -> Iterator[Any]:
        yield BatchDialRow("+15550000001")
        yield {"toNumber": "+15550000002", "inputs": {"a": "1"}}
        yield {"to_number": "+15550000003"}
        yield types.MappingProxyType({"to_number": "+15550000004", "inputs": {"b": "2"}})
        yield {"toNumber": "+15550000005", "inputs": types.MappingProxyType({"c": "3"})}

    assert create(rows=rows())["rows"] == [
        {"toNumber": "+15550000001"},
        {"toNumber": "+15550000002", "inputs": {"a": "1"}},
        {"toNumber": "+15550000003"},
        {"toNumber": "+15550000004", "inputs": {"b": "2"}},
        {"toNumber": "+15550000005", "inputs": {"c": "3"}},
    ]


def test_inputs_must_map_strings_to_strings() -> None:
    """Inputs are documented as a string-to-string map: BatchDialRow(inputs={"n": 1}) is refused."""
    assert problems_of(rows=[BatchDialRow("+15551234567", {"n": 1})]) == [  # type: ignore[dict-item]
        "rows[0].inputs['n']: expected a string, got int 1"
    ]
    assert create(rows=[BatchDialRow("+15551234567", {"n": "1"})])["rows"][0]["inputs"] == {
        "n": "1"
    }


def test_every_problem_is_reported_at_once() -> None:
    """One error lists every bad argument, in field order, each named by its path."""
    schedule = Schedule(
        timezone="Mars/Olympus_Mons",
        days=[ScheduleDay(7, [TimeSlot("9:00", "17:00"), TimeSlot("17:00", "09:00")])],
    )
    assert problems_of(
        name="  ",
        call_agent_id="",
        max_concurrent_dials=0,
        rows=[
            {"toNumber": "5551234567"},
            BatchDialRow("+15551234567", {"when": date(2025, 1, 1)}),  # type: ignore[dict-item]
        ],
        from_phone_number_ids=["pn_1", ""],
        schedule=schedule,
    ) == [
        "name: must not be empty",
        "call_agent_id: must not be empty",
        "max_concurrent_dials: must be at least 1, got 0",
        "rows[0].to_number: expected E.164 like +15551234567, got '5551234567'",
        "rows[1].inputs['when']: expected a string, got date datetime.date(2025, 1, 1)",
        "from_phone_number_ids[1]: expected a non-empty string, got str ''",
        "schedule.days[0].day_of_week: expected 0 (Sunday) to 6 (Saturday), got 7",
        "schedule.days[0].time_slots[0].start_time: expected 24-hour HH:MM, got '9:00'",
        "schedule.days[0].time_slots[1]: end_time '09:00' must be after start_time '17:00'",
        "schedule.timezone: not a known IANA timezone: 'Mars/Olympus_Mons'",
    ]


def test_row_problems_name_the_row_index() -> None:
    """A bad row deep in a large list is named by its index."""
    rows = [BatchDialRow(f"+1555{i:07d}") for i in range(2000)]
    rows[1532] = BatchDialRow("+1 555 123 4567")
    assert problems_of(rows=rows) == [
        "rows[1532].to_number: expected E.164 like +15551234567, got '+1 555 123 4567'"
    ]


@pytest.mark.parametrize(
    "number", ["+12345678", "+15551234567", "+442071838750", "+123456789012345"]
)
def test_e164_numbers_are_accepted(number: str) -> None:
    """'+' then 8 to 15 digits, not starting with 0, is E.164."""
    assert create(rows=[BatchDialRow(number)])["rows"] == [{"toNumber": number}]


@pytest.mark.parametrize(
    "number",
    [
        "15551234567",
        "+1234567",
        "+1234567890123456",
        "+05551234567",
        "+1555123456a",
        "+1-555-123-4567",
        "+15551234567\n",
        " +15551234567",
        "+\u0661\u0665\u0665\u0665\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
        "",
        15551234567,
        None,
    ],
)
def test_non_e164_numbers_are_rejected(number: Any) -> None:
    """Missing '+', too short or long, a leading 0, separators, non-ASCII digits, non-strings."""
    assert problems_of(rows=[BatchDialRow(number)]) == [
        f"rows[0].to_number: expected E.164 like +15551234567, got {number!r}"
    ]


@pytest.mark.parametrize(
    ("inputs", "problem"),
    [
        ("Ada", "rows[0].inputs: expected a mapping of names to strings, got str 'Ada'"),
        (["Ada"], "rows[0].inputs: expected a mapping of names to strings, got list ['Ada']"),
        ({1: "Ada"}, "rows[0].inputs: key 1 is not a string"),
        ({"n": 1}, "rows[0].inputs['n']: expected a string, got int 1"),
        ({"x": 1.5}, "rows[0].inputs['x']: expected a string, got float 1.5"),
        ({"ok": True}, "rows[0].inputs['ok']: expected a string, got bool True"),
        ({"none": None}, "rows[0].inputs['none']: expected a string, got NoneType None"),
        ({"o": {"k": "v"}}, "rows[0].inputs['o']: expected a string, got dict {'k': 'v'}"),
        ({"b": b"raw"}, "rows[0].inputs['b']: expected a string, got bytes b'raw'"),
    ],
)
def test_inputs_that_are_not_a_string_map_are_rejected(inputs: Any, problem: str) -> None:
    """Inputs must be a mapping of string names to string values, nothing else."""
    assert problems_of(rows=[BatchDialRow("+15551234567", inputs)]) == [problem]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([], "rows: must not be empty"),
        (iter(()), "rows: must not be empty"),
        ("+15551234567", "rows: expected an iterable of BatchDialRow or mappings, got str"),
        ({"toNumber": "+15551234567"}, "rows: expected an iterable of BatchDialRow or mappings"),
        (None, "rows: expected an iterable of BatchDialRow or mappings, got NoneType None"),
        ([42], "rows[0]: expected a BatchDialRow or a mapping, got int 42"),
        ([{"inputs": {}}], "rows[0].to_number: required"),
        ([{"toNumber": "+15551234567", "input": {}}], "rows[0]: unknown key(s) 'input'"),
    ],
)
def test_bad_rows_are_rejected(rows: Any, problem: str) -> None:
    """No rows, a string or mapping instead of rows, a non-row item, a missing or unknown key."""
    (found,) = problems_of(rows=rows)
    assert found.startswith(problem)


def test_a_row_with_both_spellings_is_rejected() -> None:
    """A mapping with toNumber and to_number is ambiguous, so it is refused."""
    row = {"toNumber": "+15551234567", "to_number": "+15557654321"}
    assert problems_of(rows=[row]) == ["rows[0]: give toNumber or to_number, not both"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "max_concurrent_dials: must be at least 1, got 0"),
        (-3, "max_concurrent_dials: must be at least 1, got -3"),
        (True, "max_concurrent_dials: expected an integer, got bool True"),
        (2.0, "max_concurrent_dials: expected an integer, got float 2.0"),
        ("5", "max_concurrent_dials: expected an integer, got str '5'"),
    ],
)
def test_concurrency_must_be_a_positive_integer(value: Any, problem: str) -> None:
    """max_concurrent_dials is an int of at least 1 (a bool or float is refused)."""
    assert problems_of(max_concurrent_dials=value) == [problem]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "name: must not be empty"),
        (None, "name: expected a non-empty string, got NoneType None"),
    ],
)
def test_name_must_be_a_non_empty_string(name: Any, problem: str) -> None:
    """An empty or missing name is refused."""
    assert problems_of(name=name) == [problem]


@pytest.mark.parametrize(
    ("numbers", "problem"),
    [
        ("pn_1", "from_phone_number_ids: expected a list of id strings, got str 'pn_1'"),
        ([None], "from_phone_number_ids[0]: expected a non-empty string, got NoneType None"),
    ],
)
def test_caller_numbers_must_be_a_list_of_ids(numbers: Any, problem: str) -> None:
    """A bare string (which would be read as characters) or a non-string id is refused."""
    assert problems_of(from_phone_number_ids=numbers) == [problem]


@pytest.mark.parametrize("day", [-1, 7, True, "1", None])
def test_day_of_week_must_be_0_to_6(day: Any) -> None:
    """Days are integers 0 (Sunday) to 6 (Saturday)."""
    schedule = Schedule([ScheduleDay(day, [TimeSlot("09:00", "17:00")])], "UTC")
    assert problems_of(schedule=schedule) == [
        f"schedule.days[0].day_of_week: expected 0 (Sunday) to 6 (Saturday), got {day!r}"
    ]


@pytest.mark.parametrize(
    "text", ["9:00", "24:00", "09:60", "0900", "09:00:00", "", None, "\u0660\u0669:\u0660\u0660"]
)
def test_time_slots_must_be_24_hour_hh_mm(text: Any) -> None:
    """Slot times are zero-padded 24-hour HH:MM between 00:00 and 23:59."""
    schedule = Schedule([ScheduleDay(1, [TimeSlot(text, "23:00")])], "UTC")
    assert problems_of(schedule=schedule) == [
        f"schedule.days[0].time_slots[0].start_time: expected 24-hour HH:MM, got {text!r}"
    ]


@pytest.mark.parametrize(("start", "end"), [("09:00", "09:00"), ("17:00", "09:30")])
def test_time_slot_must_end_after_it_starts(start: str, end: str) -> None:
    """A slot whose end is not after its start is refused."""
    schedule = Schedule([ScheduleDay(1, [TimeSlot(start, end)])], "UTC")
    assert problems_of(schedule=schedule) == [
        f"schedule.days[0].time_slots[0]: end_time {end!r} must be after start_time {start!r}"
    ]


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Kolkata", "Etc/GMT+5"])
def test_iana_timezones_are_accepted(tz: str) -> None:
    """Names zoneinfo knows are accepted."""
    assert create(schedule=Schedule([], tz))["schedule"] == {"days": [], "timezone": tz}


@pytest.mark.parametrize("tz", ["EST-ish", "America/Gotham", "../../etc/passwd", "", "+05:00", 5])
def test_unknown_timezones_are_rejected(tz: Any) -> None:
    """Names zoneinfo does not know, malformed keys and non-strings are refused."""
    assert problems_of(schedule=Schedule([], tz)) == [
        f"schedule.timezone: not a known IANA timezone: {tz!r}"
    ]


def test_a_schedule_given_as_a_mapping_is_sent_as_the_model() -> None:
    """A mapping of a model's fields (either spelling) is accepted for it, as for rows."""
    as_dicts = {
        "timezone": "America/New_York",
        "days": [
            {"day_of_week": d, "timeSlots": [{"start_time": "09:00", "endTime": "17:00"}]}
            for d in range(1, 6)
        ],
    }
    assert create(schedule=as_dicts) == create(schedule=WEEKDAYS)
    update = check(_UpdateJobBody(schedule=as_dicts))
    assert update.schedule == WEEKDAYS


def test_a_mapping_that_cannot_be_the_model_says_which_model_to_build() -> None:
    """An unknown or missing key names the model and its fields."""
    assert problems_of(schedule={"timezone": "UTC", "day": []}) == [
        "schedule: unknown key(s) 'day' for a Schedule (build one with Schedule(...); "
        "its fields: days, timezone, disable_schedule)",
        "schedule.days: required (by Schedule)",
    ]


def test_schedule_parts_of_the_wrong_type_are_named() -> None:
    """A schedule, day or slot that is not the model, or a non-bool flag, is named by path."""
    assert problems_of(schedule="weekdays") == [
        "schedule: expected a Schedule or a mapping, got str 'weekdays'"
    ]
    schedule = Schedule(
        [{"dayOfWeek": 1}, ScheduleDay(2, "09:00-17:00"), ScheduleDay(3, [("09:00", "17:00")])],  # type: ignore[list-item, arg-type]
        "UTC",
        disable_schedule="no",  # type: ignore[arg-type]
    )
    assert problems_of(schedule=schedule) == [
        "schedule.days[0].time_slots: required (by ScheduleDay)",
        "schedule.days[1].time_slots: expected a list of TimeSlot, got str '09:00-17:00'",
        "schedule.days[2].time_slots[0]: expected a TimeSlot or a mapping, "
        "got tuple ('09:00', '17:00')",
        "schedule.disable_schedule: expected a bool, got str 'no'",
    ]


JOB = "/batch_dial_jobs/{job_id}"


@pytest.mark.parametrize("job_id", ["", None, ".", "..", 42, "job\ud800"])
def test_job_id_must_name_a_job(job_id: Any) -> None:
    """An empty, non-string, dot-segment or not-valid-text (lone surrogate) id is refused."""
    with pytest.raises(InvalidRequestError) as caught:
        path(JOB, job_id=job_id)
    (problem,) = caught.value.problems
    assert problem.startswith("job_id: ")


def test_a_lone_surrogate_is_named() -> None:
    """An id that cannot be encoded says where, instead of a raw UnicodeEncodeError."""
    with pytest.raises(InvalidRequestError) as caught:
        path(JOB, job_id="jo\udcffb")
    assert caught.value.problems == (
        "job_id: not valid text: '\\udcff' at index 2 is a lone surrogate",
    )


@pytest.mark.parametrize(
    ("job_id", "segment"),
    [("job_1", "job_1"), ("a/b?c#d", "a%2Fb%3Fc%23d"), ("...", "..."), ("%2e%2e", "%252e%252e")],
)
def test_any_other_job_id_is_quoted_into_one_segment(job_id: str, segment: str) -> None:
    """Other ids pass, quoted so that they stay inside one path segment."""
    assert path(JOB + "/paused", job_id=job_id) == f"/batch_dial_jobs/{segment}/paused"


def test_path_reports_every_bad_segment() -> None:
    """A template with two ids names each bad one."""
    template = "/agents/{agent_id}/extractors/{extractor_id}"
    assert path(template, agent_id="a 1", extractor_id="é") == "/agents/a%201/extractors/%C3%A9"
    with pytest.raises(InvalidRequestError) as caught:
        path(template, agent_id="", extractor_id="..")
    assert caught.value.problems == (
        "agent_id: expected a non-empty string, got str ''",
        "extractor_id: '..' is a path segment, not an extractor id",
    )


def update_body(**given: Any) -> Any:
    """The JSON an update with these arguments would send."""
    return _CONVERTER.unstructure(check(_UpdateJobBody(**given)))


def test_update_body_holds_only_given_fields() -> None:
    """Arguments left at NOT_GIVEN are absent; schedule=None is sent as null."""
    assert update_body(max_concurrent_dials=3) == {"maxConcurrentDials": 3}
    assert update_body(from_phone_number_ids=[]) == {"fromPhoneNumberIds": []}
    assert update_body(from_phone_number_ids=iter(["pn_1"])) == {"fromPhoneNumberIds": ["pn_1"]}
    assert update_body(schedule=None) == {"schedule": None}
    assert update_body(max_concurrent_dials=NOT_GIVEN, schedule=None) == {"schedule": None}


def test_update_with_nothing_to_change_is_refused() -> None:
    """An update body with every field left out would be PUT {}: it is a problem instead."""
    with pytest.raises(InvalidRequestError) as caught:
        update_body()
    assert caught.value.problems == (
        "nothing to change: give at least one of max_concurrent_dials, "
        "from_phone_number_ids, schedule",
    )


async def test_update_problems_are_reported_at_once(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Update checks the job id, concurrency, caller numbers and schedule together."""
    with pytest.raises(InvalidRequestError) as caught:
        await client.batch_dial_jobs.update(
            "",
            max_concurrent_dials=0,
            from_phone_number_ids=None,  # type: ignore[arg-type]
            schedule=Schedule([], "Nowhere/Land"),
        )
    assert caught.value.problems == (
        "job_id: expected a non-empty string, got str ''",
        "max_concurrent_dials: must be at least 1, got 0",
        "from_phone_number_ids: expected a list of id strings, got NoneType None",
        "schedule.timezone: not a known IANA timezone: 'Nowhere/Land'",
    )
    assert mocked.requests == {}


def test_invalid_request_error_is_a_value_error_listing_problems() -> None:
    """The error is a ValueError and a VogentError; its message shows 50 problems, then a count."""
    rows = [BatchDialRow("bad") for _ in range(60)]
    with pytest.raises(ValueError, match=r"^60 invalid argument\(s\):") as caught:
        create(rows=rows)
    assert isinstance(caught.value, vogent_async.VogentError)
    message = str(caught.value)
    assert "rows[49].to_number" in message
    assert "rows[50].to_number" not in message
    assert message.endswith("... and 10 more")


async def test_invalid_calls_send_nothing(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Every method rejects bad arguments before a request is made."""
    jobs = client.batch_dial_jobs
    calls = [
        jobs.create(name="", call_agent_id="a", max_concurrent_dials=1, rows=[]),
        jobs.get(""),
        jobs.update("", max_concurrent_dials=2),
        jobs.update("job_1", max_concurrent_dials=0),
        jobs.pause(""),
        jobs.resume(".."),
    ]
    for call in calls:
        with pytest.raises(InvalidRequestError):
            await call
    with pytest.raises(InvalidRequestError):
        jobs.list_queued("")
    with pytest.raises(InvalidRequestError):
        jobs.list_dials("")
    assert mocked.requests == {}


def test_rows_are_encoded_in_batches_in_order() -> None:
    """Rows past one encoding batch (4,096) arrive whole and in order, read once."""
    reads = 0

    def rows() -> Iterator[Any]:
        nonlocal reads
        for n in range(10_001):
            reads += 1
            yield {"toNumber": f"+1555{n:07d}", "inputs": {"n": str(n)}}

    sent = create(rows=rows())["rows"]
    assert reads == 10_001
    assert len(sent) == 10_001
    assert sent[4095:4098] == [
        {"toNumber": f"+1555{n:07d}", "inputs": {"n": str(n)}} for n in (4095, 4096, 4097)
    ]
    assert sent[-1] == {"toNumber": "+15550010000", "inputs": {"n": "10000"}}


def test_a_bad_row_late_in_a_stream_stops_the_whole_request() -> None:
    """Nothing is returned to send when the last of many rows is bad; the others are not listed."""
    rows = (BatchDialRow(f"+1555{n:07d}") for n in range(9_000))
    bad = iter([BatchDialRow("nope")])
    assert problems_of(rows=itertools.chain(rows, bad)) == [
        "rows[9000].to_number: expected E.164 like +15551234567, got 'nope'"
    ]


def test_the_walker_checks_a_model_given_where_a_row_belongs() -> None:
    """A row subclass is still a row; a Schedule where a row belongs is named."""

    class MyRow(BatchDialRow):
        pass

    assert create(rows=[MyRow("+15551234567")])["rows"] == [{"toNumber": "+15551234567"}]
    (problem,) = problems_of(rows=[WEEKDAYS])
    assert problem.startswith("rows[0]: expected a BatchDialRow or a mapping, got Schedule ")


def test_the_fast_check_agrees_with_the_walker() -> None:
    """The generated yes/no check of a class says no exactly where the walker finds a problem."""
    phone: dict[str, Any] = {
        "call_agent_id": "agent_1",
        "to_number": "+15551234567",
        "from_number_id": "pn_1",
    }
    cases: list[tuple[Any, Any]] = [
        (TimeSlot("09:00", "17:00"), TimeSlot("17:00", "09:00")),  # the class's own check
        (_PausedBody(True), None),  # a field without rules
        (BatchDialRow("+15551234567", {"a": "b"}), BatchDialRow("+15551234567", {"a": 1})),  # type: ignore[dict-item]
        (_CreateDialBody(**phone), _CreateDialBody("agent_1", to_number="+15551234567")),
        (_CreateDialBody("agent_1", browser_call=True), _CreateDialBody(**phone, keywords=[1])),
    ]
    for good, bad in cases:
        fast_ok = _fast_check(good.__class__)
        assert fast_ok(good)
        assert problems_in(good) == []
        assert check(good) is good
        if bad is not None:
            assert not fast_ok(bad)
            assert problems_in(bad) != []


def test_the_fast_check_leaves_a_nested_model_to_the_walker() -> None:
    """A body holding a nested model is walked: its mapping is built, its problems named."""
    assert _fast_check(_UpdateJobBody)(_UpdateJobBody(max_concurrent_dials=3))
    assert not _fast_check(_UpdateJobBody)(_UpdateJobBody())  # its own check: something given
    given = {"timezone": "UTC", "days": [{"dayOfWeek": 1, "timeSlots": []}]}
    body = _UpdateJobBody(schedule=given)
    assert not _fast_check(_UpdateJobBody)(body)
    built = check(body)
    assert isinstance(built.schedule, Schedule)
    assert built.schedule.days[0].day_of_week == 1
    with pytest.raises(InvalidRequestError, match=r"schedule\.days\[0\]\.day_of_week"):
        check(_UpdateJobBody(schedule={**given, "days": [{"dayOfWeek": 9, "timeSlots": []}]}))


@pytest.mark.parametrize(
    ("body", "key", "value"),
    [
        (
            AgentUpdate(background_noise_type=BackgroundNoiseType.NOISE),
            "backgroundNoiseType",
            "noise",
        ),
        (VersionedPromptUpdate(agent_type=AgentType.STANDARD), "agentType", "STANDARD"),
        (FunctionUpdate([], type=FunctionType.TRANSFER), "type", "transfer"),
    ],
)
def test_an_enum_member_passes_where_the_type_allows_it_and_is_sent_as_its_value(
    body: object, key: str, value: str
) -> None:
    """The one walker checks a field's type from its annotation: ``Enum | str`` takes members."""
    sent = _CONVERTER.unstructure(check(body))
    assert sent[key] == value
    assert type(sent[key]) is str


def test_a_field_without_rules_is_checked_by_its_type() -> None:
    """A wrong type is named with what the annotation accepts; nothing else is needed."""
    wrong = AgentUpdate(background_noise_type=3, max_duration_seconds=True)  # type: ignore[arg-type]
    assert problems_in(wrong) == [
        "max_duration_seconds: expected an integer, got bool True",
        "background_noise_type: expected a BackgroundNoiseType or a string, got int 3",
    ]
