"""Request bodies checked against the contract, plus the rules it states only in words.

The schemas are the contract's own (``_request_schemas.json``, generated from
tests/api/vogent-openapi.yaml). `SERVER_RULES` adds what the contract and the
API's guide say in prose and the schema cannot express: numbers in E.164,
``HH:MM`` times with the end after the start, IANA timezones, day 0-6, a job
with a name and at least one row, speech text of 1 to 5,000 characters (500 a
line, 10 lines at most, for several speakers). The workspace concurrent-dial limit depends
on the fake's settings and is checked by the route (`over_dial_limit`).

Problems read ``"<path>: <what is wrong>"`` with paths in the API's camelCase
(``rows[3].toNumber``). Unknown fields are ignored, as the real API does.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

from vogent_async.testing._schema import SchemaValidator

__all__ = [
    "SERVER_RULES",
    "body_problems",
    "has_body_schema",
    "item_problems",
    "over_dial_limit",
]

_NON_EMPTY = {"minLength": 1, "x-message": "required, a non-empty string"}
_HHMM = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "x-message": "expected a time as HH:MM"}
_E164 = {
    "pattern": r"^\+[1-9][0-9]{7,14}$",
    "x-message": "expected an E.164 number such as +15551234567",
}
_AT_LEAST_ONE = {"minimum": 1, "x-message": "expected an integer >= 1"}

SERVER_RULES: dict[str, dict[str, dict[str, Any]]] = {
    "CreateBatchDialJobInput": {
        "callAgentId": _NON_EMPTY,
        "name": _NON_EMPTY,
        "maxConcurrentDials": _AT_LEAST_ONE,
        "rows": {"minItems": 1, "x-message": "required, a non-empty array of {toNumber, inputs}"},
    },
    "UpdateBatchDialJobInput": {"maxConcurrentDials": _AT_LEAST_ONE},
    "BatchDialRow": {"toNumber": _E164},
    "CreateDialInput": {"callAgentId": _NON_EMPTY, "toNumber": _E164},
    "SearchAvailableNumbersInput": {"limit": {"minimum": 1, "maximum": 10}},
    "TtsInput": {"text": {"minLength": 1, "maxLength": 5000}},
    "MultispeakerLine": {"text": {"minLength": 1, "maxLength": 500}},
    "MultispeakerTtsInput": {"lines": {"minItems": 1, "maxItems": 10}},
    "BatchDialJobScheduleInput": {
        "timezone": {
            "format": "iana-timezone",
            "x-message": "expected an IANA timezone such as America/New_York",
        },
    },
    "BatchDialScheduleDay": {
        "dayOfWeek": {
            "minimum": 0,
            "maximum": 6,
            "x-message": "expected an integer 0 (Sunday) to 6",
        },
    },
    "BatchDialTimeSlot": {
        "": {"x-ordered": ["startTime", "endTime"]},
        "startTime": _HHMM,
        "endTime": _HHMM,
    },
}
"""Per schema, per property (``""``: the object itself), the keywords the fake adds."""


@functools.cache
def _contract() -> tuple[dict[str, str], SchemaValidator, dict[str, str]]:
    text = resources.files(__package__).joinpath("_request_schemas.json").read_text("utf-8")
    document = json.loads(text)
    schemas: dict[str, Any] = document["schemas"]
    for name, rules in SERVER_RULES.items():
        schema = schemas[name]
        for field, keywords in rules.items():
            target = schema if field == "" else schema["properties"][field]
            target.update(copy.deepcopy(keywords))
    return document["operations"], SchemaValidator(schemas), document["items"]


def has_body_schema(route: str) -> bool:
    """Whether the contract gives ``"METHOD /path"`` a JSON request body."""
    return route in _contract()[0]


def body_problems(route: str, body: Any) -> list[str]:
    """Every way ``body`` breaks the request schema of ``route`` (and `SERVER_RULES`)."""
    operations, validator, _ = _contract()
    return validator.errors(operations[route], body)


def item_problems(collection: str, body: Any) -> list[str]:
    """Every way ``body`` breaks the schema items of ``collection`` are read back with.

    A collection the contract gives no item schema has no problem.
    """
    _, validator, items = _contract()
    return validator.errors(items[collection], body) if collection in items else []


def over_dial_limit(body: Any, limit: int) -> list[str]:
    """The problem with a ``maxConcurrentDials`` above the workspace's concurrent-dial limit."""
    value = body.get("maxConcurrentDials") if isinstance(body, dict) else None
    if isinstance(value, int) and value > limit:
        return [f"maxConcurrentDials: exceeds the workspace concurrent-dial limit of {limit}"]
    return []
