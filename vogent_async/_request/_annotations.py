"""What a request field's annotation accepts, for the walker (`vogent_async._request._validation`).

`model_of` finds the attrs class a field holds (or a list of); `type_rule`
turns any other annotation into a `Rule`, so a field checks its type without
declaring it: ``BackgroundNoiseType | str`` takes the member or the string,
``int`` refuses a bool, ``list[str]`` looks at every item. An annotation it
cannot read (a callable, an iterable read once) gives no rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, get_args, get_origin

import attrs

from vogent_async._codec._cattrs_hooks import union_members
from vogent_async._sentinel import NotGiven
from vogent_async.models._rules import Rule
from vogent_async.models._show import show

__all__ = ["model_of", "type_rule"]

_Test = tuple[Callable[[Any], bool], str]  # a yes/no test and what it accepts, for a message
_SCALARS: dict[Any, _Test] = {
    str: (lambda v: isinstance(v, str), "a string"),
    bool: (lambda v: type(v) is bool, "a bool"),
    int: (lambda v: type(v) is int, "an integer"),
    float: (lambda v: type(v) in (int, float), "a number"),
}
_LISTS = (list, tuple, Sequence)
_MAPS = (dict, Mapping)


def _given(tp: Any) -> list[Any]:
    return [m for m in union_members(tp) if m not in (type(None), NotGiven)]


def model_of(tp: Any) -> tuple[bool, type | None, bool]:
    """Whether ``None`` is allowed, the attrs class held (if any), and whether a list of it."""
    members = union_members(tp)
    models = [m for m in members if isinstance(m, type) and attrs.has(m)]
    lists = [get_args(m)[0] for m in members if get_origin(m) in _LISTS and get_args(m)]
    items = [i for m in lists for i in union_members(m)]  # list[X] or Sequence[X | Fields]
    many = [m for m in items if isinstance(m, type) and attrs.has(m)]
    found: list[type] = models or many
    return type(None) in members, found[0] if found else None, bool(many) and not models


def _test(tp: Any) -> _Test | None:
    """The test of one member of a union, or ``None`` when it cannot be read."""
    if tp in _SCALARS:
        return _SCALARS[tp]
    if tp is Any:
        return None
    origin = get_origin(tp)
    if origin is Literal:
        values = get_args(tp)
        return (lambda v: v in values, "one of " + ", ".join(repr(x) for x in values))
    if origin in _MAPS or tp in _MAPS:
        return (lambda v: isinstance(v, Mapping), "a mapping")
    if origin in _LISTS and get_args(tp) and get_args(tp)[0] is not Ellipsis:
        item = _test(get_args(tp)[0])
        if item is None:
            return None
        ok = item[0]
        return (
            lambda v: isinstance(v, (list, tuple)) and all(ok(x) for x in v),
            f"a list of {item[1].removeprefix('a ').removeprefix('an ')}s",
        )
    if isinstance(tp, type) and origin is None and not attrs.has(tp):
        name = tp.__name__
        article = "an" if name[0] in "AEIOUaeiou" else "a"
        return (lambda v: isinstance(v, tp), f"{article} {name}")
    return None


def type_rule(tp: Any) -> Rule | None:
    """A `Rule` checking a value against ``tp`` (``None`` and `NOT_GIVEN` are left to the walker).

    An `enum.Enum` member passes where its enum or ``str`` (for a string enum) is declared.
    """
    tests = [_test(m) for m in _given(tp)]
    if not tests or any(t is None for t in tests):
        return None
    oks = [t[0] for t in tests if t is not None]
    accepted = " or ".join(t[1] for t in tests if t is not None)

    def explain(value: Any, path: str, out: list[str]) -> None:
        out.append(f"{path}: expected {accepted}, got {show(value)}")

    if len(oks) == 1:
        return Rule(oks[0], explain)
    return Rule(lambda v: any(ok(v) for ok in oks), explain)
