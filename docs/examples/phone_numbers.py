"""Buy a number in an area code, link it to an agent, and list the workspace's numbers.

Run this file as is (``python docs/examples/phone_numbers.py``) and ``main``
plays it against `vogent_async.testing.FakeVogent` when no ``VOGENT_API_KEY`` is
set; no network is needed. With a key it buys the numbers for real: against the
real API, buying a number costs money.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio

import vogent_async
from vogent_async import PhoneNumber
from vogent_async.testing import sandbox

# --8<-- [end:imports]


# --8<-- [start:buy]
async def buy_in_area(client: vogent_async.Client, area_code: str) -> PhoneNumber:
    """Buy the first number for sale in ``area_code``."""
    found = await client.phone_numbers.search(area_code, country="US", limit=3)
    if not found:
        raise LookupError(f"no number for sale under {area_code}")
    return await client.phone_numbers.create_purchase(number=found[0].number)


# --8<-- [end:buy]


# --8<-- [start:link]
async def link(client: vogent_async.Client, number_id: str, agent_id: str | None) -> PhoneNumber:
    """Send the number's inbound calls to ``agent_id``; ``None`` unlinks it."""
    return await client.phone_numbers.update(number_id, agent_id=agent_id)


# --8<-- [end:link]


# --8<-- [start:list]
async def numbers_by_agent(client: vogent_async.Client) -> dict[str | None, list[str]]:
    """The workspace's numbers, grouped by linked agent (``get`` shows the link)."""
    grouped: dict[str | None, list[str]] = {}
    async for listed in client.phone_numbers.list():
        number = await client.phone_numbers.get(listed.id)  # listings omit the agent
        grouped.setdefault(number.agent_id, []).append(number.number)
    return grouped


# --8<-- [end:list]


async def main() -> dict[str | None, list[str]]:
    """Buy two numbers (on a fake without a key), link one, and print the numbers by agent."""
    support = [{"id": "agent_support", "name": "Support", "language": "en"}]
    async with sandbox(lambda fake: fake.agents.seed(support)), vogent_async.Client() as client:
        first = await buy_in_area(client, "512")
        await buy_in_area(client, "415")
        await link(client, first.id, "agent_support")
        grouped = await numbers_by_agent(client)
    for agent, numbers in grouped.items():
        print(f"{agent or '(no agent)'}: {', '.join(numbers)}")
    return grouped


if __name__ == "__main__":
    asyncio.run(main())
