"""Place one call, wait for it to end, and print its transcript (no webhook endpoint needed).

``call_and_wait`` is the part you use with the real API. Run this file as is
(``python docs/examples/single_call.py``) and ``main`` plays it against
`vogent_async.testing.FakeVogent`, whose clock a background task moves forward
so the call rings, is answered and ends; no key and no network are needed.
"""

from __future__ import annotations

import asyncio
import contextlib

import vogent_async
from vogent_async import Dial, DialConflictError, DialStatus, WaitTimeoutError
from vogent_async.testing import FakeVogent


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
    """Play the call against the fake server, its clock running 10 seconds a tick."""
    async with FakeVogent(seed=4) as fake:
        # The fake holds only what it is given: an agent and a number to call from.
        [agent_id] = fake.agents.seed(1)
        [number_id] = fake.phone_numbers.seed(1)

        async def clock() -> None:
            while True:
                await asyncio.sleep(tick)
                fake.advance(10)

        ticking = asyncio.create_task(clock())
        try:
            async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
                dial = await call_and_wait(
                    client,
                    agent_id=agent_id,
                    number_id=number_id,
                    to_number="+15551234567",
                    poll=tick,
                )
        finally:
            ticking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticking
    print(f"{dial.id}: {dial.status} ({dial.system_result_type}), {dial.duration_seconds}s")
    if dial.status == DialStatus.COMPLETED:
        print("\n".join(transcript(dial)))
    return dial


if __name__ == "__main__":
    asyncio.run(main())
