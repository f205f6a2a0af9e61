"""Every operation of the contract, called through the client: what reaches the server.

One case per ``operationId`` (`FIDELITY`): the call, made against the fake,
and the request the fake must have received for it (its route, and its JSON
body and query where it has them). `tests/test_operation_registry.py` fails
when an operation of the contract has no case here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

import vogent_async
from vogent_async import AgentType, AudioFormat, MultispeakerLine
from vogent_async.testing import FakeVogent

from ._openapi import spec
from .conftest import AGENT, VOICE

Client = vogent_async.Client
Call = Callable[[Client, FakeVogent], Awaitable[Any]]
_PROMPT: dict[str, Any] = {
    "ai_model_id": "m1",
    "agent_type": AgentType.STANDARD,
    "name": "P",
    "prompt": "Hi.",
}


@attrs.frozen
class Sent:
    """What the fake must have received: the JSON body, and the query parameters given."""

    json: Any = None
    query: dict[str, str] = attrs.field(factory=dict)


async def _agent(c: Client) -> str:
    agent = await c.agents.create(
        name="Ava", default_voice_id="v1", default_versioned_prompt=_PROMPT
    )
    return agent.id


async def _prompt(c: Client) -> tuple[str, str]:
    agent_id = await _agent(c)
    prompt = await c.versioned_prompts.create(agent_id, **_PROMPT)
    return agent_id, prompt.id


async def _extractor(c: Client) -> tuple[str, str]:
    agent_id = await _agent(c)
    made = await c.extractors.create(agent_id, name="E", extractor_fields_json_schema="{}")
    return agent_id, made.id


async def _function(c: Client) -> str:
    made = await c.functions.create_api(name="f", description="d")
    return str(getattr(made, "id", ""))


async def _dial(c: Client, f: FakeVogent) -> str:
    [number] = f.phone_numbers.seed(1)
    session = await c.dials.create(
        call_agent_id=await _agent(c), to_number="+15551230000", from_number_id=number
    )
    return session.dial_id


async def _job(c: Client) -> str:
    job = await c.batch_dial_jobs.create(
        name="J", call_agent_id=AGENT, max_concurrent_dials=1, rows=[{"to_number": "+15551230000"}]
    )
    return job.id


async def _speak(c: Client) -> None:
    async with c.tts.websocket() as socket:
        generation = await socket.generate(text="Hi", voice_id=VOICE)
        async for _ in generation.audio():
            pass


async def _first_run(c: Client, f: FakeVogent) -> str:
    [config_id] = f.eval_configs.seed(1)
    [run_id] = f.eval_runs.seed([{"evalConfigId": config_id, "status": "PENDING"}])
    return str(run_id)


async def _record(c: Client, f: FakeVogent) -> tuple[str, str]:
    [config_id] = f.eval_configs.seed(1)
    dial_id = await _dial(c, f)
    record = await c.evals.create_record(config_id, record_type="DIAL", dial_id=dial_id)
    return config_id, record.id


async def _audio(c: Client, *, lines: bool) -> None:
    stream = (
        c.tts.stream_multispeaker(lines=[MultispeakerLine("Hi", VOICE)], output=AudioFormat())
        if lines
        else c.tts.stream(text="Hi", voice_id=VOICE, output={"sample_rate": 16000})
    )
    async with stream as audio:
        async for _ in audio:
            pass


async def _then(first: Awaitable[Any], call: Callable[[Any], Awaitable[Any]]) -> Any:
    return await call(await first)


FIDELITY: dict[str, tuple[Call, Sent]] = {
    # Dials
    "createDial": (
        _dial,
        Sent({"callAgentId": "", "toNumber": "+15551230000", "fromNumberId": ""}),
    ),
    "getDial": (lambda c, f: _then(_dial(c, f), c.dials.get), Sent()),
    "hangupDial": (lambda c, f: _then(_dial(c, f), c.dials.hangup), Sent()),
    "getDialToken": (lambda c, f: _then(_dial(c, f), c.dials.token), Sent()),
    # Agents
    "listAgents": (lambda c, f: c.agents.list(page_size=7).to_list(), Sent(query={"limit": "7"})),
    "createAgent": (
        lambda c, f: _agent(c),
        Sent(
            {
                "name": "Ava",
                "defaultVoiceId": "v1",
                "defaultVersionedPrompt": {
                    "aiModelId": "m1",
                    "agentType": "STANDARD",
                    "name": "P",
                    "prompt": "Hi.",
                },
            }
        ),
    ),
    "updateAgent": (
        lambda c, f: _then(_agent(c), lambda a: c.agents.update(a, name="New", language="fr")),
        Sent({"name": "New", "language": "fr"}),
    ),
    "deleteAgent": (lambda c, f: _then(_agent(c), c.agents.delete), Sent()),
    # Voices
    "listVoices": (
        lambda c, f: c.voices.list(name="Ava", voice_type="CSM").to_list(),
        Sent(query={"name": "Ava", "voiceType": "CSM"}),
    ),
    "cloneVoice": (lambda c, f: c.voices.clone("Ava", b"RIFF" + bytes(100)), Sent()),
    # Versioned prompts
    "listAgentVersionedPrompts": (
        lambda c, f: _then(_agent(c), lambda a: c.versioned_prompts.list(a).to_list()),
        Sent(),
    ),
    "createAgentVersionedPrompt": (
        lambda c, f: _prompt(c),
        Sent({"aiModelId": "m1", "agentType": "STANDARD", "name": "P", "prompt": "Hi."}),
    ),
    "getAgentVersionedPrompt": (
        lambda c, f: _then(_prompt(c), lambda ids: c.versioned_prompts.get(*ids)),
        Sent(),
    ),
    "updateAgentVersionedPrompt": (
        lambda c, f: _then(_prompt(c), lambda ids: c.versioned_prompts.update(*ids, prompt="Yo")),
        Sent({"prompt": "Yo"}),
    ),
    # Extractors
    "listAgentExtractors": (lambda c, f: _then(_agent(c), c.extractors.list), Sent()),
    "createAgentExtractor": (
        lambda c, f: _extractor(c),
        Sent({"name": "E", "extractorFieldsJsonSchema": "{}"}),
    ),
    "getAgentExtractor": (
        lambda c, f: _then(_extractor(c), lambda ids: c.extractors.get(*ids)),
        Sent(),
    ),
    "updateAgentExtractor": (
        lambda c, f: _then(_extractor(c), lambda ids: c.extractors.update(*ids, name="F")),
        Sent({"name": "F"}),
    ),
    # Phone numbers
    "listPhoneNumbers": (lambda c, f: c.phone_numbers.list().to_list(), Sent()),
    "createPhoneNumber": (
        lambda c, f: c.phone_numbers.create_purchase(number="+15125550100"),
        Sent({"type": "purchase", "purchase": {"number": "+15125550100"}}),
    ),
    "searchAvailablePhoneNumbers": (
        lambda c, f: c.phone_numbers.search("512", country="us", limit=2),
        Sent({"prefix": "512", "country": "US", "limit": 2}),
    ),
    "purchaseAvailablePhoneNumber": (
        lambda c, f: _purchase(c),
        Sent({"number": "+15125550100"}),
    ),
    "getPhoneNumber": (lambda c, f: c.phone_numbers.get(f.phone_numbers.seed(1)[0]), Sent()),
    "updatePhoneNumber": (
        lambda c, f: c.phone_numbers.update(f.phone_numbers.seed(1)[0], agent_id=None),
        Sent({"agentId": ""}),
    ),
    "deletePhoneNumber": (
        lambda c, f: c.phone_numbers.delete(f.phone_numbers.seed(1)[0]),
        Sent(),
    ),
    # Functions
    "createFunction": (
        lambda c, f: c.functions.create_transfer(
            name="t", description="d", allowed_numbers=[{"number": "+15551230000"}]
        ),
        Sent(
            {
                "type": "transfer",
                "name": "t",
                "description": "d",
                "allowedNumbers": [{"number": "+15551230000"}],
            }
        ),
    ),
    "getFunction": (lambda c, f: _then(_function(c), c.functions.get), Sent()),
    "updateFunction": (
        lambda c, f: _then(
            _function(c), lambda i: c.functions.update(i, allowed_numbers=[], name="g")
        ),
        Sent({"allowedNumbers": [], "name": "g"}),
    ),
    "deleteFunction": (lambda c, f: _then(_function(c), c.functions.delete), Sent()),
    # Models
    "listModels": (lambda c, f: c.models.list().to_list(), Sent()),
    # Voicelab
    "runTtsModel": (
        lambda c, f: _audio(c, lines=False),
        Sent(
            {
                "text": "Hi",
                "voiceId": VOICE,
                "format": {"outputType": "WAV_PCM16", "sampleRate": 16000},
            }
        ),
    ),
    "runMultispeakerTtsModel": (
        lambda c, f: _audio(c, lines=True),
        Sent(
            {
                "lines": [{"text": "Hi", "voiceId": VOICE}],
                "format": {"outputType": "WAV_PCM16", "sampleRate": 24000},
            }
        ),
    ),
    "ttsWebsocket": (lambda c, f: _speak(c), Sent()),
    # Batch dials
    "listBatchDialJobs": (
        lambda c, f: c.batch_dial_jobs.list(status="active").to_list(),
        Sent(query={"status": "ACTIVE"}),
    ),
    "createBatchDialJob": (
        lambda c, f: _job(c),
        Sent(
            {
                "name": "J",
                "callAgentId": AGENT,
                "maxConcurrentDials": 1,
                "rows": [{"toNumber": "+15551230000"}],
            }
        ),
    ),
    "getBatchDialJob": (lambda c, f: _then(_job(c), c.batch_dial_jobs.get), Sent()),
    "updateBatchDialJob": (
        lambda c, f: _then(
            _job(c),
            lambda j: c.batch_dial_jobs.update(
                j, schedule={"timezone": "UTC", "days": [{"day_of_week": 1, "time_slots": []}]}
            ),
        ),
        Sent({"schedule": {"timezone": "UTC", "days": [{"dayOfWeek": 1, "timeSlots": []}]}}),
    ),
    "listBatchDialJobQueue": (
        lambda c, f: _then(_job(c), lambda j: c.batch_dial_jobs.list_queued(j).to_list()),
        Sent(),
    ),
    "setBatchDialJobPaused": (
        lambda c, f: _then(_job(c), c.batch_dial_jobs.pause),
        Sent({"paused": True}),
    ),
    "listBatchDialJobDials": (
        lambda c, f: _then(_job(c), lambda j: c.batch_dial_jobs.list_dials(j).to_list()),
        Sent(),
    ),
    # Evals
    "listEvalConfigs": (lambda c, f: c.evals.list_configs().to_list(), Sent()),
    "createEvalConfig": (
        lambda c, f: c.evals.create_config(name="C", prompt_snippet="Polite?"),
        Sent({"name": "C", "promptSnippet": "Polite?"}),
    ),
    "listEvalConfigRecords": (
        lambda c, f: c.evals.list_records(f.eval_configs.seed(1)[0]).to_list(),
        Sent(),
    ),
    "createEvalConfigRecord": (
        lambda c, f: _record(c, f),
        Sent({"recordType": "DIAL", "dialId": "<the dial placed first>"}),
    ),
    "getEvalRecord": (
        lambda c, f: _then(_record(c, f), lambda ids: c.evals.get_record(*ids)),
        Sent(),
    ),
    "deleteEvalRecord": (
        lambda c, f: _then(_record(c, f), lambda ids: c.evals.delete_record(*ids)),
        Sent(),
    ),
    "listEvalConfigRuns": (
        lambda c, f: c.evals.list_runs(f.eval_configs.seed(1)[0]).to_list(),
        Sent(),
    ),
    "getEvalRun": (lambda c, f: _then(_first_run(c, f), c.evals.get_run), Sent()),
    "cancelEvalRun": (lambda c, f: _then(_first_run(c, f), c.evals.cancel_run), Sent()),
}


async def _purchase(c: Client) -> Any:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        return await c.phone_numbers.purchase("+15125550100")


def routes() -> dict[str, str]:
    """Each ``operationId`` of the contract and its ``"METHOD /path"``."""
    return {
        op["operationId"]: f"{method.upper()} {path}"
        for path, item in spec()["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }


@pytest.fixture(autouse=True)
def _what_the_calls_name(fake: FakeVogent) -> None:
    """The agent ``a1`` and the voice ``v`` the calls above name (the fake refuses others)."""
    fake.agents.seed([{"id": "a1", "name": "A", "language": "en"}])
    voice = {"voiceType": "cartesia", "voiceTier": "STANDARD", "description": "A voice."}
    fake.voices.seed([{**voice, "id": "v", "name": "v"}])


@pytest.mark.parametrize("operation_id", sorted(FIDELITY))
async def test_the_request_of_each_operation_is_what_the_contract_names(
    fake: FakeVogent, fake_client: Client, operation_id: str
) -> None:
    """The call reaches the operation's route, with exactly the body and query expected."""
    call, sent = FIDELITY[operation_id]
    await call(fake_client, fake)

    route = routes()[operation_id]
    received = [r for r in fake.requests if r.route == route]
    assert received, f"{operation_id}: nothing reached {route}"
    last = received[-1]
    expected = sent.json
    if operation_id == "createDial":  # the ids are made by the fake; the keys are what count
        expected = {**sent.json, "callAgentId": last.json["callAgentId"]}
        expected["fromNumberId"] = last.json["fromNumberId"]
    if operation_id == "createEvalConfigRecord":  # the dial is placed by the case first
        expected = {**sent.json, "dialId": last.json["dialId"]}  # the fake holds it, or 422
    assert last.json == expected
    assert {k: last.query.get(k) for k in sent.query} == sent.query
