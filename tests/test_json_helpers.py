"""to_dict, to_json and from_dict on every public model (issue 27, item 3).

The data is generated from each model's own attrs fields: JSON in the API's form
(camelCase keys, ISO timestamps, enum values or strings the server may add
later, optional keys left out or null), so every public model, nested ones and
tagged unions included, is decoded, turned back into JSON and decoded again.
"""

from __future__ import annotations

import base64
import enum
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vogent_async
from vogent_async import models, webhooks
from vogent_async._codec._cattrs_hooks import union_members
from vogent_async._codec._converter import wire_name
from vogent_async._sentinel import NotGiven
from vogent_async.models._shared import KEEP_EXTRA, LOCAL, TAGGED_UNIONS, UnknownVariant
from vogent_async.models._wire import WireModel

#: The webhook classes that are JSON the API sends (not `Deadline`, `InboundResponse`,
#: or `UnknownEvent`, which keeps any JSON as it came).
_NOT_MODELS = {"Deadline", "InboundResponse", "UnknownEvent"}
MODELS: list[type[WireModel]] = sorted(
    [getattr(models, n) for n in models.__all__ if attrs.has(getattr(models, n))]
    + [
        getattr(webhooks, n)
        for n in webhooks.__all__
        if attrs.has(getattr(webhooks, n)) and n not in _NOT_MODELS
    ],
    key=lambda c: c.__name__,
)

_JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
_WHEN = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc)
)


def wire(tp: Any) -> st.SearchStrategy[Any]:
    """JSON in the API's form for a field of type ``tp``."""
    members = [m for m in union_members(tp) if m is not NotGiven]
    if any(attrs.has(m) for m in members):  # ``Model | Fields``: on the wire, the model's
        members = [m for m in members if get_origin(m) not in (dict, Mapping)]
    if len(members) > 1:
        if tp in TAGGED_UNIONS:
            return _tagged(tp)
        enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
        if enums and str in members:  # an open enum: a known value, or one added later
            rest = [m for m in members if m not in (str, *enums)]
            known = st.sampled_from([e.value for e in enums[0]]) | st.text(min_size=1, max_size=8)
            return st.one_of(known, *(wire(m) for m in rest))
        return st.one_of(*(wire(m) for m in members))
    return _one(members[0])


def _one(tp: Any) -> st.SearchStrategy[Any]:
    origin, args = get_origin(tp), get_args(tp)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        str: st.text(max_size=12),
        int: st.integers(-(2**31), 2**31),
        bool: st.booleans(),
        float: st.floats(allow_nan=False, allow_infinity=False),
        datetime: _WHEN.map(lambda d: d.isoformat().replace("+00:00", "Z")),
        bytes: st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode()),
        Any: _JSON,
    }
    if tp in simple:
        return simple[tp]
    if origin in (list, tuple, Sequence):
        return st.lists(wire(args[0]), max_size=3)
    if origin in (dict, Mapping):
        return st.dictionaries(st.text(max_size=6), wire(args[1]), max_size=3)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from([e.value for e in tp])
    if tp is UnknownVariant:
        return st.fixed_dictionaries({"type": st.just("added-later"), "x": _JSON})
    if attrs.has(tp):
        return st.deferred(lambda: obj(tp))
    raise AssertionError(f"no strategy for {tp!r}: add one")


def _tagged(union: Any) -> st.SearchStrategy[Any]:
    spec = TAGGED_UNIONS[union]

    def tagged(tag: str, cls: type) -> st.SearchStrategy[dict[str, Any]]:
        return obj(cls).map(lambda body: {**body, spec.tag_key: tag})

    variants = [tagged(tag, cls) for tag, cls in spec.variants.items()]
    return st.one_of(*variants, _one(UnknownVariant))


