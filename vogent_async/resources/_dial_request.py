"""What `Dials` checks before sending, and how a 409 from creating a dial is read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from vogent_async import _checks
from vogent_async.errors import ConflictError, DialConflictError
from vogent_async.models.agents import OptionValue
from vogent_async.models.dials import FINAL_DIAL_STATUSES, DialStatus, _CreateDialBody

__all__ = ["check_until", "conflict", "create_dial_body"]

_OPTIONAL_IDS = (
    "from_number_id",
    "from_number_pool_id",
    "ai_voice_id",
    "versioned_model_id",
    "ivr_versioned_prompt_id",
    "call_agent_extractor_id",
)
_STATUSES = tuple(s.value for s in DialStatus)
_CONFLICT_ID_KEYS = ("dialId", "existingDialId", "dial_id", "existing_dial_id")


def create_dial_body(args: Mapping[str, Any]) -> _CreateDialBody:
    """Check the arguments of `Dials.create` (by name) and build the request body.

    A phone dial (``browser_call`` not true) needs ``to_number`` and one of
    ``from_number_id`` / ``from_number_pool_id``, as the API reference says.

    Raises:
        InvalidRequestError: Listing every problem.
    """
    out: list[str] = []
    _checks.text("call_agent_id", args["call_agent_id"], out)
    for name in _OPTIONAL_IDS:
        _checks.optional_text(name, args[name], out)
    _check_phone_or_browser(args, out)
    _check_optional_ints(args, out)
    if args["webhook_url"] is not None:
        _checks.text("webhook_url", args["webhook_url"], out)
    if args["call_agent_input"] is not None:
        _checks.str_map("call_agent_input", args["call_agent_input"], out)
    keywords = None
    if args["keywords"] is not None:
        keywords = _checks.str_list("keywords", args["keywords"], out)
    voices = _option_values(args["voice_option_values"], out)
    overrides = _overrides(args["agent_overrides"], out)
    _checks.raise_problems(out)
    plain = {k: args[k] for k in ("call_agent_id", "to_number", "webhook_url", *_OPTIONAL_IDS)}
    return _CreateDialBody(
        **plain,
        browser_call=args["browser_call"],
        voice_option_values=voices,
        voice_volume_level=args["voice_volume_level"],
        override_transcriber_final_duration_ms=args["override_transcriber_final_duration_ms"],
        timeout_minutes=args["timeout_minutes"],
        call_agent_input=_copy(args["call_agent_input"]),
        agent_overrides=overrides,
        keywords=keywords,
    )


def _copy(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)


def _check_phone_or_browser(args: Mapping[str, Any], out: list[str]) -> None:
    browser = args["browser_call"]
    if browser is not None and type(browser) is not bool:
        out.append(f"browser_call: expected a bool, got {_checks.show(browser)}")
    if args["to_number"] is not None:
        _checks.e164("to_number", args["to_number"], out)
    if browser is True:
        return
    if args["to_number"] is None:
        out.append("to_number: required for a phone dial (or pass browser_call=True)")
    if args["from_number_id"] is None and args["from_number_pool_id"] is None:
        out.append("from_number_id: a phone dial needs from_number_id or from_number_pool_id")


def _check_optional_ints(args: Mapping[str, Any], out: list[str]) -> None:
    limits = {
        "voice_volume_level": (-300, 300),
        "timeout_minutes": (1, None),
        "override_transcriber_final_duration_ms": (0, None),
    }
    for name, (low, high) in limits.items():
        if args[name] is not None:
            _checks.integer(name, args[name], out, low=low, high=high)


def _option_values(value: Any, out: list[str]) -> list[OptionValue] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        shown = _checks.show(value)
        out.append(f"voice_option_values: expected a list of OptionValue, got {shown}")
        return None
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, OptionValue):
            shown = _checks.show(item)
            out.append(f"voice_option_values[{i}]: expected an OptionValue, got {shown}")
    return items


def _overrides(value: Any, out: list[str]) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        shown = _checks.show(value)
        out.append(f"agent_overrides: expected a mapping (the API's JSON), got {shown}")
        return None
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        out.append(f"agent_overrides: not JSON: {exc}")
        return None
    return dict(value)


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
    wanted = {_checks.one_of("until", status, _STATUSES, out) for status in until}
    if not wanted and not out:
        out.append("until: expected at least one dial status")
    _checks.raise_problems(out)
    return frozenset(s for s in wanted if s is not None)


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
