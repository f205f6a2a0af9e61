"""Models of the Dials group: one call, its recordings and its transcript.

A `Dial` is what ``client.batch_dial_jobs.list_dials`` yields. Only ``id`` is
required by the API; every other field may be absent (it is then ``None``),
since the server leaves out empty fields. Enum-typed fields are ``Enum | str``
so that a value the server adds later arrives as the raw string. Free-form
objects (``inputs``, ``ai_result``, ``metadata``, ``transition_data``) are the
decoded JSON, untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

import attrs

from vogent_async.models._rules import (
    E164,
    JSON_MAPPING,
    STR_LIST,
    STR_MAP,
    TEXT,
    ObjectChecks,
    checks,
    integer,
)
from vogent_async.models._shared import Fields, StrEnum, listed, repeats
from vogent_async.models._wire import WireModel
from vogent_async.models.agents import Agent, OptionValue

__all__ = [
    "FINAL_DIAL_STATUSES",
    "Dial",
    "DialFunctionCall",
    "DialNodeTransition",
    "DialRecording",
    "DialSession",
    "DialStatus",
    "DialSystemResultType",
    "DialTranscriptItem",
]


class DialSystemResultType(StrEnum):
    """How a dial ended, as the platform classified it."""

    BUSY = "BUSY"
    FAILED = "FAILED"
    NO_ANSWER = "NO_ANSWER"
    CANCELLED = "CANCELLED"
    USER_HANGUP = "USER_HANGUP"
    COUNTERPARTY_HANGUP = "COUNTERPARTY_HANGUP"
    TIMEOUT = "TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    TRANSFERRED = "TRANSFERRED"
    AGENT_HANGUP = "AGENT_HANGUP"
    VOICEMAIL_DETECTED_HANGUP = "VOICEMAIL_DETECTED_HANGUP"
    LONG_SILENCE_HANGUP = "LONG_SILENCE_HANGUP"


class DialStatus(StrEnum):
    """The statuses the API guide lists for a dial; `Dial.status` stays a plain string.

    A member equals its string (``DialStatus.COMPLETED == "completed"``), so either
    can be compared with `Dial.status` or passed to ``client.dials.wait(until=...)``.
    """

    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"
    BUSY = "busy"
    NO_ANSWER = "no-answer"


FINAL_DIAL_STATUSES: frozenset[str] = frozenset(
    {
        DialStatus.COMPLETED,
        DialStatus.FAILED,
        DialStatus.CANCELED,
        DialStatus.BUSY,
        DialStatus.NO_ANSWER,
    }
)
"""The statuses a dial ends in; `Dials.wait` waits for one of these by default."""


@attrs.frozen
class DialSession(WireModel):
    """What creating a dial returns: its ids and a dial-scoped token.

    The token authorises requests about this one dial only (the API says it is
    safe to hand to a browser), but it is still a credential: it is left out of
    ``repr`` and of the package's errors and logs.

    Attributes:
        dial_id: The new dial's id, for `Dials.get`, `Dials.wait` and `Dials.hangup`.
        session_id: The dial session's id.
        dial_token: The dial-scoped token.
    """

    dial_id: str
    session_id: str
    dial_token: str = attrs.field(repr=False)


@attrs.frozen
class DialRecording(WireModel):
    """A recording of a dial; downloading ``url`` needs the API key."""

    url: str


@attrs.frozen
class DialFunctionCall(WireModel):
    """A function the agent called during a turn; ``args`` is JSON text."""

    name: str
    args: str
    function_call_id: str | None = None


@attrs.frozen
class DialNodeTransition(WireModel):
    """A move to another node of a flow agent, with the data that decided it."""

    to_node_id: str
    transition_data: dict[str, Any] | None


@attrs.define
class DialTranscriptItem(WireModel):
    """One turn of a transcript.

    The one response model that is not frozen: a dial holds a few dozen turns,
    distinct by nature (never shared), and filling a frozen object's fields cost
    over a third of decoding a dial (`docs/design.md`, "Models"). The
    transcript itself is a tuple; treat its turns as read-only, like the
    free-form dicts.

    Attributes:
        text: What was said (or a function's result).
        speaker: ``"HUMAN"`` or ``"AI"``; a function's result is an AI turn.
        detail_type: ``"function"`` for a function's result, else ``None``.
        function_call_id: The id of the function call the turn belongs to.
        start_time_ms: The turn's start time, in milliseconds.
        end_time_ms: The turn's end time, in milliseconds.
        function_calls: The functions the agent called in this turn.
        node_transition: The flow-agent node change this turn caused.
    """

    text: str
    speaker: str
    detail_type: str | None = None
    function_call_id: str | None = None
    start_time_ms: int | None = None
    end_time_ms: int | None = None
    function_calls: tuple[DialFunctionCall, ...] | None = None
    node_transition: DialNodeTransition | None = None


@attrs.frozen
class Dial(WireModel):
    """One call: who was called, by which agent, what was said and how it ended.

    The API may leave out any field but ``id``, so every other one may be ``None``.

    Attributes:
        id: The dial's id.
        to_number: The number called, E.164.
        agent: The agent that made the call, as it was configured.
        recordings: The call's recordings; downloading one needs the API key.
        transcript: The turns of the conversation, in order.
        duration_seconds: How long the call lasted.
        ai_result: The extractor's output, free-form.
        inputs: The prompt variable values used for this call.
        status: A free string (``"completed"``, ``"no-answer"``, ``"canceled"``, ...).
        dial_task_id: The API's dial task id.
        from_number_id: The id of the caller number used.
        started_at: When the call started.
        ended_at: When the call ended.
        created_at: When the dial was created.
        updated_at: When the dial last changed.
        system_result_type: The platform's classification of the ending, a
            `DialSystemResultType` or the raw string for one added later.
        voice_id: The id of the voice used.
        versioned_prompt_id: The id of the prompt version used.
    """

    id: str
    to_number: str | None = None
    agent: Agent | None = None
    recordings: tuple[DialRecording, ...] | None = None
    transcript: tuple[DialTranscriptItem, ...] | None = None
    duration_seconds: int | None = None
    ai_result: dict[str, Any] | None = None
    inputs: dict[str, Any] | None = None
    status: str | None = attrs.field(default=None, metadata=repeats())
    dial_task_id: str | None = None
    from_number_id: str | None = attrs.field(default=None, metadata=repeats())
    started_at: datetime | None = None
    ended_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    system_result_type: DialSystemResultType | str | None = None
    voice_id: str | None = attrs.field(default=None, metadata=repeats())
    versioned_prompt_id: str | None = attrs.field(default=None, metadata=repeats())


# ------------------------------------------------------------ request bodies
# Built by `Dials.create` from its checked arguments; a field left at None is
# left out of the JSON.


_ID = checks(TEXT)


def _phone_or_browser(body: _CreateDialBody, path: str, out: list[str]) -> None:
    """A phone dial (``browser_call`` not true) needs a number to call and one to call from."""
    if body.browser_call is True:
        return
    if body.to_number is None:
        out.append("to_number: required for a phone dial (or pass browser_call=True)")
    if body.from_number_id is None and body.from_number_pool_id is None:
        out.append("from_number_id: a phone dial needs from_number_id or from_number_pool_id")


def _copied(value: Any) -> Any:
    if value is None:
        return None
    return dict(value) if isinstance(value, Mapping) else value


@attrs.define
class _CreateDialBody:
    """``POST /dials``: built by `Dials.create` from its arguments; ``None`` is left out."""

    call_agent_id: str = attrs.field(metadata=_ID)
    to_number: str | None = attrs.field(default=None, metadata=checks(E164))
    from_number_id: str | None = attrs.field(default=None, metadata=_ID)
    from_number_pool_id: str | None = attrs.field(default=None, metadata=_ID)
    browser_call: bool | None = None
    webhook_url: str | None = attrs.field(default=None, metadata=_ID)
    ai_voice_id: str | None = attrs.field(default=None, metadata=_ID)
    voice_option_values: Sequence[OptionValue | Fields] | None = attrs.field(
        default=None, converter=listed
    )
    voice_volume_level: int | None = attrs.field(
        default=None, metadata=checks(integer(low=-300, high=300))
    )
    versioned_model_id: str | None = attrs.field(default=None, metadata=_ID)
    ivr_versioned_prompt_id: str | None = attrs.field(default=None, metadata=_ID)
    override_transcriber_final_duration_ms: int | None = attrs.field(
        default=None, metadata=checks(integer(low=0))
    )
    timeout_minutes: int | None = attrs.field(default=None, metadata=checks(integer(low=1)))
    call_agent_extractor_id: str | None = attrs.field(default=None, metadata=_ID)
    call_agent_input: Mapping[str, str] | None = attrs.field(
        default=None, converter=_copied, metadata=checks(STR_MAP)
    )
    agent_overrides: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_copied, metadata=checks(JSON_MAPPING)
    )
    keywords: Sequence[str] | None = attrs.field(
        default=None, converter=listed, metadata=checks(STR_LIST)
    )

    _object_checks: ClassVar[ObjectChecks] = (_phone_or_browser,)
