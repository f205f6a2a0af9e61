"""The fake's agent groups: agents, their prompts and extractors, functions, voices.

State hangs together: what an agent owns is found under that agent only and
goes with it, a batch job must name a held agent once there are any, and a
deleted function is unlinked from every agent.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from vogent_async.testing import FakeVogent

from .conftest import RawApi, job_input

_PROMPT = {"aiModelId": "m1", "agentType": "STANDARD", "name": "Renewal", "prompt": "Be brief."}
_EXTRACTOR = {"name": "Outcome", "extractorFieldsJsonSchema": '{"type": "object"}'}


async def _agent(api: RawApi, **changes: Any) -> dict[str, Any]:
    body = {"name": "Ava", "defaultVoiceId": "v1", "defaultVersionedPrompt": _PROMPT, **changes}
    reply = await api.call("POST", "/agents", json=body)
    assert reply.status == 200, reply.body
    agent: dict[str, Any] = reply.body
    return agent


async def test_a_new_agent_gets_its_first_prompt_and_extractor(api: RawApi) -> None:
    """POST /agents creates the default prompt (and extractor) under the agent, and links them."""
    agent = await _agent(api, defaultExtractor=_EXTRACTOR, language="de")

    prompts = await api.call("GET", f"/agents/{agent['id']}/versioned_prompts")
    extractors = await api.call("GET", f"/agents/{agent['id']}/extractors")

    assert [p["id"] for p in prompts.body["data"]] == [agent["defaultVersionedPromptId"]]
    assert prompts.body["data"][0]["prompt"] == "Be brief."
    assert extractors.body == {"extractors": [{**_EXTRACTOR, "id": agent["defaultExtractorId"]}]}
    assert (agent["language"], agent["maxDurationSeconds"]) == ("de", 10800)


async def test_without_an_extractor_the_agent_has_none(api: RawApi) -> None:
    """No defaultExtractor: defaultExtractorId is null and the extractor listing is empty."""
    agent = await _agent(api)

    extractors = await api.call("GET", f"/agents/{agent['id']}/extractors")

    assert agent["defaultExtractorId"] is None
    assert extractors.body == {"extractors": []}


async def test_an_update_links_only_the_agents_own_prompts_and_extractors(api: RawApi) -> None:
    """PUT /agents/{id} takes ids of its own parts; "" disables the extractor."""
    agent, other = await _agent(api, defaultExtractor=_EXTRACTOR), await _agent(api)
    path = f"/agents/{agent['id']}"

    foreign = await api.call(
        "PUT", path, json={"defaultVersionedPromptId": other["defaultVersionedPromptId"]}
    )
    cleared = await api.call("PUT", path, json={"callAgentExtractorId": "", "name": "Ava 2"})
    relinked = await api.call(
        "PUT", path, json={"callAgentExtractorId": agent["defaultExtractorId"]}
    )

    assert foreign.status == 422
    assert "defaultVersionedPromptId" in foreign.body["error"]["message"]
    assert (cleared.body["defaultExtractorId"], cleared.body["name"]) == (None, "Ava 2")
    assert relinked.body["defaultExtractorId"] == agent["defaultExtractorId"]


async def test_deleting_an_agent_returns_it_and_takes_what_it_owns(
    api: RawApi, fake: FakeVogent
) -> None:
    """DELETE returns the agent; a second DELETE, its extractor and its prompts are 404."""
    agent = await _agent(api, defaultExtractor=_EXTRACTOR)
    agent_id, extractor_id = agent["id"], agent["defaultExtractorId"]

    deleted = await api.call("DELETE", f"/agents/{agent_id}")
    again = await api.call("DELETE", f"/agents/{agent_id}")
    extractor = await api.call("GET", f"/agents/{agent_id}/extractors/{extractor_id}")
    prompts = await api.call("GET", f"/agents/{agent_id}/versioned_prompts")

    assert deleted.body == agent
    assert (again.status, extractor.status, prompts.status) == (404, 404, 404)
    assert fake.extractors.children(agent_id) == fake.versioned_prompts.children(agent_id) == []
    assert extractor_id not in fake.extractors


async def test_an_agents_parts_are_not_found_under_another_agent(
    api: RawApi, fake: FakeVogent
) -> None:
    """A prompt or extractor id under the wrong agent's path is a 404."""
    one, two = fake.agents.seed(2)
    [prompt] = fake.versioned_prompts.seed(1, parent=one)
    [extractor] = fake.extractors.seed(1, parent=one)

    own = await api.call("GET", f"/agents/{one}/versioned_prompts/{prompt}")
    wrong_prompt = await api.call("GET", f"/agents/{two}/versioned_prompts/{prompt}")
    wrong_extractor = await api.call("PUT", f"/agents/{two}/extractors/{extractor}", json={})

    assert own.status == 200
    assert (wrong_prompt.status, wrong_extractor.status) == (404, 404)


