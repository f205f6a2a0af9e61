"""The canonical JSON event keys digest, and the keys a receiver stores."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vogent_async.webhooks import event_key, parse_event, sign
from vogent_async.webhooks._canonical import canonical_json
from vogent_async.webhooks._decode import json_key

from .conftest import SECRET, event_samples, raw, sample

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec=None, categories=None))  # DEL, non-ASCII, lone surrogates
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_canonical_json_is_json_dumps_with_sorted_keys(value: Any) -> None:
    """The encoder built once writes what ``json.dumps`` writes for the canonical options."""
    expected = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    assert canonical_json(value) == expected


@pytest.mark.parametrize("name", event_samples())
def test_a_receiver_keys_every_example_as_event_key_does(name: str) -> None:
    """Keying the parsed JSON gives `event_key`'s keys for every published example."""
    body = raw(sample(name)["body"])
    event = parse_event(body, sign(body, SECRET), SECRET)
    assert json_key(event, json.loads(body)) == event_key(event)


def test_a_field_this_version_does_not_know_is_keyed_by_a_receiver() -> None:
    """Two bodies that differ in an unknown field are two events to a receiver."""
    payload = {"dial_id": "d", "status": "completed"}
    plain = {"event": "dial.updated", "payload": payload}
    newer = {"event": "dial.updated", "payload": {**payload, "reason": "voicemail"}}
    keys = set()
    for data in (plain, newer):
        body = raw(data)
        keys.add(json_key(parse_event(body, sign(body, SECRET), SECRET), data))
    assert len(keys) == 2
