"""What every web-framework receiver shares: verify, decode, de-duplicate, call, answer.

The adapters (`vogent_async.webhooks.aiohttp`, `vogent_async.webhooks.starlette`)
only hand over the body's stream, its ``Content-Length`` and the signature header,
and turn a `Reply` into their framework's response.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypedDict, TypeVar

import attrs

from vogent_async._transport._options import Unpack, check_seconds
from vogent_async._transport._within import Deadlines, within
from vogent_async.errors import WebhookPayloadError, WebhookSignatureError
from vogent_async.webhooks._body import MAX_BODY_SIZE, read_capped
from vogent_async.webhooks._decode import check_inbound_budget, json_key, parse_checked
from vogent_async.webhooks._dedupe import MemorySeenStore, SeenStore
from vogent_async.webhooks._events import INBOUND_BUDGET, DialInbound, WebhookEvent
from vogent_async.webhooks._inbound import InboundResponse
from vogent_async.webhooks._signature import HmacKey

__all__ = ["STORE_TIMEOUT", "OnEvent", "Receiver", "ReceiverOptions", "Reply", "Unpack"]

logger = logging.getLogger("vogent_async.webhooks")
T = TypeVar("T")


class OnEvent(Protocol):
    """A webhook handler: an async function returning an `InboundResponse` to answer, or None.

    It must be a coroutine function (``async def``, an object whose ``__call__`` is
    one, or a ``functools.partial`` of one): a plain function would block the event
    loop, past the inbound deadline, so receivers refuse it. Run blocking work with
    ``await asyncio.to_thread(...)``.

    A protocol rather than a ``Callable`` alias, so that it carries this docstring on
    every supported Python (an alias has none on 3.10).
    """

    def __call__(self, event: WebhookEvent, /) -> Awaitable[InboundResponse | None]:
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
        max_body_size: The largest body read, in bytes (1 MiB by default); a
            longer one is answered 413 before its signature is checked.
        store_timeout: Seconds each call to a ``seen`` store other than the
            default may take (`STORE_TIMEOUT`, 5, by default; a `dial.inbound`'s
            claim no longer than its deadline). A claim or a redelivery's check
            that takes longer is answered 503 with ``Retry-After``: nothing is
            acknowledged. Recording the outcome goes on in the background past
            it, and the request is answered as if it had been recorded.
    """

    seen: SeenStore | None
    inbound_budget: float
    max_body_size: int
    store_timeout: float


@attrs.frozen
class Reply:
    """The HTTP answer to one webhook request."""

    status: int
    body: bytes = b""
    content_type: str | None = None  # none for an empty body
    headers: tuple[tuple[str, str], ...] = ()


_OK = Reply(200)
STORE_TIMEOUT = 5.0
"""Seconds a call to a shared `SeenStore` may take by default (``store_timeout``)."""
#: What a redelivery gets while its first attempt runs: retry in a second.
_RETRY_AFTER = 1
_STORE_METHODS = ("add", "done", "is_done", "discard")


def _is_seen_store(seen: object) -> bool:
    return isinstance(seen, SeenStore) and all(
        inspect.iscoroutinefunction(getattr(seen, name)) for name in _STORE_METHODS
    )


def _check_on_event(on_event: object) -> None:
    if not callable(on_event):
        raise TypeError(f"on_event must be callable, got {type(on_event).__name__}")
    call = type(on_event).__call__  # an object's own async __call__ counts
    if not (inspect.iscoroutinefunction(on_event) or inspect.iscoroutinefunction(call)):
        raise TypeError(
            "on_event must be an async function (async def, or an object whose __call__ is "
            f"async), got a plain function {getattr(on_event, '__name__', on_event)!r}: it "
            "would block the event loop; run blocking work with await asyncio.to_thread(...)"
        )


def _check_max_body_size(size: object) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise (ValueError if isinstance(size, int) else TypeError)(
            f"max_body_size must be an int >= 1 (bytes), got {size!r}"
        )
    return size


def _error(status: int, message: str, errors: tuple[str, ...] = ()) -> Reply:
    body = {"error": message, **({"errors": list(errors)} if errors else {})}
    return Reply(status, json.dumps(body).encode(), _JSON)


def _retry_later(status: int, message: str) -> Reply:
    """`_error` with ``Retry-After``: the sender is to deliver the event again shortly."""
    return attrs.evolve(_error(status, message), headers=(("Retry-After", str(_RETRY_AFTER)),))


#: A shared store that did not answer in time: nothing acknowledged, retry in a second.
_STALLED = _retry_later(503, "the webhook store did not answer in time; retry")


