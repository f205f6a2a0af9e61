"""The webhook events Vogent sends, as frozen attrs classes.

A webhook body is ``{"event": "dial.updated", "payload": {...}}`` with
snake_case payload keys; the function-call body has no envelope and no event
name. Payloads embed REST models unchanged (camelCase keys): a transcript is a
list of `DialTranscriptItem`, a function call carries the whole `Dial`. Only
``dial_id`` is required (every documented example has it); other fields may be
absent, and unknown ones are ignored, so Vogent can add fields.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

import attrs

from vogent_async._codec._converter import LOCAL
from vogent_async.models import Dial, DialTranscriptItem
from vogent_async.models._wire import WireModel

__all__ = [
    "INBOUND_BUDGET",
    "Deadline",
    "DialCreated",
    "DialExtractor",
    "DialInbound",
    "DialRecordingCreated",
    "DialTranscript",
    "DialUpdated",
    "FunctionCall",
    "UnknownEvent",
    "WebhookEvent",
]

INBOUND_BUDGET = 2.5
"""Seconds a ``dial.inbound`` answer may take, counted from decoding the request.

Vogent waits about 3 seconds from sending it; half a second is left for the network.
"""


@attrs.frozen
class Deadline:
    """A moment on the monotonic clock (`time.monotonic`) by which an answer must be sent.

    Attributes:
        at: The moment, in `time.monotonic` seconds.
    """

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        """Seconds left before the deadline; ``0.0`` once it has passed."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.remaining() <= 0.0


class _SnakeCase(WireModel):
    """Marks a payload class whose JSON keys are its attribute names (`SNAKE_CASE_WIRE`).

    Its `to_dict` is the event's ``payload`` as Vogent sends it (snake_case keys,
    embedded REST models in camelCase), and ``from_dict`` decodes one.
    """

    __vogent_snake_case__: ClassVar[bool] = True


@attrs.frozen
class DialCreated(_SnakeCase):
    """``dial.created``: a dial was created under a dial session."""

    event: ClassVar[str] = "dial.created"
    dial_id: str
    dial_session_id: str | None = None


@attrs.frozen
class DialInbound(_SnakeCase):
    """``dial.inbound``: someone called a number linked to an agent.

    When the agent has "inbound webhook response" enabled, answer with an
    `InboundResponse` before `deadline` passes to fill in the prompt's variables;
    Vogent proceeds without them after about 3 seconds.

    Attributes:
        dial_id: The inbound dial.
        dial_session_id: Its dial session.
        dest_number_id: The id of the number that was called.
        call_agent_id: The agent that answers.
        source_number: The caller, E.164.
        deadline: When an answer stops being useful (not part of the JSON): by
            default `INBOUND_BUDGET` seconds after the body was decoded.
    """

    event: ClassVar[str] = "dial.inbound"
    dial_id: str
    dial_session_id: str | None = None
    dest_number_id: str | None = None
    call_agent_id: str | None = None
    source_number: str | None = None
    deadline: Deadline = attrs.field(
        factory=lambda: Deadline.after(INBOUND_BUDGET),
        eq=False,
        repr=False,
        kw_only=True,
        metadata={LOCAL: True},
    )


@attrs.frozen
class DialUpdated(_SnakeCase):
    """``dial.updated``: a dial's status changed.

    Attributes:
        dial_id: The dial.
        dial_session_id: Its dial session.
        status: The new status, a free string (``"ringing"``, ``"in-progress"``,
            ``"completed"``, ``"no-answer"``, ``"canceled"``, ...).
    """

    event: ClassVar[str] = "dial.updated"
    dial_id: str
    dial_session_id: str | None = None
    status: str | None = None


@attrs.frozen
class DialRecordingCreated(_SnakeCase):
    """``dial.recording_created``: a recording was attached to a dial (download needs the key)."""

    event: ClassVar[str] = "dial.recording_created"
    dial_id: str
    recording_url: str | None = None


@attrs.frozen
class DialExtractor(_SnakeCase):
    """``dial.extractor``: the extractor finished; ``ai_result`` is `Dial.ai_result`."""

    event: ClassVar[str] = "dial.extractor"
    dial_id: str
    ai_result: dict[str, Any] | None = None


@attrs.frozen
class DialTranscript(_SnakeCase):
    """``dial.transcript``: a dial's transcript is final; items are `Dial.transcript`'s."""

    event: ClassVar[str] = "dial.transcript"
    dial_id: str
    transcript: list[DialTranscriptItem] | None = None


@attrs.frozen
class FunctionCall(_SnakeCase):
    """An agent called a function: the body has no envelope and no event name.

    Attributes:
        dial_id: The dial the call belongs to.
        params: The function's arguments, free-form.
        dial: The whole dial, as ``GET /dials/{id}`` returns it (camelCase keys).
    """

    event: ClassVar[None] = None
    dial_id: str
    params: dict[str, Any] | None = None
    dial: Dial | None = None


@attrs.frozen
class UnknownEvent:
    """An event this version does not know, kept as the decoded JSON (never an error).

    Attributes:
        event: The event name, or ``None`` for a body without one.
        payload: The ``payload`` member as decoded, or the whole body when it has no name.
    """

    event: str | None
    payload: Any


WebhookEvent = (
    DialCreated
    | DialInbound
    | DialUpdated
    | DialRecordingCreated
    | DialExtractor
    | DialTranscript
    | FunctionCall
    | UnknownEvent
)
"""Any event `parse_event` returns; ``match`` on the class to handle each kind."""

#: The classes of the events that arrive in the ``{event, payload}`` envelope, by name.
ENVELOPED: dict[str, type[Any]] = {
    cls.event: cls
    for cls in (
        DialCreated,
        DialInbound,
        DialUpdated,
        DialRecordingCreated,
        DialExtractor,
        DialTranscript,
    )
}
