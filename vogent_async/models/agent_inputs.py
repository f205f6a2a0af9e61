"""Request bodies of the Agents group: a new agent, and changes to one.

The settings classes (`TranscriberParams`, `IdleMessageConfig`, ...) are the
ones an `Agent` is read with. On `AgentInput` a field left at ``None`` is not
sent (the server's default applies); on `AgentUpdate` a field left at
`NOT_GIVEN` is not sent and ``None`` is sent as ``null``.

The API names a few things differently on create and update: a new agent
takes a whole ``default_versioned_prompt`` and ``default_extractor``, an
update takes their ids (``default_versioned_prompt_id`` and
``call_agent_extractor_id``, read back as `Agent.default_extractor_id`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from vogent_async._rules import TEXT, ObjectChecks, checks, something_given
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.models._shared import StrEnum
from vogent_async.models._wire import WireModel
from vogent_async.models.agents import (
    EndpointDetectorConfig,
    IdleMessageConfig,
    IvrConfiguration,
    LinkedFunctionDefinition,
    OptionValue,
    SilenceHangupConfiguration,
    TranscriberParams,
    UtteranceDetectorConfig,
)
from vogent_async.models.extractors import ExtractorInput
from vogent_async.models.versioned_prompts import OpeningLineType, VersionedPromptInput

__all__ = ["AgentInput", "AgentUpdate", "BackgroundNoiseType", "OpeningLine"]


class BackgroundNoiseType(StrEnum):
    """The background audio under the agent's voice."""

    NOISE = "noise"
    OFFICE = "office"
    SILENCE = "silence"


@attrs.frozen
class OpeningLine(WireModel):
    """What the agent says first, and on which calls.

    Attributes:
        line_type: An `OpeningLineType`, or the raw string.
        content: The words.
    """

    line_type: OpeningLineType | str
    content: str


@attrs.frozen
class AgentInput(WireModel):
    """A new agent: the body of ``agents.create``.

    Attributes:
        name: The agent's name; not empty.
        default_voice_id: Its voice (see ``client.voices.list``).
        default_versioned_prompt: Its first prompt, created with it.
        default_extractor: An extractor created with it.
        inbound_webhook_response: Whether inbound calls wait for your webhook's answer.
        inbound_webhook_url: Where that webhook is.
        max_duration_seconds: The longest call, in seconds (server default 10800).
        opening_line: What it says first; none without one.
        voice_volume_level: Roughly -300 (quiet) to 300 (loud); server default -100.
        background_noise_type: The background audio (server default ``office``).
        linked_function_definition_ids: Functions it may call (deprecated by the API
            in favour of ``linked_function_definition_inputs``).
        linked_function_definition_inputs: Functions it may call, with phrases.
        metadata: Your own data, kept with the agent.
        transcriber_params: Speech-to-text settings.
        idle_message_config: What it says when the caller goes quiet.
        utterance_detector_config: When an utterance counts as finished.
        endpoint_detector_config: How the end of a turn is detected.
        ivr_configuration: Phone-menu detection and navigation.
        language: Its language (server default ``en``).
        fill_empty_string_variables: Fill prompt variables not given with ``""``.
        silence_hangup_configuration: Whether a long silence ends the call.
        voice_option_values: Settings of its voice.
    """

    name: str = attrs.field(metadata=checks(TEXT))
    default_voice_id: str = attrs.field(metadata=checks(TEXT))
    default_versioned_prompt: VersionedPromptInput
    default_extractor: ExtractorInput | None = None
    inbound_webhook_response: bool | None = None
    inbound_webhook_url: str | None = None
    max_duration_seconds: int | None = None
    opening_line: OpeningLine | None = None
    voice_volume_level: int | None = None
    background_noise_type: BackgroundNoiseType | str | None = None
    linked_function_definition_ids: list[str] | None = None
    linked_function_definition_inputs: list[LinkedFunctionDefinition] | None = None
    metadata: dict[str, Any] | None = None
    transcriber_params: TranscriberParams | None = None
    idle_message_config: IdleMessageConfig | None = None
    utterance_detector_config: UtteranceDetectorConfig | None = None
    endpoint_detector_config: EndpointDetectorConfig | None = None
    ivr_configuration: IvrConfiguration | None = None
    language: str | None = None
    fill_empty_string_variables: bool | None = None
    silence_hangup_configuration: SilenceHangupConfiguration | None = None
    voice_option_values: list[OptionValue] | None = None


