"""Every exception the package raises on purpose.

The tree::

    VogentError
    ├── ConfigurationError              bad client set-up, raised at construction
    │   ├── MissingAPIKeyError          no key given and VOGENT_API_KEY unset
    │   └── InsecureTransportError      http:// to a host that is not loopback
    ├── BudgetUnavailable               a shared request budget (Redis) cannot be reached
    │   └── BudgetScriptError           Redis refused the budget's script (a key of another type)
    ├── ClientClosedError               the client was closed; nothing was sent
    ├── EventLoopError (RuntimeError)   a client used from a second event loop
    ├── InvalidRequestError (ValueError) arguments rejected before any byte was sent
    ├── PaginationError                 a repeated cursor, or endless empty pages
    ├── WaitTimeoutError (TimeoutError) a polling wait passed its deadline
    ├── WebhookSignatureError           a webhook's X-Elto-Signature is missing or wrong
    ├── WebhookPayloadError (ValueError) a signed webhook body that does not fit its schema
    ├── DataValidationError (ValueError) data given to a model's from_dict does not fit it
    └── APIError                        something went wrong talking to the API
        ├── APIConnectionError          no usable response (refused, reset, ...)
        │   └── APITimeoutError         an attempt or the whole call ran out of time
        ├── ResponseValidationError     a 2xx body that is not JSON or not the schema
        │   └── ResponseTooLargeError   a body above the client's size cap
        └── APIStatusError              the API answered with a 4xx or 5xx
            ├── BadRequestError             400
            ├── AuthenticationError         401
            ├── PermissionDeniedError       403
            ├── NotFoundError               404
            ├── ConflictError               409
            │   └── DialConflictError       409 from creating a dial, with ``dial_id``
            ├── UnprocessableEntityError    422
            ├── RateLimitError              429, with ``retry_after``
            └── InternalServerError         5xx

No exception carries the API key (headers are stored with ``Authorization``
redacted, and messages are built from the method, path and server message
only) or the webhook signing secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BudgetScriptError",
    "BudgetUnavailable",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DataValidationError",
    "DialConflictError",
    "EventLoopError",
    "InsecureTransportError",
    "InternalServerError",
    "InvalidRequestError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "UnprocessableEntityError",
    "VogentError",
    "WaitTimeoutError",
    "WebhookPayloadError",
    "WebhookSignatureError",
]


class VogentError(Exception):
    """Base class of every error raised by vogent_async.

    Every one pickles (for arq, multiprocessing, a result store): a round trip
    keeps the class, the message and every attribute, since the copy is rebuilt
    from its ``args`` and attributes, not by calling its constructor again.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[VogentError], args: tuple[Any, ...], state: dict[str, Any]) -> VogentError:
    """Unpickle a `VogentError`: its ``args`` and attributes as they were, no ``__init__`` run."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigurationError(VogentError):
    """The client was set up in a way that cannot work."""


class MissingAPIKeyError(ConfigurationError):
    """No API key was passed and ``VOGENT_API_KEY`` is not set."""


class InsecureTransportError(ConfigurationError):
    """The base URL would send the bearer token in clear text."""


class ClientClosedError(VogentError):
    """The client was used after ``close()``; no request was sent."""


class EventLoopError(VogentError, RuntimeError):
    """A client was used from an event loop other than the one it was first used in.

    A client's connections belong to the loop that opened them: make one client
    per ``asyncio.run()`` (``async with Client() as client:`` inside it).
    """


class InvalidRequestError(VogentError, ValueError):
    """Arguments were rejected before any request was sent.

    Attributes:
        problems: Every problem found, each as ``"<path>: <what is wrong>"``.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        shown = "\n  ".join(self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} invalid argument(s):\n  {shown}{tail}")


class PaginationError(VogentError):
    """The walk stopped because the server's cursors would never end it.

    Either the server sent a cursor this walk had already followed (following it
    again would loop forever or yield items twice), or it sent more empty pages in
    a row than the pager's ``max_empty_pages``.

    Attributes:
        cursor: The repeated cursor, or the cursor after the last empty page.
        pages: How many pages had been fetched when the walk stopped.
        empty_pages: The empty pages in a row, when that is why it stopped.
    """

    def __init__(self, cursor: str, pages: int, *, empty_pages: int | None = None) -> None:
        self.cursor = cursor
        self.pages = pages
        self.empty_pages = empty_pages
        if empty_pages is None:
            why = f"the server repeated cursor {cursor!r} after {pages} page(s)"
        else:
            why = f"the server sent {empty_pages} empty pages in a row (max_empty_pages)"
        super().__init__(f"{why}; stopping instead of looping or yielding items twice")


