"""Baseline (b): ``httpx.AsyncClient`` + pydantic v2 models with camelCase aliases.

This is the stack Stainless-generated SDKs use. The models mirror the
contract's ``BatchDialJob`` and ``Dial`` (frozen, aware datetimes, open enums
as ``Enum | str``); pages are validated straight from bytes with
``model_validate_json``, pydantic's fastest path. Needs the ``bench`` extra.
"""

from __future__ import annotations

import enum
from typing import Any, Generic, TypeVar

import httpx
from pydantic import AwareDatetime, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)


class JobStatus(str, enum.Enum):
    INIT = "INIT"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    COMPLETE = "COMPLETE"
    CANCELLED = "CANCELLED"


class TimeSlot(_Model):
    start_time: str
    end_time: str


class ScheduleDay(_Model):
    day_of_week: int
    time_slots: list[TimeSlot]


class Schedule(_Model):
    days: list[ScheduleDay]
    timezone: str


class BatchDialJob(_Model):
    id: str
    name: str
    status: JobStatus | str
    max_concurrent_dials: int
    call_agent_id: str
    created_at: AwareDatetime
    from_phone_number_ids: list[str] | None = None
    schedule: Schedule | None = None


class TranscriberParams(_Model):
    type: str
    keywords: list[str] | None = None


class UtteranceDetectorConfig(_Model):
    sensitivity: str
    interruption_play_time_ms: int | None = None


class EndpointDetectorConfig(_Model):
    type: str
    mode: str | None = None


class IdleMessageConfig(_Model):
    enabled: bool
    messages: list[str] | None = None


class LifecycleMessages(_Model):
    started: list[str]


class LinkedFunctionDefinition(_Model):
    function_definition_id: str
    lifecycle_messages_override: LifecycleMessages | None = None


class TimeoutBehaviorConfiguration(_Model):
    behavior: str | None = None


class SilenceHangupConfiguration(_Model):
    type: str | None = None


class OptionValue(_Model):
    option_id: str
    value: str


class Agent(_Model):
    id: str
    name: str
    language: str
    transcriber_params: TranscriberParams | None = None
    metadata: dict[str, Any] | None = None
    utterance_detector_config: UtteranceDetectorConfig | None = None
    endpoint_detector_config: EndpointDetectorConfig | None = None
    ivr_configuration: dict[str, Any] | None = None
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


class FunctionCall(_Model):
    name: str
    args: str
    function_call_id: str | None = None


class NodeTransition(_Model):
    to_node_id: str
    transition_data: dict[str, Any] | None


class TranscriptItem(_Model):
    text: str
    speaker: str
    detail_type: str | None = None
    function_call_id: str | None = None
    start_time_ms: int | None = None
    end_time_ms: int | None = None
    function_calls: list[FunctionCall] | None = None
    node_transition: NodeTransition | None = None


class Recording(_Model):
    url: str


class Dial(_Model):
    id: str
    to_number: str | None = None
    agent: Agent | None = None
    recordings: list[Recording] | None = None
    transcript: list[TranscriptItem] | None = None
    duration_seconds: int | None = None
    ai_result: dict[str, Any] | None = None
    inputs: dict[str, Any] | None = None
    status: str | None = None
    dial_task_id: str | None = None
    from_number_id: str | None = None
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    system_result_type: str | None = None
    voice_id: str | None = None
    versioned_prompt_id: str | None = None


class Page(_Model, Generic[T]):
    data: list[T]
    cursor: str | None


JobPage = Page[BatchDialJob]
DialPage = Page[Dial]


async def walk(url: str, page_size: int, *, dials: bool = False) -> tuple[int, str]:
    """Follow the cursor through a listing; return how many items and the last id."""
    page_type: Any = DialPage if dials else JobPage
    count, last, cursor = 0, "", None
    headers = {"Authorization": "Bearer bench-key"}
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        while True:
            params: dict[str, str | int] = {"limit": page_size}
            if cursor is not None:
                params["cursor"] = cursor
            response = await client.get(url, params=params)
            response.raise_for_status()
            page = page_type.model_validate_json(response.content)
            count += len(page.data)
            last = page.data[-1].id if page.data else last
            cursor = page.cursor
            if cursor is None:
                return count, last
