"""The fake follows the contract: every body it sends fits tests/api/vogent-openapi.yaml."""

from __future__ import annotations

from typing import Any

import aiohttp
import jsonschema
import pytest
import yaml

from vogent_async.testing import ERROR_BODY_SCHEMA, FakeVogent
from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._refs import Placement
from vogent_async.testing._registry import ROUTES as _ROUTE_TABLE
from vogent_async.testing._validate import has_body_schema

from ._openapi import (
    SPEC_PATH,
    binary_response,
    documented_statuses,
    response_schema,
    schema_errors,
    spec,
    websocket_route,
    without_additions,
)
from .conftest import AGENT, RawApi, job_input

# The websocket's messages are checked by tests/tts/test_websocket.py, not as HTTP bodies.
ROUTES = [route.key for route in _ROUTE_TABLE if not websocket_route(route.key)]
_ID_ROUTES = [r for r in ROUTES if "{" in r]
_BODY_ROUTES = [r for r in ROUTES if has_body_schema(r)]
_LIST_ROUTES = [route.key for route in _ROUTE_TABLE if route.paging is not None]
_PAGING = {route.key: route.paging.items for route in _ROUTE_TABLE if route.paging is not None}
_PROMPT = {"aiModelId": "m1", "agentType": "STANDARD", "name": "Renewal", "prompt": "Be brief."}
_GOOD_BODIES: dict[str, Any] = {
    "POST /batch_dial_jobs": job_input(2),
    "PUT /batch_dial_jobs/{id}": {"maxConcurrentDials": 3, "schedule": None},
    "POST /batch_dial_jobs/{id}/paused": {"paused": False},
    "POST /dials": {"callAgentId": AGENT, "browserCall": True},
    "POST /phone_numbers": {"type": "purchase", "purchase": {"number": "+15125550100"}},
    "POST /phone_numbers/search": {"prefix": "512", "limit": 3},
    "POST /phone_numbers/purchase": {"number": "+15125550101"},
    "PUT /phone_numbers/{id}": {"agentId": AGENT},
    "POST /agents": {
        "name": "Ava",
        "defaultVoiceId": "v1",
        "defaultVersionedPrompt": _PROMPT,
        "defaultExtractor": {"name": "Outcome", "extractorFieldsJsonSchema": "{}"},
        "fillEmptyStringVariables": None,
    },
    "PUT /agents/{id}": {"name": "Ava 2", "callAgentExtractorId": "", "transcriberParams": None},
    "POST /agents/{agentId}/versioned_prompts": {
        **_PROMPT,
        "agentType": "CUSTOM_FLOW",
        "flowDefinition": {"nodes": []},
    },
    "PUT /agents/{agentId}/versioned_prompts/{id}": {"flowDefinition": {"nodes": []}},
    "POST /agents/{agentId}/extractors": {"name": "Outcome", "extractorFieldsJsonSchema": "{}"},
    "PUT /agents/{agentId}/extractors/{extractorId}": {"name": "Outcome 2"},
    "POST /functions": {"name": "hook", "description": "Calls us.", "type": "api", "url": "u"},
    "PUT /functions/{id}": {"allowedNumbers": [{"number": "+15551234567"}]},
    "POST /eval_configs": {"name": "Renewals", "promptSnippet": "Was the agent polite?"},
    "POST /eval_configs/{id}/records": {"recordType": "PROMPT", "systemPrompt": "Be brief."},
    "POST /tts": {"text": "Hi", "voiceId": "v1"},
    "POST /tts/multispeaker": {"lines": [{"text": "Hi", "voiceId": "v1"}]},
}
_BAD_BODIES: dict[str, Any] = {
    "POST /batch_dial_jobs": {"name": ""},
    "PUT /batch_dial_jobs/{id}": {"maxConcurrentDials": -1},
    "POST /batch_dial_jobs/{id}/paused": {},
    "POST /dials": {"callAgentId": ""},
    "POST /phone_numbers": {"type": "fax"},
    "POST /phone_numbers/search": {"prefix": "512", "limit": 11},
    "POST /phone_numbers/purchase": {},
    "PUT /phone_numbers/{id}": {"agentId": 5},
    "POST /agents": {"name": "Ava"},
    "PUT /agents/{id}": {"maxDurationSeconds": "long"},
    "POST /agents/{agentId}/versioned_prompts": {"name": "x"},
    "PUT /agents/{agentId}/versioned_prompts/{id}": {"agentType": "ROBOT"},
    "POST /agents/{agentId}/extractors": {"name": "x", "extractorFieldsJsonSchema": "[1]"},
    "PUT /agents/{agentId}/extractors/{extractorId}": {"extractorFieldsJsonSchema": "{"},
    "POST /functions": {"description": "no name"},
    "PUT /functions/{id}": {"name": "no numbers"},
    "POST /eval_configs": {"promptSnippet": "no name"},
    "POST /eval_configs/{id}/records": {"recordType": "VOICE"},
    "POST /tts": {"text": "Hi"},
    "POST /tts/multispeaker": {"lines": "Hi"},
}
#: Statuses a route documents beyond 200/400/422.
_DOCUMENTED_EXTRA = {"POST /dials": {409}}


