"""How users set up agents, prompts, extractors, functions and voices, checked by ``mypy --strict``.

Never run by pytest: the ``assert_type`` calls pin the exact types a caller sees, and
``assert_never`` pins that `Function` is a closed union a ``match`` can cover.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from typing_extensions import assert_never, assert_type

import vogent_async
from vogent_async import (
    NOT_GIVEN,
    Agent,
    AgentType,
    AllowedNumber,
    APIFunction,
    AsyncPager,
    BackgroundNoiseType,
    CloneModel,
    EndpointDetectorMode,
    Extractor,
    ExtractorInput,
    FlowDefinition,
    Function,
    FunctionType,
    LifecycleMessages,
    LinkedFunctionDefinition,
    OpeningLine,
    OpeningLineType,
    OptionValue,
    Page,
    TranscriberParams,
    TranscriberType,
    TransferFunction,
    UnknownVariant,
    UtteranceSensitivity,
    VersionedPrompt,
    VersionedPromptInput,
    Voice,
    VoiceTier,
    with_raw_response,
)


async def agents(voice_id: str, model_id: str) -> None:
    async with vogent_async.Client() as client:
        pager = client.agents.list(page_size=20, max_items=100, timeout=5.0)
        assert_type(pager, AsyncPager[Agent])
        async for agent in pager:
            assert_type(agent.id, str)
            assert_type(agent.metadata, Mapping[str, Any] | None)  # read-only: may be shared
            if agent.metadata is not None:
                agent.metadata["team"] = "x"  # type: ignore[index]
            assert_type(agent.transcriber_params, TranscriberParams | None)
            if agent.transcriber_params is not None:
                assert_type(agent.transcriber_params.type, TranscriberType | str)
                assert_type(agent.transcriber_params.keywords, tuple[str, ...] | None)
            if agent.utterance_detector_config is not None:
                sensitivity = agent.utterance_detector_config.sensitivity
                assert_type(sensitivity, UtteranceSensitivity | str)
            if agent.endpoint_detector_config is not None:
                mode = agent.endpoint_detector_config.mode
                assert_type(mode, EndpointDetectorMode | str | None)
            linked = agent.linked_function_definitions
            assert_type(linked, tuple[LinkedFunctionDefinition, ...] | None)
            assert_type(agent.voice_option_values, tuple[OptionValue, ...] | None)
            assert_type(agent.default_extractor_id, str | None)
        async for page in client.agents.list(prefetch=1).pages():
            assert_type(page, Page[Agent])
        assert_type(await client.agents.list(max_pages=1).to_list(), list[Agent])

        prompt = VersionedPromptInput(
            ai_model_id=model_id, agent_type=AgentType.STANDARD, name="v1", prompt="Be brief."
        )
        created = await client.agents.create(
            name="Renewals",
            default_voice_id=voice_id,
            default_versioned_prompt=prompt,
            default_extractor=ExtractorInput("Outcome", json.dumps({"type": "object"})),
            opening_line=OpeningLine(OpeningLineType.INBOUND_OUTBOUND, "Hi!"),
            transcriber_params=TranscriberParams(TranscriberType.DEEPGRAM, ("Ada",)),
            background_noise_type=BackgroundNoiseType.OFFICE,
            idle_message_config={"enabled": True},  # a mapping of a model's fields
            max_retries=0,
        )
        assert_type(created, Agent)
        updated = await client.agents.update(
            created.id,
            name="Renewals v2",
            opening_line=None,
            metadata=NOT_GIVEN,
            background_noise_type="noise",
            total_timeout=30.0,
            extra_headers={"X-Team": "ops"},
        )
        assert_type(updated, Agent)
        assert_type(await client.agents.get(created.id, timeout=10.0), Agent)
        assert_type(await client.agents.delete(created.id), Agent)
        raw = await with_raw_response(client.agents.get)(created.id, max_retries=1)
        assert_type(raw.parsed, Agent)
        await client.agents.create(name="x")  # type: ignore[call-arg]
        await client.agents.update(created.id, name=7)  # type: ignore[arg-type]
        await client.agents.update(created.id, agent_name="x")  # type: ignore[call-arg]


async def versioned_prompts(agent_id: str, prompt_id: str) -> None:
    async with vogent_async.Client() as client:
        pager = client.versioned_prompts.list(agent_id, page_size=10, cursor=None)
        assert_type(pager, AsyncPager[VersionedPrompt])
        prompt = await client.versioned_prompts.get(agent_id, prompt_id, timeout=5.0)
        assert_type(prompt, VersionedPrompt)
        assert_type(prompt.agent_type, AgentType | str)
        assert_type(prompt.prompt, str | None)
        assert_type(prompt.flow_definition, FlowDefinition | None)
        assert_type(prompt.model_option_values, tuple[OptionValue, ...] | None)
        if prompt.flow_definition is not None:
            flow = prompt.flow_definition
            assert_type(flow.opening_line_type, OpeningLineType | str | None)
            for node in flow.nodes:
                assert_type(node.node_data, Mapping[str, Any])
                assert_type(node.output_schema, str | None)
        new = await client.versioned_prompts.create(
            agent_id,
            ai_model_id="model",
            agent_type=AgentType.CUSTOM_FLOW,
            name="flow",
            flow_definition=None,
            max_retries=0,
        )
        assert_type(new, VersionedPrompt)
        changed = await client.versioned_prompts.update(
            agent_id, new.id, prompt="Shorter.", agent_type=AgentType.STANDARD, total_timeout=20.0
        )
        await client.versioned_prompts.update(agent_id, new.id, promt="x")  # type: ignore[call-arg]
        assert_type(changed, VersionedPrompt)


async def extractors(agent_id: str, extractor_id: str) -> None:
    async with vogent_async.Client() as client:
        every = await client.extractors.list(agent_id, timeout=5.0)
        assert_type(every, list[Extractor])  # one request: a list, not an AsyncPager
        extractor = await client.extractors.get(agent_id, extractor_id)
        assert_type(extractor, Extractor)
        assert_type(extractor.extractor_fields_json_schema, str)
        new = await client.extractors.create(
            agent_id,
            name="Outcome",
            extractor_fields_json_schema='{"type": "object"}',
            max_retries=0,
        )
        assert_type(new, Extractor)
        changed = await client.extractors.update(
            agent_id, new.id, name="Renamed", extra_headers={"X-Trace": "1"}
        )
        await client.extractors.create(agent_id, name="Outcome")  # type: ignore[call-arg]
        assert_type(changed, Extractor)


def describe(function: Function) -> str:
    match function:
        case TransferFunction(allowed_numbers=numbers, allow_any_number=any_number):
            assert_type(numbers, tuple[AllowedNumber, ...])
            assert_type(any_number, bool | None)
            return function.id
        case APIFunction(lifecycle_messages=messages):
            assert_type(messages, LifecycleMessages | None)
            return function.id
        case UnknownVariant(type=tag, raw=raw):
            assert_type(tag, str | None)
            assert_type(raw, dict[str, Any])
            return tag or ""
        case _:
            assert_never(function)


async def functions(function_id: str) -> None:
    async with vogent_async.Client() as client:
        transfer = await client.functions.create_transfer(
            name="transfer_to_sales",
            description="Transfer the caller to sales.",
            allowed_numbers=[AllowedNumber("+15551234567"), {"number": "+15551234568"}],
            lifecycle_messages=LifecycleMessages(("One moment.",)),
            max_retries=0,
        )
        assert_type(transfer, Function)
        assert_type(transfer, TransferFunction | APIFunction | UnknownVariant)
        api = await client.functions.create_api(name="lookup", description="Look the caller up.")
        assert_type(api, Function)
        assert_type(await client.functions.get(function_id, timeout=5.0), Function)
        changed = await client.functions.update(
            function_id,
            allowed_numbers=[],
            name="lookup_v2",
            type=FunctionType.API,
            total_timeout=15.0,
        )
        assert_type(changed, Function)
        assert_type(await client.functions.delete(function_id), Function)
        if isinstance(changed, TransferFunction):
            assert_type(changed.allowed_numbers, tuple[AllowedNumber, ...])
        await client.functions.update(function_id, name="x")  # type: ignore[call-arg]
        await client.functions.create_api(name="x", allowed_numbers=[])  # type: ignore[call-arg]


async def clip_chunks() -> AsyncIterator[bytes]:
    yield b"RIFF"
    yield b"...."


def report(sent: int, total: int | None) -> None:
    print(sent, total)


async def voices(clip: Path) -> None:
    async with vogent_async.Client() as client:
        pager = client.voices.list(name="Ava", voice_type="CSM", page_size=10, timeout=5.0)
        assert_type(pager, AsyncPager[Voice])
        assert_type(client.voices.list(), AsyncPager[Voice])
        async for voice in pager:
            assert_type(voice.voice_type, str)
            assert_type(voice.voice_tier, VoiceTier | str)
            assert_type(voice.description, str)
        from_path = await client.voices.clone(
            "Ada", clip, content_type="audio/wav", progress=report, timeout=120.0
        )
        assert_type(from_path, Voice)
        from_str = await client.voices.clone("Ada", str(clip), model=CloneModel.CSM)
        assert_type(from_str, Voice)
        from_bytes = await client.voices.clone(
            "Ada", b"RIFF....", model="cartesia", transcription="Hello.", filename="ada.wav"
        )
        assert_type(from_bytes, Voice)
        from_stream = await client.voices.clone(
            "Ada", clip_chunks(), progress=lambda sent, total: None, max_retries=0
        )
        assert_type(from_stream, Voice)
        await client.voices.clone("Ada", 42)  # type: ignore[arg-type]
        client.voices.list(voice_tier="PREMIUM")  # type: ignore[call-arg]


def built_by_hand() -> None:
    """A caller builds an agent with a plain dict; the model keeps a read-only copy."""
    agent = Agent("agent_1", "Ava", "en", metadata={"team": "sales"})
    assert_type(agent.metadata, Mapping[str, Any] | None)
    Agent("agent_1", "Ava", "en", metadata=None)
    Agent("agent_1", "Ava", "en", metadata=["team"])  # type: ignore[arg-type]
