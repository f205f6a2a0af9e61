"""Turn one HTTP response into data or the right error. Pure: no I/O, table-tested."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from yarl import URL

from vogent_async._transport._retry import parse_retry_after
from vogent_async._transport._secret import Secret
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
        "request-id",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "location",
    }
)

#: Where a request id is looked for, first match wins.
REQUEST_ID_HEADERS = ("x-request-id", "request-id")

#: The longest server message (details included) put into an error's message.
MAX_MESSAGE = 500
_MAX_REQUEST_ID = 128


def pick_loads() -> Callable[[str | bytes], Any]:
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


def loads_json(body: bytes) -> Any:
    """Parse JSON with the parser `pick_loads` chose; anything that is not JSON is a ValueError.

    A body nested too deeply for the parser is one of them, whichever parser runs:
    never a ``RecursionError``.
    """
    try:
        return _loads(body)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def safe_headers(headers: Mapping[str, str], secret: Secret | None = None) -> dict[str, str]:
    """Keep only the allow-listed headers, each with any echo of the key redacted."""
    kept = {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}
    return {k: secret.redact(v) for k, v in kept.items()} if secret else kept


def request_id(headers: Mapping[str, str], secret: Secret | None = None) -> str | None:
    """The server's id for the request (``x-request-id``), printable and capped, if sent."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in REQUEST_ID_HEADERS:
        value = lowered.get(name)
        if value:
            shown = "".join(c for c in value if c.isprintable())[:_MAX_REQUEST_ID]
            return secret.redact(shown) if secret else shown
    return None


def decode_json(
    body: bytes, *, method: str, path: str, status: int, headers: Mapping[str, str] | None = None
) -> Any:
    """Parse a 2xx body as JSON, or raise `ResponseValidationError` keeping the raw text.

    A body nested too deeply to parse counts as not JSON, whichever parser runs.
    """
    try:
        return loads_json(body)
    except ValueError as exc:  # JSON- and UnicodeDecodeError are ValueErrors
        reason = str(exc)
        raise ResponseValidationError(
            f"{method} {path}: the {status} response is not valid JSON ({reason})",
            method=method,
            path=path,
            status_code=status,
            body=body.decode("utf-8", "replace"),
            errors=[f"$: {reason}"],
            request_id=request_id(headers or {}),
        ) from None


def status_error(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    secret: Secret | None = None,
    *,
    base_url: str | None = None,
) -> APIStatusError:
    """Build the error for a non-2xx response: the class for the status, with its context.

    Some servers echo the credentials they reject: with ``secret``, every form of the
    key is redacted from the decoded body, the message and the kept headers. With
    ``base_url``, a 404 under a root whose path does not end in ``/api`` says so.
    """
    parsed = _parse_error_body(body, secret)
    message = f"{method} {path} failed with {status}"
    detail = server_message(parsed)
    if detail:
        message = f"{message}: {detail}"
    if status == 404 and base_url is not None:
        message += api_root_hint(base_url)
    cls = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    context: dict[str, Any] = {
        "method": method,
        "path": path,
        "status_code": status,
        "body": parsed,
        "headers": safe_headers(headers, secret),
        "request_id": request_id(headers, secret),
    }
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=parse_retry_after(headers), **context)
    return cls(message, **context)


def _parse_error_body(body: bytes, secret: Secret | None) -> Any:
    """The body as JSON when it is JSON (else as text), redacted after decoding."""
    text = body.decode("utf-8", "replace")
    try:
        parsed: Any = json.loads(text) if text else None
    except (ValueError, RecursionError):
        parsed = text
    if secret is None:
        return parsed
    try:
        return secret.redact_data(parsed)
    except RecursionError:
        return secret.redact(text)


def server_message(parsed: Any) -> str:
    """The human message of an error body of unknown shape, with any field details.

    Looks for ``message``/``error``/``detail``/``msg`` (also one level down, as in
    ``{"error": {"message": ..., "details": [...]}}``) and appends ``details`` or
    ``errors`` given as strings or ``{"field": ..., "message": ...}`` objects.
    The result is one line of at most `MAX_MESSAGE` characters.
    """
    if isinstance(parsed, str):
        return _one_line(parsed)
    if not isinstance(parsed, dict):
        return ""
    message = ""
    for key in ("message", "error", "detail", "msg"):
        value = parsed.get(key)
        if isinstance(value, str) and value:
            message = value
            break
        if isinstance(value, dict):
            inner = server_message(value)
            if inner:
                return inner
    details = [_detail(item) for key in ("details", "errors") for item in _items(parsed.get(key))]
    shown = [d for d in details if d and d not in message]  # the reason once, not twice
    if shown:
        message = f"{message} ({'; '.join(shown)})" if message else "; ".join(shown)
    return _one_line(message)


def api_root_hint(base_url: str) -> str:
    """A hint for a 404: ``""`` when ``base_url``'s path ends in ``/api`` as the API root's does.

    One wording for the library's errors and the CLI's (which shows the error's message).
    """
    url = URL(base_url)
    if url.path.rstrip("/").endswith("/api"):
        return ""
    shown = url.with_user(None).with_query(None).with_fragment(None)
    return f" (the API root usually ends in /api: is the base URL {shown} right?)"


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _detail(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        field = item.get("field") or item.get("path") or item.get("loc")
        text = item.get("message") or item.get("msg") or item.get("detail")
        if isinstance(text, str):
            return f"{field}: {text}" if isinstance(field, str) and field else text
    return ""


def _one_line(text: str) -> str:
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat[:MAX_MESSAGE] + ("..." if len(flat) > MAX_MESSAGE else "")