async def _path_ids(api: RawApi, fake: FakeVogent, job_id: str) -> dict[str, dict[str, str]]:
    """The path parameters each route is exercised with (a batch job's id by default)."""
    [number_id] = fake.phone_numbers.seed(1)
    dial = await api.call("POST", "/dials", json={"callAgentId": AGENT, "browserCall": True})
    fake.advance(20)  # ringing; the GET below finds it in progress or ended
    dial_routes = [r for r in ROUTES if r.split(" ", 1)[1].startswith("/dials/")]
    number_routes = [r for r in ROUTES if r.split(" ", 1)[1] == "/phone_numbers/{id}"]
    ids = {route: {"id": dial.body["dialId"]} for route in dial_routes}
    ids.update({route: {"id": number_id} for route in number_routes})
    ids.update(_agent_ids(fake))
    [config_id] = fake.eval_configs.seed(1)
    [record_id] = fake.eval_records.seed([{"evalConfigId": config_id, "recordType": "DIAL"}])
    [run_id] = fake.eval_runs.seed([{"evalConfigId": config_id}])
    for route in ROUTES:
        if "/eval_configs/{id}" in route:
            ids[route] = {"id": config_id, "recordId": record_id}
        elif "/eval_runs/{id}" in route:
            ids[route] = {"id": run_id}
    return ids


def _agent_ids(fake: FakeVogent) -> dict[str, dict[str, str]]:
    """An agent with a prompt and an extractor, a function, and one more of each to delete."""
    # The first is the agent job_input() names, which the fixture seeded.
    agent, [doomed_agent] = AGENT, fake.agents.seed(1)
    function, doomed_function = fake.functions.seed(2)
    [prompt] = fake.versioned_prompts.seed(1, parent=agent)
    [extractor] = fake.extractors.seed(1, parent=agent)
    parts = {"agentId": agent, "extractorId": extractor}
    ids = {}
    for route in ROUTES:
        method, template = route.split(" ", 1)
        if template.startswith("/agents/{agentId}/versioned_prompts"):
            ids[route] = {**parts, "id": prompt}
        elif template.startswith("/agents/{agentId}"):
            ids[route] = parts
        elif template == "/agents/{id}":
            ids[route] = {"id": doomed_agent if method == "DELETE" else agent}
        elif template == "/functions/{id}":
            ids[route] = {"id": doomed_function if method == "DELETE" else function}
    return ids


def _clip_form(model: str = "CARTESIA") -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("name", "Ava")
    form.add_field("model", model)
    form.add_field("clip", b"RIFF" + bytes(100), filename="ava.wav")
    return form


