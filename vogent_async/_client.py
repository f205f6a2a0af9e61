"""`Client`: configuration, life cycle, and the API groups as attributes."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from types import TracebackType

import aiohttp
from yarl import URL

from vogent_async._codec._converter import CONVERTER
from vogent_async._transport._aiohttp import AiohttpSender
from vogent_async._transport._loop import Transport
from vogent_async._transport._loopback import is_loopback
from vogent_async._transport._options import (
    CallConfig,
    RequestOptions,
    Unpack,
    check_count,
    check_headers,
    check_seconds,
)
from vogent_async._transport._retry import RetryPolicy
from vogent_async._transport._secret import Secret
from vogent_async._transport._shared import Shared
from vogent_async._transport._throttle import Throttle
from vogent_async.budget import Budget
from vogent_async.errors import InsecureTransportError
from vogent_async.resources.agents import Agents
from vogent_async.resources.batch_dial_jobs import BatchDialJobs
from vogent_async.resources.dials import Dials
from vogent_async.resources.evals import Evals
from vogent_async.resources.extractors import Extractors
from vogent_async.resources.functions import Functions
from vogent_async.resources.models import Models
from vogent_async.resources.phone_numbers import PhoneNumbers
from vogent_async.resources.tts import Tts
from vogent_async.resources.versioned_prompts import VersionedPrompts
from vogent_async.resources.voices import Voices

DEFAULT_BASE_URL = "https://api.vogent.ai/api"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

_CONVERTER = CONVERTER  # the package's one converter, under the name tests and benchmarks use


class Client:
    """An async session with the Vogent API; use it with ``async with``.

    Construct it anywhere (even outside a running loop): the HTTP session is
    made on first use, inside the loop. One client serves any number of tasks
    of that one event loop; using it from another loop raises `EventLoopError`.

    Args:
        api_key: The API key; defaults to ``VOGENT_API_KEY``.
        base_url: The API root; defaults to ``VOGENT_BASE_URL``, then
            ``https://api.vogent.ai/api``. Plain ``http://`` only to loopback
            (``localhost`` or a literal loopback address such as ``127.0.0.1``).
        timeout: Seconds one attempt may take: a number above 0, ``math.inf``
            for no limit (``None`` is refused: it would read as "the default").
        max_retries: Retries after a failed attempt, where retrying is safe.
        total_timeout: Seconds a whole call may take, retries and waits included;
            ``None`` (the default) for no bound beyond ``timeout`` per attempt.
        session: Your own `aiohttp.ClientSession`; the client never closes it.
        max_connections: Pool size of the session the client makes.
        max_concurrency: Requests in flight at once across all tasks; ``None``
            for the pool size.
        max_response_bytes: The largest response body read.
        default_headers: Extra headers sent with every request.
        retry_policy: Backoff and Retry-After limits.
        budget: When requests may go, shared with whatever else uses it (such as
            `vogent_async.contrib.redis.RedisBudget`, one budget for many
            processes); ``None`` for the client's own, bounded by ``max_concurrency``.

    Raises:
        MissingAPIKeyError: No key was given and ``VOGENT_API_KEY`` is unset.
        InsecureTransportError: ``base_url`` is ``http://`` to a non-loopback host.
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument is out of range, or the key holds CR, LF or NUL.
    """

    batch_dial_jobs: BatchDialJobs
    """The Batch Dials group."""
    dials: Dials
    """The Dials group: single calls."""
    phone_numbers: PhoneNumbers
    """The Phone Numbers group."""
    models: Models
    """The Models group: the language models an agent can use."""
    evals: Evals
    """The Evals group (documented in part by the API)."""
    tts: Tts
    """The Voicelab group: text to speech."""
    agents: Agents
    """The Agents group."""
    versioned_prompts: VersionedPrompts
    """The Versioned Prompts group: an agent's prompts."""
    extractors: Extractors
    """The Extractors group: what an agent extracts from its calls."""
    functions: Functions
    """The Functions group: transfers and API calls an agent can make."""
    voices: Voices
    """The Voices group."""

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
        budget: Budget | None = None,
    ) -> None:
        try:  # from here on the key lives only in a Secret, never in a frame's locals
            secret = Secret(api_key)
        finally:
            del api_key
        config = CallConfig(
            timeout=_seconds("timeout", timeout),
            max_retries=check_count("max_retries", max_retries),
            total_timeout=check_seconds("total_timeout", total_timeout, allow_none=True),
        )
        url = _base_url(base_url)
        self._sender = AiohttpSender(
            secret,
            session=_session(session),
            max_connections=check_count("max_connections", max_connections, minimum=1),
            max_response_bytes=check_count("max_response_bytes", max_response_bytes, minimum=1),
            default_headers=check_headers("default_headers", default_headers),
        )
        concurrency = None
        if max_concurrency is not None:
            concurrency = check_count("max_concurrency", max_concurrency, minimum=1)
        _check_budget(budget, max_concurrency)
        shared = Shared(
            send=self._sender,
            secret=secret,
            base_url=url,
            # Tasks beyond the pool size queue here, not inside aiohttp's pool, so that a
            # Retry-After pause that begins while they wait still holds them back.
            throttle=Throttle(concurrency or self._sender.pool_size or None),
            policy=_policy(retry_policy),
            bind_loop=self._sender.check_loop,
            close_send=self._sender.close,
            open_socket=self._sender.websocket,
        )
        if budget is not None:
            shared.budget = budget  # instead of the throttle's own slots and pause
        self._base_url = url
        self._is_view = False
        self._transport = Transport(shared, config)
        self._build_resources()

    def _build_resources(self) -> None:
        """Make every API group on this client's transport (a view gets its own)."""
        self.batch_dial_jobs = BatchDialJobs(self._transport, _CONVERTER)
        self.dials = Dials(self._transport, _CONVERTER)
        self.phone_numbers = PhoneNumbers(self._transport, _CONVERTER)
        self.models = Models(self._transport, _CONVERTER)
        self.evals = Evals(self._transport, _CONVERTER)
        self.tts = Tts(self._transport, _CONVERTER)
        self.agents = Agents(self._transport, _CONVERTER)
        self.versioned_prompts = VersionedPrompts(self._transport, _CONVERTER)
        self.extractors = Extractors(self._transport, _CONVERTER)
        self.functions = Functions(self._transport, _CONVERTER)
        self.voices = Voices(self._transport, _CONVERTER)

    def with_options(self, **options: Unpack[RequestOptions]) -> Client:
        """A view of this client whose calls use ``options`` unless a call overrides them.

        The view is cheap: it shares the session, the connection pool, the
        concurrency budget and the ``Retry-After`` pause with this client.
        Closing either closes both, so close the original when you are done::

            fast = client.with_options(timeout=5, max_retries=0)
            job = await fast.batch_dial_jobs.get(job_id)

        Raises:
            TypeError: An unknown option, or a value of the wrong type.
            ValueError: A value out of range.
        """
        view = object.__new__(Client)
        view._sender = self._sender
        view._base_url = self._base_url
        view._is_view = True  # the client it came from owns the session (and warns)
        view._transport = self._transport.with_options(options)
        view._build_resources()
        return view

    @property
    def base_url(self) -> str:
        """The API root requests go to."""
        return self._base_url

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._transport.closed

    def __repr__(self) -> str:
        built = hasattr(self, "_transport")  # a half-built client shows up in tracebacks too
        state = " closed" if built and self.closed else ""
        return f"<vogent_async.Client base_url={getattr(self, '_base_url', None)!r}{state}>"

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
        sender = getattr(self, "_sender", None)
        transport = getattr(self, "_transport", None)  # None on a half-built client
        if sender is None or transport is None or transport.closed or not sender.owns_session:
            return
        if self._is_view:
            return
        session = sender.session
        if session is not None and not session.closed:
            warnings.warn(
                f"unclosed {self!r}: use 'async with Client()' or 'await client.close()'",
                ResourceWarning,
                source=self,
                stacklevel=1,
            )


