"""The package's one converter between API JSON (camelCase) and attrs models (snake_case).

Every model goes through hook factories registered here once; there is no
per-class ``from_dict``. Two cattrs converters are built from the same
factories: a fast one for the hot path, and a twin with detailed validation
that only runs after the fast one failed, to say *where* the body is wrong.
"""

from __future__ import annotations

import enum
import re
import sys
import types
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

T = TypeVar("T")

_FIRST_CAP = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``max_concurrent_dials`` -> ``maxConcurrentDials``: the API's naming rule."""
    return _FIRST_CAP.sub(lambda m: m.group(1).upper(), name)


class SchemaMismatch(Exception):
    """Data did not fit a model; ``errors`` holds one ``"<path>: <problem>"`` line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


# ---------------------------------------------------------------- scalar hooks


def _expect(kind: str, value: object) -> TypeError:
    return TypeError(f"expected {kind}, got {type(value).__name__} {_preview(value)}")


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    raise _expect("a string", value)


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    raise _expect("an integer", value)


def _structure_float(value: Any, _: Any) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise _expect("a number", value)


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise _expect("a boolean", value)


def _structure_free_form(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is dict:
        return value
    raise _expect("an object", value)


def _structure_any(value: Any, _: Any) -> Any:
    return value


def _is_free_form(tp: Any) -> bool:
    """``dict[str, Any]``, optionally ``| None``: an object passed through untouched."""
    return bool(tp == dict[str, Any] or tp == (dict[str, Any] | None))


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
        raise _expect("an RFC 3339 timestamp string", value)
    try:
        parsed = _fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an RFC 3339 timestamp: {_preview(value)}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp has no UTC offset: {_preview(value)}")
    return parsed


def _unstructure_datetime(value: datetime) -> str:
    return value.isoformat()


# --------------------------------------------------------------- open enums


def _open_enum_args(tp: Any) -> tuple[type[enum.Enum], bool] | None:
    """For ``SomeEnum | str`` (or ``| None``) return the enum and whether None is allowed."""
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    args = set(get_args(tp))
    nullable = type(None) in args
    args.discard(type(None))
    if str not in args or len(args) != 2:
        return None
    args.discard(str)
    (other,) = args
    if isinstance(other, type) and issubclass(other, enum.Enum):
        return other, nullable
    return None


def _open_enum_hook(tp: Any) -> Callable[[Any, Any], Any]:
    found = _open_enum_args(tp)
    assert found is not None
    enum_cls, nullable = found
    members: dict[Any, Any] = dict(enum_cls._value2member_map_)

    def structure_open_enum(value: Any, _: Any) -> Any:
        if type(value) is str:
            # An unknown value is kept as the raw string: the server may add states.
            return members.get(value, value)
        if value is None and nullable:
            return None
        raise _expect("a string", value)

    return structure_open_enum


def _unstructure_open_enum(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


# ------------------------------------------------------------------- lists


def _is_list(tp: Any) -> bool:
    return get_origin(tp) is list


def _strict_list_factory(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    if not getattr(conv, "detailed_validation", True):
        return _fast_list_hook(tp, conv)
    base = list_structure_factory(tp, conv)

    def structure_list(value: Any, type_: Any) -> Any:
        if type(value) is not list:
            raise _expect("an array", value)
        return base(value, type_)

    return structure_list


# ------------------------------------------------------- fast-path shortcuts
# The fast converter only: one call per value instead of cattrs' dispatch and
# wrapper layers (Dial pages decode ~20% faster, see benchmarks/RESULTS.md).
# Errors are unchanged: any failure re-runs the detailed twin for the paths.

_SCALAR_KINDS: dict[Any, str] = {str: "a string", int: "an integer", bool: "a boolean"}


def _optional_of(tp: Any) -> Any:
    """``X`` for a two-member ``X | None``, else ``None``."""
    args = get_args(tp) if get_origin(tp) in (Union, types.UnionType) else ()
    if len(args) != 2 or type(None) not in args:
        return None
    return args[0] if args[1] is type(None) else args[1]


def _optional_hook(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    inner = _optional_of(tp)
    if inner in _SCALAR_KINDS:
        kind = _SCALAR_KINDS[inner]

        def structure_optional_scalar(value: Any, _: Any) -> Any:
            if value is None or type(value) is inner:
                return value
            raise _expect(kind, value)

        return structure_optional_scalar
    hook = conv.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else hook(value, inner)

    return structure_optional


def _fast_list_hook(tp: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    (elem,) = get_args(tp) or (Any,)
    hook = conv.get_structure_hook(elem)

    def structure_list(value: Any, _: Any) -> Any:
        if type(value) is not list:
            raise _expect("an array", value)
        return [hook(item, elem) for item in value]

    return structure_list


# ------------------------------------------------------------- attrs classes


def _structure_attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
    inner = make_dict_structure_fn(cls, conv, **renames)  # type: ignore[arg-type]
    if not conv.detailed_validation and any(a.default is attrs.NOTHING for a in attrs.fields(cls)):
        return inner  # a required ``o["key"]`` already fails on anything but a dict

    def structure_object(value: Any, type_: Any) -> Any:
        if type(value) is not dict:
            raise _expect("an object", value)
        return inner(value, type_)

    return structure_object


def _unstructure_attrs_factory(
    cls: type[Any], conv: cattrs.Converter
) -> Callable[[Any], dict[str, Any]]:
    renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **renames)  # type: ignore[arg-type]


def _build(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, parse_datetime)
    conv.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_free_form)
    conv.register_structure_hook_func(lambda t: t is Any, _structure_any)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    # Free-form objects are JSON already: sent as given, not walked key by key.
    # `identity` lets generated code inline the field (a 100,000-row job body
    # spent most of its time walking row inputs).
    conv.register_unstructure_hook_func(_is_free_form, identity)
    conv.register_structure_hook_factory(lambda t: _open_enum_args(t) is not None, _open_enum_hook)
    conv.register_unstructure_hook_func(
        lambda t: _open_enum_args(t) is not None, _unstructure_open_enum
    )
    conv.register_structure_hook_factory(_is_list, _strict_list_factory)
    conv.register_structure_hook_factory(attrs.has, _structure_attrs_factory)
    if not detailed:
        conv.register_structure_hook_factory(lambda t: _optional_of(t) is not None, _optional_hook)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)
    return conv


# ----------------------------------------------------------- error paths


def _paths(exc: BaseException, path: str, out: list[str]) -> None:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            _paths(sub, f"{path}.{to_camel(note.name)}" if path else to_camel(note.name), out)
        for sub in without:
            _paths(sub, path, out)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            _paths(sub, f"{path}[{inote.index!r}]", out)
        for sub in without_i:
            _paths(sub, path, out)
    else:
        out.append(f"{path or '$'}: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required field is missing"
    return str(exc) or type(exc).__name__


class Converter:
    """Structures API JSON into models and models back into API JSON.

    Build it once; hooks are generated on first use of each type and cached.
    """

    def __init__(self) -> None:
        self._fast = _build(detailed=False)
        self._detailed = _build(detailed=True)

    def structure(self, data: Any, cls: type[T], *, path: str = "") -> T:
        """Build a ``cls`` from decoded JSON.

        Raises:
            SchemaMismatch: naming every field path that does not fit.
        """
        try:
            return self._fast.structure(data, cls)
        except Exception:
            raise SchemaMismatch(self._explain(data, cls, path)) from None

    def structure_list(self, items: Any, cls: type[T], *, path: str) -> list[T]:
        """Build a list of ``cls``; errors are reported as ``path[i].field``."""
        if type(items) is not list:
            raise SchemaMismatch([f"{path}: {_expect('an array', items)}"])
        hook = self._fast.get_structure_hook(cls)
        try:
            return [hook(item, cls) for item in items]
        except Exception:
            raise SchemaMismatch(self._explain(items, list[cls], path)) from None  # type: ignore[valid-type]

    def unstructure(self, obj: Any) -> Any:
        """Turn a model (or a list of them) into JSON-ready data with camelCase keys."""
        return self._fast.unstructure(obj)

    def _explain(self, data: Any, tp: Any, path: str) -> list[str]:
        try:
            self._detailed.structure(data, tp)
        except Exception as exc:
            out: list[str] = []
            _paths(exc, path, out)
            return out
        return [f"{path or '$'}: does not fit {getattr(tp, '__name__', tp)}"]
