"""The API groups the fake serves: adding a group is one module and one entry here."""

from __future__ import annotations

from vogent_async.testing import (
    _agent_parts,
    _agents,
    _batch_dials,
    _dials,
    _evals,
    _functions,
    _models,
    _phone_numbers,
    _tts,
    _voices,
)
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Route

__all__ = ["GROUPS", "ROUTES"]

GROUPS: tuple[Group, ...] = (
    _batch_dials.GROUP,
    _models.GROUP,
    _dials.GROUP,
    _phone_numbers.GROUP,
    _agents.GROUP,
    _agent_parts.GROUP,
    _functions.GROUP,
    _voices.GROUP,
    _evals.GROUP,
    _tts.GROUP,
)

ROUTES: tuple[Route, ...] = tuple(route for group in GROUPS for route in group.routes)
"""Every route the fake serves, group by group."""
