"""The rules request fields declare: ``attrs.field(metadata=checks(E164))``.

A `Rule` is a fast yes/no test (``ok``, run on every value, the hot path of a
100,000-row job) and an explanation (``explain``, run only when ``ok`` said no)
that appends ``"<path>: <problem>"`` lines. `vogent_async._request._validation` walks
them; nothing here knows about a particular request.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import sys
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from vogent_async._sentinel import NOT_GIVEN
from vogent_async.models._show import show, text_problem

__all__ = [
    "DAY_OF_WEEK",
    "E164",
    "HH_MM",
    "ID_LIST",
    "JSON_MAPPING",
    "JSON_OBJECT",
    "OPTIONAL_BOOL",
    "POSITIVE_INT",
    "STR_LIST",
    "STR_MAP",
    "TEXT",
    "TIMEZONE",
    "Rule",
    "among",
    "checks",
    "integer",
    "one_of",
    "pattern",
    "something_given",
    "string_list",
    "text",
]

Explain = Callable[[Any, str, list[str]], None]


@attrs.frozen
class Rule:
    """One check of a field's value: ``ok`` decides, ``explain`` says what is wrong."""

    ok: Callable[[Any], bool]
    explain: Explain


def checks(*rules: Rule) -> dict[str, tuple[Rule, ...]]:
    """Field metadata declaring the rules a request field's value must pass."""
    return {"vogent_checks": rules}


def _simple(ok: Callable[[Any], bool], problem: Callable[[Any], str]) -> Rule:
    def explain(value: Any, path: str, out: list[str]) -> None:
        out.append(f"{path}: {problem(value)}")

    return Rule(ok, explain)


def _by_problem(problem: Callable[[Any], str | None]) -> Rule:
    """A rule from one function that says what is wrong, or ``None`` when nothing is."""
    return _simple(lambda v: problem(v) is None, lambda v: str(problem(v)))


# ------------------------------------------------------------ scalar rules


def pattern(regex: str, expected: str) -> Rule:
    """A string matching ``regex`` as a whole (ASCII); ``expected`` says what, for a message."""
    match = re.compile(regex, re.ASCII).fullmatch
    return _simple(
        lambda v: type(v) is str and match(v) is not None,
        lambda v: f"expected {expected}, got {v!r}",
    )


#: E.164: ``+``, a country code that does not start with 0, 8 to 15 digits in all.
E164 = pattern(r"\+[1-9][0-9]{7,14}", "E.164 like +15551234567")

