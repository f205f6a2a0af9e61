"""What a handler answers with below the routing: a `Page` of items, or a `Reject`.

Apart from the route tables, so that the fake's collections and world use them
without importing the routing (which knows the whole fake's state).
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Page", "Reject", "SortKey"]

SortKey = tuple[int, int]
"""Where an item sits in its listing; a cursor names the last key a page returned."""


class Reject(Exception):
    """Refuse a request: the app answers ``status`` in the fake's error body.

    Args:
        status: The HTTP status.
        message: What went wrong, for a person.
        details: One ``"<field path>: <problem>"`` line per problem.
    """

    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []

    @classmethod
    def invalid(cls, problems: list[str]) -> Reject:
        """A 422 whose message carries the first problem, and whose details list them all."""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return cls(422, f"the request body is invalid: {problems[0]}{more}", problems)


@attrs.frozen
class Page:
    """One page a handler found: its items, and the key of the last one if more follow."""

    items: list[Any]
    next_key: SortKey | None
