"""The API groups the fake serves: adding a group is one module and one entry here."""

from __future__ import annotations

from vogent_async.testing import _batch_dials, _dials, _models, _phone_numbers
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Route

__all__ = ["GROUPS", "ROUTES"]

GROUPS: tuple[Group, ...] = (
    _batch_dials.GROUP,
    _models.GROUP,
    _dials.GROUP,
    _phone_numbers.GROUP,
)

ROUTES: tuple[Route, ...] = tuple(route for group in GROUPS for route in group.routes)
"""Every route the fake serves, group by group."""