@attrs.frozen
class AgentUpdate(WireModel):
    """Changes to an agent (``agents.update``): only the fields given are sent.

    Attributes:
        name: A new name.
        default_voice_id: A new voice.
        default_versioned_prompt_id: Another of its versioned prompts.
        call_agent_extractor_id: Another of its extractors; ``""`` disables extraction.
        inbound_webhook_response: Whether inbound calls wait for your webhook's answer.
        inbound_webhook_url: Where that webhook is.
        max_duration_seconds: The longest call, in seconds.
        metadata: Your own data (replaces what was kept).
        opening_line: What it says first; ``None`` for none.
        voice_volume_level: Roughly -300 (quiet) to 300 (loud).
        background_noise_type: The background audio.
        linked_function_definition_ids: Functions it may call (deprecated by the API).
        linked_function_definition_inputs: Functions it may call, with phrases.
        transcriber_params: Speech-to-text settings, or ``None``.
        idle_message_config: What it says when the caller goes quiet.
        utterance_detector_config: When an utterance counts as finished.
        endpoint_detector_config: How the end of a turn is detected, or ``None``.
        ivr_configuration: Phone-menu detection and navigation, or ``None``.
        language: Its language.
        fill_empty_string_variables: Fill prompt variables not given with ``""``.
        silence_hangup_configuration: Whether a long silence ends the call.
        voice_option_values: Settings of its voice.
    """

    name: str | NotGiven = attrs.field(default=NOT_GIVEN, metadata=checks(TEXT))
    default_voice_id: str | NotGiven = NOT_GIVEN
    default_versioned_prompt_id: str | NotGiven = NOT_GIVEN
    call_agent_extractor_id: str | NotGiven = NOT_GIVEN
    inbound_webhook_response: bool | NotGiven = NOT_GIVEN
    inbound_webhook_url: str | NotGiven = NOT_GIVEN
    max_duration_seconds: int | NotGiven = NOT_GIVEN
    metadata: dict[str, Any] | NotGiven = NOT_GIVEN
    opening_line: OpeningLine | NotGiven | None = NOT_GIVEN
    voice_volume_level: int | NotGiven = NOT_GIVEN
    background_noise_type: BackgroundNoiseType | str | NotGiven = NOT_GIVEN
    linked_function_definition_ids: list[str] | NotGiven = NOT_GIVEN
    linked_function_definition_inputs: list[LinkedFunctionDefinition] | NotGiven = NOT_GIVEN
    transcriber_params: TranscriberParams | NotGiven | None = NOT_GIVEN
    idle_message_config: IdleMessageConfig | NotGiven = NOT_GIVEN
    utterance_detector_config: UtteranceDetectorConfig | NotGiven = NOT_GIVEN
    endpoint_detector_config: EndpointDetectorConfig | NotGiven | None = NOT_GIVEN
    ivr_configuration: IvrConfiguration | NotGiven | None = NOT_GIVEN
    language: str | NotGiven = NOT_GIVEN
    fill_empty_string_variables: bool | NotGiven | None = NOT_GIVEN
    silence_hangup_configuration: SilenceHangupConfiguration | NotGiven = NOT_GIVEN
    voice_option_values: list[OptionValue] | NotGiven = NOT_GIVEN

    _object_checks: ClassVar[ObjectChecks] = (something_given,)
