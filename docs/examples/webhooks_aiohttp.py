"""Recipe: receive Vogent webhooks in an aiohttp app, and test it end to end with FakeVogent.

The app keeps what it learns about each dial as webhooks arrive (the status
from ``dial.updated``, the extractor's result from ``dial.extractor``) and
answers inbound calls with the caller's number as a prompt variable. Serve it
with ``python docs/examples/webhooks_aiohttp.py`` (``VOGENT_API_KEY`` and
``VOGENT_WEBHOOK_SECRET`` set) and point the workspace's webhook URL at
``/webhooks/vogent``. Without a key it lets a fake call five people, prints what
the app learnt from the fake's signed webhooks, and stops.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import json
import os
from typing import Any

from aiohttp import web

from vogent_async.testing import sandbox
from vogent_async.webhooks import (
    DialExtractor,
    DialInbound,
    DialUpdated,
    InboundResponse,
    WebhookEvent,
)
from vogent_async.webhooks.aiohttp import handler

# --8<-- [end:imports]

# --8<-- [start:app]
Outcomes = dict[str, dict[str, Any]]
OUTCOMES = web.AppKey("outcomes", Outcomes)


def make_app(secret: str) -> web.Application:
    """The app: POST /webhooks/vogent receives the webhooks, signed with ``secret``."""
    app = web.Application()
    outcomes: Outcomes = {}
    app[OUTCOMES] = outcomes

    async def on_event(event: WebhookEvent) -> InboundResponse | None:
        # Quick work only: Vogent waits for the answer. Queue anything slow.
        if isinstance(event, DialUpdated):
            outcomes.setdefault(event.dial_id, {})["status"] = event.status
        elif isinstance(event, DialExtractor):
            outcomes.setdefault(event.dial_id, {})["result"] = event.ai_result
        elif isinstance(event, DialInbound) and not event.deadline.expired:
            return InboundResponse(call_agent_input={"caller": event.source_number or ""})
        return None

    app.router.add_post("/webhooks/vogent", handler(secret, on_event))
    return app


# --8<-- [end:app]


async def main(rows: int = 5) -> tuple[Outcomes, Any] | None:
    """Serve the app on a free loopback port and let a FakeVogent call ``rows`` people.

    Returns what the app learnt, and its answer to an inbound call; None, having
    played nothing, when ``VOGENT_API_KEY`` is set (the fake is the sandbox's).
    """
    secret = "whsec-recipe-only"
    app = make_app(secret)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}/webhooks/vogent"
    try:
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
        await runner.cleanup()
    return app[OUTCOMES], json.loads(inbound.response)


if __name__ == "__main__":
    played = asyncio.run(main())
    if played is None:  # a key is set: receive Vogent's webhooks until interrupted
        web.run_app(make_app(os.environ["VOGENT_WEBHOOK_SECRET"]), host="127.0.0.1", port=8080)
    else:
        print(json.dumps({"outcomes": played[0], "inbound answer": played[1]}, indent=2))
