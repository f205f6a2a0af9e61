"""Structural sharing: a decoded subtree equal to one decoded a moment ago is that object.

The dials of one job carry the same agent settings, jobs reuse a few schedules.
A model that cannot change (frozen, with only scalars, enums, timestamps, tuples,
read-only JSON and such models inside: `shareable`) is the same value wherever it
appears, so the converter hands out the object it already built when the JSON is
the same. A class with a list, a dict or a free-form field is never shared (a
caller could change it under another holder); its shareable parts still are.

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
from collections.abc import Callable
from datetime import datetime
from typing import Any, get_args, get_origin

import attrs

from vogent_async._codec._cattrs_hooks import union_members
from vogent_async._codec._source import Source
from vogent_async.models._read_only import read_only_json

__all__ = [
    "RECENT",
    "is_frozen",
    "share_hook",
    "shareable",
    "worth_sharing",
]

#: How many recent (raw JSON, model) pairs are kept per type.
RECENT = 8
#: Lookups per probe window; a window with fewer than 1 hit in 8 pauses the lookups.
WINDOW = 256
#: Calls that skip the lookup after a window without enough hits.
PAUSE = 4096

_SCALARS = (str, int, bool, float, type(None), datetime)
Hook = Callable[[Any, Any], Any]
Exact = Callable[[Any, Any], bool]


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
    members = union_members(tp)
    if len(members) > 1:
        return all(shareable(m) for m in members)
    elem = _array_of(tp)
    if elem is not None:
        return shareable(elem)
    if not (isinstance(tp, type) and attrs.has(tp)):
        return False  # lists, dicts, Any, anything unknown
    attrs.resolve_types(tp)
    return is_frozen(tp) and all(_read_only(a) or shareable(a.type) for a in attrs.fields(tp))


def _read_only(a: attrs.Attribute[Any]) -> bool:
    """A field whose converter makes its free-form JSON a read-only copy (`read_only_json`)."""
    converter: Any = a.converter
    return converter is read_only_json


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


def _same_json(a: Any, b: Any) -> bool:
    """Two *equal* JSON values whose numbers are alike too, however deep (`_same_number`)."""
    if type(a) is dict and type(b) is dict:
        return all(_same_json(v, b[k]) for k, v in a.items())
    if type(a) is list and type(b) is list:
        return all(map(_same_json, a, b))
    return _same_number(a, b)


def _same_number(a: Any, b: Any) -> bool:
    """Two equal JSON values that also decode alike (``1``, ``1.0``, ``True``, ``-0.0``)."""
    if type(a) is not type(b):
        return False
    return type(a) is not float or math.copysign(1.0, a) == math.copysign(1.0, b)


class _CheckWriter(Source):
    def __init__(self, key_of: Callable[[type, str], str]) -> None:
        super().__init__({"_same_number": _same_number, "_same_json": _same_json})
        self.key_of = key_of
        self.count = 0

    def pair(self) -> tuple[str, str]:
        self.count += 1
        return f"x{self.count}", f"y{self.count}"

    def value(self, tp: Any, x: str, y: str, depth: int) -> None:
        """Lines that return False unless equal raw values ``x`` and ``y`` decode alike."""
        indent = "    " * depth
        members = [m for m in union_members(tp) if m is not type(None)]
        if any(m in (int, bool, float) for m in members):
            if float in members:
                self.lines.append(f"{indent}if not _same_number({x}, {y}): return False")
            else:
                self.lines.append(f"{indent}if type({x}) is not type({y}): return False")
            return
        if len(members) != 1:  # an open enum is strings only: == is exact
            return
        (tp,) = members
        elem = _array_of(tp)
        if elem is not None:
            start, (i, j) = len(self.lines), self.pair()
            self.value(elem, i, j, depth + 2)
            if len(self.lines) > start:  # only numbers need looking at
                self.lines[start:start] = [
                    f"{indent}if type({x}) is list:",
                    f"{indent}    for {i}, {j} in zip({x}, {y}):",
                ]
            return
        if not (isinstance(tp, type) and attrs.has(tp)):
            return
        start = len(self.lines)
        for a in attrs.fields(attrs.resolve_types(tp)):
            key = repr(self.key_of(tp, a.name))
            i, j = self.pair()
            before = len(self.lines)
            if _read_only(a):  # free-form: every number in it, at any depth
                self.lines.append(f"{indent}    if not _same_json({i}, {j}): return False")
            else:
                self.value(a.type, i, j, depth + 1)
            if len(self.lines) > before:
                self.lines.insert(before, f"{indent}    {i}, {j} = {x}.get({key}), {y}.get({key})")
        if len(self.lines) > start:
            self.lines.insert(start, f"{indent}if type({x}) is dict:")


@functools.cache
def exact_check(tp: Any, key_of: Callable[[type, str], str]) -> Exact | None:
    """A check that two *equal* raw values of ``tp`` decode alike; ``None`` when ``==`` is enough.

    Only numbers can be equal across types (``1 == 1.0 == True``), so only their
    positions are visited, by straight-line code written for ``tp``. An equal
    non-object (or non-array) where an object (or array) belongs fails to
    decode anyway, so it is not looked into.
    """
    w = _CheckWriter(key_of)
    w.value(tp, "a", "b", 1)
    if not w.lines:
        return None
    check: Exact = w.define("exact(a, b)", f"exact check {tp!r}", tail="return True")
    return check


class _Recent:
    """The last `RECENT` (raw, built) pairs of one type, and whether lookups pay."""

    __slots__ = ("exact", "hits", "lookups", "pairs", "paused")

    def __init__(self, exact: Exact | None) -> None:
        self.exact = exact
        self.pairs: list[tuple[Any, Any]] = []
        self.lookups = self.hits = self.paused = 0


def share_hook(tp: Any, build: Hook, key_of: Callable[[type, str], str]) -> Hook:
    """``build``, returning the object built before when the same JSON comes again."""
    if not shareable(tp):
        raise TypeError(f"{tp!r} can change: it is never shared")
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
