"""client.agents, client.versioned_prompts and client.extractors against the fake."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest

import vogent_async
from vogent_async import (
    NOT_GIVEN,
    Agent,
    AgentType,
    BackgroundNoiseType,
    InvalidRequestError,
    NotFoundError,
    ResponseValidationError,
    VersionedPromptInput,
)
from vogent_async.testing import FakeVogent

from .conftest import AGENT

Client = vogent_async.Client
_PROMPT = VersionedPromptInput(
    ai_model_id="m1", agent_type=AgentType.STANDARD, name="Renewal", prompt="Be brief."
)
_SCHEMA = '{"type": "object", "properties": {"interested": {"type": "boolean"}}}'


async def _ava(client: Client) -> Agent:
    return await client.agents.create(
        name="Ava", default_voice_id="v1", default_versioned_prompt=_PROMPT
    )


async def test_an_agent_is_created_listed_found_changed_and_deleted(
    fake_client: Client, fake: FakeVogent
) -> None:
    """The whole life of an agent; delete returns it and a second delete is NotFoundError."""
    agent = await _ava(fake_client)
    listed = await fake_client.agents.list().to_list()
    found = await fake_client.agents.get(agent.id)
    changed = await fake_client.agents.update(agent.id, name="Ava 2")
    deleted = await fake_client.agents.delete(agent.id)

    assert [a.id for a in listed] == [AGENT, agent.id]  # the fixture's, then the new one
    assert found == agent
    assert changed.name == "Ava 2"
    assert deleted == changed
    with pytest.raises(NotFoundError):
        await fake_client.agents.delete(agent.id)


async def test_an_update_sends_only_what_is_given_and_none_as_null(
    fake_client: Client, fake: FakeVogent
) -> None:
    """Fields left at NOT_GIVEN stay out of the PUT body; None is sent as null."""
    [agent_id] = fake.agents.seed(1)

    await fake_client.agents.update(
        agent_id, name="New", transcriber_params=None, language=NOT_GIVEN
    )

    put = [r for r in fake.requests if r.method == "PUT"]
    assert put[0].json == {"name": "New", "transcriberParams": None}


async def test_get_walks_the_listing_for_the_agent(fake_client: Client, fake: FakeVogent) -> None:
    """No GET /agents/{id} exists: pages of 100 are read until the agent turns up."""
    ids = fake.agents.seed(230)

    agent = await fake_client.agents.get(ids[-1])

    assert agent.id == ids[-1]
    assert [r.query.get("limit") for r in fake.requests] == ["100", "100", "100"]
    with pytest.raises(NotFoundError, match="no agent with id 'nobody'"):
        await fake_client.agents.get("nobody")


async def test_get_decodes_only_the_agent_it_looks_for(
    fake_client: Client, fake: FakeVogent
) -> None:
    """The other agents of a page are skipped, not decoded: one that does not fit is no error."""
    wanted = fake.agents.seed(3)[1]
    fake.agents.create({"id": "odd", "name": 42})  # not an Agent: list() would refuse it

    agent = await fake_client.agents.get(wanted)

    assert agent.id == wanted
    with pytest.raises(ResponseValidationError):
        await fake_client.agents.list().to_list()


async def test_get_closes_its_walk_of_the_listing_itself(
    fake_client: Client, fake: FakeVogent
) -> None:
    """Left to the garbage collector, the walk is closed by a task the loop must schedule."""
    wanted = fake.agents.seed(3)[0]
    hooks = sys.get_asyncgen_hooks()
    finalized: list[object] = []

    def finalizer(generator: Any) -> None:
        finalized.append(generator)
        assert hooks.finalizer is not None
        hooks.finalizer(generator)

    sys.set_asyncgen_hooks(hooks.firstiter, finalizer)
    try:
        await fake_client.agents.get(wanted)
        gc.collect()
    finally:
        sys.set_asyncgen_hooks(*hooks)
    assert finalized == []


async def test_a_bad_agent_is_refused_at_the_door_with_every_path(
    fake_client: Client, fake: FakeVogent
) -> None:
    """Blank names and wrong types deep in the body are listed by path; nothing is sent."""
    prompt = VersionedPromptInput(ai_model_id=7, agent_type="STANDARD", name=" ")  # type: ignore[arg-type]

    with pytest.raises(InvalidRequestError) as caught:
        await fake_client.agents.create(
            name="", default_voice_id="v1", default_versioned_prompt=prompt
        )

    assert list(caught.value.problems) == [
        "name: must not be empty",
        "default_versioned_prompt.ai_model_id: expected a non-empty string, got int 7",
        "default_versioned_prompt.name: must not be empty",
    ]
    assert fake.requests == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.agents.create(name="Ava"), TypeError),
        (lambda c: c.agents.update("a1"), InvalidRequestError),
        (lambda c: c.agents.delete(".."), InvalidRequestError),
        (lambda c: c.agents.get(""), InvalidRequestError),
        (lambda c: c.extractors.list("a/b/.."), None),
    ],
)
async def test_arguments_are_checked_before_anything_is_sent(
    fake_client: Client, fake: FakeVogent, call: object, error: type[Exception] | None
) -> None:
    """A missing argument, an empty update, a dot segment, an empty id: refused at once."""
    if error is None:  # a slash inside an id is quoted, not a path: the agent is unknown
        with pytest.raises(NotFoundError):
            await call(fake_client)  # type: ignore[operator]
        assert fake.requests[0].route == "GET /agents/{agentId}/extractors"
        return
    with pytest.raises(error):
        await call(fake_client)  # type: ignore[operator]
    assert fake.requests == []


async def test_prompts_take_the_agent_first(fake_client: Client, fake: FakeVogent) -> None:
    """Create, list, get and update a prompt under its agent; another agent cannot see it."""
    one, two = fake.agents.seed(2)
    prompts = fake_client.versioned_prompts

    created = await prompts.create(
        one, ai_model_id="m1", agent_type=AgentType.STANDARD, name="Renewal", prompt="Be brief."
    )
    listed = await prompts.list(one).to_list()
    got = await prompts.get(one, created.id)
    changed = await prompts.update(one, created.id, prompt="Be kind.")

    assert listed[1:] == [created] == [got]  # a seeded agent comes with its first prompt
    assert changed.prompt == "Be kind."
    assert changed.name == "Renewal"
    with pytest.raises(NotFoundError):
        await prompts.get(two, created.id)


async def test_extractors_list_is_a_plain_list_and_goes_with_the_agent(
    fake_client: Client,
) -> None:
    """The extractor listing is one request and a list; deleting the agent deletes them."""
    agent = await _ava(fake_client)
    extractors = fake_client.extractors

    created = await extractors.create(
        agent.id, name="Outcome", extractor_fields_json_schema=_SCHEMA
    )
    listed = await extractors.list(agent.id)
    renamed = await extractors.update(agent.id, created.id, name="Result")
    got = await extractors.get(agent.id, created.id)
    await fake_client.agents.delete(agent.id)

    assert listed == [created]
    assert isinstance(listed, list)
    assert renamed == got
    assert got.extractor_fields_json_schema == _SCHEMA
    with pytest.raises(NotFoundError):
        await extractors.get(agent.id, created.id)


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        ("[1, 2]", "expected a JSON object, got list"),
        ("{nope", "not JSON"),
    ],
)
async def test_an_extractor_schema_must_be_a_json_object(
    fake_client: Client, fake: FakeVogent, schema: str, problem: str
) -> None:
    """The schema string must parse as a JSON object; nothing is sent otherwise."""
    with pytest.raises(InvalidRequestError, match=problem) as caught:
        await fake_client.extractors.create(
            "a1", name="Outcome", extractor_fields_json_schema=schema
        )

    assert caught.value.problems[0].startswith("extractor_fields_json_schema: ")
    assert fake.requests == []


async def test_an_update_sends_exactly_the_keywords_passed(
    fake_client: Client, fake: FakeVogent
) -> None:
    """agents.update(agent_id, name=...) sends exactly {"name": ...}."""
    [agent_id] = fake.agents.seed(1)

    await fake_client.agents.update(agent_id, name="New name")

    assert [r.json for r in fake.requests if r.method == "PUT"] == [{"name": "New name"}]


async def test_enum_members_are_accepted_in_every_agent_group(
    fake_client: Client, fake: FakeVogent
) -> None:
    """An enum member is sent as its value where the parameter is ``Enum | str``."""
    [agent_id] = fake.agents.seed(1)
    prompt = await fake_client.versioned_prompts.create(
        agent_id, ai_model_id="m1", agent_type=AgentType.STANDARD, name="P", prompt="Hi."
    )

    await fake_client.agents.update(agent_id, background_noise_type=BackgroundNoiseType.NOISE)
    await fake_client.versioned_prompts.update(agent_id, prompt.id, agent_type=AgentType.STANDARD)

    put = [r.json for r in fake.requests if r.method == "PUT"]
    assert put == [{"backgroundNoiseType": "noise"}, {"agentType": "STANDARD"}]


async def test_nested_models_may_be_given_as_mappings(
    fake_client: Client, fake: FakeVogent
) -> None:
    """A mapping of a model's fields is sent as the model; a wrong one names the model."""
    as_model = await _ava(fake_client)
    as_mapping = await fake_client.agents.create(
        name="Ava",
        default_voice_id="v1",
        default_versioned_prompt={
            "aiModelId": "m1",
            "agent_type": "STANDARD",
            "name": "Renewal",
            "prompt": "Be brief.",
        },
    )
    posts = [r.json for r in fake.requests if r.method == "POST"]
    assert posts[0] == posts[1]
    assert as_mapping.name == as_model.name
    with pytest.raises(InvalidRequestError, match=r"VersionedPromptInput\(\.\.\.\)"):
        await fake_client.agents.create(
            name="Ava", default_voice_id="v1", default_versioned_prompt={"text": "Hi"}
        )
