"""`Shared`: what a client and every `with_options` view of its transport hold in common.

The sender, the key, the base URL, the throttle and budget, the retry policy, and
the hooks that bind the event loop and close the session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs

from vogent_async._transport._budget import Budget, LocalBudget
from vogent_async._transport._retry import RetryPolicy
from vogent_async._transport._secret import Secret
from vogent_async._transport._send import Send
from vogent_async._transport._socket import OpenSocket
from vogent_async._transport._throttle import Throttle

__all__ = ["Shared"]


@attrs.define
class Shared:
    """What a client and every `with_options` view of it share.

    Attributes:
        send: Does one HTTP exchange.
        secret: The key, to redact from what a server echoes.
        base_url: The API root, without a trailing slash.
        throttle: Request slots, the ``Retry-After`` pause and the sleep between attempts.
        policy: What is retried and how long to wait.
        budget: When attempts may go; by default `throttle`'s slots and pause.
        bind_loop: Called at each call's start; raises when used from another loop.
        close_send: Releases what ``send`` holds (the session).
        open_socket: Opens a websocket like one exchange (see `_websocket.open_websocket`).
        closed: Whether `Transport.close` was called on any of them.
    """

    send: Send
    secret: Secret
    base_url: str
    throttle: Throttle
    policy: RetryPolicy = attrs.field(factory=RetryPolicy)
    budget: Budget = attrs.field(
        default=attrs.Factory(lambda self: LocalBudget(throttle=self.throttle), takes_self=True)
    )
    bind_loop: Callable[[], None] | None = None
    close_send: Callable[[], Awaitable[None]] | None = None
    open_socket: OpenSocket | None = None
    closed: bool = False
