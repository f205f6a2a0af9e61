"""InboundResponse renders the documented answer; Deadline says how long is left."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from vogent_async.webhooks import Deadline, InboundResponse

from .conftest import sample


def test_the_documented_answer_is_rendered() -> None:
    """The example answer of the dial.inbound page is exactly what to_json gives."""
    fixture = sample("dial_inbound_response")
    answer = InboundResponse(call_agent_input={"name": "John Doe"}, keywords=["John", "Doe"])
    assert answer.to_json() == fixture["body"]
    assert json.loads(answer.to_bytes()) == fixture["body"]


def test_both_members_are_always_present() -> None:
    """An empty answer still has both members, as the documented schema shows them."""
    assert InboundResponse().to_json() == {"call_agent_input": {}, "keywords": []}


def test_the_answer_is_a_copy() -> None:
    """Changing the dict or list given afterwards does not change the answer."""
    inputs = {"name": "Ada"}
    words = ["Ada"]
    answer = InboundResponse(call_agent_input=inputs, keywords=words)
    inputs["name"] = "Bob"
    words.append("Bob")
    assert answer.to_json() == {"call_agent_input": {"name": "Ada"}, "keywords": ["Ada"]}


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"call_agent_input": [("name", "Ada")]}, "call_agent_input must be a mapping"),
        (
            {"call_agent_input": {"age": 36}},
            r"call_agent_input\['age'\]: keys and values must be str",
        ),
        ({"keywords": "Ada"}, "keywords must be a list of str"),
        ({"keywords": 5}, "keywords must be a list of str"),
        ({"keywords": ["Ada", None]}, r"keywords\[1\] must be a str"),
    ],
)
def test_arguments_are_checked(arguments: dict[str, Any], words: str) -> None:
    """Values Vogent would not accept are refused when the answer is built, naming the field."""
    with pytest.raises(TypeError, match=words):
        InboundResponse(**arguments)


def test_a_deadline_in_the_past_has_expired() -> None:
    """A deadline before now has nothing left."""
    deadline = Deadline(time.monotonic() - 1.0)
    assert deadline.expired
    assert deadline.remaining() == 0.0


def test_a_deadline_after_seconds_is_that_far_ahead() -> None:
    """Deadline.after(s) is s seconds from now and has not expired."""
    before = time.monotonic()
    deadline = Deadline.after(3600.0)
    assert before + 3600.0 <= deadline.at <= time.monotonic() + 3600.0
    assert 0.0 < deadline.remaining() <= 3600.0
    assert not deadline.expired
