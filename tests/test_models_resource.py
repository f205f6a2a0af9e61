"""client.models: the pilot group built on the shared seams (GET /models, paginated)."""

from __future__ import annotations

import re
from typing import Any

from aioresponses import aioresponses
from yarl import URL

import vogent_async
from vogent_async import Model, ModelOption, ModelOptionValueType

from .conftest import BASE

MODELS = f"{BASE}/models"


def model_json(n: int) -> dict[str, Any]:
    """A model as the contract documents it."""
    return {
        "id": f"model_{n}",
        "name": f"Model {n}",
        "modelOptions": [{"id": "t", "name": "Temperature", "valueType": "FLOAT", "default": "1"}],
    }


async def test_list_walks_every_page(client: vogent_async.Client, mocked: aioresponses) -> None:
    """models.list() GETs /models with limit and each cursor, and yields Model objects."""
    url = re.compile(re.escape(MODELS) + r"(\?.*)?$")
    mocked.get(url, payload={"data": [model_json(1), model_json(2)], "cursor": "c2"})
    mocked.get(url, payload={"data": [model_json(3)], "cursor": None})
    models = [m async for m in client.models.list(page_size=2, timeout=5)]
    assert [m.id for m in models] == ["model_1", "model_2", "model_3"]
    assert models[0] == Model(
        "model_1", "Model 1", (ModelOption("t", "Temperature", ModelOptionValueType.FLOAT, "1"),)
    )
    urls = [URL(str(u)) for _, u in mocked.requests]
    assert [dict(u.query) for u in urls] == [{"limit": "2"}, {"cursor": "c2", "limit": "2"}]


async def test_list_sends_nothing_until_iterated(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Like every listing, models.list() is lazy."""
    pager = client.models.list(max_items=1)
    assert mocked.requests == {}
    mocked.get(MODELS, payload={"data": [model_json(1), model_json(2)], "cursor": "more"})
    assert [m.id for m in await pager.to_list()] == ["model_1"]
