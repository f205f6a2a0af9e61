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

from vogent_async.testing._events import Events
from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._pages import Page, SortKey

__all__ = ["Collection", "ItemFactory"]

ItemFactory = Callable[[DataGenerator, Any], dict[str, Any]]
"""Draws one realistic item body (without an ``id``) for `Collection.seed`, given the
fake's ``World`` so that the ids it names are of objects the fake holds."""

Settle = Callable[[Any, dict[str, Any]], None]
"""Called with the ``World`` and each item `Collection.seed` added, to make what it owns."""


class Collection:
    """The items of one API group, reached as ``fake.<group>`` (e.g. ``fake.models``).

    Args:
        name: The group's name, e.g. ``"models"``; events are ``"<name>.created"`` etc.
        data: The seeded generator ids and generated items come from.
        make: Draws one generated item for `seed`.
        events: Where changes are announced.
        owner: The body field naming an item's parent, when items keep it in their
            body (eval records and runs keep their config under ``evalConfigId``).
    """

    def __init__(
        self,
        name: str,
        data: DataGenerator,
        make: ItemFactory,
        events: Events,
        *,
        owner: str | None = None,
    ) -> None:
        self.name = name
        self._data, self._make, self._events, self._owner = data, make, events, owner
        self._items: dict[str, dict[str, Any]] = {}
        self._parents: dict[str, str | None] = {}
        self._order: list[tuple[int, str]] = []  # (sequence, id), ascending
        self._seq = itertools.count(1)
        self.world: Any = None
        """The fake's ``World``: draws and checks what seeds name (``None``: unchecked)."""
        self.settle: Settle | None = None
        """Makes what a seeded item owns (an agent's first prompt); ``None``: nothing."""

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

        Every body is checked before any is added: it must fit the contract's schema
        for this group's items (the client must be able to read it back), and each
        id it names must be of an object the fake holds.

        Args:
            items: How many items to generate, or the item bodies themselves.
            parent: The id of the item they belong to (e.g. their agent's).

        Returns:
            The new items' ids, in the order they were added.

        Raises:
            ValueError: A negative count, an id that is already taken, or a body
                that does not fit: the message names the item's index and the field.
        """
        if isinstance(items, int):
            if items < 0:
                raise ValueError("the number of items must be >= 0")
            bodies = [self.draw() for _ in range(items)]
        else:
            bodies = [_body(self.name, i, body) for i, body in enumerate(items)]
        self._admit(bodies, parent)
        ids = []
        for body in bodies:
            item = self.create(body, parent=parent)
            if self.settle is not None:
                self.settle(self.world, item)
            ids.append(item["id"])
        return ids

    def _admit(self, bodies: list[dict[str, Any]], parent: str | None) -> None:
        """Give each body its id, and refuse the seed if any body cannot be stored."""
        taken = set(self._items)
        for i, body in enumerate(bodies):
            body.setdefault("id", self._data.uuid())
            problems = (
                [] if self.world is None else self.world.seed_problems(self.name, body, parent)
            )
            if body["id"] in taken:
                problems.append(f"id: {body['id']!r} is already taken")
            if problems:
                raise ValueError(f"{self.name}.seed: item {i}: {'; '.join(problems)}")
            taken.add(body["id"])

    def draw(self) -> dict[str, Any]:
        """A generated item body (without an ``id``), as `seed` makes them; nothing is stored."""
        return self._make(self._data, self.world)

    def create(self, body: Mapping[str, Any], *, parent: str | None = None) -> dict[str, Any]:
        """Store a new item (of ``parent``, if given) and return a copy of it, with its ``id``.

        Unlike `seed`, the body is stored as given, unchecked: this is what the
        handlers use, and what a test of a body the contract lacks can use.

        Raises:
            ValueError: The body's ``id`` is already taken.
        """
        item = copy.deepcopy(dict(body))
        item_id = str(item.setdefault("id", self._data.uuid()))
        if item_id in self._items:
            raise ValueError(f"{self.name}: id {item_id!r} is already taken")
        if parent is None and self._owner is not None:
            parent = item.get(self._owner)
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

    def parent_of(self, item_id: str) -> str | None:
        """The id of the item's parent, ``None`` for an item that has none.

        Raises:
            KeyError: No such item.
        """
        return self._parents[item_id]

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


def _body(name: str, index: int, body: Any) -> dict[str, Any]:
    """A copy of one seeded body, which must be a JSON object."""
    if not isinstance(body, Mapping):
        raise ValueError(f"{name}.seed: item {index}: $: expected an object")
    return copy.deepcopy(dict(body))
