"""The retry loop driven through its `Send` seam: no server, no aioresponses."""

from __future__ import annotations

import asyncio
import json
import random

import pytest

import vogent_async
from vogent_async._transport import _throttle
from vogent_async._transport._loop import Transport
from vogent_async._transport._options import CallConfig
from vogent_async._transport._retry import Failure, RetryPolicy
from vogent_async._transport._secret import Secret
from vogent_async._transport._send import Outgoing, Received, Unreachable
from vogent_async._transport._shared import Shared
from vogent_async._transport._throttle import Throttle

from .conftest import API_KEY, SleepRecorder

Outcome = Received | Unreachable
NO_WAIT = RetryPolicy(initial_delay=0.0, max_delay=0.0)


class Script:
    """A `Send` that answers from a list, records each request, and can yield in between."""

    def __init__(self, *outcomes: Outcome, pauses: int = 0) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[Outgoing] = []
        self.pauses = pauses
        self.cancel_requested = False
        self.sent_after_cancel = 0

    async def __call__(self, request: Outgoing, budget: float | None) -> Outcome:
        self.sent_after_cancel += self.cancel_requested
        self.requests.append(request)
        for _ in range(self.pauses):
            await asyncio.sleep(0)
        return self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]


def ok(body: object = None) -> Received:
    return Received(200, {}, json.dumps(body if body is not None else {"ok": True}).encode())


def status(code: int, body: bytes = b"{}", **headers: str) -> Received:
    return Received(code, headers, body)


def reset(sends: int = 1) -> Unreachable:
    error = vogent_async.APIConnectionError("GET /x: reset", method="GET", path="/x")
    return Unreachable(error, Failure.MAYBE_SENT, sends)


def transport(
    send: Script, *, max_retries: int = 2, concurrency: int | None = None, sleep: object = None
) -> Transport:
    shared = Shared(
        send=send,
        secret=Secret(API_KEY),
        base_url="https://api.test/api",
        throttle=Throttle(concurrency, SleepRecorder() if sleep is None else sleep),  # type: ignore[arg-type]
        policy=NO_WAIT,
    )
    return Transport(shared, CallConfig(timeout=5.0, max_retries=max_retries))


async def test_a_2xx_is_decoded_and_a_5xx_retried() -> None:
    """A 500 then a 200: two requests, the 200's JSON returned."""
    send = Script(status(500), ok({"n": 1}))
    response = await transport(send).request("GET", "/x")
    assert response.data == {"n": 1}
    assert len(send.requests) == 2


async def test_a_deeply_nested_5xx_body_is_an_internal_server_error_and_retried() -> None:
    """A 502 whose body is 100k '[' maps to InternalServerError and is retried like any 5xx."""
    send = Script(status(502, b"[" * 100_000))
    with pytest.raises(vogent_async.InternalServerError) as info:
        await transport(send).request("GET", "/x")
    assert len(send.requests) == 3
    assert info.value.status_code == 502


async def test_a_deeply_nested_2xx_body_is_a_response_validation_error() -> None:
    """A 200 whose body nests too deeply raises ResponseValidationError, not RecursionError."""
    send = Script(Received(200, {}, b"[" * 100_000))
    with pytest.raises(vogent_async.ResponseValidationError, match="not valid JSON"):
        await transport(send).request("GET", "/x")
    assert len(send.requests) == 1


async def test_a_resend_by_the_http_library_counts_against_the_retries() -> None:
    """An attempt that went out twice uses a retry; resends stop when no retry is left."""
    send = Script(reset(sends=2), reset(sends=1))
    with pytest.raises(vogent_async.APIConnectionError):
        await transport(send, max_retries=2).request("GET", "/x")
    assert [r.may_resend for r in send.requests] == [True, False]


async def test_a_create_may_never_be_resent() -> None:
    """A request that is not idempotent is handed over with may_resend=False."""
    send = Script(ok())
    await transport(send).request("POST", "/x", idempotent=False)
    assert [r.may_resend for r in send.requests] == [False]


async def test_per_call_options_and_views_reach_the_sender() -> None:
    """with_options() layers settings over the client's; a call's options win for that call."""
    send = Script(status(500))
    view = transport(send, max_retries=2).with_options({"extra_headers": {"X-A": "1"}})
    with pytest.raises(vogent_async.InternalServerError):
        await view.request("GET", "/x", max_retries=0, extra_headers={"X-B": "2"})
    assert len(send.requests) == 1
    assert send.requests[0].headers == {"X-A": "1", "X-B": "2"}
    assert view.config.max_retries == 2


