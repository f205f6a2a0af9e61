"""Hand-written construction of the models from API dicts: the ceiling for attrs models.

No type checks, no error paths: just the constructor calls a person would
write for these exact classes. Each function takes the namespace of classes to
build (the package's frozen models, or their non-frozen twins), so the same
code measures both.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from vogent_async._codec._cattrs_hooks import _fromisoformat

# The converter's own RFC 3339 parser, minus its checks: datetime.fromisoformat on 3.11+
# (which reads "Z"), a small normalising wrapper on 3.10.
_parse = _fromisoformat


def _enum(cls: Any, value: Any) -> Any:
    return cls._value2member_map_.get(value, value)


def _opt_time(value: str | None) -> datetime | None:
    return None if value is None else _parse(value)


def job(m: SimpleNamespace, d: dict[str, Any]) -> Any:
    """A ``BatchDialJob`` from its JSON dict."""
    schedule = d.get("schedule")
    if schedule is not None:
        days = tuple(
            [
                m.ScheduleDay(
                    day_of_week=day["dayOfWeek"],
                    time_slots=tuple(
                        [m.TimeSlot(s["startTime"], s["endTime"]) for s in day["timeSlots"]]
                    ),
                )
                for day in schedule["days"]
            ]
        )
        schedule = m.Schedule(days=days, timezone=schedule["timezone"])
    numbers = d.get("fromPhoneNumberIds")
    return m.BatchDialJob(
        id=d["id"],
        name=d["name"],
        status=_enum(m.BatchDialJobStatus, d["status"]),
        max_concurrent_dials=d["maxConcurrentDials"],
        call_agent_id=d["callAgentId"],
        created_at=_parse(d["createdAt"]),
        from_phone_number_ids=None if numbers is None else tuple(numbers),
        schedule=schedule,
    )


def agent(m: SimpleNamespace, d: dict[str, Any]) -> Any:
    tp, ud, ed, idle = (
        d.get("transcriberParams"),
        d.get("utteranceDetectorConfig"),
        d.get("endpointDetectorConfig"),
        d.get("idleMessageConfig"),
    )
    linked, timeout, silence, options = (
        d.get("linkedFunctionDefinitions"),
        d.get("timeoutBehaviorConfiguration"),
        d.get("silenceHangupConfiguration"),
        d.get("voiceOptionValues"),
    )
    return m.Agent(
        id=d["id"],
        name=d["name"],
        language=d["language"],
        transcriber_params=None
        if tp is None
        else m.TranscriberParams(_enum(m.TranscriberType, tp["type"]), tuple(tp["keywords"])),
        metadata=d.get("metadata"),
        utterance_detector_config=None
        if ud is None
        else m.UtteranceDetectorConfig(
            _enum(m.UtteranceSensitivity, ud["sensitivity"]), ud.get("interruptionPlayTimeMs")
        ),
        endpoint_detector_config=None
        if ed is None
        else m.EndpointDetectorConfig(
            _enum(m.EndpointDetectorType, ed["type"]), _enum(m.EndpointDetectorMode, ed["mode"])
        ),
        ivr_configuration=None,
        idle_message_config=None
        if idle is None
        else m.IdleMessageConfig(idle["enabled"], tuple(idle["messages"])),
        max_duration_seconds=d.get("maxDurationSeconds"),
        default_voice_id=d.get("defaultVoiceId"),
        default_versioned_prompt_id=d.get("defaultVersionedPromptId"),
        default_extractor_id=d.get("defaultExtractorId"),
        linked_function_definitions=None
        if linked is None
        else tuple([_linked(m, f) for f in linked]),
        fill_empty_string_variables=d.get("fillEmptyStringVariables"),
        timeout_message=d.get("timeoutMessage"),
        timeout_behavior_configuration=None
        if timeout is None
        else m.TimeoutBehaviorConfiguration(timeout.get("behavior")),
        silence_hangup_configuration=None
        if silence is None
        else m.SilenceHangupConfiguration(silence.get("type")),
        voice_option_values=None
        if options is None
        else tuple([m.OptionValue(o["optionId"], o["value"]) for o in options]),
    )


def _linked(m: SimpleNamespace, d: dict[str, Any]) -> Any:
    messages = d.get("lifecycleMessagesOverride")
    return m.LinkedFunctionDefinition(
        d["functionDefinitionId"],
        None if messages is None else m.LifecycleMessages(tuple(messages["started"])),
    )


def _entry(m: SimpleNamespace, d: dict[str, Any]) -> Any:
    calls, move = d.get("functionCalls"), d.get("nodeTransition")
    return m.DialTranscriptItem(
        text=d["text"],
        speaker=d["speaker"],
        detail_type=d.get("detailType"),
        function_call_id=d.get("functionCallId"),
        start_time_ms=d.get("startTimeMs"),
        end_time_ms=d.get("endTimeMs"),
        function_calls=None
        if calls is None
        else tuple(
            [m.DialFunctionCall(c["name"], c["args"], c.get("functionCallId")) for c in calls]
        ),
        node_transition=None
        if move is None
        else m.DialNodeTransition(move["toNodeId"], move["transitionData"]),
    )


def dial(m: SimpleNamespace, d: dict[str, Any]) -> Any:
    """A ``Dial`` (with its agent and transcript) from its JSON dict."""
    its_agent, result = d.get("agent"), d.get("systemResultType")
    return m.Dial(
        id=d["id"],
        to_number=d.get("toNumber"),
        agent=None if its_agent is None else agent(m, its_agent),
        recordings=tuple([m.DialRecording(r["url"]) for r in d["recordings"]]),
        transcript=tuple([_entry(m, e) for e in d["transcript"]]),
        duration_seconds=d.get("durationSeconds"),
        ai_result=d.get("aiResult"),
        inputs=d.get("inputs"),
        status=d.get("status"),
        dial_task_id=d.get("dialTaskId"),
        from_number_id=d.get("fromNumberId"),
        started_at=_opt_time(d.get("startedAt")),
        ended_at=_opt_time(d.get("endedAt")),
        created_at=_opt_time(d.get("createdAt")),
        updated_at=_opt_time(d.get("updatedAt")),
        system_result_type=None if result is None else _enum(m.DialSystemResultType, result),
        voice_id=d.get("voiceId"),
        versioned_prompt_id=d.get("versionedPromptId"),
    )
