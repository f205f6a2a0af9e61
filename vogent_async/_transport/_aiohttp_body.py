"""A 2xx body read as it arrives, for the aiohttp sender's streaming exchange.

`open_body` waits for the first bytes of a response (until then a failure is the
attempt's, and the retry loop may retry it) and hands back an `Opened` whose
`AiohttpBody` reads the rest. A failure after that is never retried: it raises
`APIConnectionError` (`APITimeoutError` when the server went quiet) saying how
many bytes had arrived, so that a cut never passes for a short, complete body.
"""

from __future__ import annotations

import asyncio

import aiohttp

from vogent_async._transport._send import Opened, Outgoing
from vogent_async.errors import APIConnectionError, APITimeoutError

__all__ = ["AiohttpBody", "detached", "open_body", "stream_timeout"]


def stream_timeout(budget: float | None) -> aiohttp.ClientTimeout:
    """No bound on the whole exchange, ``budget`` on connecting and on each wait for bytes."""
    return aiohttp.ClientTimeout(total=None, sock_connect=budget, sock_read=budget)


async def open_body(resp: aiohttp.ClientResponse, request: Outgoing, sends: int) -> Opened:
    """Read the first bytes of ``resp`` (a 2xx) and hand back the rest to be streamed.

    Raises:
        aiohttp.ClientError, asyncio.TimeoutError: Before the first byte, for the
            sender to classify as any failed attempt.
    """
    first = await resp.content.readany()
    body = AiohttpBody(resp, request, len(first), done=not first)
    return Opened(resp.status, resp.headers, first, body, sends)


class AiohttpBody:
    """The rest of a streamed aiohttp response (the `_send.Body` of the sender).

    Args:
        resp: The response, its first bytes already read.
        request: The request, for messages.
        received: How many body bytes were read before.
        done: Whether the body already ended.
    """

    def __init__(
        self, resp: aiohttp.ClientResponse, request: Outgoing, received: int, *, done: bool
    ) -> None:
        self._resp = resp
        self._what = request
        self.received = received
        self._done = done

    async def next(self) -> bytes:
        """The next bytes; ``b""`` at the end. See `vogent_async._transport._send.Body.next`."""
        if self._done:
            return b""
        cut: APIConnectionError | None = None
        try:
            chunk = await self._resp.content.readany()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            cut = self._cut(exc)
        if cut is not None:  # raised here, not in the except: no aiohttp frame rides along
            self._done = True
            self._resp.close()
            raise cut
        if not chunk:
            self._done = True
            self._resp.release()
        self.received += len(chunk)
        return chunk

    async def close(self) -> None:
        """Return the connection to the pool after a complete body; drop it otherwise."""
        if self._done:
            self._resp.release()
        else:
            self._done = True
            self._resp.close()

    def _cut(self, exc: BaseException) -> APIConnectionError:
        method, path, got = self._what.method, self._what.path, self.received
        cls = APITimeoutError if isinstance(exc, asyncio.TimeoutError) else APIConnectionError
        why = "no more bytes came in time" if cls is APITimeoutError else "the connection was cut"
        error = cls(
            f"{method} {path}: {why} after {got} bytes of the body had arrived "
            f"({type(exc).__name__}: {exc}); the body is incomplete",
            method=method,
            path=path,
        )
        error.__cause__ = detached(exc)
        return error


def detached(exc: BaseException) -> BaseException:
    """``exc`` and its chain without tracebacks (so no frame's locals come along)."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return exc
