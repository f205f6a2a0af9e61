"""How the fake server answers: JSON bodies, and one error body shape for every status.

The contract documents no error body, so the fake uses one shape everywhere,
``{"error": {"code", "message", "details"}}``, described by `ERROR_BODY_SCHEMA`
so tests can hold the fake to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import web

__all__ = [
    "ERROR_BODY_SCHEMA",
    "CutResponse",
    "JsonResponse",
    "error_response",
    "json_response",
]

ERROR_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "minLength": 1},
                "message": {"type": "string", "minLength": 1},
                "details": {"type": "array", "items": {"type": "string"}},
            },
        }
    },
}
"""JSON Schema of every error body the fake sends (the contract documents none)."""

_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class JsonResponse(web.Response):
    """A JSON response that remembers the data it was serialised from (for faults)."""

    data: Any = None


class CutResponse(web.StreamResponse):
    """A response cut off mid-body; ``sent`` holds the bytes that went out (for the log)."""

    sent: bytes = b""


def json_response(data: Any, *, status: int = 200) -> JsonResponse:
    """A JSON response that remembers the data it carries."""
    body = json.dumps(data, separators=(",", ":")).encode("utf-8")
    response = JsonResponse(body=body, status=status, content_type="application/json")
    response.data = data
    return response


def error_response(
    status: int,
    message: str,
    *,
    details: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> JsonResponse:
    """An error in the fake's one error shape."""
    error: dict[str, Any] = {"code": _CODES.get(status, f"http_{status}"), "message": message}
    if details:
        error["details"] = list(details)
    response = json_response({"error": error}, status=status)
    response.headers.update(headers or {})
    return response
