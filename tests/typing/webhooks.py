"""How users handle webhooks, checked by ``mypy --strict`` and never run by pytest.

``assert_type`` pins the types users see; ``assert_never`` pins that `WebhookEvent`
is a closed union a ``match`` can cover; each ``type: ignore`` pins a mistake mypy
catches (strict mode reports an ignore that is no longer needed).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from fastapi import FastAPI
from typing_extensions import assert_never, assert_type

from vogent_async import DialTranscriptItem
from vogent_async.testing import FakeVogent, WebhookDelivery
from vogent_async.webhooks import (
    DialCreated,
    DialExtractor,
    DialInbound,
    DialRecordingCreated,
    DialTranscript,
    DialUpdated,
    FunctionCall,
    InboundResponse,
    MemorySeenStore,
    UnknownEvent,
    WebhookEvent,
    parse_event,
)
from vogent_async.webhooks.aiohttp import handler
from vogent_async.webhooks.starlette import route


def describe(event: WebhookEvent) -> str:
    match event:
        case DialCreated() | DialInbound() | DialRecordingCreated() | DialExtractor():
            return event.dial_id
        case DialUpdated(status=status):
            assert_type(status, str | None)
            return status or ""
        case DialTranscript(transcript=transcript):
            assert_type(transcript, list[DialTranscriptItem] | None)
            return ""
        case FunctionCall(params=params):
            assert_type(params, dict[str, Any] | None)
            return ""
        case UnknownEvent(event=name):
            assert_type(name, str | None)
            return name or ""
        case _:
            assert_never(event)


async def on_event(event: WebhookEvent) -> InboundResponse | None:
    if isinstance(event, DialInbound):
        assert_type(event.deadline.remaining(), float)
        return InboundResponse(call_agent_input={"name": "Ada"}, keywords=["Ada"])
    return None


def wire(app: web.Application, api: FastAPI, secret: str, body: bytes) -> None:
    app.router.add_post("/hook", handler(secret, on_event, seen=MemorySeenStore(100)))
    endpoint = route(secret, on_event, inbound_budget=1.5, max_body_size=8 * 1024 * 1024)
    api.add_api_route("/hook", endpoint, methods=["POST"])
    route(secret, print)  # type: ignore[arg-type]  # a sync handler is refused
    handler(secret, on_event, inbound_budget="2")  # type: ignore[arg-type]
    assert_type(parse_event(body, None, secret), WebhookEvent)


async def deliver(url: str) -> None:
    async with FakeVogent(webhook_url=url, webhook_secret="s") as fake:
        await fake.wait_for_webhooks()
        assert_type(fake.webhook_deliveries, list[WebhookDelivery])
        delivery = await fake.send_webhook(DialCreated(dial_id="d"))
        assert_type(delivery.status, int | None)
