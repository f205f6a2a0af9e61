"""Vogent webhooks: verify the signature, decode typed events, answer inbound calls.

::

    from vogent_async.webhooks import DialUpdated, parse_event

    event = parse_event(body, request.headers.get("X-Elto-Signature"), secret)
    if isinstance(event, DialUpdated):
        print(event.dial_id, event.status)

Receivers for web frameworks live in `vogent_async.webhooks.aiohttp` and
`vogent_async.webhooks.starlette` (FastAPI too); ``FakeVogent(webhook_url=...)``
delivers signed events to them in tests.
"""

from vogent_async.errors import WebhookPayloadError, WebhookSignatureError
from vogent_async.webhooks._decode import MAX_NESTING, encode_event, event_key, parse_event
from vogent_async.webhooks._dedupe import MemorySeenStore, SeenStore
from vogent_async.webhooks._events import (
    INBOUND_BUDGET,
    Deadline,
    DialCreated,
    DialExtractor,
    DialInbound,
    DialRecordingCreated,
    DialTranscript,
    DialUpdated,
    FunctionCall,
    UnknownEvent,
    WebhookEvent,
)
from vogent_async.webhooks._inbound import InboundResponse
from vogent_async.webhooks._receive import STORE_TIMEOUT, OnEvent, ReceiverOptions
from vogent_async.webhooks._signature import SIGNATURE_HEADER, sign, verify_signature

__all__ = [
    "INBOUND_BUDGET",
    "MAX_NESTING",
    "SIGNATURE_HEADER",
    "STORE_TIMEOUT",
    "Deadline",
    "DialCreated",
    "DialExtractor",
    "DialInbound",
    "DialRecordingCreated",
    "DialTranscript",
    "DialUpdated",
    "FunctionCall",
    "InboundResponse",
    "MemorySeenStore",
    "OnEvent",
    "ReceiverOptions",
    "SeenStore",
    "UnknownEvent",
    "WebhookEvent",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "encode_event",
    "event_key",
    "parse_event",
    "sign",
    "verify_signature",
]