async def test_a_lone_surrogate_in_a_parameter_is_refused_before_sending() -> None:
    """A query value that is not valid Unicode raises InvalidRequestError naming it."""
    send = Script(ok())
    with pytest.raises(vogent_async.InvalidRequestError, match="cursor"):
        await transport(send).request("GET", "/x", params={"cursor": "a\ud800"})
    assert send.requests == []


async def _hold_slot(release: asyncio.Event, throttle: Throttle) -> None:
    await throttle.acquire(5.0, None, "holder")
    try:
        await release.wait()
    finally:
        throttle.release()


@pytest.mark.parametrize("wait", ["running-python", "python-3.10"])
@pytest.mark.parametrize("idempotent", [True, False], ids=["get", "create"])
async def test_a_cancelled_call_always_raises_and_never_sends_after_the_cancel(
    idempotent: bool, wait: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled at a random point (slot queue, send, backoff), a call raises CancelledError.

    Seeded: 300 tries per kind, each cancelling after 0-12 loop turns while the
    only request slot changes hands; a cancel that lands as the slot is granted
    must win too, and no request may start once the cancel was requested. The
    slot wait used on Python 3.10 runs here too, whatever Python runs the suite.
    """
    if wait == "python-3.10":
        monkeypatch.setattr(_throttle, "acquire_within", _throttle.acquire_with_wait)
    rng = random.Random(19)
    for _ in range(300):
        send = Script(status(503), ok(), pauses=rng.randint(0, 3))
        client = transport(send, concurrency=1, sleep=_yield)
        release = asyncio.Event()
        holder = asyncio.ensure_future(_hold_slot(release, client._shared.throttle))
        await asyncio.sleep(0)
        call = asyncio.ensure_future(client.request("POST", "/x", idempotent=idempotent))
        for turn in range(rng.randint(0, 12)):
            if turn == 2:
                release.set()
            await asyncio.sleep(0)
        release.set()
        send.cancel_requested = True
        requested = call.cancel()
        await asyncio.wait({call, holder})
        if requested:
            assert call.cancelled(), "a cancelled call finished anyway"
        assert send.sent_after_cancel == 0
        assert client._shared.throttle._slots is not None
        assert client._shared.throttle._slots.free == 1, "a slot leaked"


async def _yield(delay: float) -> None:
    await asyncio.sleep(0)


async def test_the_python_310_slot_wait_times_out_and_leaks_nothing() -> None:
    """acquire_with_wait raises TimeoutError when no slot comes, and the slot count holds."""
    slots = _throttle.Slots(1)
    await slots.take()
    with pytest.raises(asyncio.TimeoutError):
        await _throttle.acquire_with_wait(slots, 0.01)
    slots.release()
    await _throttle.acquire_with_wait(slots, 1.0)
    assert slots.locked()
    slots.release()
    await asyncio.sleep(0)
    assert slots.free == 1


async def test_slots_go_first_come_first_served_and_none_jumps_the_queue() -> None:
    """Waiters get released slots in order; a free slot is not taken past a waiter."""
    slots = _throttle.Slots(1)
    assert slots.take_now()
    order: list[int] = []

    async def wait(n: int) -> None:
        await slots.take()
        order.append(n)

    waiters = [asyncio.ensure_future(wait(n)) for n in range(3)]
    await asyncio.sleep(0)
    slots.release()  # handed to waiter 0, not made free
    assert slots.free == 0, "a slot was free while tasks waited"
    assert not slots.take_now()
    for _ in range(3):
        await asyncio.sleep(0)
        if len(order) < 3:
            slots.release()
    await asyncio.gather(*waiters)
    assert order == [0, 1, 2]
    slots.release()
    assert slots.free == 1


async def test_a_cancelled_slot_wait_takes_no_slot() -> None:
    """Cancelled while waiting, or just as its slot was handed over, a wait leaves none taken."""
    slots = _throttle.Slots(1)
    assert slots.take_now()
    waiting = asyncio.ensure_future(slots.take())
    await asyncio.sleep(0)
    waiting.cancel()  # still in line
    with pytest.raises(asyncio.CancelledError):
        await waiting
    granted = asyncio.ensure_future(slots.take())
    after = asyncio.ensure_future(slots.take())
    await asyncio.sleep(0)
    slots.release()  # handed to `granted`...
    granted.cancel()  # ...which is cancelled before it runs: the slot goes on to `after`
    with pytest.raises(asyncio.CancelledError):
        await granted
    await asyncio.wait_for(after, 1)
    assert slots.free == 0
    assert slots.locked()
    slots.release()
    assert slots.free == 1
    assert not slots.locked()