#: 24-hour ``HH:MM``, 00:00 to 23:59.
HH_MM = pattern(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", "24-hour HH:MM")

#: A day of the week as the API counts: 0 (Sunday) to 6 (Saturday).
DAY_OF_WEEK = _simple(
    lambda v: type(v) is int and 0 <= v <= 6,
    lambda v: f"expected 0 (Sunday) to 6 (Saturday), got {v!r}",
)


def text(*, min_length: int = 1, max_length: int | None = None, secret: bool = False) -> Rule:
    """A string of ``min_length`` to ``max_length`` characters, valid UTF-8.

    With ``min_length`` at least 1 it must hold something besides whitespace;
    with 0 it may be empty. A ``secret`` value (a password) is never shown in a
    message, only its type.
    """

    def problem(v: Any) -> str | None:
        if not isinstance(v, str):
            kind = "a non-empty string" if min_length else "a string"
            return f"expected {kind}, got {type(v).__name__ if secret else show(v)}"
        if min_length and not v.strip():
            return "must not be empty"
        if len(v) < min_length:
            return f"must be at least {min_length} characters long"
        if max_length is not None and len(v) > max_length:
            return f"at most {max_length} characters, got {len(v)}"
        return text_problem(v)

    most = max_length if max_length is not None else sys.maxsize

    def ok(v: Any) -> bool:
        # The common case in one call (`isspace` is `not v.strip()` for a non-empty str).
        if type(v) is str and v.isascii() and min_length <= len(v) <= most:
            return not (min_length and v.isspace())
        return problem(v) is None

    return _simple(ok, lambda v: str(problem(v)))


#: A string with something in it besides whitespace.
TEXT = text()


def integer(*, low: int | None = None, high: int | None = None) -> Rule:
    """An int (never a bool) within ``[low, high]``."""

    def ok(v: Any) -> bool:
        return type(v) is int and (low is None or v >= low) and (high is None or v <= high)

    def problem(v: Any) -> str:
        if type(v) is not int:
            return f"expected an integer, got {show(v)}"
        if low is not None and high is not None:
            return f"must be {low} to {high}, got {v}"
        return (
            f"must be at least {low}, got {v}"
            if low is not None
            else f"must be at most {high}, got {v}"
        )

    return _simple(ok, problem)


#: An int of at least 1 (a bool or a float is refused).
POSITIVE_INT = integer(low=1)


def among(values: tuple[int, ...], unit: str = "") -> Rule:
    """One of ``values`` (ints; a bool or a float is refused), e.g. the sample rates."""
    shown = ", ".join(map(str, values)) + (f" ({unit})" if unit else "")
    return _simple(
        lambda v: type(v) is int and v in values,
        lambda v: f"expected one of {shown}, got {show(v)}",
    )


def one_of(enum_cls: type[enum.Enum]) -> Rule:
    """A member of ``enum_cls`` or its value, in any case (a `canonical` converter fixes it)."""
    accepted = {str(m.value).casefold() for m in enum_cls}
    shown = ", ".join(repr(m.value) for m in enum_cls)
    return _simple(
        lambda v: isinstance(v, str) and v.casefold() in accepted,
        lambda v: f"expected one of {shown}, got {v!r}",
    )


def _json_object_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a JSON object as a string, got {show(value)}"
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        return f"not JSON ({exc})"
    return None if isinstance(parsed, dict) else f"expected a JSON object, got {show(parsed)}"


#: A string holding a JSON object, e.g. an extractor's JSON Schema (``json.dumps`` it).
JSON_OBJECT = _by_problem(_json_object_problem)

#: ``True`` or ``False``.
OPTIONAL_BOOL = _simple(lambda v: type(v) is bool, lambda v: f"expected a bool, got {show(v)}")


@functools.lru_cache(maxsize=128)
def _is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # ValueError: a malformed key
        return False
    return True


#: A name of the IANA timezone database, e.g. ``America/New_York``.
TIMEZONE = _simple(
    lambda v: isinstance(v, str) and _is_timezone(v),
    lambda v: f"not a known IANA timezone: {v!r}",
)


# ---------------------------------------------------------- container rules


def _is_str_list(value: Any) -> bool:
    if type(value) is not list:
        return False
    return all(isinstance(item, str) and item for item in value)


def string_list(noun: str) -> Rule:
    """A list of non-empty strings (the field's converter makes any iterable a list)."""

    def explain(value: Any, path: str, out: list[str]) -> None:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            out.append(f"{path}: expected a list of {noun}, got {show(value)}")
            return
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                out.append(f"{path}[{i}]: expected a non-empty string, got {show(item)}")

    return Rule(_is_str_list, explain)


#: A list of non-empty id strings.
ID_LIST = string_list("id strings")

#: A list of non-empty strings (a transcriber's keywords).
STR_LIST = string_list("strings")


def _json_mapping_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f"expected a mapping (the API's JSON), got {show(value)}"
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return f"not JSON: {exc}"
    return None


#: A mapping that is JSON as it is (sent as given, e.g. a dial's ``agent_overrides``).
JSON_MAPPING = _by_problem(_json_mapping_problem)


def _is_str_map(value: Any) -> bool:
    if type(value) is not dict:
        return False
    for key, item in value.items():  # noqa: SIM110  # a plain loop: this runs for every row
        if type(key) is not str or type(item) is not str:
            return False
    return True


def _explain_str_map(value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, Mapping):
        out.append(f"{path}: expected a mapping of names to strings, got {show(value)}")
        return
    for key, item in value.items():
        if not isinstance(key, str):
            out.append(f"{path}: key {key!r} is not a string")
        elif not isinstance(item, str):
            out.append(f"{path}[{key!r}]: expected a string, got {show(item)}")


#: A mapping of string names to string values, e.g. a row's prompt ``inputs``.
STR_MAP = Rule(lambda v: _is_str_map(v) or _explain_ok(_explain_str_map, v), _explain_str_map)


def _explain_ok(explain: Explain, value: Any) -> bool:
    """Slow path of ``ok`` for values of another type that are still fine (a MappingProxy)."""
    out: list[str] = []
    explain(value, "", out)
    return not out


# ------------------------------------------------------------ object checks
# A request model's ``_object_checks`` (a ClassVar) run once its fields passed.

ObjectChecks = tuple[Callable[[Any, str, list[str]], None], ...]
"""The type of a request model's ``_object_checks``: each appends its problems to ``out``."""


def something_given(body: Any, path: str, out: list[str]) -> None:
    """At least one field is given: an update with nothing to change is refused, not sent."""
    names = [a.name for a in attrs.fields(type(body))]
    if all(getattr(body, name) is NOT_GIVEN for name in names):
        where = f"{path}: " if path else ""
        out.append(f"{where}nothing to change: give at least one of {', '.join(names)}")
