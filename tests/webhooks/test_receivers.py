"""The aiohttp and FastAPI receivers: 401, 400, 200 once per event, 500 to retry, answers."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import aiohttp
import pytest

from vogent_async.webhooks import (
    DialCreated,
    DialInbound,
    InboundResponse,
    MemorySeenStore,
    WebhookEvent,
    sign,
)
from vogent_async.webhooks import aiohttp as aiohttp_receiver

from ._serve import KINDS, ignore, serve_receiver
from .conftest import CREATED, INBOUND, SECRET, Handler, sample


async def post(url: str, body: bytes, signature: str | None) -> tuple[int, bytes]:
    """POST a webhook body with this signature header (none when None)."""
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Elto-Signature"] = signature
    async with aiohttp.ClientSession() as http, http.post(url, data=body, headers=headers) as resp:
        return resp.status, await resp.read()


@pytest.mark.parametrize("kind", KINDS)
async def test_a_new_event_is_handled_once_and_acknowledged(kind: str) -> None:
    """A signed event reaches the handler decoded; a redelivery gets 200 without a second call."""
    handler = Handler()
    async with serve_receiver(kind, SECRET, handler) as url:
        assert await post(url, CREATED, sign(CREATED, SECRET)) == (200, b"")
        spaced = json.dumps(json.loads(CREATED), indent=2).encode()  # same event, other layout
        assert (await post(url, spaced, sign(spaced, SECRET)))[0] == 200
    assert handler.events == [DialCreated(dial_id="d1", dial_session_id="s1")]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_bad_signature_is_401_and_never_handled(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Missing or wrong signatures get 401; the handler never sees the body; no secret leaks."""
    handler = Handler()
    caplog.set_level(logging.DEBUG)
    async with serve_receiver(kind, SECRET, handler) as url:
        missing = await post(url, CREATED, None)
        wrong = await post(url, CREATED, sign(CREATED, "not-the-secret"))
    assert missing[0] == wrong[0] == 401
    assert b"no X-Elto-Signature" in missing[1]
    assert handler.events == []
    assert SECRET.encode() not in missing[1] + wrong[1]
    assert SECRET not in caplog.text


@pytest.mark.parametrize("kind", KINDS)
async def test_a_body_that_does_not_fit_is_400(kind: str) -> None:
    """A signed body without a dial id gets 400 naming the field; the handler is not called."""
    body = b'{"event": "dial.updated", "payload": {"status": "completed"}}'
    handler = Handler()
    async with serve_receiver(kind, SECRET, handler) as url:
        status, answer = await post(url, body, sign(body, SECRET))
    assert status == 400
    assert json.loads(answer)["errors"] == ["payload.dial_id: required field is missing"]
    assert handler.events == []


@pytest.mark.parametrize("kind", KINDS)
async def test_a_failed_handler_is_500_and_runs_again_on_redelivery(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """When the handler raises, the answer is 500 and the retried delivery is handled again."""
    handler = Handler(fail=1)
    async with serve_receiver(kind, SECRET, handler) as url:
        first = await post(url, CREATED, sign(CREATED, SECRET))
        second = await post(url, CREATED, sign(CREATED, SECRET))
    assert (first[0], second[0]) == (500, 200)
    assert len(handler.events) == 2
    assert "database is down" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("kind", KINDS)
async def test_an_inbound_call_is_answered(kind: str) -> None:
    """The handler's InboundResponse is the response body, as the documented JSON."""
    answer = InboundResponse(call_agent_input={"name": "John Doe"}, keywords=["John", "Doe"])
    handler = Handler(answer=answer)
    async with serve_receiver(kind, SECRET, handler) as url:
        status, body = await post(url, INBOUND, sign(INBOUND, SECRET))
    assert status == 200
    assert json.loads(body) == sample("dial_inbound_response")["body"]
    assert isinstance(handler.events[0], DialInbound)


@pytest.mark.parametrize("kind", KINDS)
async def test_an_inbound_handler_past_its_deadline_is_cut_off(kind: str) -> None:
    """A dial.inbound handler still running at the deadline is cancelled; 200 with no answer."""
    handler = Handler(answer=InboundResponse(keywords=["late"]), hang=True)
    async with serve_receiver(kind, SECRET, handler, inbound_budget=0.05) as url:
        assert await post(url, INBOUND, sign(INBOUND, SECRET)) == (200, b"")
    assert handler.cancelled


@pytest.mark.parametrize("kind", KINDS)
async def test_a_wrong_answer_is_500(kind: str) -> None:
    """Returning anything but an InboundResponse or None is 500."""

    async def wrong(event: WebhookEvent) -> Any:
        return "ok"

    async with serve_receiver(kind, SECRET, wrong) as url:
        assert (await post(url, CREATED, sign(CREATED, SECRET)))[0] == 500


async def test_a_shared_seen_store_spans_receivers() -> None:
    """Two receivers given one store acknowledge each other's events as duplicates."""
    store = MemorySeenStore()
    first, second = Handler(), Handler()
    async with (
        serve_receiver("aiohttp", SECRET, first, seen=store) as a,
        serve_receiver("fastapi", SECRET, second, seen=store) as b,
    ):
        await post(a, CREATED, sign(CREATED, SECRET))
        await post(b, CREATED, sign(CREATED, SECRET))
    assert (len(first.events), len(second.events)) == (1, 0)


@pytest.mark.parametrize(
    ("secret", "on_event", "options", "error", "words"),
    [
        ("", print, {}, ValueError, "secret must be the non-empty"),
        (None, print, {}, TypeError, "secret must be the non-empty"),
        (SECRET, "print", {}, TypeError, "on_event must be callable"),
        (SECRET, ignore, {"seen": set()}, TypeError, "seen must implement SeenStore"),
        (
            SECRET,
            ignore,
            {"inbound_budget": 0},
            ValueError,
            "inbound_budget must be a number of seconds above 0",
        ),
        (
            SECRET,
            ignore,
            {"store_timeout": -1},
            ValueError,
            "store_timeout must be a number of seconds above 0",
        ),
        (
            SECRET,
            ignore,
            {"store_timeout": "5"},
            TypeError,
            "store_timeout must be a number of seconds",
        ),
        (SECRET, ignore, {"inbound_budget": "1"}, TypeError, "inbound_budget must be a number"),
        (SECRET, ignore, {"budget": 1.0}, TypeError, r"unknown receiver options: \['budget'\]"),
    ],
)
def test_receiver_arguments_are_checked(
    secret: Any, on_event: Any, options: dict[str, Any], error: type[Exception], words: str
) -> None:
    """Bad arguments are refused when the handler is made, not at the first request."""
    with pytest.raises(error, match=words) as caught:
        aiohttp_receiver.handler(secret, on_event, **options)
    assert SECRET not in str(caught.value)


def test_the_receiver_repr_hides_the_secret() -> None:
    """Nothing reachable from the handler's repr shows the secret."""
    handle = aiohttp_receiver.handler(SECRET, ignore)
    receiver = handle.__closure__[0].cell_contents  # type: ignore[index]
    assert "Receiver" in repr(receiver)
    assert SECRET not in repr(receiver)


def test_the_starlette_module_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Starlette, importing the FastAPI receiver names the package to install."""
    monkeypatch.setitem(sys.modules, "starlette.requests", None)
    monkeypatch.delitem(sys.modules, "vogent_async.webhooks.starlette", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'vogent-async\[fastapi\]'"):
        import vogent_async.webhooks.starlette  # noqa: F401
