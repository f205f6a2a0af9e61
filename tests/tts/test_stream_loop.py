"""The retry loop's streaming exchange, driven through the `Send` seam (no server)."""

from __future__ import annotations

import pytest

import vogent_async
from vogent_async._transport._loop import Transport
from vogent_async._transport._options import CallConfig
from vogent_async._transport._retry import RetryPolicy
from vogent_async._transport._secret import Secret
from vogent_async._transport._send import Opened, Outgoing, Received, Unreachable
from vogent_async._transport._shared import Shared
from vogent_async._transport._throttle import Throttle

from ..conftest import API_KEY, SleepRecorder
from ..test_retry_loop import reset, status


class Body:
    """A `Body` of scripted chunks that records whether it was closed."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = list(chunks)
        self.closed = 0

    async def next(self) -> bytes:
        return self.chunks.pop(0) if self.chunks else b""

    async def close(self) -> None:
        self.closed += 1


class StreamScript:
    """A `Send` answering from a list, recording each request."""

    def __init__(self, *outcomes: Received | Opened | Unreachable) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[Outgoing] = []

    async def __call__(
        self, request: Outgoing, budget: float | None
    ) -> Received | Opened | Unreachable:
        self.requests.append(request)
        return self.outcomes.pop(0)


def transport(send: StreamScript, throttle: Throttle, max_retries: int = 2) -> Transport:
    shared = Shared(
        send=send,
        secret=Secret(API_KEY),
        base_url="https://api.test/api",
        throttle=throttle,
        policy=RetryPolicy(initial_delay=0.0, max_delay=0.0),
    )
    return Transport(shared, CallConfig(timeout=5.0, max_retries=max_retries))


async def test_a_stream_is_retried_until_it_opens_and_asks_for_a_streamed_answer() -> None:
    """A reset and a 503 before the first byte are retried; the request says stream=True."""
    body = Body(b"more")
    opened = Opened(200, {}, b"first", body)
    send = StreamScript(reset(), status(503), opened)
    got = await transport(send, Throttle(None, SleepRecorder())).stream(
        "POST", "/tts", json_body={}
    )

    assert got.first == b"first"
    assert await got.rest.next() == b"more"
    assert [r.stream for r in send.requests] == [True, True, True]
    assert send.requests[0].headers["Accept"] == "*/*"


async def test_a_stream_error_status_is_the_usual_typed_error_with_the_server_reason() -> None:
    """A 422 before any audio is an UnprocessableEntityError carrying the server's message."""
    refusal = status(422, b'{"error": {"message": "voice not found"}}')
    send = StreamScript(refusal)
    tts = transport(send, Throttle(None, SleepRecorder()))
    with pytest.raises(vogent_async.UnprocessableEntityError, match="voice not found"):
        await tts.stream("POST", "/tts", json_body={})


async def test_an_open_stream_holds_its_request_slot_until_closed_once() -> None:
    """With one slot, the slot is taken while the body is open and given back once on close."""
    throttle = Throttle(1, SleepRecorder())
    body = Body()
    send = StreamScript(Opened(200, {}, b"x", body))
    got = await transport(send, throttle).stream("POST", "/tts", json_body={})
    assert throttle._slots is not None
    assert throttle._slots.locked()

    await got.rest.close()
    await got.rest.close()

    assert not throttle._slots.locked()
    assert throttle._slots.free == 1  # released once, not twice
    assert body.closed == 2
