"""The retry loop: every API call goes through `Transport.request`.

It builds the URL, takes a lease from the shared `Budget`, hands one attempt at a
time to a `Send` (the aiohttp sender, or a test's function), turns the outcome
into data or the package's error, and retries what `RetryPolicy` allows within
the call's deadline. It knows no aiohttp.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from typing import Any

import attrs
from yarl import URL

from vogent_async._transport._budget import Lease, LocalBudget, LocalLease
from vogent_async._transport._options import CallConfig, RequestOptions, Unpack, check_options
from vogent_async._transport._responses import decode_json, status_error
from vogent_async._transport._retry import Failure, parse_retry_after
from vogent_async._transport._send import (
    FailedAttempt,
    Leased,
    Opened,
    Outgoing,
    Params,
    Received,
    Response,
    Unreachable,
    encode_json,
    join_url,
)
from vogent_async._transport._shared import Shared
from vogent_async._transport._throttle import NoSlot, OutOfTime
from vogent_async._transport._upload import Form
from vogent_async.errors import (
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    RateLimitError,
)

logger = logging.getLogger("vogent_async")

_CLOSED = "this client is closed; create a new one"


class Transport:
    """Sends API calls with `CallConfig`'s settings over the `Shared` machinery.

    Args:
        shared: The send function, throttle and policy (shared with views).
        config: The timeouts, retries and headers calls get unless overridden.
    """

    def __init__(self, shared: Shared, config: CallConfig) -> None:
        self._shared = shared
        self._config = config

    @property
    def config(self) -> CallConfig:
        """The settings calls get unless a call overrides them."""
        return self._config

    @property
    def shared(self) -> Shared:
        """The machinery this transport shares with its views."""
        return self._shared

    @property
    def closed(self) -> bool:
        """Whether `close` was called (on this transport or one it shares with)."""
        return self._shared.closed

    def with_options(self, options: RequestOptions) -> Transport:
        """A transport sharing everything but the settings, with ``options`` laid over them."""
        return Transport(self._shared, self._config.merged(check_options(options)))

    async def close(self) -> None:
        """Release the session (when it was made here). Safe to call more than once."""
        self._shared.closed = True
        if self._shared.close_send is not None:
            await self._shared.close_send()

    def url(self, path: str, params: Params | None) -> URL:
        """`join_url` below this transport's base URL."""
        return join_url(self._shared.base_url, path, params)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        form: Form | None = None,
        idempotent: bool = True,
        **options: Unpack[RequestOptions],
    ) -> Awaitable[Response]:
        """Send one API call, retrying as the policy allows; await it for its 2xx response.

        Args:
            method: HTTP method.
            path: Path below the base URL, segments already quoted.
            params: Query parameters; ``None`` values are left out.
            json_body: Data sent as the JSON body.
            form: A multipart upload sent instead; one whose file is a stream (not
                replayable) is never retried.
            idempotent: Whether sending the request twice is harmless.
            **options: Per-call overrides (`RequestOptions`), checked here.

        Raises:
            ClientClosedError: The client was closed.
            EventLoopError: The client was first used in another event loop.
            APIStatusError: The API answered with an error status.
            APIConnectionError: No usable response, after any retries.
            APITimeoutError: An attempt or the deadline ran out.
            ResponseValidationError: A 2xx body that is not JSON.
        """
        # Any: only a streamed request comes back Opened, and this is not one.
        exchange: Awaitable[Any] = self._exchange(
            method, path, params, json_body, idempotent, options, form=form
        )
        return exchange

    async def stream(
        self, method: str, path: str, *, json_body: Any, **options: Unpack[RequestOptions]
    ) -> Opened:
        """Send an idempotent call like `request`; return its 2xx response with the body open.

        Attempts are retried only until the first bytes of the body are in. The
        caller then owns ``rest`` and must close it, which also gives back the
        request slot. Raises what `request` raises.
        """
        got = await self._exchange(method, path, None, json_body, True, options, stream=True)
        assert isinstance(got, Opened)
        return got

    async def _exchange(
        self, method: str, path: str, params: Params | None, json_body: Any, idempotent: bool,
        options: RequestOptions, *, stream: bool = False, form: Form | None = None,
    ) -> Response | Opened:  # fmt: skip
        self.check_usable()
        call = self._config.merged(check_options(options))
        if form is not None and not form.file.replayable:
            call = attrs.evolve(call, max_retries=0)  # a stream cannot be sent twice
        deadline = None if call.total_timeout is None else time.monotonic() + call.total_timeout
        url, body = self.url(path, params), encode_json(json_body)
        headers = {"Accept": "*/*", **call.extra_headers} if stream else call.extra_headers
        may_resend = idempotent and call.max_retries > 0
        request = Outgoing(method, path, url, body, headers, may_resend, stream, form)
        attempt, sends, last = request, 0, None  # last: the latest attempt's failure
        while True:
            outcome = await self._attempt(attempt, call, deadline, sends + 1, last)
            if not isinstance(outcome, FailedAttempt):
                return outcome
            sends, last = sends + max(outcome.sends, 1), outcome.error
            await self._wait_to_retry(outcome, sends, call, deadline, idempotent, request)
            attempt = attrs.evolve(request, may_resend=idempotent and sends < call.max_retries)

    def check_usable(self) -> None:
        """Raise `ClientClosedError` when closed, `EventLoopError` when used from another loop."""
        if self._shared.closed:
            raise ClientClosedError(_CLOSED)
        if self._shared.bind_loop is not None:
            self._shared.bind_loop()

    async def _attempt(
        self, request: Outgoing, call: CallConfig, deadline: float | None, number: int,
        last: Exception | None,
    ) -> Response | Opened | FailedAttempt:  # fmt: skip
        # `lease`, inlined: a free slot of the default budget is taken with no coroutine.
        lease = self._lease_now(call, deadline) or await self._acquire(
            request, call, deadline, last
        )
        if isinstance(lease, FailedAttempt):
            return lease
        got: Received | Opened | Unreachable | None = None
        try:
            if self._shared.closed:  # while this task waited (the loop was bound at the start)
                raise ClientClosedError(_CLOSED)
            got = await self._shared.send(request, lease.seconds)
        finally:
            if not isinstance(got, Opened):  # an open body keeps its slot until it is closed
                if type(lease) is LocalLease:
                    lease.free()  # the default budget's slot: no coroutine to give it back
                else:
                    await lease.release()
        if isinstance(got, Unreachable):
            return FailedAttempt(got.error, got.failure, None, got.sends)
        logger.debug("%s %s -> %d (attempt %d)", request.method, request.path, got.status, number)
        if isinstance(got, Opened):  # the slot stays taken until the body is closed
            return attrs.evolve(got, rest=Leased(got.rest, lease))
        return self._outcome(got, request)

    async def lease(
        self, request: Outgoing, call: CallConfig, deadline: float | None,
        last: Exception | None = None,
    ) -> Lease | FailedAttempt:  # fmt: skip
        """Take a lease from the budget for one attempt of ``request`` (every exchange's way).

        Args:
            request: The request the attempt sends.
            call: The call's settings (``timeout``, ``total_timeout``).
            deadline: The call's ``time.monotonic()`` deadline, if any.
            last: The previous attempt's failure, the cause of a deadline error.

        Returns:
            The lease; or, when no slot came within ``call.timeout``, the failed
            (unsent) attempt, whose error is an `APITimeoutError`.

        Raises:
            APITimeoutError: A pause or the call's deadline leaves no time (caused by
                ``last``, however late the backoff before this attempt woke).
        """
        return self._lease_now(call, deadline) or await self._acquire(request, call, deadline, last)

    async def _acquire(
        self, request: Outgoing, call: CallConfig, deadline: float | None, last: Exception | None
    ) -> Lease | FailedAttempt:
        """`lease` from the budget itself (waiting for a slot, or out of the pause)."""
        what = f"{request.method} {request.path}"
        try:
            return await self._shared.budget.acquire(call.timeout, deadline, what)
        except OutOfTime as exc:
            if exc.paused_for:
                logger.debug("%s: the API's pause outlasts total_timeout", what)
            raise _deadline_error(request, call.total_timeout) from last
        except NoSlot as exc:
            error = APITimeoutError(
                f"{what}: no request slot became free within {exc.waited:.1f}s",
                method=request.method,
                path=request.path,
            )
            return FailedAttempt(error, Failure.NOT_SENT)

    def _lease_now(self, call: CallConfig, deadline: float | None) -> LocalLease | None:
        """A lease of the default budget taken without awaiting, when one is free at once."""
        budget = self._shared.budget
        return budget.take_now(call.timeout, deadline) if type(budget) is LocalBudget else None

    def _outcome(self, got: Received, request: Outgoing) -> Response | FailedAttempt:
        method, path, status = request.method, request.path, got.status
        if 200 <= status < 300:
            data = decode_json(
                got.body, method=method, path=path, status=status, headers=got.headers
            )
            return Response(status, got.headers, got.body, data)
        error = status_error(
            method, path, status, got.headers, got.body, self._shared.secret,
            base_url=self._shared.base_url,
        )  # fmt: skip
        retry_after = parse_retry_after(got.headers) if status in (429, 503) else None
        return FailedAttempt(error, Failure.STATUS, retry_after, got.sends)

    async def _wait_to_retry(
        self,
        failed: FailedAttempt,
        retry: int,
        call: CallConfig,
        deadline: float | None,
        idempotent: bool,
        request: Outgoing,
    ) -> None:
        """Return when retry number ``retry`` may go; raise the failure when it may not."""
        policy = self._shared.policy
        delay = policy.delay(retry, failed.retry_after)
        if failed.retry_after is not None:
            # Every task of this client holds off, whether or not this one retries.
            await self._shared.budget.pause(delay, deadline)
        status = failed.error.status_code if isinstance(failed.error, APIStatusError) else None
        if retry > call.max_retries or not policy.should_retry(
            failed.failure, status=status, idempotent=idempotent
        ):
            raise failed.error
        if deadline is not None and time.monotonic() + delay > deadline:
            if isinstance(failed.error, RateLimitError):
                raise failed.error  # its retry_after says when to come back
            raise _deadline_error(request, call.total_timeout) from failed.error
        reason = str(status) if status is not None else type(failed.error).__name__
        what, n = f"{request.method} {request.path}", call.max_retries + 1
        logger.info(
            "retrying %s after %s (attempt %d of %d) in %.2fs", what, reason, retry + 1, n, delay
        )  # fmt: skip
        if failed.retry_after is None:
            await self._shared.throttle.sleep(delay)
        # else: the shared pause set above holds the next attempt in the throttle,
        # so waiting here as well would wait twice.


def _deadline_error(request: Outgoing, total: float | None) -> APITimeoutError:
    within = f" of {total:.1f}s" if total is not None else ""
    return APITimeoutError(
        f"{request.method} {request.path}: the call's total_timeout{within} ran out",
        method=request.method,
        path=request.path,
    )
