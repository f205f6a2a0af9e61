"""Receivers under pressure: redeliveries in flight, cancellation, sync handlers, big bodies."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from fastapi import FastAPI

from vogent_async.webhooks import (
    DialInbound,
    InboundResponse,
    MemorySeenStore,
    WebhookEvent,
    sign,
)
from vogent_async.webhooks import aiohttp as aiohttp_receiver
from vogent_async.webhooks import starlette as starlette_receiver
from vogent_async.webhooks._receive import Receiver

from ._serve import KINDS, PATH, serve_aiohttp, serve_asgi, serve_receiver
from .conftest import CREATED, INBOUND, SECRET, Handler
from .test_receivers import post

MIB = 1024 * 1024


class Gate:
    """An async handler whose first call waits until released, then fails or succeeds."""

    def __init__(self, fail_first: bool) -> None:
        self.events: list[WebhookEvent] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.fail_first = fail_first

    async def __call__(self, event: WebhookEvent) -> None:
        self.events.append(event)
        if len(self.events) == 1:
            self.started.set()
            await self.release.wait()
            if self.fail_first:
                raise RuntimeError("the first attempt failed")


async def post_full(url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    """POST a signed body; the status, headers and body of the answer."""
    headers = {"X-Elto-Signature": sign(body, SECRET)}
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as resp:
        return resp.status, dict(resp.headers), await resp.read()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fail_first", [True, False])
async def test_a_redelivery_during_the_first_attempt_is_not_acknowledged(
    kind: str, fail_first: bool
) -> None:
    """409 with Retry-After while the first attempt runs; after it, run again or acknowledge."""
    gate = Gate(fail_first)
    async with serve_receiver(kind, SECRET, gate) as url:
        first = asyncio.create_task(post(url, CREATED, sign(CREATED, SECRET)))
        await until(gate.started.is_set, first)
        try:
            status, headers, body = await post_full(url, CREATED)
        finally:
            gate.release.set()
        assert (status, headers.get("Retry-After")) == (409, "1")
        assert "still being handled" in json.loads(body)["error"]
        assert (await first)[0] == (500 if fail_first else 200)
        assert (await post_full(url, CREATED))[0] == 200
    assert len(gate.events) == (2 if fail_first else 1)


async def test_a_shared_store_tells_a_running_first_attempt_from_a_finished_one() -> None:
    """The redelivery reaches another receiver on the same store: 409 until the first succeeded."""
    store = MemorySeenStore()
    gate = Gate(fail_first=False)
    async with (
        serve_receiver("aiohttp", SECRET, gate, seen=store) as a,
        serve_receiver("fastapi", SECRET, gate, seen=store) as b,
    ):
        first = asyncio.create_task(post(a, CREATED, sign(CREATED, SECRET)))
        await until(gate.started.is_set, first)
        try:
            assert (await post_full(b, CREATED))[0] == 409
        finally:
            gate.release.set()
        assert (await first)[0] == 200
        assert (await post_full(b, CREATED))[0] == 200
    assert len(gate.events) == 1


def aiohttp_app(on_event: Any, seen: MemorySeenStore, **runner: Any) -> Any:
    """The aiohttp receiver served with these runner options; a context giving its URL."""
    app = web.Application()
    app.router.add_post(PATH, aiohttp_receiver.handler(SECRET, on_event, seen=seen))
    return serve_aiohttp(app, **runner)


async def until(condition: Callable[[], bool], request: asyncio.Task[Any]) -> None:
    """Return once ``condition()`` holds; fail at once if ``request`` ended first."""
    while not condition():
        if request.done():
            pytest.fail(f"the request ended first: {request.result()!r}")
        await asyncio.sleep(0.01)


async def test_a_handler_cancelled_by_a_client_disconnect_runs_again() -> None:
    """aiohttp cancels the handler when the sender hangs up; the redelivery is handled anew."""
    handler = Handler(hang=True)
    async with aiohttp_app(handler, MemorySeenStore(), handler_cancellation=True) as url:
        first = asyncio.create_task(post(url, CREATED, sign(CREATED, SECRET)))
        await until(lambda: bool(handler.events), first)
        first.cancel()  # the sender gives up and closes the connection
        while not handler.cancelled:
            await asyncio.sleep(0.01)  # the cancelled request task has ended: no until()
        handler.hang = False
        assert await post(url, CREATED, sign(CREATED, SECRET)) == (200, b"")
    assert len(handler.events) == 2


async def test_a_handler_cancelled_by_a_shutdown_runs_again_after_a_restart() -> None:
    """A server shutting down mid-handler leaves the event unseen in the shared store."""
    store = MemorySeenStore()  # shared by the server and its restart, as Redis would be
    handler = Handler(hang=True)
    async with aiohttp_app(handler, store, shutdown_timeout=0.05) as url:
        first = asyncio.create_task(post(url, CREATED, sign(CREATED, SECRET)))
        await until(lambda: bool(handler.events), first)
    assert handler.cancelled
    with pytest.raises(aiohttp.ClientError):
        await first
    handler.hang = False
    async with aiohttp_app(handler, store) as url:
        assert await post(url, CREATED, sign(CREATED, SECRET)) == (200, b"")
    assert len(handler.events) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_sync_handler_is_refused_at_registration(kind: str) -> None:
    """A plain function would block the event loop: TypeError naming on_event and async def."""
    make: Any = aiohttp_receiver.handler if kind == "aiohttp" else starlette_receiver.route
    with pytest.raises(TypeError, match=r"on_event must be an async function \(async def"):
        make(SECRET, print)
    blocked = threading.Event()
    with pytest.raises(TypeError, match="got a plain function"):
        make(SECRET, lambda event: blocked.wait(10))


@pytest.mark.parametrize("kind", KINDS)
async def test_async_callables_of_every_shape_are_accepted(kind: str) -> None:
    """async def functions, objects with an async __call__ and partials of them all work."""
    import functools

    seen: list[Any] = []

    async def record(tag: str, event: WebhookEvent) -> None:
        seen.append((tag, type(event).__name__))

    for on_event in (Handler(), functools.partial(record, "partial")):
        async with serve_receiver(kind, SECRET, on_event) as url:
            assert (await post(url, INBOUND, sign(INBOUND, SECRET)))[0] == 200
    assert seen == [("partial", "DialInbound")]


def counting(app: Any, consumed: list[int]) -> Any:
    """An ASGI app that adds up the request body bytes ``app`` reads."""

    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        async def counted() -> Any:
            message = await receive()
            consumed[0] += len(message.get("body", b""))
            return message

        await app(scope, counted, send)

    return wrapper


async def endless(sent: list[int], total: int = 64 * MIB) -> AsyncIterator[bytes]:
    """A chunked body of ``total`` bytes (no Content-Length), counting what was sent."""
    chunk = b" " * (64 * 1024)
    while sent[0] < total:
        sent[0] += len(chunk)
        yield chunk


async def test_the_starlette_receiver_stops_reading_at_the_cap() -> None:
    """A 64 MiB chunked body is cut off at 1 MiB with 413: the app reads no further."""
    consumed, sent = [0], [0]
    api = FastAPI()
    api.add_api_route(PATH, starlette_receiver.route(SECRET, Handler()), methods=["POST"])
    async with (
        serve_asgi(counting(api, consumed)) as base,
        aiohttp.ClientSession() as http,
        http.post(base + PATH, data=endless(sent)) as resp,
    ):
        assert resp.status == 413
        assert "1048576" in (await resp.json())["error"]
    assert MIB < consumed[0] <= MIB + 256 * 1024
    assert sent[0] < 64 * MIB


@pytest.mark.parametrize("kind", KINDS)
async def test_a_body_over_the_cap_is_413_before_its_signature(kind: str) -> None:
    """Declared or streamed, a body over the cap is 413, even unsigned; sending stops early."""
    sent = [0]
    async with serve_receiver(kind, SECRET, Handler()) as url, aiohttp.ClientSession() as http:
        async with http.post(url, data=io.BytesIO(b" " * (2 * MIB))) as declared:
            assert declared.status == 413
        async with http.post(url, data=endless(sent)) as streamed:
            assert streamed.status == 413
    assert sent[0] < 32 * MIB  # the rest was never read, only what socket buffers took


@pytest.mark.parametrize("kind", KINDS)
async def test_max_body_size_is_one_option_for_both_receivers(kind: str) -> None:
    """max_body_size=N: a signed body of N bytes is handled, one of N + 1 is 413."""
    fits = b'{"event":"dial.created","payload":{"dial_id":"d1"}}'
    limit = len(fits)
    handler = Handler()
    async with serve_receiver(kind, SECRET, handler, max_body_size=limit) as url:
        assert (await post(url, fits, sign(fits, SECRET)))[0] == 200
        over = fits + b" "
        assert (await post(url, over, sign(over, SECRET)))[0] == 413
    assert len(handler.events) == 1


@pytest.mark.parametrize("size", [0, -1, True, 1.5, "1"])
def test_max_body_size_is_checked(size: Any) -> None:
    """The cap must be a positive int of bytes."""
    with pytest.raises((TypeError, ValueError), match="max_body_size must be an int >= 1"):
        aiohttp_receiver.handler(SECRET, Handler(), max_body_size=size)


class SlowStore(MemorySeenStore):
    """A shared store stand-in whose ``done`` waits on the network (here, an event)."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = asyncio.Event()
        self.answer = asyncio.Event()

    async def done(self, key: str) -> None:
        self.writing.set()
        await self.answer.wait()
        await super().done(key)


