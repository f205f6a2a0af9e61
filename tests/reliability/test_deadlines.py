"""`Deadlines`: many awaits cut at their own deadlines by one timer, never a cancel swallowed."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest

from vogent_async._transport._within import Deadlines

EXACT = sys.version_info >= (3, 11)  # 3.10 runs each await through `within`


async def _mark(events: list[str], name: str, at: float) -> None:
    """Note ``name`` at the moment ``at``: the loop runs timers in the order of their moments,
    so a cut that comes before a later mark was on time, however busy the machine."""
    await asyncio.sleep(at - time.monotonic())
    events.append(name)


def _assert_not_cancelled() -> None:
    """The running task carries no cancel: a cut was taken back once it was handled."""
    task = asyncio.current_task()
    assert task is not None
    if sys.version_info >= (3, 11):
        assert task.cancelling() == 0


async def test_an_await_past_its_deadline_is_cut_and_its_task_goes_on() -> None:
    """A hung await raises TimeoutError at its deadline; the task is not left cancelled."""
    deadlines = Deadlines()
    start, events = time.monotonic(), list[str]()
    mark = asyncio.create_task(_mark(events, "later", start + 0.1))
    with pytest.raises(asyncio.TimeoutError):
        await deadlines.run(asyncio.sleep(10), start + 0.05)
    events.append("cut")
    assert time.monotonic() - start >= 0.05  # never early
    await mark
    assert events == ["cut", "later"]  # nor late
    _assert_not_cancelled()
    await asyncio.sleep(0)  # nothing pending: the task is not cancelled again


async def test_each_await_is_cut_at_its_own_deadline_in_any_order() -> None:
    """Deadlines given out of order are each kept, not only the earliest or the first."""
    deadlines = Deadlines()
    start, events = time.monotonic(), list[str]()

    async def wait(after: float) -> None:
        with pytest.raises(asyncio.TimeoutError):
            await deadlines.run(asyncio.sleep(10), start + after)
        assert time.monotonic() - start >= after
        events.append(f"cut {after}")

    marks = [_mark(events, f"mark {at}", start + at) for at in (0.075, 0.125, 0.2, 0.3)]
    await asyncio.gather(*(wait(after) for after in (0.15, 0.05, 0.25, 0.1)), *marks)
    assert events == [
        "cut 0.05", "mark 0.075", "cut 0.1", "mark 0.125",
        "cut 0.15", "mark 0.2", "cut 0.25", "mark 0.3",
    ]  # fmt: skip


async def test_an_await_that_ends_in_time_is_never_cancelled_later() -> None:
    """A result before the deadline is returned; the task runs on past it, uncancelled."""
    deadlines = Deadlines()
    assert await deadlines.run(asyncio.sleep(0, "done"), time.monotonic() + 0.05) == "done"
    await asyncio.sleep(0.1)  # past the deadline it had: no cancel arrives
    if sys.version_info >= (3, 11):  # nothing held for it
        assert deadlines._due == {}
        assert deadlines._cut == {}


async def test_an_await_that_raises_is_forgotten() -> None:
    """An error from the awaited code propagates and leaves nothing behind to cut later."""
    deadlines = Deadlines()

    async def fail() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await deadlines.run(fail(), time.monotonic() + 0.05)
    await asyncio.sleep(0.1)  # the deadline passes: the task is not cancelled
    assert repr(deadlines).startswith("<Deadlines")


async def test_a_cancel_from_elsewhere_is_not_taken_for_the_deadline() -> None:
    """Cancelling the task before its deadline raises CancelledError, not TimeoutError."""
    deadlines = Deadlines()
    waiting = asyncio.create_task(deadlines.run(asyncio.sleep(10), time.monotonic() + 10))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


@pytest.mark.skipif(not EXACT, reason="3.10 has no cancel count to tell the two apart")
async def test_a_cancel_in_the_same_turn_as_the_deadline_is_kept() -> None:
    """A cancel landing while the deadline also cuts the task still cancels it."""
    deadlines = Deadlines()
    loop = asyncio.get_running_loop()
    waiting = asyncio.create_task(deadlines.run(asyncio.sleep(10), time.monotonic() + 0.02))
    await asyncio.sleep(0)  # it is waiting

    def stall_then_cancel() -> None:
        time.sleep(0.05)  # the deadline passes while the loop is held
        waiting.cancel()  # then both cancels reach the task before it runs again

    loop.call_soon(stall_then_cancel)
    with pytest.raises(asyncio.CancelledError):
        await waiting


@pytest.mark.skipif(not EXACT, reason="3.10's `within` times out whatever the await does after")
async def test_a_handler_that_swallows_the_cut_keeps_its_result() -> None:
    """As with asyncio.timeout, an await that ends normally after the cut returns its result."""
    deadlines = Deadlines()

    async def stubborn() -> str:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "late"
        return "never"  # pragma: no cover

    assert await deadlines.run(stubborn(), time.monotonic() + 0.02) == "late"
    _assert_not_cancelled()


@pytest.mark.skipif(not EXACT, reason="3.10 runs each await through `within`")
async def test_one_task_runs_one_await_at_a_time() -> None:
    """Nesting runs in one task is refused: the task is the key."""
    deadlines = Deadlines()

    async def nested() -> None:
        await deadlines.run(asyncio.sleep(0), time.monotonic() + 1)

    with pytest.raises(RuntimeError, match=r"one Deadlines\.run at a time"):
        await deadlines.run(nested(), time.monotonic() + 1)


def test_it_works_across_event_loops() -> None:
    """Made once and used from one loop after another, it still cuts on time."""
    deadlines = Deadlines()

    async def quick() -> None:  # arms a timer its loop closes before it fires
        await deadlines.run(asyncio.sleep(0), time.monotonic() + 0.2)

    async def hang() -> None:  # a later deadline: the closed loop's timer would never fire
        with pytest.raises(asyncio.TimeoutError):
            await deadlines.run(asyncio.sleep(10), time.monotonic() + 0.25)

    async def hang_before_a_mark() -> None:
        events = list[str]()
        mark = asyncio.create_task(_mark(events, "later", time.monotonic() + 1))
        await hang()
        events.append("cut")
        mark.cancel()
        assert events == ["cut"]

    asyncio.run(quick())
    asyncio.run(hang_before_a_mark())
