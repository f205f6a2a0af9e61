"""What `Dials.wait` waits for, and how a 409 from creating a dial is read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vogent_async.errors import ConflictError, DialConflictError, InvalidRequestError
from vogent_async.models._rules import one_of
from vogent_async.models._shared import canonical
from vogent_async.models.dials import FINAL_DIAL_STATUSES, DialStatus

__all__ = ["check_until", "conflict"]

_STATUS = one_of(DialStatus)
_CONFLICT_ID_KEYS = ("dialId", "existingDialId", "dial_id", "existing_dial_id")


def check_until(until: object) -> frozenset[str]:
    """The statuses a wait ends on: known dial statuses, in any case.

    Raises:
        TypeError: ``until`` is a single string, or not an iterable of strings.
        InvalidRequestError: An empty set, or a string that is no dial status.
    """
    if until is None:
        return FINAL_DIAL_STATUSES
    if isinstance(until, (str, bytes)) or not isinstance(until, Iterable):
        raise TypeError(
            f"until must be a set of dial statuses such as {{'completed', 'failed'}}, "
            f"got {type(until).__name__} {until!r}"
        )
    out: list[str] = []
    wanted: set[str] = set()
    for status in until:
        if _STATUS.ok(status):
            wanted.add(canonical(DialStatus, status).value)
        else:
            _STATUS.explain(status, "until", out)
    if not wanted and not out:
        out.append("until: expected at least one dial status")
    if out:
        raise InvalidRequestError(out)
    return frozenset(wanted)


def conflict(error: ConflictError) -> DialConflictError:
    """The `DialConflictError` for a 409 from ``POST /dials``, with the dial id it names."""
    new = DialConflictError(
        str(error.args[0]) if error.args else "conflict",
        method=error.method,
        path=error.path,
        status_code=error.status_code,
        body=error.body,
        headers=error.headers,
        request_id=error.request_id,
    )
    new.dial_id = _dial_id(error.body)
    return new


def _dial_id(body: Any) -> str | None:
    """The existing dial's id in a conflict body of unknown shape (also one level down)."""
    if not isinstance(body, dict):
        return None
    for key in _CONFLICT_ID_KEYS:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    for key in ("dial", "error", "data"):
        inner = body.get(key)
        if key == "dial" and isinstance(inner, dict) and isinstance(inner.get("id"), str):
            return str(inner["id"])
        found = _dial_id(inner) if isinstance(inner, dict) else None
        if found:
            return found
    return None
