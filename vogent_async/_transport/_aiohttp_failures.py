"""What a failed aiohttp exchange means: its error, and whether the request may have gone.

Shared by the sender's exchanges (`_aiohttp`) and its websocket (`_aiohttp_socket`),
so both map a timeout, a refused connection or a broken one the same way.
"""

from __future__ import annotations

import asyncio

import aiohttp

from vogent_async._transport._aiohttp_body import detached
from vogent_async._transport._retry import Failure
from vogent_async._transport._send import Outgoing, Unreachable
from vogent_async.errors import APIConnectionError, APIError, APITimeoutError

__all__ = ["unreachable"]


def unreachable(
    exc: BaseException, request: Outgoing, budget: float | None, sends: int
) -> Unreachable:
    """Map a failed exchange to its error, and to whether the request may have been sent."""
    method, path = request.method, request.path
    within = "" if budget is None else f" within {budget:.1f}s"
    error: APIError
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        error = APITimeoutError(
            f"{method} {path}: could not connect{within}", method=method, path=path
        )
        failure = Failure.NOT_SENT
    elif isinstance(exc, asyncio.TimeoutError):
        error = APITimeoutError(
            f"{method} {path}: no complete response{within}", method=method, path=path
        )
        failure = Failure.MAYBE_SENT
    elif isinstance(exc, aiohttp.ClientConnectorError):
        error = APIConnectionError(
            f"{method} {path}: could not connect: {exc.os_error}", method=method, path=path
        )
        failure = Failure.NOT_SENT
    else:
        error = APIConnectionError(
            f"{method} {path}: connection failed: {type(exc).__name__}: {exc}",
            method=method,
            path=path,
        )
        failure = Failure.MAYBE_SENT
    # aiohttp's frames hold the request headers in their locals: chain the cause
    # for its type and message, without the traceback that would show them.
    if not isinstance(exc, aiohttp.ClientResponseError):  # its request_info holds headers
        error.__cause__ = detached(exc)
    return Unreachable(error, failure, max(sends, 1))
