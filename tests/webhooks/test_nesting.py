"""Deeply nested webhook bodies: a 400 with a reason, never RecursionError, with either parser."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vogent_async import WebhookPayloadError
from vogent_async.webhooks import MAX_NESTING, UnknownEvent, event_key, parse_event, sign

from ._serve import KINDS, serve_receiver
from .conftest import SECRET, Handler
from .test_receivers import post

PARSERS = ["orjson", "json"]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with orjson (the dev install) and with the json fallback."""
    if request.param == "orjson":
        pytest.importorskip("orjson")
    else:  # what pick_loads chooses when the speedups extra is not installed
        monkeypatch.setattr("vogent_async._transport._responses._loads", json.loads)
    name: str = request.param
    return name


def nested(depth: int, event: str = "dial.whatever") -> bytes:
    """A body ``depth`` levels deep, envelope included, for this event name.

    An unknown event's payload is the nest itself; ``dial.extractor`` nests its
    ``ai_result`` and ``dial.updated`` a field the event does not know.
    """
    if event == "dial.extractor":
        head, tail, depth = b'{"dial_id":"d","ai_result":{"a":', b"}}", depth - 3
    elif event == "dial.updated":
        head, tail, depth = b'{"dial_id":"d","status":"completed","x":', b"}", depth - 2
    else:
        head, tail, depth = b"", b"", depth - 1
    deep = b"[" * depth + b"]" * depth
    return b'{"event":"%s","payload":%s%s%s}' % (event.encode(), head, deep, tail)


def test_the_fallback_parser_is_the_one_that_runs(parser: str) -> None:
    """json accepts NaN where orjson refuses it: proof that the patched parser decodes."""
    body = b'{"event": "x", "payload": NaN}'
    if parser == "json":
        assert isinstance(parse_event(body, sign(body, SECRET), SECRET), UnknownEvent)
    else:
        with pytest.raises(WebhookPayloadError):
            parse_event(body, sign(body, SECRET), SECRET)


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 990, 3000, 100_000])
def test_parse_event_refuses_a_body_nested_too_deeply(parser: str, depth: int) -> None:
    """Past MAX_NESTING levels (the envelope counts) a signed body is a WebhookPayloadError."""
    body = nested(depth)
    with pytest.raises(WebhookPayloadError) as caught:
        parse_event(body, sign(body, SECRET), SECRET)
    (reason,) = caught.value.errors
    assert reason.startswith("$: ")
    assert any(word in reason for word in ("nested", "depth", "ecursion"))


def test_a_body_at_the_limit_decodes_and_gets_a_key(parser: str) -> None:
    """MAX_NESTING levels, envelope included, is still an event, whose key can be computed."""
    body = nested(MAX_NESTING)
    event = parse_event(body, sign(body, SECRET), SECRET)
    assert isinstance(event, UnknownEvent)
    assert event_key(event).startswith("dial.whatever:-:")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("depth", "event"), [(990, "dial.whatever"), (990, "dial.extractor"), (3000, "dial.updated")]
)
async def test_a_receiver_answers_400_to_a_body_nested_too_deeply(
    kind: str, parser: str, depth: int, event: str
) -> None:
    """No bare 500 (which the sender would retry forever): 400 naming why; no handler call."""
    body = nested(depth, event)
    handler = Handler()
    async with serve_receiver(kind, SECRET, handler) as url:
        status, answer = await post(url, body, sign(body, SECRET))
    assert status == 400
    reply: dict[str, Any] = json.loads(answer)
    assert any(word in reply["errors"][0] for word in ("nested", "depth", "ecursion"))
    assert handler.events == []
