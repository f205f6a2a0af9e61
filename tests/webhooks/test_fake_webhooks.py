"""FakeVogent(webhook_url=...): finished dials reach a real receiver as signed webhooks."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import vogent_async
from vogent_async.testing import FakeVogent
from vogent_async.webhooks import (
    DialCreated,
    DialExtractor,
    DialInbound,
    DialRecordingCreated,
    DialTranscript,
    DialUpdated,
    FunctionCall,
    InboundResponse,
    WebhookEvent,
    parse_event,
)

from ._serve import Received, ignore, serve_receiver
from .conftest import SECRET


async def test_finished_dials_are_delivered_in_order() -> None:
    """Each finished dial sends its lifecycle, function calls, recording, transcript, result."""
    received = Received()
    async with (
        serve_receiver("aiohttp", SECRET, received) as url,
        FakeVogent(webhook_url=url, webhook_secret=SECRET) as fake,
    ):
        fake.seed_jobs(1, status="ACTIVE", rows=12)
        assert fake.webhook_deliveries == []  # seeding is the past: nothing is sent
        finished = fake.advance(3600)
        await fake.wait_for_webhooks()
        deliveries = list(fake.webhook_deliveries)
    assert finished == 12
    by_dial: dict[str, list[WebhookEvent]] = {}
    for event in received:
        by_dial.setdefault(getattr(event, "dial_id", ""), []).append(event)
    assert len(by_dial) == 12
    for events in by_dial.values():
        kinds = [type(event) for event in events]
        calls = kinds.count(FunctionCall)
        answered = DialTranscript in kinds
        tail = [DialRecordingCreated, DialTranscript, DialExtractor] if answered else []
        ringing = [DialUpdated] * (2 if answered else 1)
        assert kinds == [DialCreated, *ringing, *[FunctionCall] * calls, DialUpdated, *tail]
        statuses = [event.status for event in events if isinstance(event, DialUpdated)]
        assert statuses[: len(ringing)] == ["ringing", "in-progress"][: len(ringing)]
        assert statuses[-1] not in ("ringing", "in-progress", None)
    assert all(d.ok and d.attempt == 1 for d in deliveries)
    assert len(deliveries) == len(received)


async def test_deliveries_are_signed_with_the_secret() -> None:
    """Every recorded body verifies with the fake's secret (the default one when not given)."""
    async with (
        serve_receiver("fastapi", "test-webhook-secret", ignore) as url,
        FakeVogent(webhook_url=url) as fake,
    ):
        fake.seed_jobs(1, status="ACTIVE", rows=2)
        fake.finish_dials(2)
        await fake.wait_for_webhooks()
    names = Counter(d.event for d in fake.webhook_deliveries)
    assert names["dial.created"] == 2
    assert names["dial.updated"] >= 4  # ringing and the final status, at least
    for delivery in fake.webhook_deliveries:
        parse_event(delivery.body, delivery.signature, "test-webhook-secret")
    assert "test-webhook-secret" not in repr(fake) + repr(fake.webhook_deliveries)


async def test_dials_of_a_job_created_over_http_are_delivered() -> None:
    """A campaign run through the client ends in one final dial.updated per row."""
    statuses: list[str | None] = []

    async def on_event(event: WebhookEvent) -> None:
        if isinstance(event, DialUpdated) and event.status not in ("ringing", "in-progress"):
            statuses.append(event.status)

    async with (
        serve_receiver("aiohttp", SECRET, on_event) as url,
        FakeVogent(webhook_url=url, webhook_secret=SECRET) as fake,
    ):
        async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
            job = await client.batch_dial_jobs.create(
                name="Webhooks",
                call_agent_id=fake.agents.seed(1)[0],
                max_concurrent_dials=2,
                rows=[vogent_async.BatchDialRow(to_number=f"+1555010000{i}") for i in range(5)],
            )
            await client.batch_dial_jobs.resume(job.id)
        fake.advance(24 * 3600)
        await fake.wait_for_webhooks()
    assert len(statuses) == 5
    assert all(statuses)


async def test_an_inbound_call_can_be_answered() -> None:
    """send_webhook delivers any event; the receiver's answer is in the delivery record."""

    async def on_event(event: WebhookEvent) -> InboundResponse | None:
        if isinstance(event, DialInbound):
            return InboundResponse(call_agent_input={"caller": event.source_number or ""})
        return None

    async with (
        serve_receiver("fastapi", SECRET, on_event) as url,
        FakeVogent(webhook_url=url, webhook_secret=SECRET) as fake,
    ):
        delivery = await fake.send_webhook(DialInbound(dial_id="d", source_number="+15550100"))
    assert delivery.ok
    assert delivery.response == b'{"call_agent_input": {"caller": "+15550100"}, "keywords": []}'


async def test_without_a_url_nothing_is_delivered() -> None:
    """A fake made without webhook_url records nothing and refuses send_webhook."""
    async with FakeVogent() as fake:
        fake.seed_jobs(1, status="ACTIVE", rows=2)
        fake.advance(3600)
        await fake.wait_for_webhooks()
        assert fake.webhook_deliveries == []
        with pytest.raises(RuntimeError, match="no webhook_url"):
            await fake.send_webhook(DialCreated(dial_id="d"))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"webhook_secret": SECRET}, "webhook_secret needs a webhook_url"),
        ({"webhook_url": "https://hooks.example.com/vogent"}, "must point at a loopback address"),
        ({"webhook_url": "http://127.0.0.1:9/", "webhook_secret": ""}, "webhook_secret must be"),
    ],
)
def test_webhook_options_are_checked(options: dict[str, Any], words: str) -> None:
    """A secret without a URL, a URL off this machine, or an empty secret is refused."""
    with pytest.raises(ValueError, match=words):
        FakeVogent(**options)


def test_a_remote_url_needs_the_explicit_flag() -> None:
    """webhook_allow_remote=True accepts a URL to another host."""
    FakeVogent(webhook_url="https://hooks.example.com/vogent", webhook_allow_remote=True)
