"""The Agents group of the fake: agents, created with their first prompt (and extractor).

An agent's versioned prompts and extractors live in their own collections with
the agent as their parent (`vogent_async.testing._agent_parts`); deleting the
agent deletes them. Seed agents with ``fake.agents.seed(3)`` or your own
bodies: a seeded agent gets the versioned prompt it names (or a new one) and
the extractor it names, made under it (`settle_agent`); the voice and functions
it names must be held. A dial, job or phone number naming an agent the fake
does not hold is refused (see `vogent_async.testing._world`).
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Page, Paging, RouteTable

__all__ = ["GROUP", "generate_agent", "prompt_body", "settle_agent"]

routes = RouteTable()

#: Settings an agent is read back with, as sent on create and update.
_SETTINGS = (
    "name",
    "language",
    "defaultVoiceId",
    "maxDurationSeconds",
    "metadata",
    "transcriberParams",
    "idleMessageConfig",
    "utteranceDetectorConfig",
    "endpointDetectorConfig",
    "ivrConfiguration",
    "fillEmptyStringVariables",
    "silenceHangupConfiguration",
    "voiceOptionValues",
)


def generate_agent(data: DataGenerator, world: Any) -> dict[str, Any]:
    """An `Agent` body (without an ``id``) with a held voice; its prompt and extractor
    are made by `settle_agent` once it is stored."""
    body = data.agent("")
    del body["id"]
    voice = world.pick("voices") if world is not None else None
    if voice is not None:
        body["defaultVoiceId"] = voice
    body["defaultExtractorId"] = data.uuid()
    return body


def settle_agent(world: Any, agent: dict[str, Any]) -> None:
    """Make, under a seeded agent, the prompt and extractor it names (a prompt if it names none)."""
    agent_id, change = agent["id"], {}
    for field, kind in (
        ("defaultVersionedPromptId", "versioned_prompts"),
        ("defaultExtractorId", "extractors"),
    ):
        part_id = agent.get(field)
        if (part_id is None and kind == "extractors") or (
            part_id is not None and world.holds(kind, part_id, agent_id)
        ):
            continue
        body = world.draw(kind)
        if part_id is not None:
            body["id"] = part_id
        [change[field]] = world.seed(kind, [body], parent=agent_id)
    if change:
        world.update("agents", agent_id, change)


def prompt_body(spec: dict[str, Any]) -> dict[str, Any]:
    """A `VersionedPrompt` body (without an ``id``) from a ``VersionedPromptInput``."""
    body = {
        "name": spec["name"],
        "agentType": spec["agentType"],
        "prompt": spec.get("prompt"),
        "aiModelId": spec["aiModelId"],
    }
    if spec.get("flowDefinition") is not None:
        body["flowDefinition"] = flow_body(spec["flowDefinition"])
    if "modelOptionValues" in spec:
        body["modelOptionValues"] = spec["modelOptionValues"]
    return body


def flow_body(flow: dict[str, Any]) -> dict[str, Any]:
    """A `FlowDefinition` as read back: every required key, defaults filled in."""
    return {
        "nodes": flow.get("nodes", []),
        "globalContext": flow.get("globalContext"),
        "aiOpen": flow.get("aiOpen", False),
        "openingLineType": flow.get("openingLineType", "INBOUND_OUTBOUND"),
    }


def _settings(spec: dict[str, Any]) -> dict[str, Any]:
    """The agent fields a create or update body sets (a ``null`` flag clears it)."""
    out = {key: spec[key] for key in _SETTINGS if key in spec}
    if out.get("fillEmptyStringVariables", False) is None:
        out["fillEmptyStringVariables"] = False  # null means "not set": read back as false
    functions = spec.get("linkedFunctionDefinitionInputs")
    if functions is None and "linkedFunctionDefinitionIds" in spec:
        functions = [{"functionDefinitionId": i} for i in spec["linkedFunctionDefinitionIds"]]
    if functions is not None:
        out["linkedFunctionDefinitions"] = functions
    return out


@routes.get("/agents", name="listAgents", paging=Paging(default_limit=100))
async def list_agents(call: Call) -> Page:
    return call.fake.collection("agents").page(call.limit, call.after)


@routes.post("/agents", name="createAgent")
async def create_agent(call: Call) -> dict[str, Any]:
    agents, spec = call.fake.collection("agents"), call.body
    agent = agents.create({"language": "en", "maxDurationSeconds": 10800, **_settings(spec)})
    agent_id = agent["id"]
    prompts, extractors = (
        call.fake.collection("versioned_prompts"),
        call.fake.collection("extractors"),
    )
    change: dict[str, Any] = {
        "defaultVersionedPromptId": prompts.create(
            prompt_body(spec["defaultVersionedPrompt"]), parent=agent_id
        )["id"],
        "defaultExtractorId": None,
    }
    if spec.get("defaultExtractor") is not None:
        extractor = extractors.create(spec["defaultExtractor"], parent=agent_id)
        change["defaultExtractorId"] = extractor["id"]
    return agents.update(agent_id, change)


@routes.put("/agents/{id}", name="updateAgent")
async def update_agent(call: Call) -> dict[str, Any]:
    agent_id, spec = call.param("id"), call.body
    change = _settings(spec)
    prompt_id = spec.get("defaultVersionedPromptId")
    if prompt_id is not None:
        change["defaultVersionedPromptId"] = prompt_id
    extractor_id = spec.get("callAgentExtractorId")
    if extractor_id is not None:
        change["defaultExtractorId"] = extractor_id or None  # "" disables the extractor
    return call.fake.collection("agents").update(agent_id, change)


@routes.delete("/agents/{id}", name="deleteAgent")
async def delete_agent(call: Call) -> dict[str, Any]:
    agent_id = call.param("id")
    for part in ("versioned_prompts", "extractors"):
        call.fake.collection(part).delete_children(agent_id)
    return call.fake.collection("agents").delete(agent_id)


GROUP = Group(
    "agents",
    routes,
    collections={"agents": generate_agent},
    settle={"agents": settle_agent},
)
