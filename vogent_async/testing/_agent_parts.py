"""What an agent owns in the fake: its versioned prompts and its extractors.

Both are collections whose items have their agent as parent: a prompt or an
extractor is found only under its own agent's path, and goes when the agent
is deleted. Seed them with ``fake.versioned_prompts.seed(2, parent=agent_id)``.
The extractor listing is not paginated: the API answers ``{"extractors": [...]}``.
"""

from __future__ import annotations

import json
from typing import Any

from vogent_async.testing._agents import flow_body, prompt_body
from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable

__all__ = ["GROUP", "generate_extractor", "generate_prompt"]

routes = RouteTable()
_PROMPTS = "/agents/{agentId}/versioned_prompts"
_EXTRACTORS = "/agents/{agentId}/extractors"
_PROMPT_KEYS = ("name", "agentType", "prompt", "flowDefinition", "aiModelId", "modelOptionValues")
_EXTRACTOR_KEYS = ("name", "extractorFieldsJsonSchema")


def _known(body: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The fields of ``body`` the item is read back with (unknown ones are ignored)."""
    return {key: body[key] for key in keys if key in body}


def generate_prompt(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A ``STANDARD`` `VersionedPrompt` body (without an ``id``) on a held model."""
    name = data.pick(["Renewal call", "Appointment reminder", "Survey", "Lead follow-up"])
    body = {
        "name": f"{name} v{data.between(1, 9)}",
        "agentType": "STANDARD",
        "prompt": f"You are a friendly agent making a {name.lower()}. Be brief.",
    }
    model = world.pick("models") if world is not None else None
    if model is not None:
        body["aiModelId"] = model
    return body


def generate_extractor(data: DataGenerator, world: Any) -> dict[str, Any]:
    """An `Extractor` body (without an ``id``) extracting the outcome and up to two fields."""
    fields = {
        "outcome": {"type": "string", "enum": ["renewed", "callback", "not_interested"]},
        "interested": {"type": "boolean"},
        "callback_time": {"type": "string"},
    }
    chosen = dict(list(fields.items())[: data.between(1, 4)])
    schema = {"type": "object", "properties": chosen}
    return {
        "name": data.pick(["Outcome", "Callback"]),
        "extractorFieldsJsonSchema": json.dumps(schema),
    }


def _agent(call: Call) -> str:
    return call.param("agentId")  # the app found the agent before the handler ran


def _schema_problems(body: dict[str, Any]) -> list[str]:
    text = body.get("extractorFieldsJsonSchema")
    try:
        ok = text is None or isinstance(json.loads(text), dict)
    except ValueError:
        ok = False
    return [] if ok else ["extractorFieldsJsonSchema: expected a JSON object, as a string"]


# ------------------------------------------------------------ versioned prompts


@routes.get(_PROMPTS, name="listAgentVersionedPrompts", paging=Paging(default_limit=100))
async def list_prompts(call: Call) -> Page:
    agent_id = _agent(call)
    return call.fake.collection("versioned_prompts").page(call.limit, call.after, parent=agent_id)


@routes.post(_PROMPTS, name="createAgentVersionedPrompt")
async def create_prompt(call: Call) -> dict[str, Any]:
    agent_id = _agent(call)
    return call.fake.collection("versioned_prompts").create(prompt_body(call.body), parent=agent_id)


@routes.get(_PROMPTS + "/{id}", name="getAgentVersionedPrompt")
async def get_prompt(call: Call) -> dict[str, Any]:
    return call.lookup("versioned_prompts", call.param("id"), parent=_agent(call))


@routes.put(_PROMPTS + "/{id}", name="updateAgentVersionedPrompt")
async def update_prompt(call: Call) -> dict[str, Any]:
    agent_id, prompt_id = _agent(call), call.param("id")
    call.lookup("versioned_prompts", prompt_id, parent=agent_id)
    change = _known(call.body, _PROMPT_KEYS)
    if change.get("flowDefinition") is not None:
        change["flowDefinition"] = flow_body(change["flowDefinition"])
    return call.fake.collection("versioned_prompts").update(prompt_id, change)


# ------------------------------------------------------------------ extractors


@routes.get(_EXTRACTORS, name="listAgentExtractors")
async def list_extractors(call: Call) -> dict[str, Any]:
    return {"extractors": call.fake.collection("extractors").children(_agent(call))}


@routes.post(_EXTRACTORS, name="createAgentExtractor")
async def create_extractor(call: Call) -> dict[str, Any]:
    agent_id = _agent(call)
    problems = _schema_problems(call.body)
    if problems:
        raise Reject.invalid(problems)
    body = _known(call.body, _EXTRACTOR_KEYS)
    return call.fake.collection("extractors").create(body, parent=agent_id)


@routes.get(_EXTRACTORS + "/{extractorId}", name="getAgentExtractor")
async def get_extractor(call: Call) -> dict[str, Any]:
    return call.lookup("extractors", call.param("extractorId"), parent=_agent(call))


@routes.put(_EXTRACTORS + "/{extractorId}", name="updateAgentExtractor")
async def update_extractor(call: Call) -> dict[str, Any]:
    agent_id, extractor_id = _agent(call), call.param("extractorId")
    call.lookup("extractors", extractor_id, parent=agent_id)
    problems = _schema_problems(call.body)
    if problems:
        raise Reject.invalid(problems)
    return call.fake.collection("extractors").update(
        extractor_id, _known(call.body, _EXTRACTOR_KEYS)
    )


GROUP = Group(
    "agent_parts",
    routes,
    collections={"versioned_prompts": generate_prompt, "extractors": generate_extractor},
)
