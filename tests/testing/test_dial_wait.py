"""``client.dials.wait``: polling on the fake's clock, with backoff, a deadline and cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

import vogent_async
from vogent_async import DialStatus, InvalidRequestError, WaitTimeoutError
from vogent_async.resources._polling import BACKOFF, PollClock, use_clock
from vogent_async.testing import FakeVogent

from .conftest import AGENT


class FakeClock:
    """A poll clock whose sleeps move the fake server's clock instead of waiting."""

    def __init__(self, fake: FakeVogent) -> None:
        self.fake = fake
        self.now = 0.0
        self.sleeps: list[float] = []
        self.hold: asyncio.Event | None = None  # set: sleeps block until the test releases

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.hold is not None:
            await self.hold.wait()
        self.now += seconds
        self.fake.advance(seconds)


@pytest.fixture
def clock(fake: FakeVogent) -> Iterator[FakeClock]:
    """Polls in this test sleep on the fake's clock."""
    fake_clock = FakeClock(fake)
    previous = use_clock(PollClock(now=lambda: fake_clock.now, sleep=fake_clock.sleep))
    yield fake_clock
    use_clock(previous)


async def test_wait_returns_the_dial_in_a_final_status(
    fake: FakeVogent, fake_client: vogent_async.Client, clock: FakeClock
) -> None:
    """By default it waits for any final status, and returns that dial."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    dial = await fake_client.dials.wait(session.dial_id)

    assert dial.status in vogent_async.FINAL_DIAL_STATUSES
    assert dial == await fake_client.dials.get(session.dial_id)
    assert clock.sleeps


async def test_each_sleep_backs_off_up_to_max_poll(
    fake: FakeVogent, fake_client: vogent_async.Client, clock: FakeClock
) -> None:
    """poll, poll x1.5, ... capped at max_poll; one GET per sleep plus the first."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    await fake_client.dials.wait(
        session.dial_id, until={"completed", "no-answer", "busy", "failed"}, poll=1, max_poll=4
    )

    expected = [min(1 * BACKOFF**i, 4) for i in range(len(clock.sleeps))]
    assert clock.sleeps == pytest.approx(expected)
    gets = [r for r in fake.requests if r.route == "GET /dials/{id}"]
    assert len(gets) == len(clock.sleeps) + 1


async def test_until_may_name_an_intermediate_status_in_any_case(
    fake_client: vogent_async.Client, clock: FakeClock
) -> None:
    """until={'RINGING'} returns as soon as the dial rings."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    dial = await fake_client.dials.wait(
        session.dial_id, until={"RINGING", DialStatus.IN_PROGRESS}, poll=0.5
    )

    assert dial.status in ("ringing", "in-progress")


async def test_the_deadline_raises_with_the_last_dial(
    fake: FakeVogent, fake_client: vogent_async.Client, clock: FakeClock
) -> None:
    """WaitTimeoutError (a TimeoutError) after timeout seconds; the last sleep is cut to fit."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    with pytest.raises(WaitTimeoutError) as info:
        await fake_client.dials.wait(session.dial_id, until={"completed"}, poll=2, timeout=0.5)

    assert isinstance(info.value, TimeoutError)
    assert info.value.last.status == "queued"
    assert clock.sleeps == [0.5]
    assert session.dial_id in str(info.value)


async def test_each_fetch_is_bounded_by_what_is_left(
    fake_client: vogent_async.Client, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fetch's total_timeout is the time left, so one slow request cannot outlast the wait."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    sent: list[Any] = []
    call = fake_client.dials._call

    async def spy(*args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs["options"])
        return await call(*args, **kwargs)

    monkeypatch.setattr(fake_client.dials, "_call", spy)

    with pytest.raises(WaitTimeoutError):
        await fake_client.dials.wait(session.dial_id, until={"completed"}, poll=1, timeout=3)
    unbounded = await fake_client.dials.wait(
        session.dial_id,
        until={
            "queued",
            "ringing",
            "in-progress",
            "completed",
            "busy",
            "failed",
            "no-answer",
            "canceled",
        },
        timeout=None,
    )

    assert [options["total_timeout"] for options in sent[:3]] == pytest.approx([3, 2, 0.5])
    assert sent[3:] == [{}, {}]  # the last look at the deadline, and the wait without one
    assert unbounded.id == session.dial_id


async def test_cancelling_the_task_stops_the_wait(
    fake: FakeVogent, fake_client: vogent_async.Client, clock: FakeClock
) -> None:
    """A cancelled wait raises CancelledError from its sleep and sends nothing more."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    clock.hold = asyncio.Event()
    task = asyncio.create_task(fake_client.dials.wait(session.dial_id))
    while not clock.sleeps:
        await asyncio.sleep(0)
    sent = len(fake.requests)

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert len(fake.requests) == sent == 2


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"until": "completed"}, TypeError, "until must be a set"),
        ({"until": {"complete"}}, InvalidRequestError, "until: expected one of"),
        ({"until": set()}, InvalidRequestError, "at least one dial status"),
        ({"until": {3}}, InvalidRequestError, "until: expected one of"),
        ({"poll": 0}, ValueError, "poll must be"),
        ({"poll": "2"}, TypeError, "poll must be"),
        ({"poll": float("inf")}, ValueError, "poll must be a finite"),
        ({"max_poll": 1, "poll": 2}, ValueError, "max_poll must be >= poll"),
        ({"timeout": -1}, ValueError, "timeout must be"),
    ],
)
async def test_bad_arguments_are_refused_before_anything_is_sent(
    fake: FakeVogent,
    fake_client: vogent_async.Client,
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    """Each argument is checked at the door, naming it."""
    with pytest.raises(error, match=match):
        await fake_client.dials.wait("dial_1", **arguments)
    with pytest.raises(InvalidRequestError, match="dial_id"):
        await fake_client.dials.wait("")

    assert fake.requests == []


async def test_a_fetch_stalled_past_the_deadline_raises_wait_timeout_with_the_last_dial(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """On the real clock: the second GET hangs, the deadline passes during it."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    fake.faults.add("GET /dials/{id}", delay=2, after=1, times=None)

    with pytest.raises(WaitTimeoutError) as info:
        await fake_client.dials.wait(session.dial_id, until={"completed"}, poll=0.05, timeout=0.3)

    assert info.value.last.status == "queued"
    assert isinstance(info.value.__cause__, vogent_async.APITimeoutError)


async def test_a_fetch_that_times_out_before_the_deadline_raises_its_own_error(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """The client's own timeout, not the wait's: the APITimeoutError is not disguised."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    fake.faults.add("GET /dials/{id}", delay=2, times=None)
    quick = fake_client.with_options(timeout=0.1, max_retries=0)

    with pytest.raises(vogent_async.APITimeoutError) as info:
        await quick.dials.wait(session.dial_id, until={"completed"}, timeout=60)

    assert not isinstance(info.value, WaitTimeoutError)