def _fill(template: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        template = template.replace("{" + name + "}", value)
    return template


async def _exercise(api: RawApi, fake: FakeVogent) -> None:
    """Drive every route to every status the fake can answer it with."""
    fake.seed_jobs(150)
    fake.models.seed(130)
    fake.voices.seed(30)
    job_id = (await api.create(rows=120, maxConcurrentDials=10))["id"]
    bare = (await api.create(rows=1, schedule=None, fromPhoneNumberIds=[]))["id"]
    await api.call("POST", f"/batch_dial_jobs/{job_id}/paused", json={"paused": False})
    fake.finish_dials(80)
    ids = await _path_ids(api, fake, job_id)
    for route in ROUTES:
        method, template = route.split(" ", 1)
        params = ids.get(route, {"id": job_id})
        path = _fill(template, params)
        if route == "POST /voices/clone":
            await api.call(method, path, data=_clip_form())
        else:
            await api.call(method, path, json=_GOOD_BODIES.get(route))
        await api.call(method, path, json=_GOOD_BODIES.get(route), key="wrong")
        if route in _ID_ROUTES:
            missing = _fill(template, dict.fromkeys(params, "nope"))
            await api.call(method, missing, json=_GOOD_BODIES.get(route))
        if route in _BODY_ROUTES:
            await api.call(method, path, data=b"{not json")
            await api.call(method, path, json=_BAD_BODIES[route])
        if route in _LIST_ROUTES:
            await api.walk(path, items_key=_PAGING[route], limit="25")
            await api.call(method, path, params={"limit": "none"})
            await api.call(method, path, params={"cursor": "forged"})
    await api.call("GET", f"/batch_dial_jobs/{bare}")
    await api.walk("/batch_dial_jobs", status="ACTIVE", limit="7")
    fake.faults.add("GET /batch_dial_jobs", status=503, retry_after=2)
    fake.faults.add("POST /batch_dial_jobs", status=429, retry_after=1)
    fake.faults.add("GET /batch_dial_jobs/{id}/dials", repeat_cursor=True)
    await api.call("GET", "/batch_dial_jobs")
    await api.call("POST", "/batch_dial_jobs", json=job_input())
    first = await api.call("GET", f"/batch_dial_jobs/{job_id}/dials", params={"limit": "5"})
    await api.call(
        "GET", f"/batch_dial_jobs/{job_id}/dials", params={"cursor": first.body["cursor"]}
    )
    await api.call("GET", "/nowhere")
    await api.call("DELETE", "/batch_dial_jobs")
    await api.call("POST", "/voices/clone", data=_clip_form(model="ROBOT"))
    await api.call("POST", "/voices/clone", json={"name": "Ava"})
    await api.call("POST", "/batch_dial_jobs", json=job_input(1, callAgentId="nobody"))
    await _exercise_dial_lives(api, fake)


async def _exercise_dial_lives(api: RawApi, fake: FakeVogent) -> None:
    """Single dials in every status, hung up at each stage, and the 409 of ``POST /dials``."""
    number_id = next(iter(fake.phone_numbers))["id"]
    phone = {"callAgentId": AGENT, "toNumber": "+15551230000", "fromNumberId": number_id}
    for _ in range(12):
        dial_ids = [(await api.call("POST", "/dials", json=phone)).body["dialId"] for _ in range(3)]
        for step, dial_id in enumerate(dial_ids):
            await api.call("GET", f"/dials/{dial_id}")
            fake.advance(1 + 10 * step)
            await api.call("POST", f"/dials/{dial_id}/hangup")
            await api.call("GET", f"/dials/{dial_id}")
        fake.advance(600)
        await api.call("GET", f"/dials/{dial_ids[0]}")
    fake.faults.add("POST /dials", status=409)
    await api.call("POST", "/dials", json=phone)


async def test_every_response_body_fits_the_contract_schema(api: RawApi, fake: FakeVogent) -> None:
    """Each route's 200 bodies fit the contract's schema; every error body fits the error shape."""
    await _exercise(api, fake)

    seen: set[tuple[str | None, int]] = set()
    for record in fake.requests:
        assert record.status is not None
        seen.add((record.route, record.status))
        schema = None if record.route is None else response_schema(record.route, record.status)
        if schema is None and record.route is not None and binary_response(record.route):
            assert record.status >= 400 or record.response_body is None, record  # streamed
            problems = [] if record.status < 400 else _error_shape_problems(record.response)
        elif schema is None:
            assert record.status >= 400, record
            problems = _error_shape_problems(record.response)
        else:
            problems = schema_errors(schema, record.response)
        assert problems == [], (record.method, record.path, record.status, problems[:5])

    expected: set[tuple[str | None, int]] = {(route, 200) for route in ROUTES}
    expected |= {(route, 401) for route in ROUTES}
    expected |= {(route, 404) for route in _ID_ROUTES}
    expected |= {(route, 400) for route in _BODY_ROUTES + _LIST_ROUTES}
    expected |= {(route, 422) for route in _BODY_ROUTES}
    expected |= {("GET /batch_dial_jobs", 503), ("POST /batch_dial_jobs", 429)}
    expected |= {("POST /voices/clone", 422), ("POST /voices/clone", 400)}
    expected |= {("POST /dials", 409)}
    expected |= {(None, 404), (None, 405)}
    assert expected <= seen
    assert len(fake.requests) > 50


def test_the_fake_uses_only_statuses_documented_or_named_in_the_error_policy() -> None:
    """200/400/422 are the contract's, and 404 where the path names an id (documented in
    this copy); the rest are what the API notes say clients meet."""
    undocumented_but_expected = {401, 429, 500, 502, 503, 504}
    for route in ROUTES:
        documented = documented_statuses(route) - _DOCUMENTED_EXTRA.get(route, set())
        assert documented == {200, 400, 422} | ({404} if "{" in route else set()), route
        assert response_schema(route, 200) is not None or binary_response(route)
        assert not undocumented_but_expected & documented_statuses(route)


@pytest.mark.parametrize("seed", range(5))
def test_generated_dials_fit_the_dial_schema_for_many_seeds(seed: int) -> None:
    """Many generated dials per seed (every outcome and transcript shape) fit Dial."""
    data = DataGenerator(seed)
    agent = {**data.agent(AGENT), "defaultVoiceId": "v1", "defaultVersionedPromptId": "vp1"}
    extractor = {"type": "object", "properties": {"interested": {"type": "boolean"}}}
    dials = []
    for i in range(80):
        row = (
            {"toNumber": data.phone_number(), "inputs": data.row_inputs()}
            if i % 3
            else {"toNumber": data.phone_number()}
        )
        plan = data.plan_dial()
        dials.append(
            data.dial(
                row=row,
                placed=Placement(
                    agent=agent,
                    voice_id="v1",
                    versioned_prompt_id="vp1",
                    from_number_id=None if i % 5 == 0 else "pn",
                    extractor_schema=None if i % 4 == 0 else extractor,
                    functions=("book_callback",),
                ),
                created_ms=1_770_000_000_000 + i * 60_000,
                plan=plan,
            )
        )

    results = {d["systemResultType"] for d in dials}
    problems = schema_errors(
        {"type": "array", "items": {"$ref": "#/components/schemas/Dial"}}, dials
    )

    assert problems == []
    assert len(results) >= 5
    assert any("nodeTransition" in item for d in dials for item in d.get("transcript", []))


def test_the_contract_check_catches_a_broken_body() -> None:
    """The validator used above does reject what the contract forbids (it is not vacuous)."""
    job = {
        "id": "j",
        "name": "n",
        "status": "INIT",
        "maxConcurrentDials": 1,
        "callAgentId": AGENT,
        "createdAt": "2026-01-01T00:00:00.000Z",
        "schedule": None,
    }
    schema = response_schema("GET /batch_dial_jobs/{id}", 200)
    assert schema is not None

    assert schema_errors(schema, job) == []
    assert schema_errors(schema, {**job, "status": "RUNNING"})
    assert schema_errors(schema, {**job, "createdAt": "2026-01-01 00:00"})
    assert schema_errors(schema, {**job, "progress": 0.5})
    assert schema_errors(
        schema, {**job, "schedule": {"days": [], "timezone": "UTC", "disableSchedule": True}}
    )
    assert schema_errors(schema, {k: v for k, v in job.items() if k != "callAgentId"})
    assert _error_shape_problems({"message": "x"})


def _error_shape_problems(body: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(ERROR_BODY_SCHEMA)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(body)]


def test_the_copied_contract_is_the_shared_one() -> None:
    """tests/api holds the contract of ../shared/api (when that checkout is present), plus
    only what it marks as documented in the copy (the statuses the API answers, the
    oneOf pins), each saying why."""
    shared = SPEC_PATH.parents[2].parent / "shared" / "api" / "vogent-openapi.yaml"
    if not shared.exists():
        pytest.skip(
            f"the project's shared folder is not at {shared.parents[1]} (it holds the API "
            "contract, api/vogent-openapi.yaml, that tests/api copies): place a copy of the "
            "maintainers' shared/ folder next to the repository, as CI does, to check the copy"
        )

    assert without_additions(spec()) == yaml.safe_load(shared.read_text(encoding="utf-8"))
    assert without_additions(spec()) != spec()  # the additions are there, and marked
