"""client.models against FakeVogent over HTTP: the pilot group end to end."""

from __future__ import annotations

import vogent_async
from vogent_async import Model, ModelOption, ModelOptionValueType, with_raw_response
from vogent_async.testing import FakeVogent


async def test_models_list_walks_every_model_once(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """230 seeded models at 50 a page: 5 requests, each model once, decoded as Model."""
    ids = [m["id"] for m in fake.models] + fake.models.seed(230 - len(fake.models))

    models = [m async for m in fake_client.models.list(page_size=50)]

    assert [m.id for m in models] == ids
    assert all(isinstance(m, Model) for m in models)
    assert [r.query["limit"] for r in fake.requests] == ["50"] * 5


async def test_a_seeded_model_arrives_as_given(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """A model's options and their value types survive the trip."""
    option = {"id": "o1", "name": "temperature", "valueType": "FLOAT", "default": "0.2"}
    [model_id] = fake.models.seed([{"name": "house-model", "modelOptions": [option]}])

    model = (await fake_client.models.list().to_list())[-1]

    assert model == Model(
        model_id,
        "house-model",
        (ModelOption("o1", "temperature", ModelOptionValueType.FLOAT, "0.2"),),
    )


async def test_with_raw_response_reads_the_fakes_status(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """The raw wrapper works on any group's awaitable method over real HTTP."""
    [job_id] = fake.seed_jobs(1)
    raw = await with_raw_response(fake_client.batch_dial_jobs.get)(job_id)
    assert raw.status_code == 200
    assert raw.headers["Content-Type"].startswith("application/json")
    assert raw.parsed.id == job_id
