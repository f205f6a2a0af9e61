"""Seeding a fake by group name, from JSON: what ``POST /_fake/seed/{group}`` and
``serve --seed-file`` share.

Each group's own ``seed(...)`` (``fake.agents.seed([...])``) checks the bodies;
here a group is found by its name, the JSON is checked to be a list of objects,
and every refusal becomes a `SeedError` that names the group and the item.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vogent_async.testing._collection import Collection

__all__ = ["SeedError", "load_seed_file", "seed_group", "seed_groups"]


class SeedError(ValueError):
    """Seed data the fake refuses; the message says where and what is wrong."""


def seed_group(
    collections: Mapping[str, Collection], group: str, bodies: Any, *, parent: str | None = None
) -> list[str]:
    """Seed ``bodies`` (a JSON list of wire-format objects) into ``collections[group]``.

    Returns:
        The new items' ids, in order.

    Raises:
        SeedError: An unknown group, bodies that are not a list of objects, or
            what the group's ``seed`` refused.
    """
    collection = collections.get(group)
    if collection is None:
        known = ", ".join(sorted(collections))
        raise SeedError(f"unknown group {group!r}; the groups are: {known}")
    if not isinstance(bodies, list):
        raise SeedError(f"{group}: expected a JSON array of objects, got {_kind(bodies)}")
    for i, body in enumerate(bodies):
        if not isinstance(body, dict):
            raise SeedError(f"{group}[{i}]: expected an object, got {_kind(body)}")
    try:
        return collection.seed(bodies, parent=parent)
    except (ValueError, TypeError) as error:
        raise SeedError(f"{group}: {error}") from None


def seed_groups(
    collections: Mapping[str, Collection], groups: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Seed each group of ``groups`` (name to bodies) in order; return the ids by group."""
    return {name: seed_group(collections, name, bodies) for name, bodies in groups.items()}


def load_seed_file(path: str | Path) -> dict[str, Any]:
    """Read a seed file: a JSON object mapping group names to lists of bodies.

    Raises:
        SeedError: It cannot be read, is not JSON, or is not an object, naming the file.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SeedError(f"{path}: cannot read the seed file: {error.strerror}") from None
    except ValueError as error:
        raise SeedError(f"{path}: the seed file is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SeedError(
            f"{path}: expected a JSON object mapping group names to lists of bodies, "
            f"got {_kind(data)}"
        )
    return data


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")
