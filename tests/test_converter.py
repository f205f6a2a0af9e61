"""The package converter: camelCase by rule, strict types, open enums, aware timestamps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from vogent_async import (
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    Model,
    ModelOption,
    ModelOptionValueType,
    Schedule,
    ScheduleDay,
    TimeSlot,
)
from vogent_async._codec._cattrs_hooks import parse_datetime
from vogent_async._codec._converter import Converter, SchemaMismatch, to_camel

from .conftest import job_json

CONVERTER = Converter()


def test_camel_case_rule() -> None:
    """Snake-case attribute names map to the API's camelCase keys."""
    assert to_camel("max_concurrent_dials") == "maxConcurrentDials"
    assert to_camel("id") == "id"
    assert to_camel("from_phone_number_ids") == "fromPhoneNumberIds"


def test_job_decodes_every_field() -> None:
    """A contract-shaped job becomes a BatchDialJob with nested schedule models."""
    job = CONVERTER.structure(job_json(7), BatchDialJob)
    assert job == BatchDialJob(
        id="job_7",
        name="Job 7",
        status=BatchDialJobStatus.ACTIVE,
        max_concurrent_dials=5,
        call_agent_id="agent_1",
        created_at=datetime(2025, 11, 2, 9, 30, 0, 250000, tzinfo=timezone.utc),
        from_phone_number_ids=("pn_1",),
        schedule=Schedule(
            days=[ScheduleDay(day_of_week=1, time_slots=[TimeSlot("09:00", "17:00")])],
            timezone="America/New_York",
        ),
    )


def test_optional_fields_absent_or_null_are_none() -> None:
    """Missing and null optional fields both decode to None."""
    body = job_json(1, schedule=None)
    del body["fromPhoneNumberIds"]
    job = CONVERTER.structure(body, BatchDialJob)
    assert job.schedule is None
    assert job.from_phone_number_ids is None


def test_unknown_fields_are_ignored() -> None:
    """A field the server adds later does not break decoding."""
    job = CONVERTER.structure(job_json(1, progress={"done": 3}, newFlag=True), BatchDialJob)
    assert job.id == "job_1"


def test_unknown_enum_value_is_kept_as_raw_string() -> None:
    """A status the server adds later arrives as its raw string."""
    job = CONVERTER.structure(job_json(1, status="ARCHIVED"), BatchDialJob)
    assert job.status == "ARCHIVED"
    assert not isinstance(job.status, BatchDialJobStatus)


def test_known_enum_value_is_the_member() -> None:
    """A documented status is the enum member, which still compares to its string."""
    job = CONVERTER.structure(job_json(1, status="PAUSED"), BatchDialJob)
    assert job.status is BatchDialJobStatus.PAUSED
    assert job.status == "PAUSED"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-02T09:30:00Z", datetime(2025, 11, 2, 9, 30, tzinfo=timezone.utc)),
        (
            "2025-11-02T09:30:00.123456789+02:00"[:29] + "+02:00",
            datetime(2025, 11, 2, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2025-11-02T09:30:00.5-05:00",
            datetime(2025, 11, 2, 9, 30, 0, 500000, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_timestamps_accept_z_offsets_and_fractions(text: str, expected: datetime) -> None:
    """RFC 3339 timestamps decode to aware datetimes."""
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("value", ["2025-11-02T09:30:00", "yesterday", 1700000000])
def test_naive_or_malformed_timestamps_are_rejected(value: Any) -> None:
    """A timestamp without an offset, or not a timestamp, fails loudly."""
    with pytest.raises((ValueError, TypeError)):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"maxConcurrentDials": "5"}, "data[2].maxConcurrentDials"),
        ({"maxConcurrentDials": True}, "data[2].maxConcurrentDials"),
        ({"name": 12}, "data[2].name"),
        ({"fromPhoneNumberIds": "pn_1"}, "data[2].fromPhoneNumberIds"),
        ({"createdAt": "2025-11-02"}, "data[2].createdAt"),
        ({"schedule": "weekdays"}, "data[2].schedule"),
        (
            {"schedule": {"timezone": "UTC", "days": [{"dayOfWeek": "mon", "timeSlots": []}]}},
            "data[2].schedule.days[0].dayOfWeek",
        ),
        (
            {"schedule": {"timezone": "UTC", "days": [{"dayOfWeek": 1, "timeSlots": [{}]}]}},
            "data[2].schedule.days[0].timeSlots[0].startTime",
        ),
    ],
)
def test_mismatch_names_the_field_path(change: dict[str, Any], path: str) -> None:
    """A body that does not fit names the camelCase path of each bad field."""
    items = [job_json(0), job_json(1), job_json(2, **change)]
    with pytest.raises(SchemaMismatch) as info:
        CONVERTER.structure_list(items, BatchDialJob, path="data")
    assert any(line.startswith(f"{path}:") for line in info.value.errors), info.value.errors


def test_missing_required_field_is_named() -> None:
    """A missing required key is reported as missing, with its path."""
    body = job_json(0)
    del body["callAgentId"]
    with pytest.raises(SchemaMismatch) as info:
        CONVERTER.structure(body, BatchDialJob)
    assert info.value.errors == ["callAgentId: required field is missing"]


def test_non_list_items_are_rejected() -> None:
    """A page whose items are not an array fails with the array's path."""
    with pytest.raises(SchemaMismatch) as info:
        CONVERTER.structure_list({"0": job_json(0)}, BatchDialJob, path="data")
    assert info.value.errors[0].startswith("data: expected an array")


def test_unstructure_writes_camel_case_and_omits_unset_optionals() -> None:
    """Request bodies use camelCase and leave out optionals that were not set."""
    schedule = Schedule(days=[ScheduleDay(0, [TimeSlot("09:00", "12:00")])], timezone="UTC")
    assert CONVERTER.unstructure(schedule) == {
        "days": [{"dayOfWeek": 0, "timeSlots": [{"startTime": "09:00", "endTime": "12:00"}]}],
        "timezone": "UTC",
    }
    assert CONVERTER.unstructure(BatchDialRow("+15551234567")) == {"toNumber": "+15551234567"}


def test_round_trip_preserves_a_job() -> None:
    """Unstructuring then structuring a job gives an equal job."""
    job = CONVERTER.structure(job_json(3), BatchDialJob)
    assert CONVERTER.structure(CONVERTER.unstructure(job), BatchDialJob) == job


def test_model_decodes_with_its_options() -> None:
    """A contract-shaped ``Model``; an option value type added later stays a string."""
    data = {
        "id": "gpt",
        "name": "GPT",
        "modelOptions": [
            {"id": "t", "name": "Temperature", "valueType": "FLOAT", "default": "0.7"},
            {"id": "m", "name": "Mode", "valueType": "ENUM", "default": "fast"},
        ],
    }
    model = CONVERTER.structure(data, Model)
    assert model.model_options == (
        ModelOption("t", "Temperature", ModelOptionValueType.FLOAT, "0.7"),
        ModelOption("m", "Mode", "ENUM", "fast"),
    )
    assert CONVERTER.unstructure(model) == data
