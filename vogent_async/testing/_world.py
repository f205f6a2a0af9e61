"""One world: every id a request (or a seed) names must name an object the fake holds.

`World` is the one place the rule lives. Each route's path parameters are
looked up before its handler runs (a 404 naming the object), and each id its
body names, as `BODY_REFS` lists them, is checked once the body fits the
contract (a 422 naming the field: ``callAgentId: no agent with id 'agent_typo'``).
Seeds go through the same `World.ref_problems` with `ITEM_REFS`, after the
contract's schema for the group's items. A dial is placed with what the world
holds at that moment (`World.placement`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vogent_async.testing._collection import Collection
from vogent_async.testing._pages import Reject
from vogent_async.testing._refs import (
    BODY_REFS,
    ITEM_REFS,
    NOUNS,
    PARENT_KINDS,
    Placement,
    Ref,
    field_values,
    path_refs,
)
from vogent_async.testing._validate import item_problems

if TYPE_CHECKING:
    from vogent_async.testing._calls import Calls
    from vogent_async.testing._state import Store

__all__ = ["World"]


def _schema_of(extractor: dict[str, Any]) -> dict[str, Any]:
    try:
        schema = json.loads(extractor.get("extractorFieldsJsonSchema") or "{}")
    except ValueError:
        schema = {}
    return schema if isinstance(schema, dict) else {}


class World:
    """Looks ids up across every group of one fake: collections, jobs and dials."""

    def __init__(self, collections: Mapping[str, Collection], store: Store, calls: Calls) -> None:
        self._collections, self._store, self._calls = collections, store, calls

    def holds(self, kind: str, item_id: str, parent: str | None = None) -> bool:
        """Whether an object of ``kind`` has this id (and belongs to ``parent``, if given)."""
        if kind == "batch_dial_jobs":
            return item_id in self._store.jobs
        if kind == "dials":
            return self._calls.body(item_id) is not None
        items = self._collections[kind]
        return item_id in items and (parent is None or items.parent_of(item_id) == parent)

    def ids(self, kind: str) -> list[str]:
        """The ids of the collection ``kind``, oldest first."""
        return [item["id"] for item in self._collections[kind]]

    def seed(
        self, kind: str, items: int | list[dict[str, Any]], parent: str | None = None
    ) -> list[str]:
        """Seed items (``n`` generated ones, or bodies) into the collection ``kind``."""
        return self._collections[kind].seed(items, parent=parent)

    def draw(self, kind: str) -> dict[str, Any]:
        """A generated body for the collection ``kind`` (nothing is stored)."""
        return self._collections[kind].draw()

    def update(self, kind: str, item_id: str, change: Mapping[str, Any]) -> None:
        """Set fields of an item of the collection ``kind``."""
        self._collections[kind].update(item_id, change)

    def pick(self, kind: str) -> str | None:
        """The id of one item of the collection ``kind`` (seeded draw); ``None`` when empty."""
        ids = self.ids(kind)
        return self._store.data.pick(ids) if ids else None

    def get(self, kind: str, item_id: str | None) -> dict[str, Any] | None:
        """A copy of the item of collection ``kind`` with this id; ``None`` without one."""
        items = self._collections[kind]
        return items.get(item_id) if item_id is not None and item_id in items else None

    def placement(self, spec: Mapping[str, Any]) -> Placement:
        """What a dial placed now with ``spec`` (a `CreateDialInput`) carries.

        The agent as it is now, the voice and prompt sent or else the agent's
        defaults, the extractor sent or else the agent's, and its linked functions.
        """
        agent = self.get("agents", spec.get("callAgentId")) or {}
        overrides = spec.get("agentOverrides") or {}
        links = overrides.get("linkedFunctionDefinitionInputs")
        if links is None and "linkedFunctionDefinitionIds" in overrides:
            links = [{"functionDefinitionId": i} for i in overrides["linkedFunctionDefinitionIds"]]
        if links is None:
            links = agent.get("linkedFunctionDefinitions") or []
        functions = [self.get("functions", link["functionDefinitionId"]) for link in links]
        extractor = self.get(
            "extractors", spec.get("callAgentExtractorId") or agent.get("defaultExtractorId")
        )
        return Placement(
            agent=agent or None,
            voice_id=spec.get("aiVoiceId")
            or overrides.get("defaultVoiceId")
            or agent.get("defaultVoiceId"),
            versioned_prompt_id=spec.get("versionedModelId")
            or agent.get("defaultVersionedPromptId"),
            from_number_id=spec.get("fromNumberId"),
            extractor_schema=None if extractor is None else _schema_of(extractor),
            functions=tuple(f["name"] for f in functions if f is not None),
        )

    def seed_problems(self, kind: str, body: Any, parent: str | None) -> list[str]:
        """Why ``body`` cannot be seeded into ``kind``: its read-back schema, then its ids."""
        problems = item_problems(kind, body)
        if problems:
            return problems
        owner = PARENT_KINDS.get(kind)
        if parent is not None and owner is not None and not self.holds(owner, parent):
            return [f"parent: no {NOUNS[owner]} with id {parent!r}"]
        return self.ref_problems(ITEM_REFS.get(kind, {}), body)

    def check_path(self, template: str, params: Mapping[str, str]) -> None:
        """Refuse with 404 a path naming an object the fake does not hold."""
        for name, ref in path_refs(template):
            item_id = params[name]
            if not self.holds(ref.kind, item_id, params.get(ref.parent or "")):
                raise Reject(404, f"no {NOUNS[ref.kind]} with id {item_id!r}")

    def check_body(self, route: str, body: Any, params: Mapping[str, str]) -> None:
        """Refuse with 422 a body naming an object the fake does not hold."""
        problems = self.ref_problems(BODY_REFS.get(route, {}), body, params)
        if problems:
            raise Reject.invalid(problems)

    def ref_problems(
        self, refs: Mapping[str, Ref], body: Any, scope: Mapping[str, str] | None = None
    ) -> list[str]:
        """One ``"<field path>: no <kind> with id '<id>'"`` per id of ``body`` not held.

        A ``parent`` is looked up in ``scope`` (path parameters), then in the body;
        when the parent itself is not held, its own problem is the one reported.
        """
        if not isinstance(body, dict):
            return []
        problems = []
        for path, ref in refs.items():
            parent = self._parent(ref, refs, body, scope or {})
            if parent is None:
                continue
            for where, value in field_values(body, path.split("."), ""):
                if not isinstance(value, str) or (ref.blank_ok and value == ""):
                    continue
                if not self.holds(ref.kind, value, parent or None):
                    problems.append(f"{where}: no {NOUNS[ref.kind]} with id {value!r}")
        return problems

    def _parent(
        self, ref: Ref, refs: Mapping[str, Ref], body: dict[str, Any], scope: Mapping[str, str]
    ) -> str | None:
        """The parent's id; ``""`` for none; ``None`` when it is missing or not held."""
        if ref.parent is None:
            return ""
        parent = scope.get(ref.parent, body.get(ref.parent))
        if not isinstance(parent, str):
            return None
        own = refs.get(ref.parent)
        if own is not None and not self.holds(own.kind, parent):
            return None  # that field's own problem is the one to report
        return parent
