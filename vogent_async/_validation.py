"""Check a request body against the rules on its fields; nothing is sent if one fails.

One walker serves every request. It visits each field of an attrs request
model, runs the rules the field declares (`vogent_async._rules`), checks nested
models by their annotated type (``Schedule | None``, ``list[TimeSlot]``), runs
the class's own ``_object_checks`` once its fields passed, and reports every
problem with the path the caller wrote (``rows[1532].to_number``,
``schedule.days[0].time_slots[1].end_time``), as the response side does.

A list of many items (a job's rows) is streamed instead, by
`vogent_async._streaming.encode_body`, which uses this walker for each item.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs

from vogent_async._hooks import union_members
from vogent_async._rules import Rule, show
from vogent_async._sentinel import NOT_GIVEN
from vogent_async.errors import InvalidRequestError

__all__ = ["check", "problems_in"]

T = TypeVar("T")
ObjectCheck = Callable[[Any, str, list[str]], None]
_BATCH = 4096  # items encoded per json.dumps call


@attrs.frozen
class _Field:
    name: str
    rules: tuple[Rule, ...]
    optional: bool  # None is a value the caller may send
    model: type | None  # the attrs class a value must be (or hold a list of)
    many: bool


@functools.cache
def _plan(cls: Any) -> tuple[tuple[_Field, ...], tuple[ObjectCheck, ...]]:
    """What to check on a ``cls``: each field's rules and nested model, then the class's own."""
    hints = typing.get_type_hints(cls)
    fields = []
    for a in attrs.fields(cls):
        members = union_members(hints[a.name])
        optional = type(None) in members
        models: list[type] = [m for m in members if isinstance(m, type) and attrs.has(m)]
        lists = [get_args(m)[0] for m in members if get_origin(m) in (list, tuple)]
        many: list[type] = [m for m in lists if isinstance(m, type) and attrs.has(m)]
        model = (models or many)[0] if models or many else None
        rules = tuple(a.metadata.get("vogent_checks", ()))
        fields.append(_Field(a.name, rules, optional, model, bool(many)))
    return tuple(fields), tuple(getattr(cls, "_object_checks", ()))


def problems_in(
    obj: object,
    path: str = "",
    out: list[str] | None = None,
    *,
    streamed: Mapping[str, Callable[[Any, str, list[str]], None]] | None = None,
) -> list[str]:
    """Every problem of ``obj`` (an attrs request model), each as ``"<path>: <problem>"``.

    A field left at `NOT_GIVEN` is not checked, nor a ``None`` where the field
    allows it. ``streamed`` maps a field name to the function that checks (and
    consumes) its value in place of the walker.
    """
    out = [] if out is None else out
    start = len(out)
    cls: Any = type(obj)
    fields, object_checks = _plan(cls)
    for field in fields:
        value = getattr(obj, field.name)
        where = f"{path}.{field.name}" if path else field.name
        if streamed and field.name in streamed:
            streamed[field.name](value, where, out)
        elif value is not NOT_GIVEN and not (value is None and field.optional):
            _check_field(field, value, where, out)
    if len(out) == start:
        for object_check in object_checks:
            object_check(obj, path, out)
    return out


def _check_field(field: _Field, value: Any, where: str, out: list[str]) -> None:
    for rule in field.rules:
        if not rule.ok(value):
            rule.explain(value, where, out)
            return
    model = field.model
    if model is None:
        return
    if not field.many:
        _check_model(model, value, where, out)
    elif not isinstance(value, (list, tuple)):
        out.append(f"{where}: expected a list of {model.__name__}, got {show(value)}")
    else:
        for i, item in enumerate(value):
            _check_model(model, item, f"{where}[{i}]", out)


def _check_model(model: type, value: Any, where: str, out: list[str]) -> None:
    if isinstance(value, model):
        problems_in(value, where, out)
    else:
        out.append(f"{where}: expected a {model.__name__}, got {show(value)}")


def check(obj: T, problems: list[str] | None = None) -> T:
    """Return ``obj`` if it has no problem (nor were ``problems`` found before).

    Raises:
        InvalidRequestError: Listing every problem, ``problems`` first.
    """
    found = problems_in(obj, out=list(problems or ()))
    if found:
        raise InvalidRequestError(found)
    return obj


@functools.cache
def _fast_check(cls: Any) -> Callable[[Any], bool]:
    """``cls``'s field rules as one generated function: the hot path of a long list.

    It only answers yes or no; a no runs the walker for the messages. A class
    with nested models or its own checks is left to the walker.
    """
    fields, object_checks = _plan(cls)
    if object_checks or any(f.model is not None for f in fields):
        return lambda obj: not problems_in(obj)
    namespace: dict[str, Any] = {"_NOT_GIVEN": NOT_GIVEN}
    lines = ["def fast_ok(o):"]
    for i, field in enumerate(fields):
        skip = "v is None or v is _NOT_GIVEN" if field.optional else "v is _NOT_GIVEN"
        tests = []
        for j, rule in enumerate(field.rules):
            namespace[f"_ok{i}_{j}"] = rule.ok
            tests.append(f"_ok{i}_{j}(v)")
        if tests:
            lines += [f"    v = o.{field.name}", f"    if not ({skip} or ({' and '.join(tests)})):"]
            lines.append("        return False")
    lines.append("    return True")
    exec("\n".join(lines), namespace)  # the source is built above from field names only
    return typing.cast(Callable[[Any], bool], namespace["fast_ok"])
