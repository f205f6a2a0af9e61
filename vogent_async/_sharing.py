"""Structural sharing: a decoded subtree equal to one decoded a moment ago is that object.

The dials of one job carry the same agent settings, jobs reuse a few schedules.
A model that cannot change (frozen, with only scalars, enums, timestamps, tuples
and such models inside: `shareable`) is the same value wherever it appears, so
the converter hands out the object it already built when the JSON is the same.
A class with a list, a dict or a free-form field is never shared (a caller could
change it under another holder); its shareable parts still are.

A subtree that missed is built by the same converter, so its own shareable
parts are still looked up. Lookup is an equality check of the raw JSON against the last `RECENT` raw
objects of the same type (C-speed ``==``, failing fast on distinct data), then
an exactness check of the numbers in it, since ``1 == 1.0 == True`` in Python
but not in a model. Memory is bounded: `RECENT` entries per type. A type whose
lookups rarely hit stops looking for a while, so data without repetition pays
little. Only freshly parsed JSON goes through it: a raw object that someone
changed after it was decoded would poison the cache.
"""

from __future__ import annotations

import enum
import functools
import math
import types
from collections.abc import Callable
from datetime import datetime
from typing import Any, Union, get_args, get_origin

import attrs

__all__ = ["RECENT", "is_frozen", "share_hook", "shareable", "worth_sharing"]

#: How many recent (raw JSON, model) pairs are kept per type.
RECENT = 8
#: Lookups per probe window; a window with fewer than 1 hit in 8 pauses the lookups.
WINDOW = 256
#: Calls that skip the lookup after a window without enough hits.
PAUSE = 4096

_SCALARS = (str, int, bool, float, type(None), datetime)
Hook = Callable[[Any, Any], Any]
Exact = Callable[[Any, Any], bool]


def _members(tp: Any) -> tuple[Any, ...]:
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)


def _array_of(tp: Any) -> Any:
    """``X`` for ``tuple[X, ...]``, else ``None``."""
    args = get_args(tp)
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


@functools.cache
def shareable(tp: Any) -> bool:
    """Whether a value of type ``tp`` can never change once built."""
    if tp in _SCALARS or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return True
    members = _members(tp)
    if len(members) > 1:
        return all(shareable(m) for m in members)
    elem = _array_of(tp)
    if elem is not None:
        return shareable(elem)
    if not (isinstance(tp, type) and attrs.has(tp)):
        return False  # lists, dicts, Any, anything unknown
    attrs.resolve_types(tp)
    return is_frozen(tp) and all(shareable(a.type) for a in attrs.fields(tp))


def is_frozen(cls: type) -> bool:
    """Whether attrs made ``cls`` frozen (its ``__setattr__`` always raises)."""
    return getattr(cls.__setattr__, "__name__", "") == "_frozen_setattrs"


def worth_sharing(tp: Any) -> bool:
    """A shareable model class: where a lookup saves real work.

    Arrays are not looked up themselves: their elements are, and a lookup per
    array level cost more on data that does not repeat than it saved on data
    that does (an object holding the array is shared whole when it repeats).
    """
    return isinstance(tp, type) and attrs.has(tp) and shareable(tp)


def _same_number(a: Any, b: Any) -> bool:
    """Two equal JSON values that also decode alike (``1``, ``1.0``, ``True``, ``-0.0``)."""
    if type(a) is not type(b):
        return False
    return type(a) is not float or math.copysign(1.0, a) == math.copysign(1.0, b)


def exact_check(tp: Any, key_of: Callable[[type, str], str]) -> Exact | None:
    """A check that two *equal* raw values of ``tp`` decode alike; ``None`` when ``==`` is enough.

    Only numbers can be equal across types, so only their positions are visited.
    """
    members = [m for m in _members(tp) if m is not type(None)]
    if len(members) != 1:  # an open enum is strings only: == is exact
        return None
    (tp,) = members
    if tp in (int, bool, float):
        return _same_number
    elem = _array_of(tp)
    if elem is not None:
        inner = exact_check(elem, key_of)
        if inner is None:
            return None
        return lambda a, b: type(a) is not list or all(map(inner, a, b))
    if not (isinstance(tp, type) and attrs.has(tp)):
        return None
    checks = [(key_of(tp, a.name), exact_check(a.type, key_of)) for a in attrs.fields(tp)]
    found = [(key, check) for key, check in checks if check is not None]
    if not found:
        return None

    def exact_object(a: Any, b: Any) -> bool:
        if type(a) is not dict:
            return True  # equal non-objects fail to decode alike
        return all(check(a.get(key), b.get(key)) for key, check in found)

    return exact_object


class _Recent:
    """The last `RECENT` (raw, built) pairs of one type, and whether lookups pay."""

    __slots__ = ("exact", "hits", "lookups", "pairs", "paused")

    def __init__(self, exact: Exact | None) -> None:
        self.exact = exact
        self.pairs: list[tuple[Any, Any]] = []
        self.lookups = self.hits = self.paused = 0


def share_hook(tp: Any, build: Hook, key_of: Callable[[type, str], str]) -> Hook:
    """``build``, returning the object built before when the same JSON comes again."""
    recent = _Recent(exact_check(tp, key_of))
    exact = recent.exact

    def structure_shared(value: Any, _: Any) -> Any:
        if recent.paused:
            recent.paused -= 1
            return build(value, tp)
        recent.lookups += 1
        for raw, built in recent.pairs:
            if raw == value and (exact is None or exact(value, raw)):
                recent.hits += 1
                return built
        obj = build(value, tp)
        pairs = recent.pairs
        pairs.insert(0, (value, obj))
        del pairs[RECENT:]
        if recent.lookups >= WINDOW:
            if recent.hits * 8 < recent.lookups:
                recent.paused = PAUSE
            recent.lookups = recent.hits = 0
        return obj

    structure_shared.recent = recent  # type: ignore[attr-defined]  # for tests
    return structure_shared
