"""Every example body of Vogent's reference pages for the agent groups decodes and round-trips.

The bodies are in tests/samples/<group>/, copied exactly from the pages that
tests/samples/SOURCES.md names. Each decodes into its model, and the model
unstructures back to the very same JSON (no normalisation was needed: no
example holds an explicit ``null``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vogent_async as v
from vogent_async._codec._converter import Converter

SAMPLES = Path(__file__).resolve().parent / "samples"

#: Per sample file: the model of the body, or of each item of a listing's key.
MODELS: dict[str, tuple[Any, str | None]] = {
    "agents/list_agents.response.json": (v.Agent, "data"),
    "agents/create_agent.request.json": (v.AgentInput, None),
    "agents/create_agent.response.json": (v.Agent, None),
    "agents/update_agent.request.json": (v.AgentUpdate, None),
    "agents/update_agent.response.json": (v.Agent, None),
    "agents/delete_agent.response.json": (v.Agent, None),
    "versioned_prompts/list_versioned_prompts.response.json": (v.VersionedPrompt, "data"),
    "versioned_prompts/create_versioned_prompt.request.json": (v.VersionedPromptInput, None),
    "versioned_prompts/create_versioned_prompt.response.json": (v.VersionedPrompt, None),
    "versioned_prompts/get_versioned_prompt.response.json": (v.VersionedPrompt, None),
    "versioned_prompts/update_versioned_prompt.request.json": (v.VersionedPromptUpdate, None),
    "versioned_prompts/update_versioned_prompt.response.json": (v.VersionedPrompt, None),
    "extractors/list_extractors.response.json": (v.Extractor, "extractors"),
    "extractors/create_extractor.request.json": (v.ExtractorInput, None),
    "extractors/create_extractor.response.json": (v.Extractor, None),
    "extractors/get_extractor.response.json": (v.Extractor, None),
    "extractors/update_extractor.request.json": (v.ExtractorUpdate, None),
    "extractors/update_extractor.response.json": (v.Extractor, None),
    "functions/create_function.request.json": (v.FunctionInput, None),
    "functions/create_function.response.json": (v.Function, None),
    "functions/get_function.response.json": (v.Function, None),
    "functions/update_function.request.json": (v.FunctionUpdate, None),
    "functions/update_function.response.json": (v.Function, None),
    "functions/delete_function.response.json": (v.Function, None),
    "voices/list_voices.response.json": (v.Voice, "voices"),
    "voices/clone_voice.response.json": (v.Voice, None),
}
_CONVERTER = Converter()


def test_every_sample_is_listed_with_its_source() -> None:
    """No sample file is left untested, and SOURCES.md names the page of each."""
    groups = ("agents", "versioned_prompts", "extractors", "functions", "voices")
    files = {str(p.relative_to(SAMPLES)) for g in groups for p in (SAMPLES / g).glob("*.json")}
    sources = (SAMPLES / "SOURCES.md").read_text()

    assert files == set(MODELS)
    for name in files:
        assert f"| {name} | https://docs.vogent.ai/api-reference/" in sources


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_published_example_decodes_and_round_trips(name: str) -> None:
    """The body decodes into its model and unstructures back to the same JSON."""
    model, items_key = MODELS[name]
    body = json.loads((SAMPLES / name).read_text())
    decoded = body[items_key] if items_key else [body]

    for item in decoded:
        obj = _CONVERTER.structure(item, model)
        assert not isinstance(obj, v.UnknownVariant)
        assert _CONVERTER.unstructure(obj, model) == item


def test_function_examples_decode_to_their_variant() -> None:
    """The ``type`` tag picks the class: the examples are transfer functions."""
    body = json.loads((SAMPLES / "functions/get_function.response.json").read_text())

    function: v.Function = _CONVERTER.structure(body, v.Function)  # type: ignore[arg-type]

    assert isinstance(function, v.TransferFunction)
    assert function.allowed_numbers == (v.AllowedNumber("<string>"),)