class WaitTimeoutError(VogentError, TimeoutError):
    """A polling wait (such as `Dials.wait`) passed its deadline.

    Attributes:
        last: The last thing the wait fetched (a `Dial`), to see where it stood.
    """

    def __init__(self, message: str, *, last: Any) -> None:
        self.last = last
        super().__init__(message)


class WebhookSignatureError(VogentError):
    """A webhook body's ``X-Elto-Signature`` is missing, malformed or not made with the secret.

    Answer such a request with 401 and do not act on it.
    """


class WebhookPayloadError(VogentError, ValueError):
    """A correctly signed webhook body that is not JSON or does not fit its event's schema.

    Attributes:
        errors: One line per problem, each naming the field path (``payload.dial_id: ...``).
    """

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__("webhook body does not fit its schema: " + "; ".join(self.errors[:20]))


class DataValidationError(VogentError, ValueError):
    """Data given to a model's ``from_dict`` does not fit the model.

    The same checks as a response body, with the same field paths
    (`ResponseValidationError.errors`); nothing was sent or received.

    Attributes:
        errors: One line per problem, each naming the field path (``agent.name: ...``).
    """

    def __init__(self, message: str, *, errors: Sequence[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__(message)


class APIError(VogentError):
    """A request reached (or tried to reach) the API and failed.

    Attributes:
        method: The HTTP method of the failed request.
        path: The API path, without the base URL or query string.
        request_id: The server's id for the request (its ``x-request-id`` header),
            when it sent one; ``str()`` shows it, for a support ticket.
    """

    def __init__(
        self, message: str, *, method: str, path: str, request_id: str | None = None
    ) -> None:
        self.method = method
        self.path = path
        self.request_id = request_id
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message} (request id: {self.request_id})" if self.request_id else message


class APIConnectionError(APIError):
    """No usable HTTP response: the connection failed, was reset or was cut short."""


class APITimeoutError(APIConnectionError):
    """An attempt, or the whole call's ``total_timeout``, ran out of time."""


class ResponseValidationError(APIError):
    """A successful response whose body is not JSON or does not fit the schema.

    Attributes:
        status_code: The HTTP status of the response.
        body: The raw body, as text.
        errors: One line per problem, each naming the field path.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        body: str,
        errors: Sequence[str] = (),
        request_id: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__(message, method=method, path=path, request_id=request_id)


class ResponseTooLargeError(ResponseValidationError):
    """The response body exceeded the client's ``max_response_bytes``."""


class APIStatusError(APIError):
    """The API answered with an error status.

    Attributes:
        status_code: The HTTP status.
        body: The body parsed as JSON when it is JSON, else as text.
        headers: The response headers (``Authorization``-like headers removed).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        body: Any,
        headers: Mapping[str, str],
        request_id: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.headers = dict(headers)
        super().__init__(message, method=method, path=path, request_id=request_id)


class BadRequestError(APIStatusError):
    """400: the API rejected the request as invalid."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource (or not visible to this key)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class DialConflictError(ConflictError):
    """409 from creating a dial: its idempotency key is already in use.

    Attributes:
        dial_id: The id of the dial the key already made, when the body names it.
    """

    dial_id: str | None = None


class UnprocessableEntityError(APIStatusError):
    """422: the API's validation rejected the request body."""


class RateLimitError(APIStatusError):
    """429: too many requests.

    Attributes:
        retry_after: Seconds the server asked to wait, when it said.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        body: Any,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        request_id: str | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            message,
            method=method,
            path=path,
            status_code=status_code,
            body=body,
            headers=headers,
            request_id=request_id,
        )


class InternalServerError(APIStatusError):
    """5xx: the API failed."""


class BudgetUnavailable(VogentError):
    """A shared request budget could not be reached; the attempt was not sent.

    Raised by a budget kept outside the process (such as
    `vogent_async.contrib.redis.RedisBudget`) when its store does not answer and
    no fallback was chosen: sending anyway would break the budget every other
    worker relies on.

    Attributes:
        key: The budget's key in its store.
    """

    def __init__(self, message: str, *, key: str) -> None:
        self.key = key
        super().__init__(message)


class BudgetScriptError(BudgetUnavailable):
    """Redis answered the budget's script with an error: the budget is broken, not away.

    For example ``WRONGTYPE``: one of the budget's keys holds data of another
    type (something else writes under the same name), or Redis refused the
    script (a missing ACL permission). Waiting does not mend it, so a budget's
    ``fallback`` is never used for it; fix the key or the permission. Nothing
    was sent.

    Attributes:
        key: The budget's key in its store.
        reason: Redis's own error message.
    """

    def __init__(self, message: str, *, key: str, reason: str) -> None:
        self.reason = reason
        super().__init__(message, key=key)
