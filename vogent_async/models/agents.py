"""Models of the Agents group: an agent, its speech settings and linked functions.

An `Agent` arrives embedded in every `Dial` (as it was configured for the call)
and from the Agents endpoints. Enum-typed fields are ``Enum | str`` so that a
value the server adds later arrives as the raw string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from vogent_async.models._read_only import read_only_json
from vogent_async.models._shared import StrEnum
from vogent_async.models._wire import WireModel

__all__ = [
    "Agent",
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


class TranscriberType(StrEnum):
    """The speech-to-text engine of an agent."""

    DEEPGRAM = "deepgram"
    OPENAI = "openai"


class UtteranceSensitivity(StrEnum):
    """How quickly the agent decides the caller has finished an utterance."""

    ULTRA_FAST = "ULTRA_FAST"
    FAST = "FAST"
    MEDIUM = "MEDIUM"
    SLOW = "SLOW"


class EndpointDetectorType(StrEnum):
    """How the end of a caller's turn is detected."""

    SIMPLE = "SIMPLE"
    SEMANTIC = "SEMANTIC"


class EndpointDetectorMode(StrEnum):
    """How eagerly the SEMANTIC endpoint detector ends a turn."""

    CONSERVATIVE = "CONSERVATIVE"
    DEFAULT = "DEFAULT"
    AGGRESSIVE = "AGGRESSIVE"


class IvrDetectionType(StrEnum):
    """Whether the agent detects and navigates phone menus (IVRs)."""

    NONE = "NONE"
    STANDARD = "STANDARD"


# ------------------------------------------------------------ agent settings


@attrs.frozen
class OptionValue(WireModel):
    """A value chosen for a configurable voice or model option."""

    option_id: str
    value: str


@attrs.frozen
class LifecycleMessages(WireModel):
    """Phrases spoken while a function runs; one is picked at random."""

    started: tuple[str, ...]


@attrs.frozen
class TranscriberParams(WireModel):
    """Speech-to-text settings: the engine and words to listen out for."""

    type: TranscriberType | str
    keywords: tuple[str, ...] | None = None


@attrs.frozen
class UtteranceDetectorConfig(WireModel):
    """When an utterance counts as finished, and how long to keep talking over one."""

    sensitivity: UtteranceSensitivity | str
    interruption_play_time_ms: int | None = None


@attrs.frozen
class EndpointDetectorConfig(WireModel):
    """How the end of a turn is detected; ``mode`` applies to SEMANTIC only."""

    type: EndpointDetectorType | str
    mode: EndpointDetectorMode | str | None = None


@attrs.frozen
class IvrConfiguration(WireModel):
    """Phone-menu detection and navigation settings."""

    detection_type: IvrDetectionType | str
    versioned_prompt_id: str | None = None
    ai_voice_id: str | None = None
    tagging_text: str | None = None


@attrs.frozen
class IdleMessageConfig(WireModel):
    """What the agent says when the caller goes quiet, and how often."""

    enabled: bool
    messages: tuple[str, ...] | None = None
    idle_duration_milliseconds: int | None = None
    max_idle_messages: int | None = None


@attrs.frozen
class LinkedFunctionDefinition(WireModel):
    """A function the agent may call, with optional phrases to say while it runs."""

    function_definition_id: str
    lifecycle_messages_override: LifecycleMessages | None = None


@attrs.frozen
class TimeoutBehaviorConfiguration(WireModel):
    """What happens when a call reaches its maximum duration (e.g. ``HANGUP``)."""

    behavior: str | None = None
    transfer_number: str | None = None


@attrs.frozen
class SilenceHangupConfiguration(WireModel):
    """Whether (``type``, e.g. ``DISABLED``) and when a long silence ends the call."""

    type: str | None = None
    silence_duration_seconds: int | None = None


@attrs.frozen
class Agent(WireModel):
    """A call agent: voice, prompt, speech settings and linked functions.

    Every dial of a job embeds the same agent, so decoding hands out one `Agent`
    for all of them; its ``metadata`` is therefore read-only JSON (a `dict`
    whose changing methods raise ``TypeError``; ``dict(agent.metadata)`` is a
    copy to edit), and a dict given when building one is copied.
    """

    id: str
    name: str
    language: str
    transcriber_params: TranscriberParams | None = None
    metadata: Mapping[str, Any] | None = attrs.field(default=None, converter=read_only_json)
    utterance_detector_config: UtteranceDetectorConfig | None = None
    endpoint_detector_config: EndpointDetectorConfig | None = None
    ivr_configuration: IvrConfiguration | None = None
    idle_message_config: IdleMessageConfig | None = None
    max_duration_seconds: int | None = None
    default_voice_id: str | None = None
    default_versioned_prompt_id: str | None = None
    default_extractor_id: str | None = None
    linked_function_definitions: tuple[LinkedFunctionDefinition, ...] | None = None
    fill_empty_string_variables: bool | None = None
    timeout_message: str | None = None
    timeout_behavior_configuration: TimeoutBehaviorConfiguration | None = None
    silence_hangup_configuration: SilenceHangupConfiguration | None = None
    voice_option_values: tuple[OptionValue, ...] | None = None
