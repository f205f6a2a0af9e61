"""How a value is shown in a message, and what keeps a text from being sent.

Below the rules (which use them) and used by every layer that words a problem: the
request walker, the codec's hooks, the path builder, the pagination and the transport.
"""

from __future__ import annotations

__all__ = ["preview", "show", "text_problem"]


def preview(value: object) -> str:
    """``repr(value)`` cut to 60 characters, for a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def show(value: object) -> str:
    """A value for a message: its type and its `preview`."""
    return f"{type(value).__name__} {preview(value)}"


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as UTF-8 (a lone surrogate), or ``None`` when it can."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"not valid text: {value[exc.start]!r} at index {exc.start} is a lone surrogate"
    return None
