"""Recipe: receive Vogent webhooks in a FastAPI app, and test it end to end with FakeVogent.

The same app as the aiohttp recipe: it keeps each dial's status and
extractor result as webhooks arrive, and answers inbound calls. Serve it with
``uvicorn --factory webhooks_fastapi:from_environment`` from ``docs/examples``
(``VOGENT_WEBHOOK_SECRET`` set), or ``python docs/examples/webhooks_fastapi.py``
with ``VOGENT_API_KEY`` set too, and point the workspace's webhook URL at
``/webhooks/vogent``. Without a key the file lets a fake call five people, prints
what the app learnt from the fake's signed webhooks, and stops.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import json
import os
import socket
from typing import Any

import uvicorn
from fastapi import FastAPI

from vogent_async.testing import sandbox
from vogent_async.webhooks import (
    DialExtractor,
    DialInbound,
    DialUpdated,
    InboundResponse,
    WebhookEvent,
)
from vogent_async.webhooks.starlette import route

# --8<-- [end:imports]

# --8<-- [start:app]
Outcomes = dict[str, dict[str, Any]]


def make_app(secret: str) -> FastAPI:
    """The app: POST /webhooks/vogent receives the webhooks; ``app.state.outcomes`` holds them."""
    api = FastAPI()
    outcomes: Outcomes = {}
    api.state.outcomes = outcomes

    async def on_event(event: WebhookEvent) -> InboundResponse | None:
        # Quick work only: Vogent waits for the answer. Queue anything slow.
        if isinstance(event, DialUpdated):
            outcomes.setdefault(event.dial_id, {})["status"] = event.status
        elif isinstance(event, DialExtractor):
            outcomes.setdefault(event.dial_id, {})["result"] = event.ai_result
        elif isinstance(event, DialInbound) and not event.deadline.expired:
            return InboundResponse(call_agent_input={"caller": event.source_number or ""})
        return None

    api.add_api_route("/webhooks/vogent", route(secret, on_event), methods=["POST"])
    return api


# --8<-- [end:app]


async def main(rows: int = 5) -> tuple[Outcomes, Any] | None:
    """Serve the app with uvicorn on a free loopback port; let a FakeVogent call ``rows`` people.

    Returns what the app learnt, and its answer to an inbound call; None, having
    played nothing, when ``VOGENT_API_KEY`` is set (the fake is the sandbox's).
    """
    secret = "whsec-recipe-only"
    api = make_app(secret)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    server = uvicorn.Server(uvicorn.Config(api, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if serving.done():
                serving.result()  # start-up failed: raise its error
            await asyncio.sleep(0.01)
        url = f"http://{host}:{port}/webhooks/vogent"
        async with sandbox(webhook_url=url, webhook_secret=secret) as fake:
            if fake is None:
                return None  # a key: Vogent itself sends the webhooks, see __main__
            fake.seed_jobs(1, status="ACTIVE", rows=rows)
            fake.advance(24 * 3600)  # every dial finishes; its webhooks are queued...
            await fake.wait_for_webhooks()  # ...and delivered, signed, to the app
            inbound = await fake.send_webhook(
                DialInbound(dial_id="in-1", source_number="+15550100")
            )
    finally:
        server.should_exit = True
        await serving
        sock.close()
    outcomes: Outcomes = api.state.outcomes
    return outcomes, json.loads(inbound.response)


def from_environment() -> FastAPI:
    """The app, with the secret from ``VOGENT_WEBHOOK_SECRET`` (for ``uvicorn --factory``)."""
    return make_app(os.environ["VOGENT_WEBHOOK_SECRET"])


if __name__ == "__main__":
    played = asyncio.run(main())
    if played is None:  # a key is set: receive Vogent's webhooks until interrupted
        uvicorn.run(from_environment(), host="127.0.0.1", port=8000)
    else:
        print(json.dumps({"outcomes": played[0], "inbound answer": played[1]}, indent=2))