async def test_an_extractor_schema_must_be_a_json_object(api: RawApi, fake: FakeVogent) -> None:
    """extractorFieldsJsonSchema is a string holding a JSON object; anything else is a 422."""
    [agent] = fake.agents.seed(1)

    bad = await api.call(
        "POST", f"/agents/{agent}/extractors", json={**_EXTRACTOR, "extractorFieldsJsonSchema": "1"}
    )

    assert bad.status == 422
    assert bad.body["error"]["details"] == [
        "extractorFieldsJsonSchema: expected a JSON object, as a string"
    ]


async def test_a_batch_job_must_name_a_held_agent(api: RawApi, fake: FakeVogent) -> None:
    """An unknown callAgentId is a 422 naming the field; a held agent's id is taken."""
    unknown = await api.call("POST", "/batch_dial_jobs", json=job_input(1, callAgentId="anyone"))
    [agent] = fake.agents.seed(1)
    known = await api.call("POST", "/batch_dial_jobs", json=job_input(1, callAgentId=agent))

    assert (unknown.status, known.status) == (422, 200)
    assert unknown.body["error"]["details"] == ["callAgentId: no agent with id 'anyone'"]


async def test_deleting_a_function_unlinks_it_from_agents(api: RawApi) -> None:
    """DELETE /functions/{id} returns it and removes it from every agent's linked functions."""
    created = await api.call(
        "POST",
        "/functions",
        json={
            "name": "t",
            "description": "d",
            "type": "transfer",
            "allowedNumbers": [{"number": "+15551234567"}],
        },
    )
    function_id = created.body["id"]
    link = {"functionDefinitionId": function_id}
    agent = await _agent(api, linkedFunctionDefinitionInputs=[link])

    deleted = await api.call("DELETE", f"/functions/{function_id}")
    after = await api.call("GET", "/agents")

    assert created.body["allowAnyNumber"] is False
    assert agent["linkedFunctionDefinitions"] == [link]
    assert deleted.body == created.body
    assert after.body["data"][-1]["linkedFunctionDefinitions"] == []
    assert (await api.call("GET", f"/functions/{function_id}")).status == 404


async def test_voices_are_filtered_by_name_and_type_under_the_voices_key(
    api: RawApi, fake: FakeVogent
) -> None:
    """name matches case-insensitively within the name; voiceType exactly."""
    fake.voices.seed(
        [
            {"name": "Nova", "voiceType": "cartesia", "voiceTier": "STANDARD", "description": "a"},
            {"name": "Novalee", "voiceType": "CSM", "voiceTier": "PREMIUM", "description": "b"},
            {"name": "Quinn", "voiceType": "CSM", "voiceTier": "STANDARD", "description": "c"},
        ]
    )

    by_name, _ = await api.walk("/voices", items_key="voices", name="nova")
    by_both, _ = await api.walk("/voices", items_key="voices", name="NOVA", voiceType="CSM")

    assert [v["name"] for v in by_name] == ["Nova", "Novalee"]
    assert [v["name"] for v in by_both] == ["Novalee"]


def _form(**fields: str | bytes) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in fields.items():
        if isinstance(value, bytes):
            form.add_field(name, value, filename="clip.wav", content_type="audio/wav")
        else:
            form.add_field(name, value)
    return form


async def test_cloning_a_voice_reads_the_clip_and_adds_the_voice(
    api: RawApi, fake: FakeVogent
) -> None:
    """POST /voices/clone takes the multipart form and answers the new voice."""
    reply = await api.call(
        "POST", "/voices/clone", data=_form(name="Mine", model="CSM", clip=bytes(5000))
    )

    assert reply.status == 200, reply.body
    assert reply.body["voiceType"] == "CSM"
    assert "5000-byte clip (clip.wav)" in reply.body["description"]
    assert [v["id"] for v in fake.voices][-1] == reply.body["id"]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"model": "CSM", "clip": b"x"}, "name: required"),
        ({"name": "n", "model": "ROBOT", "clip": b"x"}, "model: expected one of CARTESIA, CSM"),
        ({"name": "n", "model": "CSM", "sample": b"x"}, "clip: required"),
    ],
)
async def test_a_clone_form_missing_a_part_is_a_422(
    api: RawApi, fields: dict[str, str | bytes], problem: str
) -> None:
    """Each missing or wrong part is named."""
    reply = await api.call("POST", "/voices/clone", data=_form(**fields))

    assert reply.status == 422
    assert reply.body["error"]["details"][0].startswith(problem)


async def test_a_clone_that_is_not_multipart_is_a_400(api: RawApi) -> None:
    """A JSON body is refused: the clip must be uploaded as a form."""
    reply = await api.call("POST", "/voices/clone", json={"name": "n"})

    assert reply.status == 400
