"""What every web-framework receiver shares: verify, decode, de-duplicate, call, answer.

The adapters (`vogent_async.webhooks.aiohttp`, `vogent_async.webhooks.starlette`)
only read the raw body and the signature header, and turn a `Reply` into their
framework's response.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable
from typing import Protocol, TypedDict

import attrs

from vogent_async._options import Unpack
from vogent_async.errors import WebhookPayloadError, WebhookSignatureError
from vogent_async.webhooks._decode import event_key, parse_event
from vogent_async.webhooks._dedupe import MemorySeenStore, SeenStore
from vogent_async.webhooks._events import INBOUND_BUDGET, DialInbound, WebhookEvent
from vogent_async.webhooks._inbound import InboundResponse

__all__ = ["OnEvent", "Receiver", "ReceiverOptions", "Reply", "Unpack"]

logger = logging.getLogger("vogent_async.webhooks")


class OnEvent(Protocol):
    """A webhook handler: sync or async, returning an `InboundResponse` to answer a call, or None.

    A protocol rather than a ``Callable`` alias, so that it carries this docstring on
    every supported Python (an alias has none on 3.10).
    """

    def __call__(
        self, event: WebhookEvent, /
    ) -> Awaitable[InboundResponse | None] | InboundResponse | None:
        """Handle one verified, decoded, not yet seen event."""


_JSON = "application/json"


class ReceiverOptions(TypedDict, total=False):
    """The options both receivers (aiohttp and Starlette) take as keyword arguments.

    Attributes:
        seen: Where handled events are remembered (`event_key`); a bounded
            in-memory `MemorySeenStore` by default. Share one across processes.
        inbound_budget: Seconds a `DialInbound` handler may take, `INBOUND_BUDGET`
            by default; past them it is cancelled and the call proceeds without
            an answer.
    """

    seen: SeenStore | None
    inbound_budget: float


@attrs.frozen
class Reply:
    """The HTTP answer to one webhook request."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain"


def _is_seen_store(seen: object) -> bool:
    return isinstance(seen, SeenStore) and all(
        inspect.iscoroutinefunction(getattr(seen, name)) for name in ("add", "discard")
    )


def _error(status: int, message: str, errors: tuple[str, ...] = ()) -> Reply:
    body = {"error": message, **({"errors": list(errors)} if errors else {})}
    return Reply(status, json.dumps(body).encode(), _JSON)


class Receiver:
    """Verifies, decodes and de-duplicates webhook bodies, and hands each new event over.

    Args:
        secret: The workspace's webhook signing secret (never shown anywhere).
        on_event: Called once per new event; may be async. Return an
            `InboundResponse` to answer a `DialInbound`, else ``None``.
        **options: See `ReceiverOptions`.

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: ``secret`` is empty or ``inbound_budget`` is not positive.
    """

    def __init__(self, secret: str, on_event: OnEvent, **options: Unpack[ReceiverOptions]) -> None:
        unknown = set(options) - set(ReceiverOptions.__annotations__)
        if unknown:
            raise TypeError(f"unknown receiver options: {sorted(unknown)}")
        seen = options.get("seen")
        inbound_budget = options.get("inbound_budget", INBOUND_BUDGET)
        if not isinstance(secret, str) or not secret:
            raise (ValueError if isinstance(secret, str) else TypeError)(
                "secret must be the non-empty webhook signing secret (a str)"
            )
        if not callable(on_event):
            raise TypeError(f"on_event must be callable, got {type(on_event).__name__}")
        if seen is not None and not _is_seen_store(seen):
            raise TypeError("seen must implement SeenStore (async add and discard)")
        if isinstance(inbound_budget, bool) or not isinstance(inbound_budget, (int, float)):
            raise TypeError("inbound_budget must be a number of seconds")
        if not inbound_budget > 0:
            raise ValueError(f"inbound_budget must be > 0 seconds, got {inbound_budget!r}")
        self._secret = secret
        self._on_event = on_event
        self.seen: SeenStore = MemorySeenStore() if seen is None else seen
        self._budget = float(inbound_budget)

    def __repr__(self) -> str:
        return f"<Receiver on_event={self._on_event!r} seen={self.seen!r}>"

    async def receive(self, body: bytes, signature: str | None) -> Reply:
        """Handle one request's raw body and ``X-Elto-Signature``; return the answer.

        401 for a bad signature, 400 for a bad body, 200 for a duplicate (the
        handler is not called again), 500 when the handler raised (so that
        Vogent retries), else 200 with the `InboundResponse` or an empty body.
        """
        try:
            event = parse_event(body, signature, self._secret, inbound_budget=self._budget)
        except WebhookSignatureError as exc:
            logger.warning("webhook rejected: %s", exc)
            return _error(401, str(exc))
        except WebhookPayloadError as exc:
            logger.warning("webhook rejected: %s", exc)
            return _error(400, "the body does not fit the webhook schema", exc.errors)
        key = event_key(event)
        if not await self.seen.add(key):
            logger.info("webhook %s already handled; acknowledged again", key)
            return Reply(200)
        try:
            answer = await self._call(event)
        except Exception:
            await self.seen.discard(key)
            logger.exception("webhook handler failed on %s; answered 500 for a retry", key)
            return _error(500, "the handler failed")
        if answer is None:
            return Reply(200)
        return Reply(200, answer.to_bytes(), _JSON)

    async def _call(self, event: WebhookEvent) -> InboundResponse | None:
        if isinstance(event, DialInbound):
            try:
                return await asyncio.wait_for(self._run(event), event.deadline.remaining())
            except asyncio.TimeoutError:
                logger.warning("dial.inbound handler passed its deadline; answered without values")
                return None
        return await self._run(event)

    async def _run(self, event: WebhookEvent) -> InboundResponse | None:
        result = self._on_event(event)
        if inspect.isawaitable(result):
            result = await result
        if result is not None and not isinstance(result, InboundResponse):
            raise TypeError(
                f"on_event returned {type(result).__name__}; return an InboundResponse or None"
            )
        return result
