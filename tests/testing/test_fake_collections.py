"""Generic collections: ``GET /models`` from ``fake.models``, seeding and CRUD by id."""

from __future__ import annotations

import pytest

from vogent_async.testing import FakeVogent

from .conftest import RawApi

_MODEL = {
    "name": "house-model",
    "modelOptions": [{"id": "o1", "name": "temperature", "valueType": "FLOAT", "default": "0.2"}],
}


async def test_models_are_listed_100_per_page_by_default_oldest_first(
    api: RawApi, fake: FakeVogent
) -> None:
    """GET /models pages 100 at a time (the contract's default) and walks every model once."""
    held = [m["id"] for m in fake.models]  # the stock catalog and the fixture's model
    ids = held + fake.models.seed(230 - len(held))

    first = await api.call("GET", "/models")
    models, pages = await api.walk("/models")
    small, small_pages = await api.walk("/models", limit="7")

    assert len(first.body["data"]) == 100
    assert first.body["cursor"]
    assert pages == 3
    assert [m["id"] for m in models] == ids == [m["id"] for m in small]
    assert small_pages == 33


async def test_seeded_bodies_are_served_as_given_with_an_id_added(
    api: RawApi, fake: FakeVogent
) -> None:
    """seed([...]) stores the bodies given; an id is drawn for those without one."""
    [drawn, own] = fake.models.seed([_MODEL, {**_MODEL, "id": "model_own"}])

    reply = await api.call("GET", "/models")

    assert own == "model_own"
    assert reply.body["data"][-2:] == [{**_MODEL, "id": drawn}, {**_MODEL, "id": "model_own"}]
    assert reply.body["cursor"] is None


async def test_a_models_cursor_is_signed_and_bound_to_its_listing(
    api: RawApi, fake: FakeVogent
) -> None:
    """A forged cursor, or one from the jobs listing, is a 400 on /models."""
    fake.models.seed(3)
    fake.seed_jobs(3)
    jobs_page = await api.call("GET", "/batch_dial_jobs", params={"limit": "1"})

    forged = await api.call("GET", "/models", params={"cursor": "AAAA"})
    foreign = await api.call("GET", "/models", params={"cursor": jobs_page.body["cursor"]})

    assert forged.status == foreign.status == 400
    assert "another listing" in foreign.body["error"]["message"]


async def test_deleting_while_walking_never_skips_or_repeats(api: RawApi, fake: FakeVogent) -> None:
    """A cursor names an item, not an offset: deletions before it shift nothing."""
    ids = [m["id"] for m in fake.models] + fake.models.seed(6)
    first = await api.call("GET", "/models", params={"limit": "3"})
    fake.models.delete(ids[0])
    fake.models.delete(ids[1])

    rest = await api.call("GET", "/models", params={"limit": "50", "cursor": first.body["cursor"]})

    assert [m["id"] for m in first.body["data"] + rest.body["data"]] == ids
    assert rest.body["cursor"] is None


def test_a_collection_creates_gets_updates_and_deletes_by_id() -> None:
    """The CRUD of a collection works on copies; unknown ids are KeyErrors naming the id."""
    models = FakeVogent().models
    stock = len(models)
    created = models.create(_MODEL)
    created["name"] = "changed outside"

    updated = models.update(created["id"], {"name": "renamed", "id": "ignored"})
    removed = models.delete(created["id"])

    assert updated == {**_MODEL, "id": created["id"], "name": "renamed"}
    assert removed == updated
    assert len(models) == stock
    assert created["id"] not in models
    with pytest.raises(KeyError, match=created["id"]):
        models.get(created["id"])


def test_seeding_refuses_taken_ids_and_negative_counts() -> None:
    """An id already present, or a negative count, is a ValueError."""
    models = FakeVogent(seed=3).models
    stock = len(models)
    models.seed([{**_MODEL, "id": "m1"}])

    with pytest.raises(ValueError, match="already taken"):
        models.seed([{**_MODEL, "id": "m1"}])
    with pytest.raises(ValueError, match=">= 0"):
        models.seed(-1)
    assert [m["id"] for m in models][stock:] == ["m1"]
    assert f"models items={stock + 1}" in repr(models)


def test_generated_items_follow_the_seed() -> None:
    """Equal seeds give equal generated models; another seed gives others."""
    one, two, other = FakeVogent(seed=5), FakeVogent(seed=5), FakeVogent(seed=6)
    for fake in (one, two, other):
        fake.models.seed(4)

    assert list(one.models) == list(two.models) != list(other.models)


def test_an_unknown_group_is_an_attribute_error() -> None:
    """fake.<name> exists only for the collections the fake keeps."""
    with pytest.raises(AttributeError, match="agentz"):
        _ = FakeVogent().agentz
