"""The Dial model and everything nested in it, decoded by the package converter."""

from __future__ import annotations

import copy
import functools
import json
import typing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from vogent_async import (
    Agent,
    Dial,
    DialFunctionCall,
    DialNodeTransition,
    DialRecording,
    DialSystemResultType,
    DialTranscriptItem,
    EndpointDetectorConfig,
    EndpointDetectorMode,
    EndpointDetectorType,
    IdleMessageConfig,
    IvrConfiguration,
    IvrDetectionType,
    LifecycleMessages,
    LinkedFunctionDefinition,
    OptionValue,
    SilenceHangupConfiguration,
    TimeoutBehaviorConfiguration,
    TranscriberParams,
    TranscriberType,
    UtteranceDetectorConfig,
    UtteranceSensitivity,
)
from vogent_async._codec._converter import Converter, SchemaMismatch, to_camel

CONVERTER = Converter()
SAMPLES = Path(__file__).parent / "samples"
UTC = timezone.utc


def dial_full() -> dict[str, Any]:
    """The sample Dial that sets every field of the contract's schema, nested ones included."""
    data: dict[str, Any] = json.loads((SAMPLES / "dial_full.json").read_text("utf-8"))
    return data


EXPECTED_AGENT = Agent(
    id="agent_1",
    name="Renewals agent",
    language="en",
    transcriber_params=TranscriberParams(
        type=TranscriberType.DEEPGRAM, keywords=("renewal", "Vogent")
    ),
    metadata={"team": "sales", "tier": 2, "tags": ["a", "b"], "nested": {"x": None}},
    utterance_detector_config=UtteranceDetectorConfig(
        sensitivity=UtteranceSensitivity.FAST, interruption_play_time_ms=750
    ),
    endpoint_detector_config=EndpointDetectorConfig(
        type=EndpointDetectorType.SEMANTIC, mode=EndpointDetectorMode.AGGRESSIVE
    ),
    ivr_configuration=IvrConfiguration(
        detection_type=IvrDetectionType.STANDARD,
        versioned_prompt_id="vp_ivr_1",
        ai_voice_id="voice_ivr_1",
        tagging_text="press 1 for sales",
    ),
    idle_message_config=IdleMessageConfig(
        enabled=True,
        messages=("Are you still there?", "Hello?"),
        idle_duration_milliseconds=8000,
        max_idle_messages=2,
    ),
    max_duration_seconds=900,
    default_voice_id="voice_1",
    default_versioned_prompt_id="vp_1",
    default_extractor_id="ext_1",
    linked_function_definitions=(
        LinkedFunctionDefinition(
            function_definition_id="fn_transfer",
            lifecycle_messages_override=LifecycleMessages(
                started=("One moment.", "Transferring you now.")
            ),
        ),
        LinkedFunctionDefinition(function_definition_id="fn_lookup"),
    ),
    fill_empty_string_variables=False,
    timeout_message="We are out of time, goodbye.",
    timeout_behavior_configuration=TimeoutBehaviorConfiguration(
        behavior="TRANSFER", transfer_number="+15557654321"
    ),
    silence_hangup_configuration=SilenceHangupConfiguration(
        type="ENABLED", silence_duration_seconds=30
    ),
    voice_option_values=(OptionValue("speed", "1.1"), OptionValue("emotion", "warm")),
)

EXPECTED_TRANSCRIPT = (
    DialTranscriptItem(
        text="Hi, is this Ada?", speaker="AI", detail_type=None, start_time_ms=0, end_time_ms=1200
    ),
    DialTranscriptItem(
        text="Yes, speaking.", speaker="HUMAN", start_time_ms=1500, end_time_ms=2300
    ),
    DialTranscriptItem(
        text="Let me look that up.",
        speaker="AI",
        start_time_ms=2600,
        end_time_ms=3900,
        function_calls=(
            DialFunctionCall(
                name="lookup_account", args='{"customer":"Ada"}', function_call_id="fc_1"
            ),
        ),
        node_transition=DialNodeTransition(
            to_node_id="node_lookup", transition_data={"intent": "renew", "confidence": 0.93}
        ),
    ),
    DialTranscriptItem(
        text='{"plan":"gold"}',
        speaker="AI",
        detail_type="function",
        function_call_id="fc_1",
        start_time_ms=4000,
        end_time_ms=4000,
        node_transition=DialNodeTransition(to_node_id="node_close", transition_data=None),
    ),
)

