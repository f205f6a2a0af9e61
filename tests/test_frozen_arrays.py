"""Arrays in response models are tuples: decoded frozen, still JSON arrays when sent."""

from __future__ import annotations

import json
from typing import get_args, get_origin

import attrs
import pytest

import vogent_async
from vogent_async import (
    BatchDialJob,
    Dial,
    FlowDefinition,
    FlowNode,
    Schedule,
    ScheduleDay,
    TimeSlot,
    TransitionRule,
)
from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async._codec._sharing import is_frozen

from .conftest import job_json

CONVERTER = Converter()

DIAL = {
    "id": "dial_1",
    "recordings": [{"url": "https://rec.test/1.wav"}],
    "agent": {
        "id": "agent_1",
        "name": "Ava",
        "language": "en",
        "transcriberParams": {"type": "deepgram", "keywords": ["renewal"]},
    },
    "transcript": [
        {"text": "Hello", "speaker": "AI"},
        {"text": "Hi", "speaker": "HUMAN", "functionCalls": [{"name": "f", "args": "{}"}]},
    ],
}


def test_decoded_arrays_are_tuples_and_a_job_is_hashable() -> None:
    """Every array of a decoded job is a tuple, so the whole job can be hashed."""
    job = CONVERTER.structure(job_json(0), BatchDialJob)
    assert job.schedule is not None
    assert type(job.from_phone_number_ids) is tuple
    assert type(job.schedule.days) is tuple
    assert type(job.schedule.days[0].time_slots) is tuple
    assert hash(job) == hash(CONVERTER.structure(job_json(0), BatchDialJob))


def test_dial_arrays_are_tuples() -> None:
    """Recordings, transcript, function calls and agent keywords decode into tuples."""
    dial = CONVERTER.structure(DIAL, Dial)
    assert dial.agent is not None
    assert dial.agent.transcriber_params is not None
    assert dial.transcript is not None
    assert dial.recordings is not None
    assert type(dial.recordings) is tuple
    assert type(dial.transcript) is tuple
    assert type(dial.transcript[1].function_calls) is tuple
    assert dial.agent.transcriber_params.keywords == ("renewal",)


def test_unstructured_tuples_are_json_arrays() -> None:
    """Sending a model writes its tuples as lists: the same JSON that was received."""
    body = CONVERTER.unstructure(CONVERTER.structure(job_json(0), BatchDialJob))
    assert body["fromPhoneNumberIds"] == ["pn_1"]
    assert body["schedule"] == job_json(0)["schedule"]
    assert type(body["schedule"]["days"]) is list
    assert type(body["schedule"]["days"][0]["timeSlots"]) is list
    assert type(CONVERTER.unstructure(CONVERTER.structure(DIAL, Dial))["transcript"]) is list


def test_a_schedule_built_with_lists_holds_tuples_and_equals_the_decoded_one() -> None:
    """``Schedule(days=[...])`` freezes the lists, so it equals the schedule the API returns."""
    built = Schedule(
        days=[ScheduleDay(1, [TimeSlot("09:00", "17:00")])], timezone="America/New_York"
    )
    assert type(built.days) is tuple
    assert type(built.days[0].time_slots) is tuple
    decoded = CONVERTER.structure(job_json(0), BatchDialJob).schedule
    assert built == decoded
    assert json.dumps(CONVERTER.unstructure(built))


def test_a_non_list_value_is_left_for_the_request_checks() -> None:
    """Only lists are frozen: a wrong value stays as given, for validation to name it."""
    day = ScheduleDay(1, "09:00")  # type: ignore[arg-type]
    assert day.time_slots is not None
    assert str(day.time_slots) == "09:00"


@pytest.mark.parametrize(
    ("transcript", "path"),
    [
        ("Hello", "transcript"),
        ([{"text": "a", "speaker": "AI"}, {"text": 5, "speaker": "AI"}], "transcript[1].text"),
    ],
)
def test_a_bad_array_names_its_path(transcript: object, path: str) -> None:
    """A non-array, or a bad item, of a tuple field is named by its path and index."""
    with pytest.raises(SchemaMismatch) as info:
        CONVERTER.structure({"id": "d", "transcript": transcript}, Dial)
    assert any(line.startswith(f"{path}:") for line in info.value.errors), info.value.errors


def _holds_a_list(tp: object) -> bool:
    return get_origin(tp) is list or any(_holds_a_list(arg) for arg in get_args(tp))


def test_only_request_bodies_hold_lists() -> None:
    """A model the API returns keeps its arrays as tuples; only bodies a caller sends hold lists.

    A class whose name ends in ``Input`` or ``Update`` is a request body, built by the
    caller; a list there is the caller's own.
    """
    found = []
    for name in vogent_async.__all__:
        cls = getattr(vogent_async, name)
        if not (isinstance(cls, type) and attrs.has(cls)) or getattr(cls, "__parameters__", None):
            continue
        if name.endswith(("Input", "Update")):
            continue
        attrs.resolve_types(cls)
        found += [f"{name}.{a.name}" for a in attrs.fields(cls) if _holds_a_list(a.type)]
    assert found == []


def test_a_flow_built_with_lists_holds_tuples() -> None:
    """Callers build flows with lists; the models keep them as tuples, sent as arrays."""
    rule = TransitionRule("in", "node_2", values=["a", "b"])
    node = FlowNode("node_1", "Start", "STANDARD", transition_rules=[rule], node_data={})
    flow = FlowDefinition(nodes=[node])
    assert type(flow.nodes) is tuple
    assert type(node.transition_rules) is tuple
    assert rule.values == ("a", "b")
    body = CONVERTER.unstructure(flow)
    assert body["nodes"][0]["transitionRules"][0]["values"] == ["a", "b"]
    assert CONVERTER.structure(json.loads(json.dumps(body)), FlowDefinition) == flow


def test_every_model_is_frozen_but_transcript_turns() -> None:
    """Models are frozen slotted classes; a transcript turn alone is mutable, for speed.

    `DialTranscriptItem` is the exception `docs/design.md` argues for ("Models"); a
    new mutable model needs the same argument, and this list says so.
    """
    mutable = []
    for name in vogent_async.__all__:
        cls = getattr(vogent_async, name)
        if not (isinstance(cls, type) and attrs.has(cls)):
            continue
        assert "__slots__" in cls.__dict__, name
        if not is_frozen(cls):
            mutable.append(name)
    assert mutable == ["DialTranscriptItem"]
    item = vogent_async.DialTranscriptItem(text="Hello?", speaker="HUMAN")
    item.text = "Hi"  # mutable, and so unhashable, unlike every other model
    with pytest.raises(TypeError):
        hash(item)
    assert isinstance(hash(vogent_async.DialRecording(url="https://r.example/1.wav")), int)
