"""`InboundResponse`: the answer to a ``dial.inbound`` webhook."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["InboundResponse"]


def _to_inputs(value: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"call_agent_input must be a mapping of str to str, got {type(value).__name__}"
        )
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise TypeError(
                f"call_agent_input[{key!r}]: keys and values must be str, "
                f"got {type(key).__name__}: {type(item).__name__}"
            )
    return dict(value)


def _to_keywords(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"keywords must be a list of str, got {type(value).__name__}")
    words = tuple(value)
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise TypeError(f"keywords[{i}] must be a str, got {type(word).__name__}")
    return words


@attrs.frozen(kw_only=True)
class InboundResponse:
    """Values for the agent's prompt on an inbound call, returned from the ``dial.inbound`` handler.

    Only honoured when the agent has "inbound webhook response" enabled, and only
    before the event's `DialInbound.deadline`.

    Args:
        call_agent_input: The prompt's variables, by name.
        keywords: Words the transcriber should listen out for (names, products).

    Raises:
        TypeError: A variable or keyword is not a str, or ``keywords`` is a bare str.
    """

    call_agent_input: dict[str, str] = attrs.field(factory=dict, converter=_to_inputs)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_to_keywords)

    def to_json(self) -> dict[str, Any]:
        """The documented answer: ``{"call_agent_input": {...}, "keywords": [...]}``."""
        return {"call_agent_input": dict(self.call_agent_input), "keywords": list(self.keywords)}

    def to_bytes(self) -> bytes:
        """`to_json` encoded as a UTF-8 JSON body."""
        return json.dumps(self.to_json(), ensure_ascii=False).encode()
