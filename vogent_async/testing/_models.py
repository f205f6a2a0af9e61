"""The Models group of the fake: ``GET /models`` served from a generic collection.

A fresh fake lists the provider's catalog (`CATALOG`: four models with fixed
ids), as the real API always does. Seed more with ``fake.models.seed(3)``
(generated models) or ``fake.models.seed([{"name": ..., "modelOptions": [...]}])``.
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._refs import stock_id
from vogent_async.testing._routing import Call, Page, Paging, RouteTable

__all__ = ["CATALOG", "GROUP", "generate_model"]

routes = RouteTable()

_NAMES = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama-3.1-70b", "gemini-flash", "mistral"]
_OPTIONS: list[tuple[str, str, str]] = [  # (name, valueType, default)
    ("temperature", "FLOAT", "0.7"),
    ("max_tokens", "INT", "512"),
    ("top_p", "FLOAT", "1.0"),
    ("reasoning_effort", "STRING", "low"),
]


def _stock_model(name: str, options: int) -> dict[str, Any]:
    return {
        "id": stock_id("model", name),
        "name": name,
        "modelOptions": [
            {"id": stock_id("model-option", f"{name}/{option}"), "name": option, "valueType": kind,
             "default": default}
            for option, kind, default in _OPTIONS[:options]
        ],
    }  # fmt: skip


CATALOG = [
    _stock_model("gpt-4o", 3),
    _stock_model("gpt-4o-mini", 3),
    _stock_model("claude-sonnet", 2),
    _stock_model("llama-3.1-70b", 2),
]
"""The models every fresh fake lists (ids are fixed: ``stock_id("model", name)``)."""


def generate_model(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A `Model` body: a known model name and some of its tunable options."""
    count = data.between(1, len(_OPTIONS) + 1)
    options = [
        {"id": data.uuid(), "name": name, "valueType": kind, "default": default}
        for name, kind, default in _OPTIONS[:count]
    ]
    return {"name": data.pick(_NAMES), "modelOptions": options}


@routes.get("/models", name="listModels", paging=Paging(default_limit=100))
async def list_models(call: Call) -> Page:
    return call.fake.collection("models").page(call.limit, call.after)


GROUP = Group("models", routes, collections={"models": generate_model}, catalog={"models": CATALOG})
