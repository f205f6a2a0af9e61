"""Turn one HTTP response into data or the right error. Pure: no I/O, table-tested."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from vogent_async._retry import parse_retry_after
from vogent_async.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    UnprocessableEntityError,
)

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

#: Response headers an error or a log line may carry; everything else is dropped.
SAFE_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "date",
        "retry-after",
        "x-request-id",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "location",
    }
)

_BODY_PREVIEW = 200


def pick_loads() -> Callable[[bytes], Any]:
    """Return ``orjson.loads`` when the ``speedups`` extra is installed, else ``json.loads``.

    orjson parses list pages in about 0.6x the time (``make bench``, ``json pages``).
    Both reject what is not JSON with a ``ValueError``; orjson is the stricter one
    (no ``NaN``, integers within 64 bits), so it can only fail louder.
    """
    try:
        import orjson
    except ImportError:
        return json.loads
    return orjson.loads


_loads = pick_loads()


def safe_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Keep only the allow-listed headers, so no credential can leak through an error."""
    return {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}


def decode_json(body: bytes, *, method: str, path: str, status: int) -> Any:
    """Parse a 2xx body as JSON, or raise `ResponseValidationError` keeping the raw text."""
    try:
        return _loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        text = body.decode("utf-8", "replace")
        raise ResponseValidationError(
            f"{method} {path}: the {status} response is not valid JSON ({exc})",
            method=method,
            path=path,
            status_code=status,
            body=text,
            errors=[f"$: {exc}"],
        ) from None


def status_error(
    method: str, path: str, status: int, headers: Mapping[str, str], body: bytes
) -> APIStatusError:
    """Build the error for a non-2xx response: the class for the status, with its context."""
    parsed: Any
    text = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = text
    message = f"{method} {path} failed with {status}"
    detail = _server_message(parsed)
    if detail:
        message = f"{message}: {detail}"
    cls = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    kept = safe_headers(headers)
    if cls is RateLimitError:
        return RateLimitError(
            message,
            method=method,
            path=path,
            status_code=status,
            body=parsed,
            headers=kept,
            retry_after=parse_retry_after(headers),
        )
    return cls(message, method=method, path=path, status_code=status, body=parsed, headers=kept)


def _server_message(parsed: Any) -> str:
    """Find the human message in an error body of unknown shape (none is documented)."""
    if isinstance(parsed, dict):
        for key in ("message", "error", "detail", "msg"):
            value = parsed.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict):
                inner = _server_message(value)
                if inner:
                    return inner
        return ""
    if isinstance(parsed, str):
        text = " ".join(parsed.split())
        return text[:_BODY_PREVIEW] + ("..." if len(text) > _BODY_PREVIEW else "")
    return ""
