"""vogent_async: an asyncio client for the Vogent voice-AI REST API."""

from vogent_async._client import Client
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions
from vogent_async._transport._retry import RetryPolicy
from vogent_async._version import __version__
from vogent_async.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BudgetScriptError,
    BudgetUnavailable,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    DataValidationError,
    DialConflictError,
    EventLoopError,
    InsecureTransportError,
    InternalServerError,
    InvalidRequestError,
    MissingAPIKeyError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    UnprocessableEntityError,
    VogentError,
    WaitTimeoutError,
    WebhookPayloadError,
    WebhookSignatureError,
)

# The models are listed once, in vogent_async.models.__all__: importing that name
# as ``__all__`` is how type checkers learn that every one of them is re-exported.
from vogent_async.models import *  # noqa: F403
from vogent_async.models import __all__ as __all__
from vogent_async.resources import ListOptions
from vogent_async.resources._pagination import AsyncPager, Page
from vogent_async.resources._raw import RawResponse, with_raw_response

__all__ = [  # the models' names, then the client's
    *__all__,
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BudgetScriptError",
    "BudgetUnavailable",
    "Client",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DataValidationError",
    "DialConflictError",
    "EventLoopError",
    "InsecureTransportError",
    "InternalServerError",
    "InvalidRequestError",
    "ListOptions",
    "MissingAPIKeyError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "UnprocessableEntityError",
    "VogentError",
    "WaitTimeoutError",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "__version__",
    "with_raw_response",
]
