"""The fake's webhook sender: signed, retried with backoff, in order, recorded; loopback only."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiohttp import web

from vogent_async.testing._webhook_sender import MAX_ATTEMPTS, WebhookSender
from vogent_async.testing._webhooks import dial_webhooks
from vogent_async.webhooks import (
    DialCreated,
    DialInbound,
    DialUpdated,
    InboundResponse,
    WebhookEvent,
    parse_event,
)

from ._serve import serve_receiver
from .conftest import SECRET


def test_an_unanswered_dial_sends_only_its_lifecycle() -> None:
    """A dial without transcript, recording or result is created, rings and ends."""
    bodies = dial_webhooks({"id": "d1", "status": "no-answer"})
    assert [name for name, _ in bodies] == ["dial.created", "dial.updated", "dial.updated"]
    assert [body["payload"].get("status") for _, body in bodies] == [None, "ringing", "no-answer"]


def test_function_call_arguments_become_params() -> None:
    """JSON-object arguments are the params; anything else is kept under ``args``."""
    transcript = [
        {"text": "", "speaker": "AI", "functionCalls": [{"name": "f", "args": '{"a": 1}'}]},
        {"text": "", "speaker": "AI", "functionCalls": [{"name": "g", "args": "[1]"}]},
        {"text": "", "speaker": "AI", "functionCalls": [{"name": "h", "args": "not json"}]},
    ]
    bodies = dial_webhooks({"id": "d", "transcript": transcript})
    params = [body["params"] for name, body in bodies if name is None]
    assert params == [{"a": 1}, {"args": [1]}, {"args": "not json"}]


async def test_a_failing_receiver_is_retried_with_backoff_then_given_up() -> None:
    """Non-2xx answers are retried up to MAX_ATTEMPTS; a later 2xx stops the retries."""
    statuses = iter([503, 500, 200])

    async def flaky(request: web.Request) -> web.Response:
        return web.Response(status=next(statuses, 500))

    app = web.Application()
    app.router.add_post("/hook", flaky)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        sender = WebhookSender(url, SECRET)
        delays: list[float] = []

        async def record(delay: float) -> None:
            delays.append(delay)

        sender.sleep = record
        first = await sender.send(DialCreated(dial_id="a"))
        second = await sender.send(DialCreated(dial_id="b"))
        await sender.close()
    finally:
        await runner.cleanup()
    assert [(d.event, d.attempt, d.status) for d in sender.deliveries] == [
        ("dial.created", 1, 503),
        ("dial.created", 2, 500),
        ("dial.created", 3, 200),
        *[("dial.created", n, 500) for n in range(1, MAX_ATTEMPTS + 1)],
    ]
    assert delays == [0.05, 0.1, 0.05, 0.1, 0.2]  # doubling from 0.05 s, none after the last
    assert (first.ok, second.ok) == (True, False)
    assert second.attempt == MAX_ATTEMPTS


async def test_no_answer_is_recorded_as_an_error() -> None:
    """A receiver that is not there is recorded with no status and the connection error."""
    async with serve_receiver("aiohttp", SECRET, print) as url:
        pass  # the server is gone: its port refuses connections
    sender = WebhookSender(url, SECRET)
    last = await sender.send(DialCreated(dial_id="a"))
    await sender.close()
    assert last.status is None
    assert last.error is not None
    assert "Connect" in last.error
    assert len(sender.deliveries) == MAX_ATTEMPTS


async def test_the_receivers_answer_is_recorded() -> None:
    """An inbound event's answer comes back in the delivery's response."""

    def answer(event: WebhookEvent) -> InboundResponse:
        return InboundResponse(call_agent_input={"name": "Ada"})

    async with serve_receiver("fastapi", SECRET, answer) as url:
        sender = WebhookSender(url, SECRET)
        delivery = await sender.send(DialInbound(dial_id="d", source_number="+15550100"))
        await sender.close()
    assert json.loads(delivery.response) == {"call_agent_input": {"name": "Ada"}, "keywords": []}
    assert isinstance(parse_event(delivery.body, delivery.signature, SECRET), DialInbound)
    assert delivery.json()["payload"]["source_number"] == "+15550100"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "https://localhost/hook",
        "http://[::1]:9/x",
        "http://127.8.9.1/",
    ],
)
def test_loopback_urls_are_allowed(url: str) -> None:
    """Any loopback address or localhost is a valid webhook URL."""
    assert WebhookSender(url, SECRET).url == url


@pytest.mark.parametrize(
    ("url", "allow", "error", "words"),
    [
        ("http://example.com/hook", False, ValueError, "must point at a loopback address"),
        ("http://10.0.0.1/hook", False, ValueError, "webhook_allow_remote=True"),
        ("ftp://127.0.0.1/hook", False, ValueError, "must be an http:// or https:// URL"),
        ("127.0.0.1:8080", True, ValueError, "must be an http:// or https:// URL"),
        (8080, False, TypeError, "webhook_url must be a str"),
    ],
)
def test_other_urls_are_refused(url: Any, allow: bool, error: type[Exception], words: str) -> None:
    """Delivery leaves the machine only when explicitly allowed."""
    with pytest.raises(error, match=words):
        WebhookSender(url, SECRET, allow_remote=allow)


def test_remote_urls_need_the_explicit_flag() -> None:
    """With allow_remote, another host is accepted (nothing is sent yet)."""
    assert WebhookSender("https://example.com/hook", SECRET, allow_remote=True).url


def test_the_secret_is_required_and_never_shown() -> None:
    """An empty secret is refused; the repr and the delivery records do not show the secret."""
    with pytest.raises(ValueError, match="webhook_secret"):
        WebhookSender("http://127.0.0.1/x", "")
    sender = WebhookSender("http://127.0.0.1/x", SECRET)
    assert SECRET not in repr(sender)


def test_deliveries_queued_without_a_loop_start_when_drained() -> None:
    """Bodies queued outside an event loop are delivered by the first drain."""
    sender = WebhookSender("http://127.0.0.1:9/unused", SECRET)
    sender.queue(dial_webhooks({"id": "d1", "status": "completed"}))
    received: list[WebhookEvent] = []

    async def deliver() -> None:
        async with serve_receiver("aiohttp", SECRET, received.append) as url:
            sender.url = url
            await sender.drain()
            await sender.close()

    asyncio.run(deliver())
    assert [type(e) for e in received] == [DialCreated, DialUpdated, DialUpdated]


async def test_close_drops_what_is_still_queued() -> None:
    """Closing stops delivery at once: queued bodies are dropped, waiting senders cancelled."""
    hold = asyncio.Event()

    async def slow(event: WebhookEvent) -> None:
        await hold.wait()

    async with serve_receiver("aiohttp", SECRET, slow) as url:
        sender = WebhookSender(url, SECRET)
        sender.queue(dial_webhooks({"id": "d1"}))
        waiting = asyncio.ensure_future(sender.send(DialCreated(dial_id="d2")))
        await asyncio.sleep(0)
        await sender.close()
        hold.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    assert sender.deliveries == []


async def test_a_redirect_is_never_followed() -> None:
    """A 307 is the receiver's answer, recorded and retried: the body never goes elsewhere.

    Following it would re-post the signed body to any address the receiver names,
    around the loopback-only check of the URL.
    """
    elsewhere: list[bytes] = []

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect(location="/elsewhere")

    async def record(request: web.Request) -> web.Response:
        elsewhere.append(await request.read())
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", redirect)
    app.router.add_post("/elsewhere", record)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    sender = WebhookSender(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", SECRET)

    async def no_wait(delay: float) -> None:
        pass

    sender.sleep = no_wait
    try:
        last = await sender.send(DialCreated(dial_id="a"))
    finally:
        await sender.close()
        await runner.cleanup()
    assert elsewhere == []
    assert (last.status, last.attempt, last.ok) == (307, MAX_ATTEMPTS, False)
