"""`with_raw_response`: the HTTP status and headers of a successful call, for any method.

One mechanism for every method of every group: the wrapper opens a slot in a
context variable, `Resource._call` puts its response there, and the wrapper
returns it with the parsed result. No method has a raw twin.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Generic, ParamSpec, TypeVar

import attrs

from vogent_async._transport._send import Response

__all__ = ["RawResponse", "record_response", "with_raw_response"]

P = ParamSpec("P")
T = TypeVar("T")

_SLOT: contextvars.ContextVar[list[Response] | None] = contextvars.ContextVar(
    "vogent_async_raw_response", default=None
)


@attrs.frozen
class RawResponse(Generic[T]):
    """A successful call's HTTP status and headers, with what the method returns.

    Attributes:
        status_code: The HTTP status of the response (after any retries).
        headers: Its headers, looked up case-insensitively.
        parsed: The method's usual result, e.g. the `BatchDialJob`.
    """

    status_code: int
    headers: Mapping[str, str]
    parsed: T


def with_raw_response(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Wrap an API method so that it also returns the response's status and headers.

    ``method`` is any awaitable method of a client's API group, bound to it; the
    wrapper takes the same arguments::

        raw = await with_raw_response(client.batch_dial_jobs.get)(job_id)
        raw.status_code, raw.headers["content-type"], raw.parsed.status

    It works on every awaitable method. One that makes several requests (`Agents.get`
    walks the listing, `Dials.wait` polls) reports the last response received, the one
    its result came from; a retried call, the attempt that succeeded. Listings (which
    return an `AsyncPager`, not an awaitable) send nothing when called: there each
    `Page` is one response.

    Raises:
        TypeError: ``method`` returned without making an API request.
    """

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        slot: list[Response] = []
        token = _SLOT.set(slot)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            _SLOT.reset(token)
        if not slot:
            name = getattr(method, "__qualname__", repr(method))
            raise TypeError(f"{name} made no API request: wrap a method of a client's API group")
        response = slot[-1]
        return RawResponse(response.status, response.headers, parsed)

    return call


def record_response(response: Response) -> None:
    """Hand ``response`` to the `with_raw_response` call waiting for it, if there is one."""
    slot = _SLOT.get()
    if slot is not None:
        slot.append(response)
