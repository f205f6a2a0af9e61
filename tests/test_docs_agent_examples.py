"""The agent set-up guide's example file, run against the fake."""

from __future__ import annotations

import pytest

import vogent_async
from vogent_async import BatchDialJobStatus, InvalidRequestError
from vogent_async.testing import FakeVogent

from . import test_docs_examples
from .test_docs_examples import Load

load = test_docs_examples.load  # the examples' fixture: import a file fresh, env on the fake
no_key = test_docs_examples.no_key  # the same, with no key: the example starts its fake


async def test_agent_setup_plays_every_step_on_its_own_fake(
    no_key: Load, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide's script ends with an agent wired to its parts and a running job."""
    agent, job = await no_key("agent_setup.py").main()

    printed = capsys.readouterr().out.splitlines()
    assert agent.default_extractor_id is not None
    assert [link.function_definition_id for link in agent.linked_function_definitions or []]
    assert job.call_agent_id == agent.id
    assert job.status is BatchDialJobStatus.ACTIVE
    assert printed[0] == f"agent {agent.id}: prompt {agent.default_versioned_prompt_id}"


async def test_agent_setup_steps_on_a_shared_fake(load: Load, fake_vogent: FakeVogent) -> None:
    """Each step works on any fake; the revised prompt becomes the agent's default."""
    example = load("agent_setup.py")
    model = next(iter(fake_vogent.models))["id"]  # a stock model; "Ava" is a stock voice
    async with vogent_async.Client(fake_vogent.api_key, base_url=fake_vogent.base_url) as client:
        agent = await example.create_agent(client, "Ava", model)
        await example.revise_prompt(client, agent)
        revised = await client.agents.get(agent.id)
        prompts = await client.versioned_prompts.list(agent.id).to_list()
        with pytest.raises(LookupError):
            await example.create_agent(client, "Nobody", model)
        with pytest.raises(InvalidRequestError, match=r"expected E\.164"):
            await example.add_transfer(client, agent.id, " ")

    assert [p.name for p in prompts] == ["Renewal call v1", "Renewal call v2 (annual first)"]
    assert revised.default_versioned_prompt_id == prompts[1].id
