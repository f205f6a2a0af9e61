"""Place one call, wait for it to end, and print its transcript (no webhook endpoint needed).

``call_and_wait`` is the part you use with the real API. Run this file as is
(``python docs/examples/single_call.py``) and ``main`` plays it against
`vogent_async.testing.FakeVogent` (when no ``VOGENT_API_KEY`` is set; with one it
calls for real, from the workspace's first agent and number), whose clock runs fast
so the call rings, is answered and ends; no network is needed.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio

import vogent_async
from vogent_async import Dial, DialConflictError, DialStatus, WaitTimeoutError
from vogent_async.testing import sandbox

# --8<-- [end:imports]


# --8<-- [start:call]
async def call_and_wait(
    client: vogent_async.Client,
    *,
    agent_id: str,
    number_id: str,
    to_number: str,
    poll: float = 2.0,
) -> Dial:
    """Call ``to_number`` from the number ``number_id``; return the dial once it has ended."""
    try:
        session = await client.dials.create(
            call_agent_id=agent_id,
            to_number=to_number,
            from_number_id=number_id,
            call_agent_input={"customer_name": "Ada"},
            timeout_minutes=15,
        )
    except DialConflictError as conflict:  # the idempotency key was used: that dial is ours
        if conflict.dial_id is None:
            raise
        return await client.dials.wait(conflict.dial_id, poll=poll)
    # session.dial_token is for a browser client; keep it out of logs.
    try:
        return await client.dials.wait(session.dial_id, poll=poll, timeout=20 * 60)
    except WaitTimeoutError:
        await client.dials.hangup(session.dial_id)  # past the limit: end it
        return await client.dials.get(session.dial_id)


# --8<-- [end:call]


# --8<-- [start:transcript]
def transcript(dial: Dial) -> list[str]:
    """The conversation as ``[m:ss] SPEAKER: text`` lines."""
    lines = []
    for item in dial.transcript or []:
        start = (item.start_time_ms or 0) // 1000
        lines.append(f"[{start // 60}:{start % 60:02d}] {item.speaker}: {item.text}")
    return lines


# --8<-- [end:transcript]


async def main(tick: float = 0.01) -> Dial:
    """Play the call: on a fake without a key, its clock running 10 seconds a tick."""
    async with sandbox(seed=4, speed=10 / tick) as fake, vogent_async.Client() as client:
        if fake is not None:  # the fake holds only what it is given
            [agent_id], [number_id] = fake.agents.seed(1), fake.phone_numbers.seed(1)
        else:
            [agent] = await client.agents.list(max_items=1).to_list()
            [number] = await client.phone_numbers.list(max_items=1).to_list()
            agent_id, number_id = agent.id, number.id
        dial = await call_and_wait(
            client, agent_id=agent_id, number_id=number_id, to_number="+15551234567", poll=tick
        )
    print(f"{dial.id}: {dial.status} ({dial.system_result_type}), {dial.duration_seconds}s")
    if dial.status == DialStatus.COMPLETED:
        print("\n".join(transcript(dial)))
    return dial


if __name__ == "__main__":
    asyncio.run(main())