class Receiver:
    """Verifies, decodes and de-duplicates webhook bodies, and hands each new event over.

    Args:
        secret: The workspace's webhook signing secret (never shown anywhere).
        on_event: Called once per new event; an async function. Return an
            `InboundResponse` to answer a `DialInbound`, else ``None``.
        **options: See `ReceiverOptions`.

    Raises:
        TypeError: An argument has the wrong type, or ``on_event`` is not async.
        ValueError: ``secret`` is empty, ``inbound_budget``, ``max_body_size`` or
            ``store_timeout`` not positive.
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
        _check_on_event(on_event)
        if seen is not None and not _is_seen_store(seen):
            raise TypeError("seen must implement SeenStore (async add, done, is_done, discard)")
        check_inbound_budget(inbound_budget)
        self._key = HmacKey(secret)  # keyed once
        self._on_event = on_event
        self.seen: SeenStore = MemorySeenStore() if seen is None else seen
        self._budget = float(inbound_budget)
        self._deadlines = Deadlines()  # one timer for every dial.inbound handler running
        self._max_body = _check_max_body_size(options.get("max_body_size", MAX_BODY_SIZE))
        store_timeout = options.get("store_timeout", STORE_TIMEOUT)
        self._store_timeout = check_seconds("store_timeout", store_timeout, allow_none=False)

    def __repr__(self) -> str:
        return f"<Receiver on_event={self._on_event!r} seen={self.seen!r}>"

    async def receive_stream(
        self,
        stream: Callable[[], AsyncIterator[bytes]],
        content_length: str | None,
        signature: str | None,
        read_exactly: Callable[[int], Awaitable[bytes]] | None = None,
    ) -> Reply:
        """Read a request's body up to ``max_body_size`` (413 past it), then `receive` it.

        ``stream()`` gives the body's chunks; ``read_exactly(n)``, when the framework
        has one, reads a body whose ``Content-Length`` is within the cap in one call
        (see `read_capped`).
        """
        body = await read_capped(stream, content_length, self._max_body, read_exactly)
        if body is None:
            logger.warning("webhook rejected: body over %d bytes", self._max_body)
            return _error(413, f"the body is larger than max_body_size ({self._max_body} bytes)")
        return await self.receive(body, signature)

    async def receive(self, body: bytes, signature: str | None) -> Reply:
        """Handle one request's raw body and ``X-Elto-Signature``; return the answer.

        401 for a bad signature, 400 for a bad body, 200 for a redelivery of an
        event whose handler succeeded (it is not called again), 409 with
        ``Retry-After`` for one whose first attempt still runs, 500 when the
        handler raised (so that Vogent retries), else 200 with the
        `InboundResponse` or an empty body.
        """
        try:
            event, data = parse_checked(body, signature, self._key, self._budget)
        except WebhookSignatureError as exc:
            logger.warning("webhook rejected: %s", exc)
            return _error(401, str(exc))
        except WebhookPayloadError as exc:
            logger.warning("webhook rejected: %s", exc)
            return _error(400, "the body does not fit the webhook schema", exc.errors)
        key = json_key(event, data)
        claiming = self._claim(key, event)
        claimed = claiming if isinstance(claiming, bool) else await claiming
        if not claimed:
            return _STALLED if claimed is None else await self._again(key)
        try:
            if type(event) is DialInbound:
                answer = await self._inbound(event)
            else:
                answer = await self._on_event(event)
            if answer is not None and not isinstance(answer, InboundResponse):
                raise TypeError(
                    f"on_event returned {type(answer).__name__}; return an InboundResponse or None"
                )
        except BaseException as exc:  # CancelledError too: a redelivery must run it again
            if (settling := self._settle(key, succeeded=False)) is not None:
                await settling
            if not isinstance(exc, Exception):
                raise
            logger.exception("webhook handler failed on %s; answered 500 for a retry", key)
            return _error(500, "the handler failed")
        if (settling := self._settle(key, succeeded=True)) is not None:
            await settling
        return _OK if answer is None else Reply(200, answer.to_bytes(), _JSON)

    def _claim(self, key: str, event: WebhookEvent) -> bool | Awaitable[bool | None]:
        """Claim ``key`` in the store: whether it was new, or ``None`` when the store stalled.

        The default store answers at once, with no coroutine of its own (nothing can
        interrupt it halfway, and a receiver spends no task on it); another store's
        answer is to be awaited, at most ``store_timeout``.
        """
        seen = self.seen
        if type(seen) is MemorySeenStore:
            return seen._claim(key)
        return self._store(seen.add(key), event)

    def _settle(self, key: str, *, succeeded: bool) -> Awaitable[None] | None:
        """Mark ``key`` done, or discard it; a cancellation of the request cannot stop it halfway.

        The default store does it at once (``None``: nothing to await), so nothing can
        interrupt it; another store's call starts at once, shielded in a task of its own,
        and the awaitable returned waits for it at most ``store_timeout`` (past it, it
        goes on in the background).
        """
        seen = self.seen
        if type(seen) is MemorySeenStore:
            seen._settle(key, succeeded=succeeded)
            return None
        return self._store(asyncio.shield(seen.done(key) if succeeded else seen.discard(key)))

    async def _store(self, call: Awaitable[T], event: WebhookEvent | None = None) -> T | None:
        """A call to a shared store, or ``None`` once it took ``store_timeout`` (it is cancelled).

        A `DialInbound`'s wait ends at its deadline too, if that comes first.
        """
        seconds = self._store_timeout
        if type(event) is DialInbound:
            seconds = min(seconds, event.deadline.remaining())
        try:
            return await within(call, seconds)
        except asyncio.TimeoutError:
            logger.warning("the webhook store did not answer within %gs", seconds)
            return None

    async def _again(self, key: str) -> Reply:
        """The answer to a redelivery: acknowledged once the first attempt succeeded."""
        done = await self._store(self.seen.is_done(key))
        if done is None:
            return _STALLED
        if done:
            logger.info("webhook %s already handled; acknowledged again", key)
            return Reply(200)
        logger.info("webhook %s is still being handled; answered 409 for a retry", key)
        return _retry_later(409, "the first delivery of this event is still being handled; retry")

    async def _inbound(self, event: DialInbound) -> InboundResponse | None:
        """``on_event`` of a `DialInbound`, cut at its deadline (then answered without values)."""
        try:
            return await self._deadlines.run(self._on_event(event), event.deadline.at)
        except asyncio.TimeoutError:
            logger.warning("dial.inbound handler passed its deadline; answered without values")
            return None
