"""The aiohttp sender: the only module that imports aiohttp (besides `Client`'s typing).

`AiohttpSender` does one HTTP exchange per call: it sends the request with the
key, reads the body under a size cap, and returns the raw response or an
`Unreachable` saying whether the server may have acted. Retrying, status
mapping and decoding are the retry loop's (`vogent_async._transport._loop`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import platform
from collections.abc import Mapping

import aiohttp
from aiohttp import ClientTimeout, hdrs
from aiohttp.http_exceptions import DecompressSizeError

from vogent_async._transport._aiohttp_body import open_body, stream_timeout
from vogent_async._transport._aiohttp_failures import unreachable
from vogent_async._transport._aiohttp_socket import AiohttpSocket, connect
from vogent_async._transport._secret import Secret
from vogent_async._transport._send import Opened, Outgoing, Received, Unreachable
from vogent_async._transport._upload import Form
from vogent_async._version import __version__
from vogent_async.errors import (
    EventLoopError,
    ResponseTooLargeError,
)

__all__ = ["RESENT_METHODS", "USER_AGENT", "AiohttpSender"]

logger = logging.getLogger("vogent_async")

#: The methods aiohttp resends once by itself when a kept-alive connection drops
#: under them (its ``IDEMPOTENT_METHODS``; a test keeps the two equal).
RESENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

USER_AGENT = (
    f"vogent-async/{__version__} python/{platform.python_version()} aiohttp/{aiohttp.__version__}"
)


class AiohttpSender:
    """One exchange per call over one `aiohttp.ClientSession` (the `Send` of a client).

    Args:
        secret: The API key, sent as ``Authorization: Bearer ...``.
        session: A caller's session, used as is and never closed here.
        max_connections: The connection pool size of a session made here.
        max_response_bytes: The largest body read before giving up.
        default_headers: Extra headers for every request.
    """

    def __init__(
        self,
        secret: Secret,
        *,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_response_bytes: int = 64 * 1024 * 1024,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._max_connections = max_connections
        self._max_response_bytes = max_response_bytes
        # The key's value is a HiddenStr: no frame that can raise shows it in its locals.
        self._headers: dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **(default_headers or {}),
            "Authorization": secret.bearer(),
        }
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_timeout = ClientTimeout(total=None)

    @property
    def owns_session(self) -> bool:
        """Whether the session was made here (and so must be closed here)."""
        return self._owns_session

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session, once one exists."""
        return self._session

    @property
    def pool_size(self) -> int:
        """The connection limit: ``max_connections``, or a caller's session's (0: none)."""
        if self._session is None or self._owns_session:
            return self._max_connections
        connector = self._session.connector
        return connector.limit if connector is not None else 0

    def check_loop(self) -> None:
        """Bind to the running loop on first use; refuse any other loop afterwards.

        Raises:
            EventLoopError: The client was first used in another event loop.
        """
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise EventLoopError(
                "this Client was first used in another event loop; a Client belongs to "
                "the loop it was first used in (its connections live there): create one "
                "Client per asyncio.run(), e.g. 'async with Client() as client:' inside it"
            )

    async def websocket(
        self, request: Outgoing, budget: float | None
    ) -> AiohttpSocket | Received | Unreachable:
        """Open a websocket with this sender's session and key (see `_aiohttp_socket.connect`)."""
        headers = {**self._headers, **request.headers}
        cap = self._max_response_bytes
        session = self._get_session()
        return await connect(session, request, headers, timeout=budget, max_message_bytes=cap)

    async def close(self) -> None:
        """Close the session if it was made here. Safe to call more than once."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()

    async def __call__(
        self, request: Outgoing, budget: float | None
    ) -> Received | Opened | Unreachable:
        """Do one exchange; see `vogent_async._transport._send.Send`."""
        session = self._get_session()
        headers = {**self._headers, **request.headers} if request.headers else self._headers
        if request.body is not None:
            headers = {**headers, "Content-Type": "application/json"}
        # aiohttp may resend only these methods by itself; only they need the gate.
        resends = _ResendGate(request.may_resend) if request.method in RESENT_METHODS else None
        limit = None if budget == math.inf else budget
        try:
            # Redirects are not followed: one could carry the body (and, on a loop, the
            # key inside TooManyRedirects) to a host the caller never configured.
            resp = await session.request(
                request.method,
                request.url,
                data=request.body if request.form is None else _form_data(request.form),
                headers=headers,
                timeout=stream_timeout(limit) if request.stream else self._timeout(limit),
                allow_redirects=False,
                raise_for_status=False,
                # None: the session's own middlewares (a caller's session keeps them).
                middlewares=None if resends is None else (resends, *self._callers_middlewares),
            )
            return await self._answer(resp, request, 1 if resends is None else resends.sends)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            return unreachable(exc, request, budget, 1 if resends is None else resends.sends)

    async def _answer(
        self, resp: aiohttp.ClientResponse, request: Outgoing, sends: int
    ) -> Received | Opened:
        handed_over = False
        try:
            if request.stream and 200 <= resp.status < 300:
                opened = await open_body(resp, request, sends)
                handed_over = True
                return opened
            if _exactly_declared(resp, self._max_response_bytes):  # read in one call
                body = await resp.read()
            else:
                body = await self._read(resp, request)
            return Received(resp.status, resp.headers, body, sends)
        finally:
            if not handed_over:  # what `async with session.request(...)` would do
                resp.release()
                await resp.wait_for_close()

    def _timeout(self, total: float | None) -> ClientTimeout:
        """aiohttp's timeout of ``total`` seconds; the last one is kept (it is immutable),
        as most attempts get the same budget."""
        timeout = self._last_timeout
        if timeout.total != total:
            timeout = self._last_timeout = ClientTimeout(total=total)
        return timeout

    @property
    def _callers_middlewares(self) -> tuple[aiohttp.ClientMiddlewareType, ...]:
        # A request's own middlewares replace the session's: keep a caller's session's.
        # aiohttp has no public accessor for them, hence the guarded attribute read.
        return tuple(getattr(self._session, "_middlewares", ()) or ())

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def _read(self, resp: aiohttp.ClientResponse, request: Outgoing) -> bytes:
        # Stream and count a compressed body, or one of no declared length:
        # Content-Length counts the bytes on the wire, so a small gzip body could still
        # inflate past the cap inside ``resp.read()``.
        cap = self._max_response_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in resp.content.iter_any():
                size += len(chunk)
                if size > cap:
                    raise _too_large(request, resp.status, f"exceeds max_response_bytes={cap}")
                chunks.append(chunk)
        except aiohttp.ClientPayloadError as exc:
            if _inflated_too_far(exc):  # aiohttp's own limit on what one chunk inflates to
                why = "inflates past the decompression limit (a compression bomb?)"
                raise _too_large(request, resp.status, why) from None
            raise
        return b"".join(chunks)


class _ResendGate:
    """An aiohttp middleware that lets aiohttp resend a request at most when allowed.

    aiohttp resends a request of `RESENT_METHODS` once when the connection drops
    under it; the gate counts each send, so the retry loop can charge the resend
    to the call's retries, and refuses it when no retry is left. Other methods
    (a create's POST) go without it: aiohttp never sends them twice.
    """

    def __init__(self, may_resend: bool) -> None:
        self._may_resend = may_resend
        self.sends = 0
        self._first_error: BaseException | None = None

    async def __call__(
        self, req: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        if self._first_error is not None and not self._may_resend:
            raise self._first_error  # aiohttp's resend: refused, the first failure stands
        self.sends += 1
        try:
            return await handler(req)
        except Exception as exc:
            self._first_error = exc
            raise


def _exactly_declared(resp: aiohttp.ClientResponse, cap: int) -> bool:
    """Whether the body is just the ``Content-Length`` bytes on the wire, within ``cap``.

    aiohttp's parser then delivers exactly that many bytes and never more (it
    refuses a ``Content-Length`` beside chunked encoding); a compressed body, or one
    of no declared length, is streamed and counted instead.
    """
    length = resp.content_length
    return length is not None and length <= cap and hdrs.CONTENT_ENCODING not in resp.headers


def _form_data(form: Form) -> aiohttp.FormData:
    """The multipart body of ``form``; its file is streamed from a fresh read of the source."""
    data = aiohttp.FormData()
    for name, value in form.fields.items():
        data.add_field(name, value)
    part = form.file
    data.add_field(part.name, part.open(), filename=part.filename, content_type=part.content_type)
    return data


def _inflated_too_far(exc: aiohttp.ClientPayloadError) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DecompressSizeError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _too_large(request: Outgoing, status: int, why: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{request.method} {request.path}: response body {why}",
        method=request.method,
        path=request.path,
        status_code=status,
        body="",
        errors=[f"$: body {why}"],
    )
