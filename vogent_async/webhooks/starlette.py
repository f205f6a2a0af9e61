"""Receive Vogent webhooks in a Starlette or FastAPI application.

Needs Starlette, which FastAPI brings: ``pip install 'vogent-async[fastapi]'``::

    from fastapi import FastAPI
    from vogent_async.webhooks.starlette import route

    app = FastAPI()
    app.add_api_route("/webhooks/vogent", route(secret, on_event), methods=["POST"])

With Starlette alone: ``Route("/webhooks/vogent", route(secret, on_event), methods=["POST"])``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

try:
    from starlette.requests import Request
    from starlette.responses import Response
except ImportError as exc:
    raise ImportError(
        "vogent_async.webhooks.starlette needs Starlette: pip install 'vogent-async[fastapi]'"
    ) from exc

from vogent_async.webhooks._receive import Receiver as _Receiver
from vogent_async.webhooks._receive import Unpack as _Unpack
from vogent_async.webhooks._signature import SIGNATURE_HEADER

if TYPE_CHECKING:
    from vogent_async.webhooks import OnEvent, ReceiverOptions

__all__ = ["route"]


def route(
    secret: str,
    on_event: OnEvent,
    **options: _Unpack[ReceiverOptions],
) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint (also a FastAPI route) that receives Vogent webhooks.

    It answers exactly as `vogent_async.webhooks.aiohttp.handler` does: 413 to a
    body over ``max_body_size`` (it stops reading there), 401 to a bad signature,
    400 to a body that does not fit, 200 to a redelivery of an event already
    handled successfully, 409 with ``Retry-After`` to one still being handled,
    500 when ``on_event`` raised, else 200 with the `InboundResponse` as JSON, or
    an empty body.

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

    async def receive_vogent_webhook(request: Request) -> Response:
        headers = request.headers
        reply = await receiver.receive_stream(
            request.stream,
            headers.get("content-length"),
            headers.get(SIGNATURE_HEADER),
        )
        return Response(
            reply.body,
            status_code=reply.status,
            media_type=reply.content_type,
            headers=dict(reply.headers) if reply.headers else None,
        )

    return receive_vogent_webhook
