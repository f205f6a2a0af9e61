"""Structural sharing: equal immutable subtrees decode to one object, nothing else changes."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import attrs
import pytest

from vogent_async import BatchDialJob, Dial, IdleMessageConfig, Schedule
from vogent_async._codec._compiled import REPEATED
from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async._codec._sharing import PAUSE, RECENT, WINDOW, shareable, worth_sharing
from vogent_async.models.agents import Agent, TranscriberParams, UtteranceDetectorConfig
from vogent_async.models.versioned_prompts import FlowNode

from .conftest import job_json


def schedule_json(start: str = "09:00") -> dict[str, Any]:
    slots = [{"startTime": start, "endTime": "17:00"}]
    return {"timezone": "UTC", "days": [{"dayOfWeek": d, "timeSlots": slots} for d in (1, 2)]}


def dial_json(n: int) -> dict[str, Any]:
    return {
        "id": f"dial_{n}",
        "inputs": {"name": "Ada"},
        "agent": {
            "id": "agent_1",
            "name": "Ava",
            "language": "en",
            "metadata": {"team": "sales"},
            "transcriberParams": {"type": "deepgram", "keywords": ["renewal"]},
        },
    }


@attrs.frozen
class Reading:
    value: float


@attrs.frozen
class Tagged:
    tags: list[str]


@attrs.define
class Mutable:
    name: str


def test_equal_schedules_are_one_object_and_equal_to_unshared_decoding() -> None:
    """A page of jobs with one schedule holds one `Schedule`; the jobs equal unshared ones."""
    page = [job_json(n, schedule=schedule_json()) for n in range(5)]
    shared = Converter().structure_list(copy.deepcopy(page), BatchDialJob, path="data")
    plain = Converter(share=False).structure_list(page, BatchDialJob, path="data")
    assert shared == plain
    assert len({id(job.schedule) for job in shared}) == 1
    assert len({id(job.schedule) for job in plain}) == 5


def test_a_listing_s_items_are_not_looked_up_only_their_parts() -> None:
    """Items of one listing are distinct entities: no lookup for them, their schedules shared."""
    page = [job_json(1, schedule=schedule_json()) for _ in range(2)]
    first, second = Converter().structure_list(page, BatchDialJob, path="data")
    assert first == second
    assert first is not second
    assert first.schedule is second.schedule


def test_a_template_seen_before_a_different_one_is_still_shared() -> None:
    """The last `RECENT` schedules are remembered, not only the last one."""
    conv = Converter()
    a, b, again = (conv.structure(schedule_json(t), Schedule) for t in ("08:00", "09:00", "08:00"))
    assert again is a
    assert b is not a
    assert b == Converter(share=False).structure(schedule_json("09:00"), Schedule)


def test_mutable_containers_are_never_shared() -> None:
    """Dials hold dicts: equal JSON still gives separate dials and dicts."""
    conv = Converter()
    one, two = conv.structure_list([dial_json(1), dial_json(1)], Dial, path="data")
    assert one == two
    assert one is not two
    assert one.inputs is not two.inputs


def test_the_agent_of_many_dials_is_one_object_with_read_only_metadata() -> None:
    """The dials of one job share their `Agent`; its ``metadata`` cannot change under them."""
    conv = Converter()
    one, two = (conv.structure(dial_json(n), Dial) for n in (1, 2))
    assert one.agent is not None
    assert one.agent is two.agent
    assert one.agent == Converter(share=False).structure(dial_json(3), Dial).agent
    assert one.agent.metadata == {"team": "sales"}
    with pytest.raises(TypeError, match="read-only"):
        one.agent.metadata["team"] = "changed"  # type: ignore[index]


def test_a_shared_agent_still_checks_its_numbers() -> None:
    """``10800.0 == 10800``, yet a float is no ``maxDurationSeconds``: not the last agent."""
    conv = Converter()
    body = dial_json(1)
    body["agent"]["maxDurationSeconds"] = 10800
    conv.structure(body, Dial)
    body["agent"] = {**body["agent"], "maxDurationSeconds": 10800.0}
    with pytest.raises(SchemaMismatch, match=r"agent\.maxDurationSeconds"):
        conv.structure(body, Dial)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (1, 1.0),
        (1, True),
        (0.0, -0.0),
        ([1, {"n": 2}], [1, {"n": 2.0}]),
        ({"n": [0]}, {"n": [False]}),
    ],
)
def test_metadata_equal_but_of_other_types_gets_its_own_agent(before: Any, after: Any) -> None:
    """Metadata is free-form, kept as sent: ``1.0`` stays a float, at any depth."""
    conv = Converter()
    first, second = (dial_json(1), dial_json(2))
    first["agent"]["metadata"] = {"tier": before}
    second["agent"]["metadata"] = {"tier": after}
    assert first["agent"] == second["agent"]
    one, two = conv.structure(first, Dial), conv.structure(second, Dial)
    assert one.agent is not two.agent
    assert repr(two.agent) == repr(Converter(share=False).structure(second, Dial).agent)


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (Schedule, True),
        (BatchDialJob, True),
        (TranscriberParams, True),
        (Agent, True),  # metadata is read-only JSON
        (FlowNode, True),  # so is node_data
        (Dial, False),
        (Tagged, False),  # a list field
        (Mutable, False),  # not frozen
        (dict[str, Any], False),
        (Any, False),
    ],
)
def test_what_can_be_shared(cls: Any, expected: bool) -> None:
    """Only frozen classes holding scalars, enums, timestamps, tuples and such classes."""
    assert shareable(cls) is expected
    assert worth_sharing(cls) is expected


def test_a_class_with_a_list_decodes_to_separate_objects() -> None:
    """A frozen class with a list field is built afresh each time, its lists separate."""
    conv = Converter()
    first, second = (conv.structure({"tags": ["a"]}, Tagged) for _ in range(2))
    assert first == second
    assert first.tags is not second.tags


@pytest.mark.parametrize(("before", "after"), [(True, 1), (True, 1.0), (1, True)])
def test_equal_numbers_of_another_type_are_not_shared(before: Any, after: Any) -> None:
    """``1 == True`` in Python, but a ``1`` for a boolean (or ``True`` for an int) still fails."""
    conv = Converter()
    cls: Any = IdleMessageConfig if isinstance(before, bool) else UtteranceDetectorConfig
    key = "enabled" if cls is IdleMessageConfig else "interruptionPlayTimeMs"
    conv.structure({"sensitivity": "FAST", key: before}, cls)
    with pytest.raises(SchemaMismatch):
        conv.structure({"sensitivity": "FAST", key: after}, cls)


def test_a_number_deep_in_an_array_is_checked_too() -> None:
    """``days[1].dayOfWeek`` of ``True`` equals ``1``, yet is no day of the week."""
    conv = Converter()
    day = {"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}
    good = {"timezone": "UTC", "days": [day, day]}
    bad = {"timezone": "UTC", "days": [day, {**day, "dayOfWeek": True}]}
    assert good == bad
    conv.structure(good, Schedule)
    with pytest.raises(SchemaMismatch, match=r"days\[1\]\.dayOfWeek"):
        conv.structure(bad, Schedule)


def test_negative_zero_is_not_positive_zero() -> None:
    """``-0.0 == 0.0``, yet each decodes to its own sign."""
    conv = Converter()
    assert math.copysign(1.0, conv.structure({"value": 0.0}, Reading).value) == 1.0
    assert math.copysign(1.0, conv.structure({"value": -0.0}, Reading).value) == -1.0
    assert conv.structure({"value": 1}, Reading) is not conv.structure({"value": 1.0}, Reading)


def test_the_cache_is_bounded() -> None:
    """However many distinct schedules pass, at most `RECENT` are kept per type."""
    conv = Converter()
    for minute in range(RECENT * 3):
        conv.structure(schedule_json(f"09:{minute:02d}"), Schedule)
    hook: Any = conv._fast.get_structure_hook(Schedule)
    assert len(hook.recent.pairs) == RECENT


def test_lookups_pause_where_they_do_not_pay_and_decoding_stays_right() -> None:
    """A window of distinct values pauses the lookups; the values are decoded all the same."""
    conv, plain = Converter(), Converter(share=False)
    hook: Any = conv._fast.get_structure_hook(Schedule)
    bodies = [schedule_json(f"{h:02d}:{m:02d}") for h in range(10) for m in range(60)]
    assert len(bodies) > WINDOW
    for body in bodies[:WINDOW]:
        conv.structure(body, Schedule)
    assert hook.recent.paused == PAUSE
    rest = [conv.structure(b, Schedule) for b in bodies[WINDOW:]]
    assert rest == [plain.structure(b, Schedule) for b in bodies[WINDOW:]]
    assert hook.recent.paused == PAUSE - len(rest)


def test_repeats_keep_the_lookups_going() -> None:
    """A window with enough hits does not pause."""
    conv = Converter()
    hook: Any = conv._fast.get_structure_hook(Schedule)
    for n in range(WINDOW + 1):
        conv.structure(schedule_json("09:00" if n % 2 else f"10:{n % 60:02d}"), Schedule)
    assert hook.recent.paused == 0


def _dials_with_status(*statuses: str) -> Any:
    body = json.dumps([{"id": f"dial_{i}", "status": s} for i, s in enumerate(statuses)])
    return json.loads(body)  # each string a separate object, as from the wire


def test_repeated_short_strings_are_one_object_when_sharing() -> None:
    """A `repeats` field (a dial's status) keeps one string per value; plain decoding does not."""
    shared = [
        Converter().structure_list(_dials_with_status("completed", "completed"), Dial, path="data")
        for _ in range(2)
    ]
    assert shared[0][0].status is shared[0][1].status  # in one page
    assert shared[1][0].status is not shared[0][0].status  # a converter's own
    one, two = Converter(share=False).structure_list(
        _dials_with_status("completed", "completed"), Dial, path="data"
    )
    assert one.status == two.status
    assert one.status is not two.status


def test_repeated_strings_kept_are_bounded() -> None:
    """Past `REPEATED` distinct values a field keeps no more; later values decode all the same."""
    conv = Converter()
    conv.structure_list(_dials_with_status(*(f"s{i}" for i in range(REPEATED))), Dial, path="d")
    late = conv.structure_list(_dials_with_status("late", "late", "s0", "s0"), Dial, path="d")
    assert [d.status for d in late] == ["late", "late", "s0", "s0"]
    assert late[0].status is not late[1].status
    assert late[2].status is late[3].status