EXPECTED_DIAL = Dial(
    id="dial_full_1",
    to_number="+15551234567",
    agent=EXPECTED_AGENT,
    recordings=(
        DialRecording("https://api.vogent.ai/api/dials/dial_full_1/recordings/1"),
        DialRecording("https://api.vogent.ai/api/dials/dial_full_1/recordings/2"),
    ),
    transcript=EXPECTED_TRANSCRIPT,
    duration_seconds=184,
    ai_result={"renewed": True, "plan": "gold", "notes": ["call back in May"]},
    inputs={"customer_name": "Ada", "plan": "gold"},
    status="completed",
    dial_task_id="task_1",
    from_number_id="pn_1",
    started_at=datetime(2025, 11, 3, 14, 0, 5, tzinfo=UTC),
    ended_at=datetime(2025, 11, 3, 14, 3, 9, 123456, tzinfo=UTC),
    created_at=datetime(2025, 11, 3, 13, 59, 58, 500000, tzinfo=UTC),
    updated_at=datetime(2025, 11, 3, 9, 3, 10, tzinfo=timezone(timedelta(hours=-5))),
    system_result_type=DialSystemResultType.AGENT_HANGUP,
    voice_id="voice_1",
    versioned_prompt_id="vp_1",
)


def test_full_dial_decodes_every_field() -> None:
    """The sample covering every contract field decodes to exactly the expected nested models."""
    dial = CONVERTER.structure(dial_full(), Dial)
    assert dial.agent == EXPECTED_AGENT
    assert dial.transcript == EXPECTED_TRANSCRIPT
    assert dial == EXPECTED_DIAL


def test_full_dial_enums_are_members_and_timestamps_are_aware() -> None:
    """Known enum values become members (typed, not strings) and every timestamp is aware."""
    dial = CONVERTER.structure(dial_full(), Dial)
    assert dial.agent is not None
    assert dial.agent.transcriber_params is not None
    assert dial.agent.transcriber_params.type is TranscriberType.DEEPGRAM
    assert dial.system_result_type is DialSystemResultType.AGENT_HANGUP
    assert str(dial.system_result_type) == "AGENT_HANGUP"
    stamps = [dial.started_at, dial.ended_at, dial.created_at, dial.updated_at]
    assert all(s is not None and s.utcoffset() is not None for s in stamps)


def test_dial_with_only_an_id_has_every_other_field_none() -> None:
    """Only id is required: an otherwise empty dial decodes with None everywhere else."""
    dial = CONVERTER.structure({"id": "dial_2"}, Dial)
    assert dial == Dial(id="dial_2")
    assert dial.agent is None
    assert dial.transcript is None
    assert dial.system_result_type is None


def test_unknown_enum_values_survive_as_strings() -> None:
    """Values the server adds later arrive as the raw string instead of failing the page."""
    data = dial_full()
    data["systemResultType"] = "CARRIER_BLOCKED"
    data["agent"]["transcriberParams"]["type"] = "whisper-v9"
    data["agent"]["utteranceDetectorConfig"]["sensitivity"] = "INSTANT"
    data["agent"]["endpointDetectorConfig"] = {"type": "LLM", "mode": "TURBO"}
    data["agent"]["ivrConfiguration"]["detectionType"] = "ADVANCED"
    dial = CONVERTER.structure(data, Dial)
    agent = dial.agent
    assert agent is not None
    assert dial.system_result_type == "CARRIER_BLOCKED"
    assert type(dial.system_result_type) is str
    assert agent.transcriber_params == TranscriberParams("whisper-v9", ("renewal", "Vogent"))
    assert agent.utterance_detector_config == UtteranceDetectorConfig("INSTANT", 750)
    assert agent.endpoint_detector_config == EndpointDetectorConfig(type="LLM", mode="TURBO")
    assert agent.ivr_configuration is not None
    assert agent.ivr_configuration.detection_type == "ADVANCED"


def test_nullable_fields_accept_null() -> None:
    """Fields the contract marks nullable decode null to None."""
    data = dial_full()
    data["systemResultType"] = None
    agent = data["agent"]
    agent["endpointDetectorConfig"]["mode"] = None
    agent["transcriberParams"] = None
    agent["ivrConfiguration"] = {
        "detectionType": "NONE",
        "versionedPromptId": None,
        "aiVoiceId": None,
        "taggingText": None,
    }
    agent["idleMessageConfig"] = None
    agent["defaultExtractorId"] = None
    dial = CONVERTER.structure(data, Dial)
    assert dial.system_result_type is None
    assert dial.agent is not None
    assert dial.agent.endpoint_detector_config == EndpointDetectorConfig(
        EndpointDetectorType.SEMANTIC
    )
    assert dial.agent.transcriber_params is None
    assert dial.agent.ivr_configuration == IvrConfiguration(IvrDetectionType.NONE)
    assert dial.agent.idle_message_config is None
    assert dial.agent.default_extractor_id is None


