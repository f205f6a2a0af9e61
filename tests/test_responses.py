"""The pure response decoder: status to error class, bodies, headers."""

from __future__ import annotations

import json
import sys

import pytest

import vogent_async
from vogent_async._transport._responses import decode_json, pick_loads, safe_headers, status_error

STATUS_TABLE = [
    (400, vogent_async.BadRequestError),
    (401, vogent_async.AuthenticationError),
    (403, vogent_async.PermissionDeniedError),
    (404, vogent_async.NotFoundError),
    (409, vogent_async.ConflictError),
    (422, vogent_async.UnprocessableEntityError),
    (429, vogent_async.RateLimitError),
    (500, vogent_async.InternalServerError),
    (502, vogent_async.InternalServerError),
    (503, vogent_async.InternalServerError),
    (504, vogent_async.InternalServerError),
    (418, vogent_async.APIStatusError),
    (408, vogent_async.APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_TABLE)
def test_each_status_maps_to_its_error_class(status: int, cls: type[Exception]) -> None:
    """Every error status becomes its own subclass carrying status, body and method/path."""
    error = status_error("GET", "/batch_dial_jobs", status, {}, b'{"message": "nope"}')
    assert type(error) is cls
    assert error.status_code == status
    assert error.body == {"message": "nope"}
    assert str(error) == f"GET /batch_dial_jobs failed with {status}: nope"
    assert isinstance(error, vogent_async.VogentError)


def test_non_json_error_body_is_kept_as_text() -> None:
    """An HTML error page is kept as text, and the message shows a whitespace-folded preview."""
    error = status_error("POST", "/x", 502, {}, b"<html>\n  Bad   gateway</html>")
    assert error.body == "<html>\n  Bad   gateway</html>"
    assert str(error).endswith("<html> Bad gateway</html>")


def test_nested_error_message_is_found() -> None:
    """A message nested under ``error`` is surfaced in ``str()``."""
    error = status_error("GET", "/x", 400, {}, b'{"error": {"message": "limit too big"}}')
    assert "limit too big" in str(error)


def test_empty_error_body_is_none() -> None:
    """An empty body is ``None``, not an empty string or a parse error."""
    error = status_error("GET", "/x", 404, {}, b"")
    assert error.body is None
    assert str(error) == "GET /x failed with 404"


def test_rate_limit_error_reads_retry_after() -> None:
    """A 429 carries the server's Retry-After in seconds."""
    error = status_error("GET", "/x", 429, {"Retry-After": "7"}, b"")
    assert isinstance(error, vogent_async.RateLimitError)
    assert error.retry_after == 7.0


def test_error_headers_keep_only_the_allowlist() -> None:
    """Credential-like headers never reach an exception."""
    headers = {"Content-Type": "application/json", "Set-Cookie": "s=1", "X-Request-Id": "r1"}
    error = status_error("GET", "/x", 500, headers, b"{}")
    assert error.headers == {"Content-Type": "application/json", "X-Request-Id": "r1"}
    assert safe_headers({"Authorization": "Bearer k"}) == {}


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'{"data": [', b"\xff\xfe", b""])
def test_invalid_json_success_body_raises_validation_error(body: bytes) -> None:
    """A 2xx body that is not JSON raises ResponseValidationError keeping the raw body."""
    with pytest.raises(vogent_async.ResponseValidationError) as info:
        decode_json(body, method="GET", path="/batch_dial_jobs", status=200)
    assert info.value.status_code == 200
    assert info.value.body == body.decode("utf-8", "replace")
    assert "not valid JSON" in str(info.value)


def test_orjson_is_used_when_installed() -> None:
    """With the speedups extra installed, responses are parsed by orjson."""
    orjson = pytest.importorskip("orjson")
    assert pick_loads() is orjson.loads


def test_json_is_the_fallback_without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without orjson, the standard library parses, and parses the same."""
    monkeypatch.setitem(sys.modules, "orjson", None)
    loads = pick_loads()
    assert loads is json.loads
    assert loads(b'{"data": [1], "cursor": null}') == {"data": [1], "cursor": None}


@pytest.mark.parametrize("body", [b"NaN", b'{"a": Infinity}'])
def test_non_standard_json_is_rejected(body: bytes) -> None:
    """Non-standard literals that json.loads would accept fail loudly under orjson."""
    pytest.importorskip("orjson")
    with pytest.raises(vogent_async.ResponseValidationError):
        decode_json(body, method="GET", path="/x", status=200)


@pytest.mark.parametrize("parser", ["orjson", "json"])
@pytest.mark.parametrize("status", [200, 502])
def test_a_deeply_nested_body_never_raises_recursion_error(
    parser: str, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100k '[' is an undecodable body: 2xx ResponseValidationError, 5xx InternalServerError."""
    if parser == "json":
        monkeypatch.setattr("vogent_async._transport._responses._loads", json.loads)
    body = b"[" * 100_000
    if status == 200:
        with pytest.raises(vogent_async.ResponseValidationError, match="not valid JSON"):
            decode_json(body, method="GET", path="/x", status=200)
    else:
        error = status_error("GET", "/x", status, {}, body)
        assert type(error) is vogent_async.InternalServerError
        assert isinstance(error.body, str)


def test_a_422_message_carries_the_servers_reason_and_field_details() -> None:
    """The server's message and each field detail are in str(e), not only in .body."""
    body = {
        "error": {
            "code": "validation_error",
            "message": "the update is invalid",
            "details": ["maxConcurrentDials: exceeds the workspace concurrent-dial limit of 50"],
        }
    }
    error = status_error("PUT", "/batch_dial_jobs/j", 422, {}, json.dumps(body).encode())
    assert str(error) == (
        "PUT /batch_dial_jobs/j failed with 422: the update is invalid "
        "(maxConcurrentDials: exceeds the workspace concurrent-dial limit of 50)"
    )


def test_field_errors_as_objects_are_named_by_field() -> None:
    """``errors: [{field, message}]`` shows as ``field: message``; control characters go."""
    body = {
        "message": "bad\x1b[2J",
        "errors": [{"field": "rows[0].toNumber", "message": "not E.164"}],
    }
    error = status_error("POST", "/x", 400, {}, json.dumps(body).encode())
    assert str(error) == "POST /x failed with 400: bad [2J (rows[0].toNumber: not E.164)"


def test_a_long_server_message_is_capped() -> None:
    """A server message of 10,000 characters is cut to 500 in the error message."""
    error = status_error("GET", "/x", 500, {}, json.dumps({"message": "m" * 10_000}).encode())
    assert str(error).endswith("m" * 500 + "...")
    assert len(str(error)) < 600


def test_the_request_id_is_kept_and_shown() -> None:
    """An x-request-id header becomes .request_id and appears in str(e)."""
    error = status_error("GET", "/x", 404, {"X-Request-Id": "req_42"}, b'{"message": "no"}')
    assert error.request_id == "req_42"
    assert str(error) == "GET /x failed with 404: no (request id: req_42)"
    with pytest.raises(vogent_async.ResponseValidationError) as info:
        decode_json(b"<html>", method="GET", path="/x", status=200, headers={"request-id": "r9"})
    assert "(request id: r9)" in str(info.value)
