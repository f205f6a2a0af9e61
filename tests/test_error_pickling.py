"""Every exception of `vogent_async.errors` survives pickle, attributes and all (issue 27)."""

from __future__ import annotations

import inspect
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from vogent_async import errors
from vogent_async.models import Dial

SAMPLES = Path(__file__).parent / "samples"

#: A value for each constructor parameter an error class takes; a new parameter needs one here.
VALUES: dict[str, Any] = {
    "message": "GET /things/1 failed with 404: no thing",
    "method": "GET",
    "path": "/things/1",
    "status_code": 404,
    "body": {"message": "no thing", "details": ["a", "b"]},
    "headers": {"x-request-id": "req-7", "retry-after": "2"},
    "request_id": "req-7",
    "retry_after": 2.5,
    "problems": ["rows[0].toNumber: expected a string", "name: required"],
    "errors": ["payload.dial_id: required"],
    "cursor": "c-9",
    "pages": 4,
    "empty_pages": 3,
    "last": Dial.from_dict(json.loads((SAMPLES / "dials" / "get_dial_response.json").read_text())),
    "key": "budget:prod",
    "reason": "WRONGTYPE Operation against a key holding the wrong kind of value",
}

CLASSES = sorted(
    (
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, BaseException) and cls.__module__ == errors.__name__
    ),
    key=lambda c: c.__name__,
)


def _example(cls: type[BaseException]) -> BaseException:
    """An instance of ``cls`` with every constructor argument and documented attribute set."""
    own_init = any("__init__" in vars(k) for k in cls.__mro__ if k.__module__ == errors.__name__)
    if not own_init:  # Exception's own constructor
        error = cls(VALUES["message"])
    else:
        params = list(inspect.signature(cls).parameters.values())
        missing = [p.name for p in params if p.name not in VALUES]
        assert not missing, f"{cls.__name__}: add a value for {missing} to VALUES"
        positional = [VALUES[p.name] for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        keywords = {p.name: VALUES[p.name] for p in params if p.kind is p.KEYWORD_ONLY}
        error = cls(*positional, **keywords)
    for name in _documented(cls):
        if name not in vars(error):  # a class default, such as DialConflictError.dial_id
            setattr(error, name, "set-" + name)
    return error


def _documented(cls: type) -> list[str]:
    """The attribute names listed under ``Attributes:`` in the docstrings of ``cls``'s classes."""
    names: list[str] = []
    for klass in cls.__mro__:
        doc = (inspect.getdoc(klass) or "") if klass.__module__ == errors.__name__ else ""
        section = doc.partition("Attributes:")[2]
        names += re.findall(r"^    (\w+):", section, re.MULTILINE)
    return names


def test_every_public_error_is_enumerated() -> None:
    """The sweep below reaches every class the module exports."""
    assert {c.__name__ for c in CLASSES} >= set(errors.__all__)
    assert len(CLASSES) >= 27


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_pickle_round_trip_keeps_type_message_and_attributes(cls: type[BaseException]) -> None:
    error = _example(cls)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)
    for name in _documented(cls):
        assert getattr(copy, name) == getattr(error, name), name


def test_a_documented_attribute_survives_on_a_subclass_with_a_class_default() -> None:
    """DialConflictError.dial_id is set after construction; the copy keeps it."""
    error = errors.DialConflictError(
        "POST /dials failed with 409", method="POST", path="/dials", status_code=409,
        body={"dialId": "d-1"}, headers={},
    )  # fmt: skip
    error.dial_id = "d-1"

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.dial_id, copy.status_code, copy.body) == ("d-1", 409, {"dialId": "d-1"})
