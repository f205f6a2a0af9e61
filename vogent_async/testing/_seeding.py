"""Seeding a fake by group name, from JSON: what ``POST /_fake/seed/{group}`` and
``serve --seed-file`` share.

Each group's own seed method (``fake.agents.seed([...])``,
``fake.seed_jobs([...])`` for ``batch_dial_jobs``) checks the bodies; here a
group is found by its name, the JSON is checked to be a list of objects, and
every refusal becomes a `SeedError` that names the group and the item.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

__all__ = ["SeedError", "Seeder", "load_seed_file", "seed_group", "seed_groups"]


class Seeder(Protocol):
    """One group's seed method: bodies in, new ids out (`Collection.seed`'s shape)."""

    def __call__(self, items: list[dict[str, Any]], *, parent: str | None = None) -> list[str]:
        """Seed ``items`` (of ``parent``); return their ids."""
        ...


class SeedError(ValueError):
    """Seed data the fake refuses; the message says where and what is wrong."""


def seed_group(
    seeders: Mapping[str, Seeder], group: str, bodies: Any, *, parent: str | None = None
) -> list[str]:
    """Seed ``bodies`` (a JSON list of wire-format objects) with ``seeders[group]``.

    Returns:
        The new items' ids, in order.

    Raises:
        SeedError: An unknown group, bodies that are not a list of objects, or
            what the group's ``seed`` refused.
    """
    seed = seeders.get(group)
    if seed is None:
        known = ", ".join(sorted(seeders))
        raise SeedError(f"unknown group {group!r}; the groups are: {known}")
    if not isinstance(bodies, list):
        raise SeedError(f"{group}: expected a JSON array of objects, got {_kind(bodies)}")
    for i, body in enumerate(bodies):
        if not isinstance(body, dict):
            raise SeedError(f"{group}[{i}]: expected an object, got {_kind(body)}")
    try:
        return seed(bodies, parent=parent)
    except (ValueError, TypeError) as error:
        message = str(error)
        # The group said who it is (a collection's seed says "<group>.seed: item i: ...").
        named = message.startswith((f"{group}:", f"{group}[", f"{group}.seed:"))
        raise SeedError(message if named else f"{group}: {message}") from None


def seed_groups(seeders: Mapping[str, Seeder], groups: Mapping[str, Any]) -> dict[str, list[str]]:
    """Seed each group of ``groups`` (name to bodies) in order; return the ids by group."""
    return {name: seed_group(seeders, name, bodies) for name, bodies in groups.items()}


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
