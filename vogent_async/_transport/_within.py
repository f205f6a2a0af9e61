"""Awaiting something for at most a number of seconds, without ``asyncio.wait_for``.

``asyncio.wait_for`` runs the awaitable in a task of its own (an extra task and
loop turn per call before Python 3.12) and, on 3.10 and 3.11, can swallow a
cancellation that lands as the awaitable finishes. `within` uses
``asyncio.timeout`` (3.11+), in the caller's own task, or ``asyncio.wait`` on 3.10.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["within"]

T = TypeVar("T")

if sys.version_info >= (3, 11):

    async def within(operation: Awaitable[T], seconds: float) -> T:
        """``await operation``; cancel it and raise ``TimeoutError`` after ``seconds``."""
        async with asyncio.timeout(seconds):
            return await operation

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
