"""Receive Vogent webhooks in an `aiohttp.web` application.

::

    from aiohttp import web
    from vogent_async.webhooks import DialUpdated, WebhookEvent
    from vogent_async.webhooks.aiohttp import handler

    async def on_event(event: WebhookEvent) -> None:
        if isinstance(event, DialUpdated):
            print(event.dial_id, event.status)

    app = web.Application()
    app.router.add_post("/webhooks/vogent", handler(secret, on_event))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import hdrs, web

from vogent_async.webhooks._receive import Receiver as _Receiver
from vogent_async.webhooks._receive import Unpack as _Unpack
from vogent_async.webhooks._signature import SIGNATURE_HEADER

if TYPE_CHECKING:
    from vogent_async.webhooks import OnEvent, ReceiverOptions

__all__ = ["handler"]


def handler(
    secret: str,
    on_event: OnEvent,
    **options: _Unpack[ReceiverOptions],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """An `aiohttp.web` request handler that receives Vogent webhooks.

    It reads the raw body once, up to ``max_body_size`` (413 past it, before the
    signature is checked; the app's ``client_max_size`` does not apply), and
    answers 401 to a bad signature, 400 to a body that does not fit, 200 to a
    redelivery of an event already handled successfully (by
    `vogent_async.webhooks.event_key`), 409 with ``Retry-After`` to one whose
    first delivery is still being handled, 500 when ``on_event`` raised (Vogent
    retries), else 200 with ``on_event``'s `InboundResponse` as JSON, or an
    empty body. Keep ``on_event`` quick: queue slow work.

    Args:
        secret: The workspace's webhook signing secret.
        on_event: Called once per new event; an async function (a plain one
            would block the event loop and is refused).
        **options: ``seen``, ``inbound_budget`` and ``max_body_size``, see
            `ReceiverOptions`.

    Raises:
        TypeError: An argument has the wrong type, or ``on_event`` is not async.
        ValueError: ``secret`` is empty, ``inbound_budget`` or ``max_body_size``
            not positive.
    """
    receiver = _Receiver(secret, on_event, **options)

    async def receive_vogent_webhook(request: web.Request) -> web.Response:
        headers, content = request.headers, request.content
        reply = await receiver.receive_stream(
            content.iter_any,
            headers.get(hdrs.CONTENT_LENGTH),
            headers.get(SIGNATURE_HEADER),
            content.readexactly,  # aiohttp's parser never gives more than Content-Length
        )
        return web.Response(
            status=reply.status,
            body=reply.body or None,
            content_type=reply.content_type,
            headers=dict(reply.headers) if reply.headers else None,
        )

    return receive_vogent_webhook