#: Fields whose validator accepts only a few of the values their type allows.
_FIELDS: dict[tuple[type, str], st.SearchStrategy[Any]] = {
    (vogent_async.AudioFormat, "sample_rate"): st.sampled_from(vogent_async.SAMPLE_RATES)
}


@st.composite
def _object(draw: st.DrawFn, cls: type) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for a in attrs.fields(attrs.resolve_types(cls)):
        if a.metadata.get(LOCAL):
            continue
        if a.metadata.get(KEEP_EXTRA):
            body.update(draw(st.dictionaries(st.sampled_from(["zNew", "zOther"]), _JSON)))
            continue
        if a.default is attrs.NOTHING or draw(st.booleans()):
            field = _FIELDS[cls, a.name] if (cls, a.name) in _FIELDS else wire(a.type)
            body[wire_name(cls, a.name)] = draw(field)
    return body


def obj(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    return _object(cls)


def _decoded(cls: type[WireModel], data: Any) -> WireModel:
    try:
        return cls.from_dict(data)
    except vogent_async.DataValidationError:
        assume(False)  # a value the field's own rules refuse (a schedule's time, ...)
        raise


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_from_dict_of_to_dict_is_the_model(cls: type[WireModel], data: st.DataObject) -> None:
    """``Model.from_dict(m.to_dict()) == m``, and the same through `to_json` text."""
    model = _decoded(cls, data.draw(obj(cls) if cls is not UnknownVariant else wire(cls)))

    as_dict = model.to_dict()

    assert cls.from_dict(as_dict) == model
    assert json.loads(model.to_json()) == as_dict  # plain JSON: lists, strings, numbers
    assert cls.from_dict(json.loads(model.to_json(indent=2))) == model


def test_every_public_model_has_the_helpers() -> None:
    """Every attrs class the package exports as a model, with slots (no ``__dict__``) still."""
    assert len(MODELS) > 70
    for cls in MODELS:
        assert issubclass(cls, WireModel), cls
        assert "__slots__" in vars(cls), cls


def test_to_dict_is_the_wire_form() -> None:
    """camelCase keys, enum values, ISO timestamps, the ``type`` tag of a union's variant."""
    job = vogent_async.BatchDialJob.from_dict(
        {
            "id": "job_1", "name": "N", "status": "ACTIVE", "maxConcurrentDials": 5,
            "callAgentId": "a", "createdAt": "2025-11-02T09:30:00.250Z",
        }
    )  # fmt: skip
    assert job.to_dict() == {
        "id": "job_1", "name": "N", "status": "ACTIVE", "maxConcurrentDials": 5,
        "callAgentId": "a", "createdAt": "2025-11-02T09:30:00.250000+00:00",
    }  # fmt: skip
    function = vogent_async.TransferFunctionInput(
        "f", "d", [vogent_async.AllowedNumber("+15550100")]
    )
    assert function.to_dict()["type"] == "transfer"
    assert vogent_async.AgentUpdate(name="New").to_dict() == {"name": "New"}


def test_from_dict_names_the_field_like_a_response_does() -> None:
    sample = Path(__file__).parent / "samples" / "dials" / "get_dial_response.json"
    data = json.loads(sample.read_text())
    data["agent"]["transcriberParams"] = {"type": 5}

    with pytest.raises(vogent_async.DataValidationError) as caught:
        vogent_async.Dial.from_dict(data)

    assert caught.value.errors == ("agent.transcriberParams.type: expected a string, got int 5",)
    assert str(caught.value).startswith("Dial.from_dict: the data does not fit Dial: agent.")


def test_from_dict_does_not_keep_the_callers_data() -> None:
    """Changing the dict after decoding changes nothing of a later decode (no sharing)."""
    body = {"text": "a", "voiceId": "v"}
    first = vogent_async.MultispeakerLine.from_dict(body)
    body["text"] = "b"
    assert vogent_async.MultispeakerLine.from_dict({"text": "a", "voiceId": "v"}) == first
    assert first.text == "a"
