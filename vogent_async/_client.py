"""`Client`: configuration, life cycle, and the API groups as attributes."""

from __future__ import annotations

import ipaddress
import os
import warnings
from collections.abc import Mapping
from types import TracebackType

import aiohttp
from yarl import URL

from vogent_async._converter import Converter
from vogent_async._http import Transport
from vogent_async._retry import RetryPolicy
from vogent_async.errors import InsecureTransportError, MissingAPIKeyError
from vogent_async.resources.batch_dial_jobs import BatchDialJobs

DEFAULT_BASE_URL = "https://api.vogent.ai/api"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

_CONVERTER = Converter()  # stateless after construction; its hook caches are shared


class Client:
    """An async session with the Vogent API; use it with ``async with``.

    Construct it anywhere (even outside a running loop): the HTTP session is
    made on first use, inside the loop. One client serves any number of tasks.

    Args:
        api_key: The API key; defaults to ``VOGENT_API_KEY``.
        base_url: The API root; defaults to ``VOGENT_BASE_URL``, then
            ``https://api.vogent.ai/api``. Plain ``http://`` only to loopback.
        timeout: Seconds one attempt may take.
        max_retries: Retries after a failed attempt, where retrying is safe.
        total_timeout: Seconds a whole call may take, retries and waits included.
        session: Your own `aiohttp.ClientSession`; the client never closes it.
        max_connections: Pool size of the session the client makes.
        max_concurrency: Requests in flight at once across all tasks.
        max_response_bytes: The largest response body read.
        default_headers: Extra headers sent with every request.
        retry_policy: Backoff and Retry-After limits.

    Raises:
        MissingAPIKeyError: No key was given and ``VOGENT_API_KEY`` is unset.
        InsecureTransportError: ``base_url`` is ``http://`` to a non-loopback host.
    """

    batch_dial_jobs: BatchDialJobs
    """The Batch Dials group."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        total_timeout: float | None = None,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_concurrency: int | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("VOGENT_API_KEY")
        if not key:
            raise MissingAPIKeyError(
                "no API key: pass Client(api_key=...) or set the VOGENT_API_KEY "
                "environment variable"
            )
        url = base_url or os.environ.get("VOGENT_BASE_URL") or DEFAULT_BASE_URL
        _check_base_url(url)
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self._base_url = url.rstrip("/")
        self._transport = Transport(
            api_key=key,
            base_url=self._base_url,
            timeout=timeout,
            max_retries=max_retries,
            total_timeout=total_timeout,
            session=session,
            max_connections=max_connections,
            max_concurrency=max_concurrency,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
            retry_policy=retry_policy,
        )
        self.batch_dial_jobs = BatchDialJobs(self._transport, _CONVERTER)

    @property
    def base_url(self) -> str:
        """The API root requests go to."""
        return self._base_url

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._transport.closed

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return f"<vogent_async.Client base_url={self._base_url!r}{state}>"

    async def close(self) -> None:
        """Close the client's HTTP session (not one you passed in). Idempotent."""
        await self._transport.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __del__(self) -> None:
        transport = getattr(self, "_transport", None)
        if transport is None or transport.closed or not transport.owns_session:
            return
        session = transport.session
        if session is not None and not session.closed:
            warnings.warn(
                f"unclosed {self!r}: use 'async with Client()' or 'await client.close()'",
                ResourceWarning,
                source=self,
                stacklevel=1,
            )


def _check_base_url(url: str) -> None:
    parsed = URL(url)
    if parsed.scheme == "https":
        return
    if parsed.scheme == "http" and _is_loopback(parsed.host or ""):
        return
    if parsed.scheme == "http":
        raise InsecureTransportError(
            f"refusing http:// to {parsed.host!r}: the API key would travel in clear text; "
            "use https:// (plain http is allowed only to loopback hosts)"
        )
    raise InsecureTransportError(f"base_url must start with https:// (got {parsed.scheme!r})")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
