"""The transport: the only module that imports aiohttp.

One `Transport.request` path serves every endpoint: it builds the URL, sends
JSON with the bearer token, bounds each attempt and the whole call in time,
reads the body under a size cap, maps failures to the package's errors and
retries what the policy in `vogent_async._retry` allows.
"""

from __future__ import annotations

import asyncio
import json
import logging
import platform
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import aiohttp
import attrs
from yarl import URL

from vogent_async._options import RequestOptions, Unpack, check_options
from vogent_async._responses import decode_json, status_error
from vogent_async._retry import Failure, RetryPolicy, parse_retry_after
from vogent_async._throttle import NoSlot, OutOfTime, Throttle
from vogent_async._version import __version__
from vogent_async.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    RateLimitError,
    ResponseTooLargeError,
)

logger = logging.getLogger("vogent_async")

USER_AGENT = (
    f"vogent-async/{__version__} python/{platform.python_version()} aiohttp/{aiohttp.__version__}"
)

Sleep = Callable[[float], Awaitable[None]]
Params = Mapping[str, str | int | None]
_T = TypeVar("_T")


@attrs.frozen
class Response:
    """A 2xx response: status, headers, the raw body and the parsed JSON."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    data: Any


@attrs.frozen
class _Attempt:
    """Why one attempt failed, for the retry loop."""

    error: APIError
    failure: Failure
    retry_after: float | None = None


class Transport:
    """Sends requests for one client over one `aiohttp.ClientSession`.

    Args:
        api_key: The bearer token. Never logged, never put in an error.
        base_url: The API root, e.g. ``https://api.vogent.ai/api``.
        timeout: Seconds one attempt may take.
        max_retries: Retries after the first attempt.
        total_timeout: Seconds the whole call may take, retries and waits
            included; ``None`` for no bound beyond ``timeout`` per attempt.
        session: A caller's session, used as is and never closed here.
        max_connections: The connection pool size of a session made here.
        max_concurrency: Requests in flight at once across every task.
        max_response_bytes: The largest body read before giving up.
        default_headers: Extra headers for every request.
        retry_policy: What is retried and how long to wait.
        sleep: The sleep used between attempts (tests swap in a recorder).
    """

    _default_sleep: Sleep = staticmethod(asyncio.sleep)

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeout: float,
        max_retries: int,
        total_timeout: float | None = None,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_concurrency: int | None = None,
        max_response_bytes: int = 64 * 1024 * 1024,
        default_headers: Mapping[str, str] | None = None,
        retry_policy: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._timeout = timeout
        self._max_retries = max_retries
        self._total_timeout = total_timeout
        self._session = session
        self._owns_session = session is None
        self._max_connections = max_connections
        self._max_response_bytes = max_response_bytes
        self._headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **(default_headers or {}),
            "Authorization": f"Bearer {api_key}",
        }
        self._secret = api_key.encode()
        self._policy = retry_policy or RetryPolicy()
        self._sleep = sleep or self._default_sleep
        # Tasks beyond the pool size queue here, not inside aiohttp's pool, so that a
        # Retry-After pause that begins while they wait still holds them back.
        pool = max_connections if session is None else _pool_size(session)
        self._throttle = Throttle(max_concurrency or pool or None, self._sleep)
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    @property
    def owns_session(self) -> bool:
        """Whether the session was made here (and so must be closed here)."""
        return self._owns_session

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session, once one exists."""
        return self._session

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def close(self) -> None:
        """Close the session if it was made here. Safe to call more than once."""
        self._closed = True
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()

    def url(self, path: str, params: Params | None) -> URL:
        """Join base URL, an already-quoted path, and query parameters quoted byte for byte."""
        query = ""
        if params:
            kept = {k: str(v) for k, v in params.items() if v is not None}
            query = "?" + urlencode(kept, quote_via=quote, safe="") if kept else ""
        return URL(self._base + path + query, encoded=True)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        idempotent: bool = True,
        **options: Unpack[RequestOptions],
    ) -> Response:
        """Send one API call, retrying as the policy allows, and return its 2xx response.

        Args:
            method: HTTP method.
            path: Path below the base URL, segments already quoted.
            params: Query parameters; ``None`` values are left out.
            json_body: Data sent as the JSON body.
            idempotent: Whether sending the request twice is harmless.
            **options: Per-call overrides (`RequestOptions`), checked here.

        Raises:
            ClientClosedError: The client was closed.
            APIStatusError: The API answered with an error status.
            APIConnectionError: No usable response, after any retries.
            APITimeoutError: An attempt or the deadline ran out.
            ResponseValidationError: A 2xx body that is not JSON.
        """
        if self._closed:
            raise ClientClosedError("this client is closed; create a new one")
        checked = check_options(options)
        retries = _given(checked.get("max_retries"), self._max_retries)
        per_attempt = _given(checked.get("timeout"), self._timeout)
        total = _given(checked.get("total_timeout"), self._total_timeout)
        extra = checked.get("extra_headers") or {}
        deadline = None if total is None else time.monotonic() + total
        url = self.url(path, params)
        data = None if json_body is None else json.dumps(json_body, separators=(",", ":"))
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._attempt(
                method, path, url, data, extra, per_attempt, deadline, attempt
            )
            if isinstance(outcome, Response):
                return outcome
            retry = attempt  # the retry this failure would lead to (1-based)
            delay = self._policy.delay(retry, outcome.retry_after)
            if outcome.retry_after is not None:
                # Every task of this client holds off, whether or not this one retries.
                self._throttle.pause(delay)
            if retry > retries or not self._policy.should_retry(
                outcome.failure, status=_status(outcome.error), idempotent=idempotent
            ):
                raise outcome.error
            if deadline is not None and time.monotonic() + delay > deadline:
                if isinstance(outcome.error, RateLimitError):
                    raise outcome.error  # its retry_after says when to come back
                raise _deadline_error(method, path, total) from outcome.error
            logger.info(
                "retrying %s %s after %s (attempt %d of %d) in %.2fs",
                method,
                path,
                _reason(outcome.error),
                attempt + 1,
                retries + 1,
                delay,
            )
            if outcome.retry_after is None:
                await self._sleep(delay)
            # else: the shared pause set above holds the next attempt in the throttle,
            # so waiting here as well would wait twice.

    async def _attempt(
        self,
        method: str,
        path: str,
        url: URL,
        data: str | None,
        extra: Mapping[str, str],
        per_attempt: float,
        deadline: float | None,
        attempt: int,
    ) -> Response | _Attempt:
        try:
            budget = await self._throttle.acquire(per_attempt, deadline, f"{method} {path}")
        except OutOfTime as exc:
            if exc.paused_for:
                logger.debug("%s %s: the API's pause outlasts total_timeout", method, path)
            raise _deadline_error(method, path, None) from None
        except NoSlot as exc:
            error = APITimeoutError(
                f"{method} {path}: no request slot became free within {exc.waited:.1f}s",
                method=method,
                path=path,
            )
            return _Attempt(error, Failure.NOT_SENT)
        try:
            return await self._send(method, path, url, data, extra, budget, attempt)
        finally:
            self._throttle.release()

    async def _send(
        self,
        method: str,
        path: str,
        url: URL,
        data: str | None,
        extra: Mapping[str, str],
        budget: float,
        attempt: int,
    ) -> Response | _Attempt:
        if self._closed:
            raise ClientClosedError("this client is closed; create a new one")
        session = self._get_session()
        headers = {**self._headers, **extra} if extra else self._headers
        if data is not None:
            headers = {**headers, "Content-Type": "application/json"}
        try:
            # Redirects are not followed: one could carry the body (and, on a loop, the
            # key inside TooManyRedirects) to a host the caller never configured.
            async with session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=budget),
                allow_redirects=False,
                raise_for_status=False,
            ) as resp:
                body = await self._read(resp, method, path)
                status, resp_headers = resp.status, resp.headers
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            return _connection_failure(exc, method, path, budget)
        logger.debug("%s %s -> %d (attempt %d)", method, path, status, attempt)
        if 200 <= status < 300:
            return Response(
                status,
                resp_headers,
                body,
                decode_json(body, method=method, path=path, status=status),
            )
        # Some servers echo the credentials they reject; an error must not carry them.
        body = body.replace(self._secret, b"[redacted]")
        status_exc = status_error(method, path, status, resp_headers, body)
        retry_after = parse_retry_after(resp_headers) if status in (429, 503) else None
        return _Attempt(status_exc, Failure.STATUS, retry_after)

    async def _read(self, resp: aiohttp.ClientResponse, method: str, path: str) -> bytes:
        # Always stream and count: Content-Length counts the bytes on the wire, so a
        # small gzip body could still inflate past the cap inside ``resp.read()``.
        cap = self._max_response_bytes
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_any():
            size += len(chunk)
            if size > cap:
                raise ResponseTooLargeError(
                    f"{method} {path}: response body exceeds max_response_bytes={cap}",
                    method=method,
                    path=path,
                    status_code=resp.status,
                    body="",
                    errors=[f"$: body larger than {cap} bytes"],
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _given(value: _T | None, default: _T) -> _T:
    return default if value is None else value


def quote_segment(value: str) -> str:
    """Quote one path segment so that ``/``, ``?`` or ``#`` in an id stay inside it."""
    return quote(value, safe="")


def _pool_size(session: aiohttp.ClientSession) -> int:
    """A caller's session's connection limit; 0 when it has none."""
    return session.connector.limit if session.connector is not None else 0


def _connection_failure(exc: BaseException, method: str, path: str, budget: float) -> _Attempt:
    """Map a failed exchange to its error, and to whether the request may have been sent."""
    what = f"{method} {path}"
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        error: APIError = APITimeoutError(
            f"{what}: could not connect within {budget:.1f}s", method=method, path=path
        )
        return _Attempt(error, Failure.NOT_SENT)
    if isinstance(exc, asyncio.TimeoutError):
        error = APITimeoutError(
            f"{what}: no complete response within {budget:.1f}s", method=method, path=path
        )
        return _Attempt(error, Failure.MAYBE_SENT)
    if isinstance(exc, aiohttp.ClientConnectorError):
        error = APIConnectionError(
            f"{what}: could not connect: {exc.os_error}", method=method, path=path
        )
        error.__cause__ = exc
        return _Attempt(error, Failure.NOT_SENT)
    error = APIConnectionError(
        f"{what}: connection failed: {type(exc).__name__}: {exc}", method=method, path=path
    )
    # A ClientResponseError's request_info holds the request headers, key included.
    error.__cause__ = None if isinstance(exc, aiohttp.ClientResponseError) else exc
    return _Attempt(error, Failure.MAYBE_SENT)


def _status(error: APIError) -> int | None:
    return error.status_code if isinstance(error, APIStatusError) else None


def _reason(error: APIError) -> str:
    status = _status(error)
    return str(status) if status is not None else type(error).__name__


def _deadline_error(method: str, path: str, total: float | None) -> APITimeoutError:
    within = f" of {total:.1f}s" if total is not None else ""
    return APITimeoutError(
        f"{method} {path}: the call's total_timeout{within} ran out", method=method, path=path
    )
