"""Check a request body against the rules on its fields; nothing is sent if one fails.

One walker serves every request. It visits each field of an attrs request
model, runs the rules the field declares (`vogent_async.models._rules`) or, for a
field that declares none, the type its annotation names (an enum member is a
string where ``Enum | str`` is declared), checks nested models by their
annotated type (``Schedule | None``, ``list[TimeSlot]``), runs the class's own
``_object_checks`` once its fields passed, and reports every problem with the
path the caller wrote (``rows[1532].to_number``,
``schedule.days[0].time_slots[1].end_time``), as the response side does.

Wherever a model is expected, a mapping of its fields (snake_case or
camelCase) is accepted too: `check` returns the body with such mappings built
into their models. A list of many items (a job's rows) is streamed instead, by
`vogent_async._request._rows.encode_body`, which uses this walker for each item.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from vogent_async._codec._converter import to_camel
from vogent_async._codec._source import Source
from vogent_async._request._annotations import model_of, type_rule
from vogent_async._sentinel import NOT_GIVEN
from vogent_async.errors import InvalidRequestError
from vogent_async.models._rules import Rule
from vogent_async.models._show import show

__all__ = ["check", "coerce", "problems_in"]

T = TypeVar("T")
ObjectCheck = Callable[[Any, str, list[str]], None]


@attrs.frozen
class _Field:
    name: str
    rules: tuple[Rule, ...]
    optional: bool  # None is a value the caller may send
    model: type | None  # the attrs class a value must be (or hold a list of)
    many: bool


@functools.cache
def _plan(cls: Any) -> tuple[tuple[_Field, ...], tuple[ObjectCheck, ...]]:
    """What to check on a ``cls``: each field's rules and nested model, then the class's own.

    A field that declares no rules and holds no model is checked by its type.
    """
    hints = typing.get_type_hints(cls)
    fields = []
    for a in attrs.fields(cls):
        optional, model, many = model_of(hints[a.name])
        rules = tuple(a.metadata.get("vogent_checks", ()))
        if not rules and model is None:
            derived = type_rule(hints[a.name])
            rules = (derived,) if derived is not None else ()
        fields.append(_Field(a.name, rules, optional, model, many))
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
    _walk(obj, path, out, streamed)
    return out


def _walk(
    obj: Any,
    path: str,
    out: list[str],
    streamed: Mapping[str, Callable[[Any, str, list[str]], None]] | None = None,
) -> Any:
    """`problems_in`, returning ``obj`` with the mappings given for models built."""
    start = len(out)
    cls: Any = type(obj)
    fields, object_checks = _plan(cls)
    built: dict[str, Any] = {}
    for field in fields:
        value = getattr(obj, field.name)
        if streamed and field.name in streamed:
            streamed[field.name](value, _where(path, field), out)
        elif value is not NOT_GIVEN and not (value is None and field.optional):
            checked = _check_field(field, value, path, out)
            if checked is not value:
                built[field.name] = checked
    if len(out) == start:
        obj = attrs.evolve(obj, **built) if built else obj
        for object_check in object_checks:
            object_check(obj, path, out)
    return obj


def _where(path: str, field: _Field) -> str:
    """The path of ``field`` below ``path``, for a message: made only when one is written."""
    return f"{path}.{field.name}" if path else field.name


def _check_field(field: _Field, value: Any, path: str, out: list[str]) -> Any:
    for rule in field.rules:
        if not rule.ok(value):
            rule.explain(value, _where(path, field), out)
            return value
    model = field.model
    if model is None:
        return value
    where = _where(path, field)
    if not field.many:
        return _check_model(model, value, where, out)
    if not isinstance(value, (list, tuple)):
        out.append(f"{where}: expected a list of {model.__name__}, got {show(value)}")
        return value
    items = [_check_model(model, item, f"{where}[{i}]", out) for i, item in enumerate(value)]
    changed = any(new is not old for new, old in zip(items, value, strict=True))
    return type(value)(items) if changed else value


def _check_model(model: type, value: Any, where: str, out: list[str]) -> Any:
    built = coerce(model, value, where, out)
    return value if built is None else _walk(built, where, out)


def check(
    obj: T,
    problems: list[str] | None = None,
    *,
    streamed: Mapping[str, Callable[[Any, str, list[str]], None]] | None = None,
) -> T:
    """``obj`` checked, with the mappings given for models built, if it has no problem.

    Raises:
        InvalidRequestError: Listing every problem, ``problems`` (found before) first.
    """
    cls: Any = type(obj)
    if not problems and streamed is None and _fast_check(cls)(obj):
        return obj  # nothing to report and no mapping to build: the walk is not needed
    found = list(problems or ())
    built: T = _walk(obj, "", found, streamed)
    if found:
        raise InvalidRequestError(found)
    return built


# ------------------------------------------------------ models given as mappings


def _a(cls: type) -> str:
    return f"{'an' if cls.__name__[0] in 'AEIOU' else 'a'} {cls.__name__}"


@functools.cache
def _spellings(cls: Any) -> tuple[dict[Any, str], frozenset[str]]:
    """Each accepted key (snake_case and camelCase) to its field, and the required fields."""
    keys: dict[Any, str] = {}
    for a in attrs.fields(cls):
        keys[a.name] = keys[to_camel(a.name)] = a.name
    required = frozenset(a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING)
    return keys, required


def coerce(cls: type, item: Any, where: str, out: list[str]) -> Any:
    """``item`` as a ``cls``: itself if it is one, built from a mapping, else ``None``.

    ``None`` means a problem was reported (a mapping with a key unknown,
    repeated or missing is checked in full, to name every problem).
    """
    if isinstance(item, cls):
        return item
    if type(item) is not dict and not isinstance(item, Mapping):  # the ABC check is slow
        out.append(f"{where}: expected {_a(cls)} or a mapping, got {show(item)}")
        return None
    keys, required = _spellings(cls)
    values: dict[str, Any] = {}
    for key, value in item.items():
        name = keys.get(key)
        if name is None or name in values:
            return _coerce_slowly(cls, item, where, out)
        values[name] = value
    if not required <= values.keys():
        return _coerce_slowly(cls, item, where, out)
    return _built(cls, values, where, out)


def _built(cls: type, values: dict[str, Any], where: str, out: list[str]) -> Any:
    """``cls(**values)``, or ``None`` with the problem its own validators raised."""
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:  # a model that validates itself (AudioFormat)
        out.append(f"{where}: {exc}")
        return None


def _coerce_slowly(cls: type, item: Mapping[Any, Any], where: str, out: list[str]) -> None:
    keys, required = _spellings(cls)
    unknown = sorted(repr(k) for k in item if k not in keys)
    if unknown:
        names = ", ".join(a.name for a in attrs.fields(cls))
        out.append(
            f"{where}: unknown key(s) {', '.join(unknown)} for {_a(cls)} "
            f"(build one with {cls.__name__}(...); its fields: {names})"
        )
    values: dict[str, Any] = {}
    for a in attrs.fields(cls):
        camel = to_camel(a.name)
        if camel != a.name and camel in item and a.name in item:
            out.append(f"{where}: give {camel} or {a.name}, not both")
        if camel in item or a.name in item:
            values[a.name] = item[camel] if camel in item else item[a.name]
    missing = sorted(required - values.keys())
    out.extend(f"{where}.{name}: required (by {cls.__name__})" for name in missing)
    built = None if missing else _built(cls, values, where, out)
    if built is not None:
        problems_in(built, where, out)
    # the item had a problem (a key unknown, repeated or missing): not sent


@functools.cache
def _fast_check(cls: Any) -> Callable[[Any], bool]:
    """``cls``'s field rules, then its own checks, as one generated function.

    The hot path of a body (and of each item of a long list). ``True`` means
    there is no problem and nothing to build; ``False`` means "walk it": the
    walker then writes the messages, or builds the mappings given for nested
    models (a field holding a nested model always answers ``False``).
    """
    fields, object_checks = _plan(cls)
    w = Source({"_NOT_GIVEN": NOT_GIVEN})
    for field in fields:
        skip = "v is None or v is _NOT_GIVEN" if field.optional else "v is _NOT_GIVEN"
        tests = [f"{w.name('ok', rule.ok)}(v)" for rule in field.rules]
        if field.model is not None:
            w.emit(f"v = o.{field.name}")
            w.emit(f"if not ({skip}):")
            w.emit("return False", 2)
        elif tests:
            w.emit(f"v = o.{field.name}")
            w.emit(f"if not ({skip} or ({' and '.join(tests)})):")
            w.emit("return False", 2)
    if object_checks:  # as the walker runs them: once every field passed
        w.emit("out = []")
        for object_check in object_checks:
            w.emit(f"{w.name('check', object_check)}(o, '', out)")
        tail = "return not out"
    else:
        tail = "return True"
    what = f"fast check {cls.__module__}.{cls.__qualname__}"
    return typing.cast(Callable[[Any], bool], w.define("fast_ok(o)", what, tail=tail))
