"""How the fake delivers webhooks: signed POSTs, one at a time, retried, recorded.

The fake's retry policy: a delivery answered with a status outside 2xx, or
not answered at all, is tried again after 0.05 s, 0.1 s and 0.2 s, so at most
`MAX_ATTEMPTS` times; then it is given up. A redirect (3xx) is such a status:
it is never followed, so a body only ever goes to the URL that was checked.
Deliveries go one at a time, in the order they were queued. Every attempt is
recorded as a `WebhookDelivery`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import attrs

from vogent_async._transport._loopback import is_loopback
from vogent_async.webhooks import SIGNATURE_HEADER, WebhookEvent, encode_event, sign

__all__ = ["MAX_ATTEMPTS", "WebhookDelivery", "WebhookSender", "check_webhook_url"]

MAX_ATTEMPTS = 4
"""How many times the fake tries one webhook before giving it up."""
_FIRST_BACKOFF = 0.05  # seconds; doubled after each failed attempt
_ATTEMPT_TIMEOUT = 10.0  # seconds one POST may take


@attrs.frozen
class WebhookDelivery:
    """One attempt of the fake to deliver a webhook.

    Attributes:
        event: The event name (``"dial.updated"``), ``None`` for a function call.
        body: The exact bytes posted.
        signature: The ``X-Elto-Signature`` sent with them.
        attempt: 1 for the first try, 2 for the first retry, ...
        status: The receiver's HTTP status, ``None`` when it did not answer.
        response: The receiver's response body (an `InboundResponse`, say).
        error: Why there was no answer (connection refused, timeout), else ``None``.
    """

    event: str | None
    body: bytes = attrs.field(repr=False)
    signature: str = attrs.field(repr=False)
    attempt: int
    status: int | None
    response: bytes = attrs.field(default=b"", repr=False)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the receiver answered with a 2xx status."""
        return self.status is not None and 200 <= self.status < 300

    def json(self) -> Any:
        """The body, decoded."""
        return json.loads(self.body)


def check_webhook_url(url: object, *, allow_remote: bool) -> str:
    """``url`` if it is an http(s) URL to a loopback host (any host with ``allow_remote``).

    Raises:
        ValueError: It is not, naming ``webhook_url``.
    """
    if not isinstance(url, str):
        raise TypeError(f"webhook_url must be a str, got {type(url).__name__}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("webhook_url must be an http:// or https:// URL with a host")
    if not allow_remote and not is_loopback(parts.hostname):
        raise ValueError(
            f"webhook_url must point at a loopback address (127.0.0.1, ::1, localhost), "
            f"got {parts.hostname!r}; pass webhook_allow_remote=True to send elsewhere"
        )
    return url


class WebhookSender:
    """Signs webhook bodies and POSTs them, in order, retrying as the module says.

    Args:
        url: The receiver; loopback only unless ``allow_remote``.
        secret: The webhook signing secret (never shown).
        allow_remote: Allow a URL to a host that is not loopback.
    """

    def __init__(self, url: str, secret: str, *, allow_remote: bool = False) -> None:
        self.url = check_webhook_url(url, allow_remote=allow_remote)
        if not isinstance(secret, str) or not secret:
            raise ValueError("webhook_secret must be a non-empty str")
        self._secret = secret
        self.deliveries: list[WebhookDelivery] = []
        self._queue: deque[tuple[str | None, bytes, asyncio.Future[WebhookDelivery] | None]]
        self._queue = deque()
        self._worker: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        """How the backoff waits (tests replace it to record the delays)."""

    def __repr__(self) -> str:
        return f"<WebhookSender {self.url} deliveries={len(self.deliveries)}>"

    def queue(self, bodies: list[tuple[str | None, Any]]) -> None:
        """Deliver these ``(event name, JSON body)`` after those queued, without waiting."""
        for name, body in bodies:
            self._queue.append((name, _dumps(body), None))
        self._kick()

    async def send(self, event: WebhookEvent) -> WebhookDelivery:
        """Deliver one event after those queued; return its last attempt."""
        body = encode_event(event)
        waiter: asyncio.Future[WebhookDelivery] = asyncio.get_running_loop().create_future()
        self._queue.append((event.event, body, waiter))
        self._kick()
        return await waiter

    async def drain(self) -> None:
        """Return once every queued webhook was delivered or given up."""
        while self._queue or (self._worker is not None and not self._worker.done()):
            self._kick()
            assert self._worker is not None
            await asyncio.shield(self._worker)

    async def close(self) -> None:
        """Stop delivering (what is still queued is dropped) and close the connections."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        for _, _, waiter in self._queue:
            if waiter is not None and not waiter.done():
                waiter.cancel()
        self._queue.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _kick(self) -> None:
        if self._worker is not None and not self._worker.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop yet: `drain` starts the delivery
        self._worker = loop.create_task(self._run())

    async def _run(self) -> None:
        while self._queue:
            name, body, waiter = self._queue.popleft()
            last = await self._deliver(name, body)
            if waiter is not None and not waiter.done():
                waiter.set_result(last)

    async def _deliver(self, name: str | None, body: bytes) -> WebhookDelivery:
        signature = sign(body, self._secret)
        attempt = 1
        while True:
            record = await self._attempt(name, body, signature, attempt)
            self.deliveries.append(record)
            if record.ok or attempt == MAX_ATTEMPTS:
                return record
            await self.sleep(_FIRST_BACKOFF * 2 ** (attempt - 1))
            attempt += 1

    async def _attempt(
        self, name: str | None, body: bytes, signature: str, attempt: int
    ) -> WebhookDelivery:
        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=_ATTEMPT_TIMEOUT)
            self._session = aiohttp.ClientSession(timeout=timeout)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
        try:
            async with self._session.post(
                self.url, data=body, headers=headers, allow_redirects=False
            ) as resp:
                answer = await resp.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            return WebhookDelivery(name, body, signature, attempt, None, error=error)
        return WebhookDelivery(name, body, signature, attempt, resp.status, answer)


def _dumps(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
