"""Set up an agent from code: agent, prompt, extractor, function, then a batch job with it.

Run this file as is (``python docs/examples/agent_setup.py``) and ``main``
plays it against `vogent_async.testing.FakeVogent` when no ``VOGENT_API_KEY`` is
set; no network is needed. With a key it sets up the agent in that workspace.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import json

import vogent_async
from vogent_async import (
    Agent,
    AgentType,
    AllowedNumber,
    BatchDialJob,
    BatchDialRow,
    Extractor,
    LinkedFunctionDefinition,
    TransferFunction,
    VersionedPromptInput,
)
from vogent_async.testing import sandbox

# --8<-- [end:imports]


# --8<-- [start:agent]
async def create_agent(client: vogent_async.Client, voice_name: str, model_id: str) -> Agent:
    """An agent speaking with the first voice called ``voice_name``, with its first prompt."""
    voices = await client.voices.list(name=voice_name, max_items=1).to_list()
    if not voices:
        raise LookupError(f"no voice called {voice_name!r}")
    prompt = VersionedPromptInput(
        ai_model_id=model_id,
        agent_type=AgentType.STANDARD,
        name="Renewal call v1",
        prompt="You call {{customer_name}} about renewing their plan. Be brief and kind.",
    )
    return await client.agents.create(
        name="Renewals", default_voice_id=voices[0].id, default_versioned_prompt=prompt
    )


# --8<-- [end:agent]


# --8<-- [start:prompt]
async def revise_prompt(client: vogent_async.Client, agent: Agent) -> None:
    """Try a new wording as a second version, then make it the agent's default."""
    current = await client.versioned_prompts.get(agent.id, agent.default_versioned_prompt_id or "")
    revised = await client.versioned_prompts.create(
        agent.id,
        ai_model_id=current.ai_model_id or "",
        agent_type=current.agent_type,
        name="Renewal call v2",
        prompt=(current.prompt or "") + " Offer the annual plan first.",
    )
    await client.versioned_prompts.update(
        agent.id, revised.id, name="Renewal call v2 (annual first)"
    )
    await client.agents.update(agent.id, default_versioned_prompt_id=revised.id)


# --8<-- [end:prompt]


# --8<-- [start:extractor]
async def add_extractor(client: vogent_async.Client, agent_id: str) -> Extractor:
    """Extract whether the customer renews, and when to call back, from every call."""
    schema = {
        "type": "object",
        "properties": {
            "renews": {"type": "boolean"},
            "callback_time": {"type": "string"},
        },
    }
    extractor = await client.extractors.create(
        agent_id, name="Renewal outcome", extractor_fields_json_schema=json.dumps(schema)
    )
    await client.agents.update(agent_id, call_agent_extractor_id=extractor.id)
    return extractor


# --8<-- [end:extractor]


# --8<-- [start:function]
async def add_transfer(client: vogent_async.Client, agent_id: str, to_number: str) -> None:
    """Let the agent transfer a caller who asks for a person to ``to_number``."""
    function = await client.functions.create_transfer(
        name="transfer_to_sales",
        description="Transfer the caller to a sales representative when they ask.",
        allowed_numbers=[AllowedNumber(to_number)],
    )
    if not isinstance(function, TransferFunction):  # the server's answer, by its type tag
        raise TypeError(f"expected a transfer function back, got {function!r}")
    link = LinkedFunctionDefinition(function_definition_id=function.id)
    await client.agents.update(agent_id, linked_function_definition_inputs=[link])


# --8<-- [end:function]


# --8<-- [start:job]
async def start_campaign(
    client: vogent_async.Client, agent_id: str, customers: dict[str, str]
) -> BatchDialJob:
    """A batch job calling each customer (number -> name) with the agent, started at once."""
    job = await client.batch_dial_jobs.create(
        name="Renewals (agent set up from code)",
        call_agent_id=agent_id,
        max_concurrent_dials=2,
        rows=[
            BatchDialRow(to_number=number, inputs={"customer_name": name})
            for number, name in customers.items()
        ],
    )
    return await client.batch_dial_jobs.resume(job.id)


# --8<-- [end:job]


async def main() -> tuple[Agent, BatchDialJob]:
    """Play the whole set-up (on a fake without a key), then print the agent as it ended up."""
    # Without a key, a fake: it lists stock voices and models, as Vogent does.
    async with sandbox(), vogent_async.Client() as client:
        [model] = await client.models.list(max_items=1).to_list()
        agent = await create_agent(client, "Ava", model.id)
        await revise_prompt(client, agent)
        await add_extractor(client, agent.id)
        await add_transfer(client, agent.id, "+15550100200")
        job = await start_campaign(
            client, agent.id, {"+15550100001": "Ada", "+15550100002": "Grace"}
        )
        agent = await client.agents.get(agent.id)
    print(f"agent {agent.id}: prompt {agent.default_versioned_prompt_id}")
    linked = agent.linked_function_definitions or ()
    print(f"extractor {agent.default_extractor_id}, functions {len(linked)}")
    print(f"job {job.id}: {job.status}")
    return agent, job


if __name__ == "__main__":
    asyncio.run(main())
