"""Defaults a user can start from, and seeds checked at once (issue 26).

A fresh fake lists the provider's models and stock voices, so an agent can be
created without seeding. ``seed(...)`` of any group checks every body against the
contract's schema for that group's items, and the ids it names, before storing any.
"""

from __future__ import annotations

from typing import Any

import pytest

import vogent_async
from vogent_async import AgentType, VersionedPromptInput
from vogent_async.testing import FakeVogent

_VOICE = {"name": "Ava", "voiceType": "cartesia", "voiceTier": "STANDARD", "description": "d"}


async def test_a_fresh_fake_lists_models_and_voices_to_build_an_agent_from() -> None:
    """No seeding: the first model and voice listed make a working agent."""
    async with FakeVogent() as fake, vogent_async.Client(fake.api_key, base_url=fake.base_url) as c:
        models = await c.models.list().to_list()
        voices = await c.voices.list().to_list()
        prompt = VersionedPromptInput(
            ai_model_id=models[0].id, agent_type=AgentType.STANDARD, name="v1", prompt="Hi."
        )
        agent = await c.agents.create(
            name="Renewals", default_voice_id=voices[0].id, default_versioned_prompt=prompt
        )

    assert len(models) >= 3
    assert all(model.model_options for model in models)
    assert len(voices) >= 3
    assert all(voice.description for voice in voices)
    assert agent.default_voice_id == voices[0].id


def test_the_catalog_is_the_same_in_every_fake() -> None:
    """Stock ids are fixed, whatever the seed: a test or a guide may name them."""
    one, two = FakeVogent(seed=1), FakeVogent(seed=2)

    assert [v["id"] for v in one.voices] == [v["id"] for v in two.voices]
    assert [m["id"] for m in one.models] == [m["id"] for m in two.models]


@pytest.mark.parametrize(
    ("group", "bodies", "problem"),
    [
        ("voices", [_VOICE, {**_VOICE, "description": None}], "item 1: description: expected"),
        (
            "voices",
            [{k: v for k, v in _VOICE.items() if k != "description"}],
            "item 0: description",
        ),
        ("phone_numbers", [{"type": "PSTN", "agentId": None}], "item 0: number: required"),
        ("phone_numbers", [{"number": "+15125550100", "type": "FAX", "agentId": None}], "type"),
        ("models", [{"name": "m", "modelOptions": [{"id": "o", "name": "t"}]}], "modelOptions[0]"),
        ("functions", [{"name": "f", "description": "d", "type": "transfer"}], "allowedNumbers"),
        ("agents", [{"name": "A"}], "item 0: language: required"),
        ("eval_configs", [{"name": "Polite"}], "item 0: promptSnippet: required"),
        ("voices", ["not an object"], "item 0: $: expected an object"),
    ],
)
def test_a_body_the_client_cannot_read_back_is_refused_at_once(
    group: str, bodies: list[Any], problem: str
) -> None:
    """The error names the group, the item's index and the field path; nothing is stored."""
    fake = FakeVogent()
    before = len(getattr(fake, group))

    with pytest.raises(ValueError, match=rf"^{group}\.seed: ") as caught:
        getattr(fake, group).seed(bodies)

    assert problem in str(caught.value)
    assert len(getattr(fake, group)) == before


@pytest.mark.parametrize(
    ("group", "body", "problem"),
    [
        ("agents", {"name": "A", "language": "en", "defaultVoiceId": "v_typo"}, "defaultVoiceId"),
        (
            "agents",
            {
                "name": "A",
                "language": "en",
                "linkedFunctionDefinitions": [{"functionDefinitionId": "f"}],
            },
            "linkedFunctionDefinitions[0].functionDefinitionId: no function with id 'f'",
        ),
        ("phone_numbers", {"number": "+15125550100", "type": "PSTN", "agentId": "a"}, "agentId"),
        ("eval_runs", {"status": "PENDING", "callAgentId": "agent_typo"}, "callAgentId"),
        ("eval_records", {"recordType": "DIAL", "evalConfigId": "c_typo"}, "evalConfigId"),
    ],
)
def test_a_seed_naming_an_object_the_fake_does_not_hold_is_refused(
    group: str, body: dict[str, Any], problem: str
) -> None:
    """Seeds follow the one-world rule: an agent's voice, a number's agent, a run's agent."""
    fake = FakeVogent()

    with pytest.raises(ValueError, match="no ") as caught:
        getattr(fake, group).seed([body])

    assert problem in str(caught.value)


def test_versioned_prompts_are_seeded_only_under_a_held_agent() -> None:
    """parent= must name an agent the fake holds."""
    fake = FakeVogent()

    with pytest.raises(ValueError, match="parent: no agent with id 'nobody'"):
        fake.versioned_prompts.seed(1, parent="nobody")


def test_a_seeded_agent_holds_the_prompt_and_extractor_it_names() -> None:
    """Its prompt (made when it names none) and its extractor are found under it."""
    fake = FakeVogent()
    named = {"name": "A", "language": "en", "defaultVersionedPromptId": "vp_1"}
    [own, bare] = fake.agents.seed(
        [{**named, "defaultExtractorId": "ex_1"}, {"name": "B", "language": "en"}]
    )
    [generated] = fake.agents.seed(1)

    assert [p["id"] for p in fake.versioned_prompts.children(own)] == ["vp_1"]
    assert [e["id"] for e in fake.extractors.children(own)] == ["ex_1"]
    for agent_id in (bare, generated):
        agent = fake.agents.get(agent_id)
        [prompt] = fake.versioned_prompts.children(agent_id)
        assert agent["defaultVersionedPromptId"] == prompt["id"]
    assert fake.agents.get(generated)["defaultVoiceId"] in {v["id"] for v in fake.voices}


def test_seed_jobs_names_held_agents_only() -> None:
    """Jobs are seeded for the agents the fake holds; an unknown call_agent_id is refused."""
    fake = FakeVogent()
    job_ids = fake.seed_jobs(5)

    assert {fake.job(i)["callAgentId"] for i in job_ids} <= set(fake.agent_ids)
    with pytest.raises(ValueError, match="call_agent_id: no agent with id 'agent_typo'"):
        fake.seed_jobs(1, call_agent_id="agent_typo")
