"""Models of a dial (one call) and the agent embedded in it.

A `Dial` is what ``client.batch_dial_jobs.list_dials`` yields. Only ``id`` is
required by the API; every other field may be absent (it is then ``None``),
since the server leaves out empty fields. Enum-typed fields are ``Enum | str``
so that a value the server adds later arrives as the raw string. Free-form
objects (``inputs``, ``ai_result``, ``metadata``, ``transition_data``) are the
decoded JSON, untouched.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import attrs

__all__ = [
    "Agent",
    "Dial",
    "DialFunctionCall",
    "DialNodeTransition",
    "DialRecording",
    "DialSystemResultType",
    "DialTranscriptItem",
    "EndpointDetectorConfig",
    "EndpointDetectorMode",
    "EndpointDetectorType",
    "IdleMessageConfig",
    "IvrConfiguration",
    "IvrDetectionType",
    "LifecycleMessages",
    "LinkedFunctionDefinition",
    "OptionValue",
    "SilenceHangupConfiguration",
    "TimeoutBehaviorConfiguration",
    "TranscriberParams",
    "TranscriberType",
    "UtteranceDetectorConfig",
    "UtteranceSensitivity",
]


class _StrEnum(str, enum.Enum):
    def __str__(self) -> str:
        return str(self.value)


class DialSystemResultType(_StrEnum):
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


class TranscriberType(_StrEnum):
    """The speech-to-text engine of an agent."""

    DEEPGRAM = "deepgram"
    OPENAI = "openai"


class UtteranceSensitivity(_StrEnum):
    """How quickly the agent decides the caller has finished an utterance."""

    ULTRA_FAST = "ULTRA_FAST"
    FAST = "FAST"
    MEDIUM = "MEDIUM"
    SLOW = "SLOW"


class EndpointDetectorType(_StrEnum):
    """How the end of a caller's turn is detected."""

    SIMPLE = "SIMPLE"
    SEMANTIC = "SEMANTIC"


class EndpointDetectorMode(_StrEnum):
    """How eagerly the SEMANTIC endpoint detector ends a turn."""

    CONSERVATIVE = "CONSERVATIVE"
    DEFAULT = "DEFAULT"
    AGGRESSIVE = "AGGRESSIVE"


class IvrDetectionType(_StrEnum):
    """Whether the agent detects and navigates phone menus (IVRs)."""

    NONE = "NONE"
    STANDARD = "STANDARD"


# ------------------------------------------------------------ agent settings


@attrs.frozen
class OptionValue:
    """A value chosen for a configurable voice or model option."""

    option_id: str
    value: str


@attrs.frozen
class LifecycleMessages:
    """Phrases spoken while a function runs; one is picked at random."""

    started: list[str]


@attrs.frozen
class TranscriberParams:
    """Speech-to-text settings: the engine and words to listen out for."""

    type: TranscriberType | str
    keywords: list[str] | None = None


@attrs.frozen
class UtteranceDetectorConfig:
    """When an utterance counts as finished, and how long to keep talking over one."""

    sensitivity: UtteranceSensitivity | str
    interruption_play_time_ms: int | None = None


@attrs.frozen
class EndpointDetectorConfig:
    """How the end of a turn is detected; ``mode`` applies to SEMANTIC only."""

    type: EndpointDetectorType | str
    mode: EndpointDetectorMode | str | None = None


@attrs.frozen
class IvrConfiguration:
    """Phone-menu detection and navigation settings."""

    detection_type: IvrDetectionType | str
    versioned_prompt_id: str | None = None
    ai_voice_id: str | None = None
    tagging_text: str | None = None


@attrs.frozen
class IdleMessageConfig:
    """What the agent says when the caller goes quiet, and how often."""

    enabled: bool
    messages: list[str] | None = None
    idle_duration_milliseconds: int | None = None
    max_idle_messages: int | None = None


@attrs.frozen
class LinkedFunctionDefinition:
    """A function the agent may call, with optional phrases to say while it runs."""

    function_definition_id: str
    lifecycle_messages_override: LifecycleMessages | None = None


@attrs.frozen
class TimeoutBehaviorConfiguration:
    """What happens when a call reaches its maximum duration (e.g. ``HANGUP``)."""

    behavior: str | None = None
    transfer_number: str | None = None


@attrs.frozen
class SilenceHangupConfiguration:
    """Whether (``type``, e.g. ``DISABLED``) and when a long silence ends the call."""

    type: str | None = None
    silence_duration_seconds: int | None = None


@attrs.frozen
class Agent:
    """A call agent: voice, prompt, speech settings and linked functions."""

    id: str
    name: str
    language: str
    transcriber_params: TranscriberParams | None = None
    metadata: dict[str, Any] | None = None
    utterance_detector_config: UtteranceDetectorConfig | None = None
    endpoint_detector_config: EndpointDetectorConfig | None = None
    ivr_configuration: IvrConfiguration | None = None
    idle_message_config: IdleMessageConfig | None = None
    max_duration_seconds: int | None = None
    default_voice_id: str | None = None
    default_versioned_prompt_id: str | None = None
    default_extractor_id: str | None = None
    linked_function_definitions: list[LinkedFunctionDefinition] | None = None
    fill_empty_string_variables: bool | None = None
    timeout_message: str | None = None
    timeout_behavior_configuration: TimeoutBehaviorConfiguration | None = None
    silence_hangup_configuration: SilenceHangupConfiguration | None = None
    voice_option_values: list[OptionValue] | None = None


# -------------------------------------------------------------------- dials


@attrs.frozen
class DialRecording:
    """A recording of a dial; downloading ``url`` needs the API key."""

    url: str


@attrs.frozen
class DialFunctionCall:
    """A function the agent called during a turn; ``args`` is JSON text."""

    name: str
    args: str
    function_call_id: str | None = None


@attrs.frozen
class DialNodeTransition:
    """A move to another node of a flow agent, with the data that decided it."""

    to_node_id: str
    transition_data: dict[str, Any] | None


@attrs.frozen
class DialTranscriptItem:
    """One turn of a transcript.

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
    function_calls: list[DialFunctionCall] | None = None
    node_transition: DialNodeTransition | None = None


@attrs.frozen
class Dial:
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
    recordings: list[DialRecording] | None = None
    transcript: list[DialTranscriptItem] | None = None
    duration_seconds: int | None = None
    ai_result: dict[str, Any] | None = None
    inputs: dict[str, Any] | None = None
    status: str | None = None
    dial_task_id: str | None = None
    from_number_id: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    system_result_type: DialSystemResultType | str | None = None
    voice_id: str | None = None
    versioned_prompt_id: str | None = None
