"""The JSON helpers' types, checked by ``mypy --strict`` and never run by pytest.

``from_dict`` returns the class it is called on, a subclass of a variant too;
``to_dict`` a JSON object and ``to_json`` text.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from vogent_async import (
    Agent,
    AgentUpdate,
    BatchDialJob,
    DataValidationError,
    Dial,
    PhoneNumber,
    TransferFunction,
    UnknownVariant,
)


def round_trip(data: dict[str, Any], text: str) -> None:
    dial = Dial.from_dict(data)
    assert_type(dial, Dial)
    assert_type(dial.to_dict(), dict[str, Any])
    assert_type(dial.to_json(), str)
    assert_type(dial.to_json(indent=2), str)
    assert_type(Agent.from_dict(dial.to_dict()["agent"]), Agent)
    assert_type(BatchDialJob.from_dict(data), BatchDialJob)
    assert_type(PhoneNumber.from_dict(data), PhoneNumber)
    assert_type(TransferFunction.from_dict(data), TransferFunction)
    assert_type(AgentUpdate.from_dict(data), AgentUpdate)
    assert_type(UnknownVariant.from_dict(data), UnknownVariant)
    try:
        Dial.from_dict({"id": 1})
    except DataValidationError as error:
        assert_type(error.errors, tuple[str, ...])
