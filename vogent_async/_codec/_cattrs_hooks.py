"""cattrs hooks for the API's JSON: strict scalars, timestamps, open enums, lists.

Pure functions and hook factories, registered on both cattrs converters by
`vogent_async._codec._converter`. Strict means a wrong JSON type fails instead of
being coerced (``"5"`` is not an integer, ``"abc"`` is not a list).
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
import sys
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory

from vogent_async.models._show import preview, show

# ---------------------------------------------------------------- scalar hooks


def expect(kind: str, value: object) -> TypeError:
    return TypeError(f"expected {kind}, got {show(value)}")


def structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    raise expect("a string", value)


def structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    raise expect("an integer", value)


def structure_float(value: Any, _: Any) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise expect("a number", value)


def structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise expect("a boolean", value)


def structure_base64(value: Any, _: Any) -> bytes:
    """A ``bytes`` field is base64 text in JSON (the contract's ``format: byte``)."""
    if type(value) is not str:
        raise expect("base64 text", value)
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError(f"expected base64 text, got {preview(value)}") from None


def unstructure_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def structure_free_form(value: Any, _: Any) -> dict[str, Any]:
    if isinstance(value, dict):  # a model's read-only JSON, given again, is one too
        return value
    raise expect("an object", value)


def structure_any(value: Any, _: Any) -> Any:
    return value


_OBJECTS = (dict[str, Any], dict[str, str], Mapping[str, Any])
_FREE_FORM = (*_OBJECTS, *(tp | None for tp in _OBJECTS))


def is_free_form(tp: Any) -> bool:
    """A free-form object type, optionally ``| None``: sent untouched.

    ``dict[str, Any]``, ``dict[str, str]``, or ``Mapping[str, Any]`` (a field
    holding read-only JSON, `vogent_async.models._read_only`).
    """
    return tp in _FREE_FORM


if sys.version_info >= (3, 11):
    _fromisoformat = datetime.fromisoformat
else:  # pragma: no cover - exercised on 3.10 only
    _FRACTION = re.compile(r"\.(\d+)")

    def _fromisoformat(text: str) -> datetime:
        text = text[:-1] + "+00:00" if text[-1:] in "Zz" else text
        text = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text, count=1)
        return datetime.fromisoformat(text)


def parse_datetime(value: Any, _: Any = None) -> datetime:
    """Parse an RFC 3339 timestamp (``Z``, offsets, any fraction) into an aware datetime."""
    if type(value) is not str:
        raise expect("an RFC 3339 timestamp string", value)
    try:
        parsed = _fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an RFC 3339 timestamp: {preview(value)}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp has no UTC offset: {preview(value)}")
    return parsed


def unstructure_datetime(value: datetime) -> str:
    return value.isoformat()


# --------------------------------------------------------------- open enums


def union_members(tp: Any) -> tuple[Any, ...]:
    """The members of a union type (``X | Y``, ``Optional[X]``), or ``(tp,)`` for any other."""
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)


def open_enum_args(tp: Any) -> tuple[type[enum.Enum], bool] | None:
    """For ``SomeEnum | str`` (or ``| None``) return the enum and whether None is allowed."""
    args = set(union_members(tp))
    nullable = type(None) in args
    args.discard(type(None))
    if str not in args or len(args) != 2:
        return None
    args.discard(str)
    (other,) = args
    if isinstance(other, type) and issubclass(other, enum.Enum):
        return other, nullable
    return None


def open_enum_hook(tp: Any) -> Callable[[Any, Any], Any]:
    found = open_enum_args(tp)
    assert found is not None
    enum_cls, nullable = found
    members: dict[Any, Any] = dict(enum_cls._value2member_map_)

    def structure_open_enum(value: Any, _: Any) -> Any:
        if type(value) is str:
            # An unknown value is kept as the raw string: the server may add states.
            return members.get(value, value)
        if value is None and nullable:
            return None
        raise expect("a string", value)

    return structure_open_enum


def unstructure_open_enum(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


# ------------------------------------------------------------------- lists


def is_list(tp: Any) -> bool:
    """``list[X]``, or ``tuple[X, ...]``: a JSON array, kept as a tuple in the latter case."""
    return get_origin(tp) is list or is_frozen_array(tp)


def is_frozen_array(tp: Any) -> bool:
    """``tuple[X, ...]``: a JSON array that the model keeps immutable."""
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def strict_list_factory(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    if not getattr(conv, "detailed_validation", True):
        return fast_list_hook(tp, conv)
    if is_frozen_array(tp):
        base = homogenous_tuple_structure_factory(tp, conv)
    else:
        base = list_structure_factory(tp, conv)

    def structure_list(value: Any, type_: Any) -> Any:
        if type(value) is not list:
            raise expect("an array", value)
        return base(value, type_)

    return structure_list


# ------------------------------------------------------- fast-path shortcuts
# The fast converter only: one call per value instead of cattrs' dispatch and
# wrapper layers (Dial pages decode ~20% faster, see benchmarks/RESULTS.md).
# Errors are unchanged: any failure re-runs the detailed twin for the paths.

_SCALAR_KINDS: dict[Any, str] = {str: "a string", int: "an integer", bool: "a boolean"}


def optional_of(tp: Any) -> Any:
    """``X`` for a two-member ``X | None``, else ``None``."""
    args = union_members(tp)
    if len(args) != 2 or type(None) not in args:
        return None
    return args[0] if args[1] is type(None) else args[1]


def optional_hook(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    inner = optional_of(tp)
    if inner in _SCALAR_KINDS:
        kind = _SCALAR_KINDS[inner]

        def structure_optional_scalar(value: Any, _: Any) -> Any:
            if value is None or type(value) is inner:
                return value
            raise expect(kind, value)

        return structure_optional_scalar
    hook = conv.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else hook(value, inner)

    return structure_optional


def fast_list_hook(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    elem = (get_args(tp) or (Any,))[0]
    hook = conv.get_structure_hook(elem)

    def structure_list(value: Any, _: Any) -> Any:
        if type(value) is not list:
            raise expect("an array", value)
        return [hook(item, elem) for item in value]

    if not is_frozen_array(tp):
        return structure_list

    def structure_tuple(value: Any, _: Any) -> Any:
        if type(value) is not list:
            raise expect("an array", value)
        return tuple([hook(item, elem) for item in value])

    return structure_tuple


# ------------------------------------------------------ request-body fields


def without_not_given(tp: Any) -> Any:
    """``X | None`` for ``X | NotGiven | None`` (or ``X | Fields``): what is on the wire.

    A request field may hold `NOT_GIVEN` (left out of the JSON) or, where a
    model is expected, a mapping of its fields (built into the model before
    sending). Returns ``None`` for a type with neither. A key missing from the
    JSON leaves the field at its default (`NOT_GIVEN`), so structuring never sees it.
    """
    from vogent_async._sentinel import NotGiven  # the sentinel module imports nothing of ours

    members = union_members(tp)
    has_model = any(isinstance(m, type) and attrs.has(m) for m in members)
    rest = [m for m in members if m is not NotGiven and not (has_model and m == Mapping[str, Any])]
    if len(members) < 2 or len(rest) == len(members):
        return None
    return Union[tuple(rest)] if len(rest) > 1 else rest[0]  # noqa: UP007  # built at runtime


def not_given_hook(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    given = without_not_given(tp)
    hook = conv.get_structure_hook(given)

    def structure_given(value: Any, _: Any) -> Any:
        return hook(value, given)

    return structure_given
