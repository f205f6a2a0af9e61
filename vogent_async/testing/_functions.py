"""The Functions group of the fake: transfer and API functions an agent can call.

Deleting a function unlinks it from every agent, as the API documents. There is
no listing route (the API has none); seed with ``fake.functions.seed(2)``.
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, RouteTable

__all__ = ["GROUP", "generate_function"]

routes = RouteTable()
_SHARED = ("name", "description", "type", "lifecycleMessages")
_TRANSFER = ("allowedNumbers", "allowAnyNumber")


def generate_function(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A transfer `Function` body (without an ``id``)."""
    return {
        "name": "transfer_to_sales",
        "description": "Transfer the caller to a sales representative.",
        "type": "transfer",
        "allowedNumbers": [{"number": data.phone_number()}],
        "allowAnyNumber": False,
    }


def _read_back(item: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """``item`` with the fields of ``spec`` laid over it, as the API reads a function."""
    kind = spec.get("type", item.get("type", "transfer"))
    keys = _SHARED + _TRANSFER if kind == "transfer" else _SHARED
    merged = {**item, **{key: spec[key] for key in keys if key in spec}, "type": kind}
    if kind == "transfer":
        merged.setdefault("allowAnyNumber", False)
    else:  # an API function has no transfer fields, even one that was a transfer
        for key in _TRANSFER:
            merged.pop(key, None)
    return merged


@routes.post("/functions", name="createFunction")
async def create_function(call: Call) -> dict[str, Any]:
    return call.fake.collection("functions").create(_read_back({}, call.body))


@routes.get("/functions/{id}", name="getFunction")
async def get_function(call: Call) -> dict[str, Any]:
    return call.lookup("functions", call.param("id"))


@routes.put("/functions/{id}", name="updateFunction")
async def update_function(call: Call) -> dict[str, Any]:
    function_id = call.param("id")
    item = _read_back(call.lookup("functions", function_id), call.body)
    gone = [key for key in _TRANSFER if key not in item]  # a transfer turned API function
    return call.fake.collection("functions").update(function_id, item, drop=gone)


@routes.delete("/functions/{id}", name="deleteFunction")
async def delete_function(call: Call) -> dict[str, Any]:
    function_id = call.param("id")
    agents = call.fake.collection("agents")
    for agent in agents:
        linked = agent.get("linkedFunctionDefinitions") or []
        kept = [link for link in linked if link["functionDefinitionId"] != function_id]
        if len(kept) != len(linked):
            agents.update(agent["id"], {"linkedFunctionDefinitions": kept})
    return call.fake.collection("functions").delete(function_id)


GROUP = Group("functions", routes, collections={"functions": generate_function})
