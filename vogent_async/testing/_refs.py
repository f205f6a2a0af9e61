"""What the ids in requests and seeds name, and what a dial is placed with.

The tables `World` checks with: the kind of object each path parameter names
(`path_refs`), the ids each route's body may name (`BODY_REFS`), and those a
stored item may name (`ITEM_REFS`). A field path reads ``a.b`` for nesting and
``[]`` for each item of an array (`field_values`).

A path parameter names the kind of the segment before it, under the parameter
before that: ``/agents/{agentId}/versioned_prompts/{id}`` is a versioned prompt
of that agent. A `Ref` whose ``parent`` is set is looked up among the items of
the object the path parameter or body field of that name gives.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import attrs

__all__ = [
    "BODY_REFS",
    "ITEM_REFS",
    "NOUNS",
    "PARENT_KINDS",
    "Placement",
    "Places",
    "Ref",
    "field_values",
    "path_refs",
    "stock_id",
]

NOUNS = {
    "agents": "agent",
    "batch_dial_jobs": "batch dial job",
    "dials": "dial",
    "eval_configs": "eval config",
    "eval_records": "eval record",
    "eval_runs": "eval run",
    "extractors": "extractor",
    "functions": "function",
    "models": "model",
    "phone_numbers": "phone number",
    "versioned_prompts": "versioned prompt",
    "voices": "voice",
}
"""Every kind of object an id can name, and what a message calls one."""

_SEGMENT_KINDS = {"records": "eval_records"}  # a path segment not named as its kind


@attrs.frozen
class Ref:
    """What an id names.

    Attributes:
        kind: The kind of object, a key of `NOUNS`.
        parent: The path parameter or body field whose id owns the object (an
            agent's prompt); ``None``: the object stands alone.
        blank_ok: An empty string means "none" (unlink, disable) and is accepted.
    """

    kind: str
    parent: str | None = None
    blank_ok: bool = False


_AGENT = Ref("agents")
_VOICE = Ref("voices")
_MODEL = Ref("models")
_NUMBER = Ref("phone_numbers")
_FUNCTION = Ref("functions")
_LINKS = {
    "linkedFunctionDefinitionIds[]": _FUNCTION,
    "linkedFunctionDefinitionInputs[].functionDefinitionId": _FUNCTION,
}
_AGENT_SETTINGS = {"defaultVoiceId": _VOICE, "ivrConfiguration.aiVoiceId": _VOICE, **_LINKS}

BODY_REFS: dict[str, dict[str, Ref]] = {
    "POST /dials": {
        "callAgentId": _AGENT,
        "fromNumberId": _NUMBER,
        "aiVoiceId": _VOICE,
        "versionedModelId": Ref("versioned_prompts", parent="callAgentId"),
        "ivrVersionedPromptId": Ref("versioned_prompts", parent="callAgentId"),
        "callAgentExtractorId": Ref("extractors", parent="callAgentId"),
        "agentOverrides.defaultVoiceId": _VOICE,
        "agentOverrides.defaultVersionedPrompt.aiModelId": _MODEL,
        "agentOverrides.ivrConfiguration.aiVoiceId": _VOICE,
        "agentOverrides.ivrConfiguration.versionedPromptId": Ref(
            "versioned_prompts", parent="callAgentId"
        ),
        "agentOverrides.ivrConfiguration.versionedPrompt.aiModelId": _MODEL,
        **{f"agentOverrides.{path}": ref for path, ref in _LINKS.items()},
    },
    "POST /batch_dial_jobs": {"callAgentId": _AGENT, "fromPhoneNumberIds[]": _NUMBER},
    "PUT /batch_dial_jobs/{id}": {"fromPhoneNumberIds[]": _NUMBER},
    "POST /agents": {**_AGENT_SETTINGS, "defaultVersionedPrompt.aiModelId": _MODEL},
    "PUT /agents/{id}": {
        **_AGENT_SETTINGS,
        "defaultVersionedPromptId": Ref("versioned_prompts", parent="id"),
        "callAgentExtractorId": Ref("extractors", parent="id", blank_ok=True),
        "ivrConfiguration.versionedPromptId": Ref("versioned_prompts", parent="id"),
    },
    "POST /agents/{agentId}/versioned_prompts": {"aiModelId": _MODEL},
    "PUT /agents/{agentId}/versioned_prompts/{id}": {"aiModelId": _MODEL},
    "PUT /phone_numbers/{id}": {"agentId": Ref("agents", blank_ok=True)},
    "POST /eval_configs/{id}/records": {"dialId": Ref("dials")},
    "POST /tts": {"voiceId": _VOICE},
    "POST /tts/multispeaker": {"lines[].voiceId": _VOICE},
}
"""Per route, the ids its body may name (``a.b`` nests, ``[]`` is each array item)."""

ITEM_REFS: dict[str, dict[str, Ref]] = {
    "agents": {  # its own prompt and extractor are made with it (see _agents.settle_agent)
        "defaultVoiceId": _VOICE,
        "linkedFunctionDefinitions[].functionDefinitionId": _FUNCTION,
    },
    "batch_dial_jobs": {"callAgentId": _AGENT},
    "phone_numbers": {"agentId": _AGENT},
    "versioned_prompts": {"aiModelId": _MODEL},
    "eval_records": {"evalConfigId": Ref("eval_configs"), "dialId": Ref("dials")},
    "eval_runs": {
        "evalConfigId": Ref("eval_configs"),
        "callAgentId": _AGENT,
        "versionedPromptId": Ref("versioned_prompts", parent="callAgentId"),
    },
}
"""Per collection, the ids a stored item may name: what `seed` checks."""


PARENT_KINDS = {"versioned_prompts": "agents", "extractors": "agents"}


@attrs.frozen
class Placement:
    """What a dial is placed with: the workspace as it stood at that moment.

    Attributes:
        agent: The agent's body then (``None`` once it was deleted).
        voice_id: The voice used: the override sent, else the agent's default.
        versioned_prompt_id: The prompt used: the override sent, else the agent's default.
        from_number_id: The caller number used, if any.
        extractor_schema: The JSON Schema of the extractor in use; ``None``: no extraction.
        functions: Names of the functions the agent links (and may call).
    """

    agent: dict[str, Any] | None
    voice_id: str | None = None
    versioned_prompt_id: str | None = None
    from_number_id: str | None = None
    extractor_schema: dict[str, Any] | None = None
    functions: tuple[str, ...] = ()


class Places(Protocol):
    """What the job store asks of the fake's world (a `World`), which is built after it."""

    def placement(self, spec: Mapping[str, Any]) -> Placement: ...

    def seed_problems(self, kind: str, body: Any, parent: str | None) -> list[str]: ...

    def ids(self, kind: str) -> list[str]: ...

    def seed(
        self, kind: str, items: int | list[dict[str, Any]], parent: str | None = None
    ) -> list[str]: ...


def stock_id(kind: str, name: str) -> str:
    """The fixed id of an item every fresh fake holds, e.g. ``stock_id("voice", "Ava")``."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"vogent-fake:{kind}:{name}"))


def path_refs(template: str) -> list[tuple[str, Ref]]:
    """Each path parameter of a route's template and what it names, outermost first."""
    parts = template.strip("/").split("/")
    found: list[tuple[str, Ref]] = []
    parent: str | None = None
    for before, part in itertools.pairwise(parts):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            found.append((name, Ref(_SEGMENT_KINDS.get(before, before), parent)))
            parent = name
    return found


def field_values(node: Any, steps: list[str], where: str) -> Iterator[tuple[str, Any]]:
    """The values at a field path (``a.b[]``), each with its concrete path (``a.b[2]``)."""
    if not steps:
        yield where, node
        return
    step, rest = steps[0], steps[1:]
    many = step.endswith("[]")
    key = step[:-2] if many else step
    if not isinstance(node, dict) or node.get(key) is None:
        return
    here = f"{where}.{key}" if where else key
    if not many:
        yield from field_values(node[key], rest, here)
    elif isinstance(node[key], list):
        for i, item in enumerate(node[key]):
            yield from field_values(item, rest, f"{here}[{i}]")
