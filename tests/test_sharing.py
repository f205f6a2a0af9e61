"""Structural sharing: equal immutable subtrees decode to one object, nothing else changes."""

from __future__ import annotations

import copy
import math
from typing import Any

import attrs
import pytest

from vogent_async import BatchDialJob, Dial, IdleMessageConfig, Schedule
from vogent_async._converter import Converter, SchemaMismatch
from vogent_async._sharing import PAUSE, RECENT, WINDOW, shareable, worth_sharing
from vogent_async.models.agents import Agent, TranscriberParams, UtteranceDetectorConfig

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
    """Dials and agents hold dicts: equal JSON still gives separate objects and dicts."""
    conv = Converter()
    one, two = conv.structure_list([dial_json(1), dial_json(1)], Dial, path="data")
    assert one == two
    assert one is not two
    assert one.inputs is not two.inputs
    assert one.agent is not None
    assert two.agent is not None
    assert one.agent is not two.agent
    assert one.agent.metadata is not two.agent.metadata
    assert one.agent.transcriber_params is two.agent.transcriber_params  # frozen: shared


def test_an_agent_is_rebuilt_from_the_last_equal_one() -> None:
    """Each dial gets its own `Agent` and ``metadata``; the settings and strings are reused."""
    conv = Converter()
    one, two = (conv.structure(dial_json(n), Dial) for n in (1, 2))
    assert one.agent is not None
    assert two.agent is not None
    assert one.agent.metadata is not None
    assert one.agent == two.agent == Converter(share=False).structure(dial_json(3), Dial).agent
    assert one.agent is not two.agent
    assert one.agent.metadata is not two.agent.metadata
    assert one.agent.name is two.agent.name
    assert one.agent.transcriber_params is two.agent.transcriber_params
    one.agent.metadata["team"] = "changed"  # a caller's change reaches no other dial
    assert conv.structure(dial_json(4), Dial).agent.metadata == {"team": "sales"}  # type: ignore[union-attr]


def test_a_rebuilt_agent_still_checks_its_numbers() -> None:
    """``10800.0 == 10800``, yet a float is no ``maxDurationSeconds``: not taken from the last."""
    conv = Converter()
    body = dial_json(1)
    body["agent"]["maxDurationSeconds"] = 10800
    conv.structure(body, Dial)
    body["agent"] = {**body["agent"], "maxDurationSeconds": 10800.0}
    with pytest.raises(SchemaMismatch, match=r"agent\.maxDurationSeconds"):
        conv.structure(body, Dial)


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (Schedule, True),
        (BatchDialJob, True),
        (TranscriberParams, True),
        (Agent, False),  # metadata is a dict
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
