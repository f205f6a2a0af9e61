"""Awaiting something for at most a number of seconds, without ``asyncio.wait_for``.

``asyncio.wait_for`` runs the awaitable in a task of its own (an extra task and
loop turn per call before Python 3.12) and, on 3.10 and 3.11, can swallow a
cancellation that lands as the awaitable finishes. `within` uses
``asyncio.timeout`` (3.11+), in the caller's own task, or ``asyncio.wait`` on 3.10.

`Deadlines` does the same for many awaits at once, with one timer for all of them:
``asyncio.timeout`` arms a timer of its own per await and leaves it cancelled in the
loop's heap, about 4 µs a call, which a webhook receiver would pay on every
``dial.inbound``.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

__all__ = ["Deadlines", "within"]

T = TypeVar("T")

if sys.version_info >= (3, 11):

    async def within(operation: Awaitable[T], seconds: float) -> T:
        """``await operation``; cancel it and raise ``TimeoutError`` after ``seconds``."""
        async with asyncio.timeout(seconds):
            return await operation

    class Deadlines:
        """Cuts awaits at their deadlines, with one timer for all of them.

        Each `run` puts its task in a dict with its deadline; one timer waits for the
        earliest. When it fires, every task past its deadline is cancelled, and the
        timer is armed again for the earliest of the rest. An await that ends in
        time only leaves the dict. A deadline is kept as exactly as by
        ``asyncio.timeout``, whatever order the deadlines come in, and a
        cancellation from elsewhere, even one landing in the same loop turn as
        the deadline, is never taken for the deadline: the task's cancel count
        (``Task.uncancel``) tells them apart, as ``asyncio.timeout`` does.

        One `run` at a time per task. The state follows the running loop: used
        from another loop, it starts again.
        """

        __slots__ = ("_cut", "_due", "_loop", "_timer", "_when")

        def __init__(self) -> None:
            #: task -> (deadline, its cancel count when it began): those not yet cut.
            self._due: dict[asyncio.Task[Any], tuple[float, int]] = {}
            #: task -> its cancel count when it began: those cut, not yet woken.
            self._cut: dict[asyncio.Task[Any], int] = {}
            self._loop: asyncio.AbstractEventLoop | None = None
            self._timer: asyncio.TimerHandle | None = None
            self._when = math.inf  # the timer's deadline, in time.monotonic seconds

        def __repr__(self) -> str:
            return f"<Deadlines {len(self._due)} waiting>"

        async def run(self, operation: Awaitable[T], at: float) -> T:
            """``await operation``; cancel it and raise ``TimeoutError`` at ``at``.

            ``at`` is a moment on the `time.monotonic` clock.
            """
            task = asyncio.current_task()
            if task is None:  # pragma: no cover - a coroutine always runs in a task
                raise RuntimeError("Deadlines.run must be awaited in a task")
            loop = task.get_loop()
            if loop is not self._loop:
                self._restart(loop)
            due = self._due
            if task in due or task in self._cut:
                if isinstance(operation, Coroutine):
                    operation.close()  # refused: never to be awaited
                raise RuntimeError("a task awaits one Deadlines.run at a time")
            due[task] = (at, task.cancelling())
            if at < self._when:
                self._arm(at)
            try:
                result = await operation
            except BaseException as exc:
                if self._release(task) and isinstance(exc, asyncio.CancelledError):
                    raise TimeoutError from None
                raise
            self._release(task)  # cut as it ended: its result stands, as with asyncio.timeout
            return result

        def _release(self, task: asyncio.Task[Any]) -> bool:
            """Forget ``task``; whether it was cut at its deadline and nothing else cancelled it."""
            if self._due.pop(task, None) is not None:
                return False
            return task.uncancel() <= self._cut.pop(task)

        def _restart(self, loop: asyncio.AbstractEventLoop) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._due.clear()
            self._cut.clear()
            self._loop, self._timer, self._when = loop, None, math.inf

        def _arm(self, at: float) -> None:
            assert self._loop is not None
            if self._timer is not None:
                self._timer.cancel()
            self._timer = self._loop.call_later(at - time.monotonic(), self._expire)
            self._when = at

        def _expire(self) -> None:
            """Cut every task past its deadline; wait for the earliest of the others."""
            self._timer, self._when = None, math.inf
            now, due = time.monotonic(), self._due
            for task in [task for task, (at, _) in due.items() if at <= now]:
                self._cut[task] = due.pop(task)[1]
                task.cancel()
            if due:
                self._arm(min(at for at, _ in due.values()))


else:  # pragma: no cover - Python 3.10: never asyncio.wait_for, which can swallow a cancel

    async def within(operation: Awaitable[T], seconds: float) -> T:
        """``await operation``; cancel it and raise ``TimeoutError`` after ``seconds``."""
        task = asyncio.ensure_future(operation)
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            done, _ = await asyncio.wait({task}, timeout=seconds)
        finally:
            task.cancel()  # a no-op once it is done
        if not done:
            raise asyncio.TimeoutError
        return task.result()

    class Deadlines:
        """`within` for each await: Python 3.10 keeps no cancel count to tell a cut apart."""

        __slots__ = ()

        def __repr__(self) -> str:
            return "<Deadlines>"

        async def run(self, operation: Awaitable[T], at: float) -> T:
            """``await operation``; cancel it and raise ``TimeoutError`` at ``at``."""
            return await within(operation, at - time.monotonic())
