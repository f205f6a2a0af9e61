"""The signing secret never shows: not in an error, a repr, a log line or a response."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from vogent_async.testing import FakeVogent
from vogent_async.webhooks import DialCreated, encode_event, parse_event, sign, verify_signature
from vogent_async.webhooks import aiohttp as aiohttp_receiver

from ._serve import KINDS, ignore, serve_receiver
from .test_receivers import post

# A secret that is also a plausible body value: if any message echoed inputs, it would show.
SECRET = "whsec-ZZ-never-shown-31337"
BODY = encode_event(DialCreated(dial_id="d1"))

FAILURES: dict[str, Callable[[], Any]] = {
    "missing signature": lambda: verify_signature(BODY, None, SECRET),
    "malformed signature": lambda: verify_signature(BODY, SECRET, SECRET),
    "wrong signature": lambda: verify_signature(BODY, sign(BODY, "x"), SECRET),
    "signed bad body": lambda: parse_event(b"[]", sign(b"[]", SECRET), SECRET),
    "bad body type": lambda: parse_event(SECRET, "0", SECRET),  # type: ignore[arg-type]
    "bad budget": lambda: parse_event(BODY, sign(BODY, SECRET), SECRET, inbound_budget=-1),
    "bad handler": lambda: aiohttp_receiver.handler(SECRET, SECRET),  # type: ignore[arg-type]
    "bad store": lambda: aiohttp_receiver.handler(SECRET, ignore, seen=SECRET),  # type: ignore[arg-type]
    "bad fake url": lambda: FakeVogent(webhook_url=SECRET, webhook_secret=SECRET),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_no_error_shows_the_secret(case: str) -> None:
    """Each refusal's message, repr and notes are free of the secret."""
    with pytest.raises(Exception) as caught:  # noqa: PT011 - every kind is checked
        FAILURES[case]()
    shown = str(caught.value) + repr(caught.value) + "".join(getattr(caught.value, "__notes__", []))
    assert SECRET not in shown


@pytest.mark.parametrize("kind", KINDS)
async def test_no_response_or_log_shows_the_secret(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """401, 400, 500 and 200 answers and every log line of the receiver are free of the secret."""
    caplog.set_level(logging.DEBUG)

    async def fail(event: Any) -> None:
        raise RuntimeError("handler failed")

    answers = []
    async with serve_receiver(kind, SECRET, fail) as url:
        answers.append(await post(url, BODY, None))
        answers.append(await post(url, BODY, SECRET))
        answers.append(await post(url, b"{}x", sign(b"{}x", SECRET)))
        answers.append(await post(url, BODY, sign(BODY, SECRET)))
    assert [status for status, _ in answers] == [401, 401, 400, 500]
    assert all(SECRET.encode() not in body for _, body in answers)
    assert SECRET not in caplog.text


async def test_no_repr_of_the_fake_or_its_deliveries_shows_the_secret() -> None:
    """The fake, its sender and its delivery records keep the secret out of their reprs."""
    async with (
        serve_receiver("aiohttp", SECRET, ignore) as url,
        FakeVogent(webhook_url=url, webhook_secret=SECRET) as fake,
    ):
        delivery = await fake.send_webhook(DialCreated(dial_id="d"))
        shown = repr(fake) + repr(fake.webhook_deliveries) + repr(delivery)
        shown += repr(fake._webhooks) + repr(vars(fake).get("_settings"))
    assert delivery.ok
    assert SECRET not in shown