async def _cancelled_once(receiver: Receiver, body: bytes, reached: asyncio.Event) -> None:
    """Receive ``body`` and cancel the request once ``reached`` is set: it raises CancelledError."""
    request = asyncio.ensure_future(receiver.receive(body, sign(body, SECRET)))
    await reached.wait()
    request.cancel()
    with pytest.raises(asyncio.CancelledError):
        await request


async def test_a_shared_store_records_a_success_even_when_the_request_is_cancelled() -> None:
    """Cancelled while the store writes ``done``: the write still completes (it is shielded)."""
    store = SlowStore()
    receiver = Receiver(SECRET, Handler(), seen=store)
    await _cancelled_once(receiver, CREATED, store.writing)
    store.answer.set()
    for _ in range(3):  # the shielded write finishes on its own
        await asyncio.sleep(0)
    (key,) = list(store._done)
    assert await store.is_done(key)


async def test_an_inbound_handler_cancelled_before_its_deadline_is_run_again() -> None:
    """A request cancelled while its dial.inbound handler runs is cancelled, not cut off.

    The cancel is not taken for the deadline (no 200 without values): it propagates,
    and the key is forgotten, so the redelivery runs the handler again.
    """
    gate = Gate(fail_first=False)
    receiver = Receiver(SECRET, gate, inbound_budget=30.0)
    await _cancelled_once(receiver, INBOUND, gate.started)
    gate.release.set()
    assert (await receiver.receive(INBOUND, sign(INBOUND, SECRET))).status == 200
    assert len(gate.events) == 2
    assert isinstance(receiver.seen, MemorySeenStore)
    assert len(receiver.seen) == 1


async def test_inbound_handlers_running_at_once_each_keep_their_own_deadline() -> None:
    """One handler hangs past its deadline, the others answer: only it is cut off."""

    async def on_event(event: WebhookEvent) -> InboundResponse | None:
        assert isinstance(event, DialInbound)
        if event.dial_id == "hang":
            await asyncio.Event().wait()
        await asyncio.sleep(0.05)
        return InboundResponse(keywords=[event.dial_id])

    receiver = Receiver(SECRET, on_event, inbound_budget=0.2)
    bodies = []
    for dial_id in ("hang", "a", "b"):
        data = json.loads(INBOUND)
        data["payload"]["dial_id"] = dial_id
        bodies.append(json.dumps(data).encode())
    replies = await asyncio.gather(*(receiver.receive(b, sign(b, SECRET)) for b in bodies))
    assert [r.status for r in replies] == [200, 200, 200]
    assert replies[0].body == b""  # cut off: answered without values
    assert [json.loads(r.body)["keywords"] for r in replies[1:]] == [["a"], ["b"]]