def _seconds(name: str, value: object) -> float:
    seconds = check_seconds(name, value, allow_none=False)
    assert seconds is not None  # allow_none=False never returns None
    return seconds


def _session(session: object) -> aiohttp.ClientSession | None:
    if session is None or isinstance(session, aiohttp.ClientSession):
        return session
    raise TypeError(
        f"session must be an aiohttp.ClientSession or None, got {type(session).__name__}"
    )


def _policy(policy: object) -> RetryPolicy:
    if policy is None:
        return RetryPolicy()
    if isinstance(policy, RetryPolicy):
        return policy
    raise TypeError(f"retry_policy must be a RetryPolicy or None, got {type(policy).__name__}")


def _base_url(given: object) -> str:
    url = given if given is not None else os.environ.get("VOGENT_BASE_URL") or DEFAULT_BASE_URL
    if not isinstance(url, str):
        raise TypeError(
            f"base_url must be a str such as {DEFAULT_BASE_URL!r}, got {type(url).__name__}"
        )
    parsed = URL(url)
    if parsed.scheme == "http" and not is_loopback(parsed.host or ""):
        raise InsecureTransportError(
            f"refusing http:// to {parsed.host!r}: the API key would travel in clear text; "
            "use https:// (plain http is allowed only to localhost and loopback addresses)"
        )
    if parsed.scheme not in ("http", "https"):
        raise InsecureTransportError(f"base_url must start with https:// (got {url!r})")
    return url.rstrip("/")


def _check_budget(budget: Budget | None, max_concurrency: int | None) -> None:
    if budget is not None and not isinstance(budget, Budget):
        raise TypeError("budget must be a vogent_async.budget.Budget or None")
    if budget is not None and max_concurrency is not None:
        raise ValueError("pass either budget or max_concurrency: the budget sets the bound")
