"""One world: every id a request names is of an object the fake holds, and dials carry it.

Issue 26. A path id the fake does not hold is a 404 naming the object; a body id
is a 422 naming the field. What a dial carries (agent, prompt, voice, caller
number, extraction, function calls) is what the workspace held when it was placed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from vogent_async.testing import FakeVogent
from vogent_async.testing._registry import ROUTES

from .conftest import RawApi

_VOICE = {"voiceType": "cartesia", "voiceTier": "STANDARD", "description": "A voice."}
_PROMPT = {"aiModelId": "model_w", "agentType": "STANDARD", "name": "Renewal", "prompt": "Hi."}
_SCHEMA = '{"type": "object", "properties": {"renews": {"type": "boolean"}}}'
_TO = "+15551230000"
_NEW_AGENT = {"name": "A", "defaultVoiceId": "voice_w", "defaultVersionedPrompt": _PROMPT}


def _world(fake: FakeVogent) -> None:
    """Voices, a model, a function and a caller number, all with known ids."""
    fake.voices.seed(
        [{**_VOICE, "id": "voice_w", "name": "W"}, {**_VOICE, "id": "voice_x", "name": "X"}]
    )
    fake.models.seed([{"id": "model_w", "name": "m", "modelOptions": []}])
    transfer = {"name": "book_callback", "description": "d", "type": "transfer"}
    fake.functions.seed([{**transfer, "id": "fn_w", "allowedNumbers": []}])
    number = {"id": "pn_w", "number": "+15125550999", "type": "PSTN", "agentId": None}
    fake.phone_numbers.seed([number])


async def _agent(api: RawApi, name: str = "Renewals", **changes: Any) -> dict[str, Any]:
    body = {"name": name, "defaultVoiceId": "voice_w", "defaultVersionedPrompt": _PROMPT}
    reply = await api.call("POST", "/agents", json={**body, **changes})
    assert reply.status == 200, reply.body
    agent: dict[str, Any] = reply.body
    return agent


# ------------------------------------------------------------------ refusals


_UNKNOWN_BODY_IDS: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/dials", {"callAgentId": "agent_typo", "browserCall": True},
     "callAgentId: no agent with id 'agent_typo'"),
    ("POST", "/dials", {"callAgentId": "{agent}", "toNumber": _TO, "fromNumberId": "pn_typo"},
     "fromNumberId: no phone number with id 'pn_typo'"),
    ("POST", "/dials", {"callAgentId": "{agent}", "browserCall": True, "aiVoiceId": "v_typo"},
     "aiVoiceId: no voice with id 'v_typo'"),
    ("POST", "/dials", {"callAgentId": "{agent}", "browserCall": True,
                        "versionedModelId": "{other_prompt}"},
     "versionedModelId: no versioned prompt with id '{other_prompt}'"),
    ("POST", "/dials", {"callAgentId": "{agent}", "browserCall": True,
                        "callAgentExtractorId": "ex_typo"},
     "callAgentExtractorId: no extractor with id 'ex_typo'"),
    ("POST", "/dials", {"callAgentId": "{agent}", "browserCall": True,
                        "agentOverrides": {"linkedFunctionDefinitionIds": ["fn_w", "fn_typo"]}},
     "agentOverrides.linkedFunctionDefinitionIds[1]: no function with id 'fn_typo'"),
    ("POST", "/batch_dial_jobs", {"name": "J", "callAgentId": "agent_typo",
                                  "maxConcurrentDials": 1, "rows": [{"toNumber": _TO}]},
     "callAgentId: no agent with id 'agent_typo'"),
    ("POST", "/batch_dial_jobs", {"name": "J", "callAgentId": "{agent}", "maxConcurrentDials": 1,
                                  "rows": [{"toNumber": _TO}], "fromPhoneNumberIds": ["pn_typo"]},
     "fromPhoneNumberIds[0]: no phone number with id 'pn_typo'"),
    ("POST", "/agents", {**_NEW_AGENT, "defaultVoiceId": "v_typo"},
     "defaultVoiceId: no voice with id 'v_typo'"),
    ("POST", "/agents", {**_NEW_AGENT,
                         "defaultVersionedPrompt": {**_PROMPT, "aiModelId": "m_typo"}},
     "defaultVersionedPrompt.aiModelId: no model with id 'm_typo'"),
    ("POST", "/agents", {**_NEW_AGENT,
                         "linkedFunctionDefinitionInputs": [{"functionDefinitionId": "fn_typo"}]},
     "linkedFunctionDefinitionInputs[0].functionDefinitionId: no function with id 'fn_typo'"),
    ("PUT", "/agents/{agent}", {"defaultVoiceId": "v_typo"}, "defaultVoiceId: no voice with id"),
    ("PUT", "/agents/{agent}", {"defaultVersionedPromptId": "{other_prompt}"},
     "defaultVersionedPromptId: no versioned prompt with id '{other_prompt}'"),
    ("POST", "/agents/{agent}/versioned_prompts", {**_PROMPT, "aiModelId": "m_typo"},
     "aiModelId: no model with id 'm_typo'"),
    ("PUT", "/phone_numbers/pn_w", {"agentId": "agent_typo"},
     "agentId: no agent with id 'agent_typo'"),
    ("POST", "/eval_configs/{config}/records", {"recordType": "DIAL", "dialId": "dial_typo"},
     "dialId: no dial with id 'dial_typo'"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "detail"), _UNKNOWN_BODY_IDS)
async def test_a_body_naming_an_object_the_fake_does_not_hold_is_a_422_naming_the_field(
    api: RawApi, fake: FakeVogent, method: str, path: str, body: dict[str, Any], detail: str
) -> None:
    """Whatever the group, an unknown id in the body is refused as the API would."""
    _world(fake)
    names = {
        "agent": (await _agent(api))["id"],
        "other_prompt": (await _agent(api, "Other"))["defaultVersionedPromptId"],
        "config": fake.eval_configs.seed(1)[0],
    }
    fill = _filler(names)

    reply = await api.call(method, fill(path), json=_fill_body(body, fill))

    assert reply.status == 422, reply.body
    assert any(d.startswith(fill(detail)) for d in reply.body["error"]["details"]), reply.body


def _filler(names: dict[str, str]) -> Any:
    def fill(text: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: names[m.group(1)], text)

    return fill


def _fill_body(body: Any, fill: Any) -> Any:
    if isinstance(body, dict):
        return {k: _fill_body(v, fill) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill_body(v, fill) for v in body]
    return fill(body) if isinstance(body, str) else body


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/agents/nope/versioned_prompts", "no agent with id 'nope'"),
        ("/agents/nope/extractors", "no agent with id 'nope'"),
        ("/batch_dial_jobs/nope", "no batch dial job with id 'nope'"),
        ("/dials/nope", "no dial with id 'nope'"),
        ("/phone_numbers/nope", "no phone number with id 'nope'"),
        ("/functions/nope", "no function with id 'nope'"),
        ("/eval_runs/nope", "no eval run with id 'nope'"),
    ],
)
async def test_a_path_naming_an_object_the_fake_does_not_hold_is_a_404_naming_it(
    api: RawApi, path: str, message: str
) -> None:
    """Every group words its 404 the same way: the kind of object and the id."""
    reply = await api.call("GET", path)

    assert reply.status == 404
    assert reply.body["error"]["message"] == message


def test_every_id_is_checked_by_the_one_rule() -> None:
    """Each path parameter of every route, and each body id listed, names a known kind."""
    from vogent_async.testing._refs import BODY_REFS, NOUNS, path_refs

    for route in ROUTES:
        for _, ref in path_refs(route.path):
            assert ref.kind in NOUNS, route.key
    for refs in BODY_REFS.values():
        assert {ref.kind for ref in refs.values()} <= NOUNS.keys()
    assert set(BODY_REFS) <= {route.key for route in ROUTES}


async def test_an_empty_agent_id_unlinks_a_number(api: RawApi, fake: FakeVogent) -> None:
    """ "" is the documented way to unlink, not an unknown id."""
    _world(fake)

    reply = await api.call("PUT", "/phone_numbers/pn_w", json={"agentId": ""})

    assert (reply.status, reply.body["agentId"]) == (200, None)


# ------------------------------------------------------------------ what a dial carries


async def test_a_dial_carries_the_agent_as_it_was_when_placed(
    api: RawApi, fake: FakeVogent
) -> None:
    """Name, settings and metadata as they were; its prompt, voice and caller number."""
    _world(fake)
    agent = await _agent(api, metadata={"team": "renewals"})
    path = f"/agents/{agent['id']}"
    body = {"callAgentId": agent["id"], "toNumber": _TO, "fromNumberId": "pn_w"}
    placed = (await api.call("POST", "/dials", json=body)).body["dialId"]
    await api.call("PUT", path, json={"name": "Renamed", "defaultVoiceId": "voice_x"})
    fake.advance(3600)

    dial = (await api.call("GET", f"/dials/{placed}")).body

    assert dial["agent"] == agent
    assert dial["agent"]["name"] == "Renewals"
    assert dial["versionedPromptId"] == agent["defaultVersionedPromptId"]
    assert dial["voiceId"] == "voice_w"
    assert dial["fromNumberId"] == "pn_w"


async def test_a_dial_uses_the_overrides_it_was_sent(api: RawApi, fake: FakeVogent) -> None:
    """aiVoiceId and versionedModelId (a prompt of the agent) replace the agent's defaults."""
    _world(fake)
    agent = await _agent(api)
    second = await api.call("POST", f"/agents/{agent['id']}/versioned_prompts", json=_PROMPT)
    body = {"callAgentId": agent["id"], "browserCall": True}
    body |= {"aiVoiceId": "voice_x", "versionedModelId": second.body["id"]}

    placed = (await api.call("POST", "/dials", json=body)).body["dialId"]
    dial = (await api.call("GET", f"/dials/{placed}")).body

    assert (dial["voiceId"], dial["versionedPromptId"]) == ("voice_x", second.body["id"])