def test_free_form_objects_are_kept_untouched() -> None:
    """inputs, aiResult, metadata and transitionData are the decoded JSON, keys not renamed."""
    data = dial_full()
    data["aiResult"] = {"snake_key": 1, "camelKey": {"deep_er": [1, None]}}
    dial = CONVERTER.structure(copy.deepcopy(data), Dial)
    assert dial.ai_result == data["aiResult"]
    assert dial.inputs == data["inputs"]
    assert dial.agent is not None
    assert dial.agent.metadata == data["agent"]["metadata"]


def test_extra_fields_are_ignored_at_every_level() -> None:
    """Fields the contract does not know yet, at any depth, do not break decoding."""
    data = dial_full()
    data["newTopLevel"] = {"x": 1}
    data["agent"]["brandNewConfig"] = [1, 2]
    data["transcript"][0]["sentiment"] = "positive"
    assert CONVERTER.structure(data, Dial) == EXPECTED_DIAL


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["agent"].pop("language"), "agent.language: required field is missing"),
        (lambda d: d["transcript"][1].pop("speaker"), "transcript[1].speaker: required"),
        (
            lambda d: d["transcript"][2]["functionCalls"][0].update(args={"a": 1}),
            "transcript[2].functionCalls[0].args: expected a string",
        ),
        (
            lambda d: d["transcript"][3]["nodeTransition"].pop("transitionData"),
            "transcript[3].nodeTransition.transitionData: required field is missing",
        ),
        (
            lambda d: d["agent"]["idleMessageConfig"].update(idleDurationMilliseconds="8s"),
            "agent.idleMessageConfig.idleDurationMilliseconds: expected an integer",
        ),
        (
            lambda d: d["agent"]["voiceOptionValues"][1].pop("optionId"),
            "agent.voiceOptionValues[1].optionId: required field is missing",
        ),
        (lambda d: d.update(startedAt="yesterday"), "startedAt: not an RFC 3339 timestamp"),
        (lambda d: d.update(durationSeconds=184.5), "durationSeconds: expected an integer"),
        (lambda d: d.update(recordings={"url": "x"}), "recordings: expected an array"),
    ],
)
def test_mismatch_names_the_nested_field_path(change: Any, path: str) -> None:
    """A body that does not fit the schema fails with the camelCase path of the bad field."""
    data = dial_full()
    change(data)
    with pytest.raises(SchemaMismatch) as caught:
        CONVERTER.structure(data, Dial)
    assert any(line.startswith(path) for line in caught.value.errors), caught.value.errors


def test_round_trip_preserves_the_full_dial() -> None:
    """Unstructuring a decoded dial gives JSON that decodes back to an equal dial."""
    dial = CONVERTER.structure(dial_full(), Dial)
    again = CONVERTER.structure(json.loads(json.dumps(CONVERTER.unstructure(dial))), Dial)
    assert again == dial


CONTRACT = Path(__file__).parent / "api" / "vogent-openapi.yaml"


@functools.cache
def contract_schemas() -> dict[str, Any]:
    """The contract's component schemas, parsed once."""
    schemas: dict[str, Any] = yaml.safe_load(CONTRACT.read_text("utf-8"))["components"]["schemas"]
    return schemas


def _schema_name(prop: dict[str, Any]) -> str | None:
    """The object schema a property refers to, through allOf and arrays."""
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "allOf" in prop:
        return _schema_name(prop["allOf"][0])
    if prop.get("type") == "array":
        return _schema_name(prop["items"])
    return None


def _model_of(cls: type[Any], field: str) -> Any:
    """The attrs class inside a field's ``X | None`` or ``tuple[X, ...] | None`` annotation."""
    hint = typing.get_type_hints(cls)[field]
    (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
    return typing.get_args(inner)[0] if typing.get_origin(inner) in (list, tuple) else inner


def _walk(name: str, cls: Any, samples: list[Any], unset: list[str]) -> None:
    """Compare one schema with its model and the sample's objects of that schema, recursively."""
    schema = contract_schemas()[name]
    fields = {to_camel(a.name): a for a in attrs.fields(cls)}
    assert set(fields) == set(schema["properties"]), name
    for key, prop in schema["properties"].items():
        required = key in schema.get("required", [])
        assert (fields[key].default is attrs.NOTHING) == required, f"{name}.{key}"
        values = [s[key] for s in samples if key in s]
        if not values:
            unset.append(f"{name}.{key}")
        sub = _schema_name(prop)
        if sub is not None and "properties" in contract_schemas()[sub]:
            nested = [x for v in values for x in (v if isinstance(v, list) else [v]) if x]
            _walk(sub, _model_of(cls, fields[key].name), nested, unset)


def test_models_and_sample_cover_the_contract_schema() -> None:
    """Each Dial property, nested too, is a model field by the camelCase rule, set in the sample."""
    unset: list[str] = []
    _walk("Dial", Dial, [dial_full()], unset)
    assert unset == []
