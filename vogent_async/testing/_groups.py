"""`Group`: one API group of the fake, its route table and the collections it keeps."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from vogent_async.testing._collection import ItemFactory
from vogent_async.testing._routing import RouteTable

__all__ = ["Group"]


@attrs.frozen
class Group:
    """One API group the fake serves.

    Attributes:
        name: The group's name, e.g. ``"models"``.
        routes: Its route table.
        collections: The generic collections it keeps, by name (``fake.<name>``),
            each with the factory that draws a realistic item for ``seed(n)``.
    """

    name: str
    routes: RouteTable
    collections: Mapping[str, ItemFactory] = attrs.field(factory=dict)
