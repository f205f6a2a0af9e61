"""`Group`: one API group of the fake, its route table and the collections it keeps."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from vogent_async.testing._collection import ItemFactory, Settle
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
        controls: Makes the group's own knobs for each fake (``fake.<name>``, and
            ``call.fake.controls[<name>]`` in its handlers); ``None``: it has none.
        owners: Per collection, the body field naming an item's parent, when its
            items keep it in their body (see `Collection`).
        settle: Per collection, what makes the objects a seeded item owns.
        catalog: Per collection, the items every fresh fake holds (the provider's
            models, the stock voices), with fixed ids.
    """

    name: str
    routes: RouteTable
    collections: Mapping[str, ItemFactory] = attrs.field(factory=dict)
    controls: Callable[[], Any] | None = None
    owners: Mapping[str, str] = attrs.field(factory=dict)
    settle: Mapping[str, Settle] = attrs.field(factory=dict)
    catalog: Mapping[str, Sequence[Mapping[str, Any]]] = attrs.field(factory=dict)
