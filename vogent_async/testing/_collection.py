"""`Collection`: the in-memory store of one CRUD group (models, agents, ...), by id.

Items are JSON bodies as the API returns them. An item may belong to a parent
(an agent's extractors and versioned prompts): the parent's id is kept beside
the body, never in it, and every lookup given a ``parent`` sees only its items.
They are listed oldest first,
paged by their sequence number so that a cursor names an item rather than an
offset: items created or deleted while someone walks a listing never shift
the pages they have not read yet.
"""

from __future__ import annotations

import copy
import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import Any

from vogent_async.testing._data import DataGenerator
from vogent_async.testing._events import Events
from vogent_async.testing._routing import Page, SortKey

__all__ = ["Collection", "ItemFactory"]

ItemFactory = Callable[[DataGenerator], dict[str, Any]]
"""Draws one realistic item body (without an ``id``) for `Collection.seed`."""


class Collection:
    """The items of one API group, reached as ``fake.<group>`` (e.g. ``fake.models``).

    Args:
        name: The group's name, e.g. ``"models"``; events are ``"<name>.created"`` etc.
        data: The seeded generator ids and generated items come from.
        make: Draws one generated item for `seed`.
        events: Where changes are announced.
    """

    def __init__(self, name: str, data: DataGenerator, make: ItemFactory, events: Events) -> None:
        self.name = name
        self._data, self._make, self._events = data, make, events
        self._items: dict[str, dict[str, Any]] = {}
        self._parents: dict[str, str | None] = {}
        self._order: list[tuple[int, str]] = []  # (sequence, id), ascending
        self._seq = itertools.count(1)

    def __repr__(self) -> str:
        return f"<Collection {self.name} items={len(self._items)}>"

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Copies of every item, oldest first."""
        return (copy.deepcopy(self._items[item_id]) for _, item_id in list(self._order))

    def seed(
        self, items: int | Iterable[Mapping[str, Any]], *, parent: str | None = None
    ) -> list[str]:
        """Add items: ``n`` generated ones, or the bodies given (an ``id`` is added when missing).

        Args:
            items: How many items to generate, or the item bodies themselves.
            parent: The id of the item they belong to (e.g. their agent's).

        Returns:
            The new items' ids, in the order they were added.

        Raises:
            ValueError: A negative count, or an id that is already taken.
        """
        if isinstance(items, int):
            if items < 0:
                raise ValueError("the number of items must be >= 0")
            items = [self._make(self._data) for _ in range(items)]
        return [self.create(body, parent=parent)["id"] for body in items]

    def create(self, body: Mapping[str, Any], *, parent: str | None = None) -> dict[str, Any]:
        """Store a new item (of ``parent``, if given) and return a copy of it, with its ``id``.

        Raises:
            ValueError: The body's ``id`` is already taken.
        """
        item = copy.deepcopy(dict(body))
        item_id = str(item.setdefault("id", self._data.uuid()))
        if item_id in self._items:
            raise ValueError(f"{self.name}: id {item_id!r} is already taken")
        self._items[item_id] = item
        self._parents[item_id] = parent
        self._order.append((next(self._seq), item_id))
        self._events.emit(f"{self.name}.created", item_id, item)
        return copy.deepcopy(item)

    def get(self, item_id: str, *, parent: str | None = None) -> dict[str, Any]:
        """A copy of the item with this id (that belongs to ``parent``, if given).

        Raises:
            KeyError: No such item.
        """
        return copy.deepcopy(self._item(item_id, parent))

    def update(
        self,
        item_id: str,
        change: Mapping[str, Any],
        *,
        parent: str | None = None,
        drop: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Set the fields in ``change``, remove those in ``drop`` (the others stay).

        Returns:
            A copy of the item.

        Raises:
            KeyError: No such item (of ``parent``, if given).
        """
        item = self._item(item_id, parent)
        item.update(copy.deepcopy({k: v for k, v in change.items() if k != "id"}))
        for field in drop:
            item.pop(field, None)
        self._events.emit(f"{self.name}.updated", item_id, item)
        return copy.deepcopy(item)

    def delete(self, item_id: str, *, parent: str | None = None) -> dict[str, Any]:
        """Remove the item and return it.

        Raises:
            KeyError: No such item (of ``parent``, if given).
        """
        item = self._item(item_id, parent)
        del self._items[item_id], self._parents[item_id]
        self._order = [entry for entry in self._order if entry[1] != item_id]
        self._events.emit(f"{self.name}.deleted", item_id, item)
        return item

    def children(self, parent: str) -> list[dict[str, Any]]:
        """Copies of the items of ``parent``, oldest first."""
        return [self.get(i) for _, i in self._order if self._parents[i] == parent]

    def delete_children(self, parent: str) -> int:
        """Remove every item of ``parent`` (it was deleted); return how many went."""
        ids = [i for _, i in self._order if self._parents[i] == parent]
        for item_id in ids:
            self.delete(item_id)
        return len(ids)

    def page(
        self,
        limit: int,
        after: SortKey | None,
        match: Callable[[dict[str, Any]], bool] | None = None,
        *,
        parent: str | None = None,
    ) -> Page:
        """Up to ``limit`` items after the one ``after`` names, oldest first, and the next key.

        Only items ``match`` accepts are listed, and only those of ``parent`` if given.
        """
        if parent is not None:
            match = self._of_parent(parent, match)
        order = self._order
        i = 0 if after is None else bisect_right(order, after[1], key=itemgetter(0))
        items: list[dict[str, Any]] = []
        last = 0
        while i < len(order) and len(items) < limit:
            seq, item_id = order[i]
            i += 1
            if match is None or match(self._items[item_id]):
                items.append(self._items[item_id])
                last = seq
        if match is None:
            more = i < len(order)
        else:
            more = any(match(self._items[item_id]) for _, item_id in order[i:])
        return Page(items, (0, last) if more and items else None)

    def _of_parent(
        self, parent: str, match: Callable[[dict[str, Any]], bool] | None
    ) -> Callable[[dict[str, Any]], bool]:
        parents = self._parents

        def of_parent(item: dict[str, Any]) -> bool:
            return parents[item["id"]] == parent and (match is None or match(item))

        return of_parent

    def _item(self, item_id: str, parent: str | None = None) -> dict[str, Any]:
        item = self._items.get(item_id)
        if item is None or (parent is not None and self._parents[item_id] != parent):
            raise KeyError(f"{self.name}: no item with id {item_id!r}")
        return item
