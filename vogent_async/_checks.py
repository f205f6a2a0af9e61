"""Door checks for the arguments of the newer API groups, and the path builder they use.

Each check appends ``"<argument>: <problem>"`` to a list, so a method reports
every problem in one `InvalidRequestError` before anything is sent. `path`
(from `vogent_async._paths`, the one path builder) builds a URL path from a
template, each value checked and quoted as exactly one segment.
"""

from __future__ import annotations

from collections.abc import Mapping

from vogent_async._paths import path
from vogent_async._rules import E164, STR_MAP, Rule, text_problem
from vogent_async.errors import InvalidRequestError

__all__ = [
    "e164",
    "integer",
    "one_of",
    "optional_text",
    "path",
    "raise_problems",
    "str_list",
    "str_map",
    "text",
]


def show(value: object) -> str:
    """A value for a message: its type and a repr cut to 60 characters."""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{type(value).__name__} {shown}"


def raise_problems(problems: list[str]) -> None:
    """Raise `InvalidRequestError` listing ``problems``, if there are any."""
    if problems:
        raise InvalidRequestError(problems)


def text(
    name: str, value: object, out: list[str], *, min_length: int = 1, secret: bool = False
) -> None:
    """A string of at least ``min_length`` characters, not only whitespace, valid UTF-8.

    A ``secret`` value (a password) is never shown in the message, only its type.
    """
    if not isinstance(value, str):
        shown = type(value).__name__ if secret else show(value)
        out.append(f"{name}: expected a non-empty string, got {shown}")
    elif not value.strip():
        out.append(f"{name}: must not be empty")
    elif len(value) < min_length:
        out.append(f"{name}: must be at least {min_length} characters long")
    elif (problem := text_problem(value)) is not None:
        out.append(f"{name}: {problem}")


def optional_text(name: str, value: object, out: list[str]) -> None:
    """`text`, with ``None`` (left out) accepted."""
    if value is not None:
        text(name, value, out)


def e164(name: str, value: object, out: list[str]) -> None:
    """A phone number in E.164 form, e.g. ``+15551234567``: `_rules.E164`."""
    _apply(E164, name, value, out)


def integer(
    name: str, value: object, out: list[str], *, low: int | None = None, high: int | None = None
) -> None:
    """An int (never a bool) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        out.append(f"{name}: expected an integer, got {show(value)}")
    elif (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low} to {high}" if low is not None and high is not None else None
        bounds = bounds or (f"at least {low}" if low is not None else f"at most {high}")
        out.append(f"{name}: must be {bounds}, got {value}")


def one_of(name: str, value: object, accepted: tuple[str, ...], out: list[str]) -> str | None:
    """``value`` as one of ``accepted`` (an enum member's value or the string, any case)."""
    if isinstance(value, str):
        for candidate in accepted:
            if value.casefold() == candidate.casefold():
                return candidate
    shown = ", ".join(repr(a) for a in accepted)
    out.append(f"{name}: expected one of {shown}, got {value!r}")
    return None


def str_map(name: str, value: object, out: list[str]) -> None:
    """A mapping of string names to string values (prompt variables): `_rules.STR_MAP`."""
    _apply(STR_MAP, name, value, out)


def str_list(name: str, value: object, out: list[str]) -> list[str]:
    """A list (or other non-string sequence) of non-empty strings; returned as a list."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        out.append(f"{name}: expected a list of strings, got {show(value)}")
        return []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            out.append(f"{name}[{i}]: expected a non-empty string, got {show(item)}")
    return list(value)


def _apply(rule: Rule, name: str, value: object, out: list[str]) -> None:
    """Run one of the request models' field rules on a plain argument."""
    if not rule.ok(value):
        rule.explain(value, name, out)
