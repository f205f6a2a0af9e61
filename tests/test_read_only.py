"""Read-only JSON: shared free-form fields read like dicts and lists, and refuse changes."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from vogent_async import Agent, FlowNode
from vogent_async._codec._converter import Converter
from vogent_async.models._read_only import ReadOnlyDict, ReadOnlyList, read_only_json

RAW: dict[str, Any] = {"team": "sales", "tags": ["a", {"deep": [1, 2]}], "none": None}


def frozen() -> Any:
    return read_only_json(copy.deepcopy(RAW))


CHANGES: list[Callable[[Any], object]] = [
    lambda m: m.__setitem__("team", "x"),
    lambda m: m.__delitem__("team"),
    lambda m: m.__ior__({"x": 1}),
    lambda m: m.clear(),
    lambda m: m.pop("team"),
    lambda m: m.popitem(),
    lambda m: m.setdefault("x", 1),
    lambda m: m.update(x=1),
    lambda m: m["tags"].append("b"),
    lambda m: m["tags"].extend(["b"]),
    lambda m: m["tags"].insert(0, "b"),
    lambda m: m["tags"].__setitem__(0, "b"),
    lambda m: m["tags"].__delitem__(0),
    lambda m: m["tags"].__iadd__(["b"]),
    lambda m: m["tags"].__imul__(2),
    lambda m: m["tags"].pop(),
    lambda m: m["tags"].remove("a"),
    lambda m: m["tags"].reverse(),
    lambda m: m["tags"].sort(),
    lambda m: m["tags"].clear(),
    lambda m: m["tags"][1].__setitem__("deep", None),
    lambda m: m["tags"][1]["deep"].append(3),
]


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_at_any_depth_is_refused(change: Callable[[Any], object]) -> None:
    """Each changing method raises and leaves the value as it was."""
    value = frozen()
    with pytest.raises(TypeError, match=r"is read-only: it may be shared by many models"):
        change(value)
    assert value == RAW


def test_it_reads_as_the_json_it_came_from() -> None:
    """Equality, ``isinstance``, ``repr`` and ``json.dumps`` are those of the plain value."""
    value = frozen()
    assert value == RAW
    assert isinstance(value, dict)
    assert isinstance(value["tags"], list)
    assert type(value["tags"][1]) is ReadOnlyDict
    assert type(value["tags"][1]["deep"]) is ReadOnlyList
    assert repr(value) == repr(RAW)
    assert json.dumps(value) == json.dumps(RAW)


@pytest.mark.parametrize(
    "again",
    [
        lambda v: pickle.loads(pickle.dumps(v)),
        copy.copy,
        copy.deepcopy,
    ],
)
def test_copies_and_pickles_stay_read_only(again: Callable[[Any], Any]) -> None:
    value = again(frozen())
    assert value == RAW
    assert type(value) is ReadOnlyDict
    assert type(value["tags"]) is ReadOnlyList
    with pytest.raises(TypeError):
        value["tags"].append(1)


def test_a_plain_copy_can_change() -> None:
    """``dict(value)`` and ``list(value)`` are the documented ways to an editable copy."""
    value = frozen()
    mine = dict(value)
    mine["team"] = "x"
    tags = list(value["tags"])
    tags.append("b")
    assert value == RAW


def test_a_caller_s_dict_is_copied_and_frozen() -> None:
    """Building a model by hand freezes what is given; the caller's dict stays theirs."""
    mine = copy.deepcopy(RAW)
    agent = Agent("agent_1", "Ava", "en", metadata=mine)
    node = FlowNode("n1", "Start", "freeform", transition_rules=[], node_data=mine)
    mine["tags"].append("later")
    assert agent.metadata == node.node_data == RAW
    assert type(agent.metadata) is ReadOnlyDict
    assert Agent("agent_1", "Ava", "en").metadata is None
    assert read_only_json(agent.metadata) is agent.metadata  # read-only already: kept


def test_a_tuple_given_is_read_only_json_too() -> None:
    assert read_only_json({"a": (1, [2])}) == {"a": [1, [2]]}


def test_decoded_and_encoded_as_plain_json() -> None:
    """The converter reads a read-only field from JSON and writes it back unchanged."""
    conv = Converter()
    body = {"id": "agent_1", "name": "Ava", "language": "en", "metadata": copy.deepcopy(RAW)}
    agent = conv.structure(body, Agent)
    assert type(agent.metadata) is ReadOnlyDict
    assert json.loads(json.dumps(conv.unstructure(agent))) == body
