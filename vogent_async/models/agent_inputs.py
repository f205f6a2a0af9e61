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

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.models._rules import TEXT, ObjectChecks, checks, something_given
from vogent_async.models._shared import Fields, StrEnum
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
    """A new agent: the body ``agents.create`` builds from its keyword arguments.

    Each field is documented there, as the argument of its name.
    """

    name: str = attrs.field(metadata=checks(TEXT))
    default_voice_id: str = attrs.field(metadata=checks(TEXT))
    default_versioned_prompt: VersionedPromptInput | Fields
    default_extractor: ExtractorInput | Fields | None = None
    inbound_webhook_response: bool | None = None
    inbound_webhook_url: str | None = None
    max_duration_seconds: int | None = None
    opening_line: OpeningLine | Fields | None = None
    voice_volume_level: int | None = None
    background_noise_type: BackgroundNoiseType | str | None = None
    linked_function_definition_ids: Sequence[str] | None = None
    linked_function_definition_inputs: Sequence[LinkedFunctionDefinition | Fields] | None = None
    metadata: dict[str, Any] | None = None
    transcriber_params: TranscriberParams | Fields | None = None
    idle_message_config: IdleMessageConfig | Fields | None = None
    utterance_detector_config: UtteranceDetectorConfig | Fields | None = None
    endpoint_detector_config: EndpointDetectorConfig | Fields | None = None
    ivr_configuration: IvrConfiguration | Fields | None = None
    language: str | None = None
    fill_empty_string_variables: bool | None = None
    silence_hangup_configuration: SilenceHangupConfiguration | Fields | None = None
    voice_option_values: Sequence[OptionValue | Fields] | None = None


@attrs.frozen
class AgentUpdate(WireModel):
    """Changes to an agent: the body ``agents.update`` builds from its keyword arguments.

    Each field is documented there, as the argument of its name; a field left at
    `NOT_GIVEN` is not sent.
    """

    name: str | NotGiven = attrs.field(default=NOT_GIVEN, metadata=checks(TEXT))
    default_voice_id: str | NotGiven = NOT_GIVEN
    default_versioned_prompt_id: str | NotGiven = NOT_GIVEN
    call_agent_extractor_id: str | NotGiven = NOT_GIVEN
    inbound_webhook_response: bool | NotGiven = NOT_GIVEN
    inbound_webhook_url: str | NotGiven = NOT_GIVEN
    max_duration_seconds: int | NotGiven = NOT_GIVEN
    metadata: dict[str, Any] | NotGiven = NOT_GIVEN
    opening_line: OpeningLine | Fields | NotGiven | None = NOT_GIVEN
    voice_volume_level: int | NotGiven = NOT_GIVEN
    background_noise_type: BackgroundNoiseType | str | NotGiven = NOT_GIVEN
    linked_function_definition_ids: Sequence[str] | NotGiven = NOT_GIVEN
    linked_function_definition_inputs: Sequence[LinkedFunctionDefinition | Fields] | NotGiven = (
        NOT_GIVEN
    )
    transcriber_params: TranscriberParams | Fields | NotGiven | None = NOT_GIVEN
    idle_message_config: IdleMessageConfig | Fields | NotGiven = NOT_GIVEN
    utterance_detector_config: UtteranceDetectorConfig | Fields | NotGiven = NOT_GIVEN
    endpoint_detector_config: EndpointDetectorConfig | Fields | NotGiven | None = NOT_GIVEN
    ivr_configuration: IvrConfiguration | Fields | NotGiven | None = NOT_GIVEN
    language: str | NotGiven = NOT_GIVEN
    fill_empty_string_variables: bool | NotGiven | None = NOT_GIVEN
    silence_hangup_configuration: SilenceHangupConfiguration | Fields | NotGiven = NOT_GIVEN
    voice_option_values: Sequence[OptionValue | Fields] | NotGiven = NOT_GIVEN

    _object_checks: ClassVar[ObjectChecks] = (something_given,)