async def _answered_dials(api: RawApi, fake: FakeVogent, agent_id: str) -> list[dict[str, Any]]:
    """60 finished browser dials of the agent; those that were answered."""
    ids = []
    for _ in range(60):
        body = {"callAgentId": agent_id, "browserCall": True}
        ids.append((await api.call("POST", "/dials", json=body)).body["dialId"])
    fake.advance(3600)
    dials = [(await api.call("GET", f"/dials/{i}")).body for i in ids]
    return [d for d in dials if d.get("transcript") and d["systemResultType"] != "VOICEMAIL"]


async def test_an_agent_without_extractor_or_functions_extracts_and_calls_nothing(
    api: RawApi, fake: FakeVogent
) -> None:
    """No aiResult without an extractor; no function call when the agent links none."""
    _world(fake)
    agent = await _agent(api)

    answered = await _answered_dials(api, fake, agent["id"])

    assert len(answered) > 10
    assert all("aiResult" not in dial for dial in answered)
    assert not any(item.get("functionCalls") for d in answered for item in d["transcript"])


async def test_extraction_follows_the_agents_extractor_and_calls_its_functions(
    api: RawApi, fake: FakeVogent
) -> None:
    """aiResult has the extractor's fields; the only function called is the linked one."""
    _world(fake)
    extractor = {"name": "Outcome", "extractorFieldsJsonSchema": _SCHEMA}
    link = [{"functionDefinitionId": "fn_w"}]
    agent = await _agent(api, defaultExtractor=extractor, linkedFunctionDefinitionInputs=link)

    answered = await _answered_dials(api, fake, agent["id"])
    calls = [c for d in answered for item in d["transcript"] for c in item.get("functionCalls", [])]

    assert {tuple(d["aiResult"]) for d in answered} == {("renews",)}
    assert calls
    assert {c["name"] for c in calls} == {"book_callback"}


async def test_batch_dials_carry_the_same_world(api: RawApi, fake: FakeVogent) -> None:
    """A job's dials embed the job's agent as it was placed, and call from its numbers."""
    _world(fake)
    agent = await _agent(api)
    job = {"name": "J", "callAgentId": agent["id"], "maxConcurrentDials": 5}
    job |= {"rows": [{"toNumber": _TO}] * 5, "fromPhoneNumberIds": ["pn_w"]}
    job_id = (await api.call("POST", "/batch_dial_jobs", json=job)).body["id"]
    await api.call("POST", f"/batch_dial_jobs/{job_id}/paused", json={"paused": False})
    await api.call("PUT", f"/agents/{agent['id']}", json={"name": "Renamed"})
    fake.advance(3600)

    dials, _ = await api.walk(f"/batch_dial_jobs/{job_id}/dials")

    assert len(dials) == 5
    assert {d["agent"]["name"] for d in dials} == {"Renewals"}
    assert {(d["voiceId"], d["fromNumberId"]) for d in dials} == {("voice_w", "pn_w")}
    assert {d["versionedPromptId"] for d in dials} == {agent["defaultVersionedPromptId"]}
