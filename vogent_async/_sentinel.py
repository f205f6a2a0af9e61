"""`NOT_GIVEN`: the default of arguments where ``None`` is itself a value to send.

``update(job_id, schedule=None)`` sends ``"schedule": null``; ``update(job_id)``
sends no ``schedule`` key at all. The sentinel tells the two apart.
"""

from __future__ import annotations

import enum
from typing import Final, Literal

__all__ = ["NOT_GIVEN", "NotGiven"]


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`; use it in annotations (``int | NotGiven``)."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN
"""Marks an argument the caller did not pass; such fields are left out of the request."""
