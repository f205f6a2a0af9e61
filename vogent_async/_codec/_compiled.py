"""Specialised structure functions: one straight-line function per model class.

cattrs' generated functions call a hook per field and build the instance
through its ``__init__``; for a frozen attrs class that ``__init__`` sets each
slot through ``object.__setattr__``, which costs more than all the checks. The
function compiled here reads each key once, checks a scalar's JSON type inline
(a hook is called only when the value is not the expected type, and then only
to raise or convert as the hook always does), calls the converter's hook for
everything else (nested models, unions: so shared subtrees stay shared), and
fills a slotted class's fields directly when its ``__init__`` would do nothing
more (no validator, no ``__attrs_post_init__``; a plain converter is run here):
through the slot descriptors for a frozen class, by plain stores otherwise.
For a sharing converter, a string field marked `repeats` keeps one string object
per value (at most `REPEATED` values a field).

The fast converter uses it in place of cattrs' function; the result is the same
object, field for field, and any failure still re-runs the detailed converter
to name the path (`vogent_async._codec._converter`). `tests/test_compiled.py` checks
both against each other on every published example and on broken variants.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, get_args

import attrs
import cattrs

from vogent_async._codec._cattrs_hooks import (
    _fromisoformat,
    expect,
    is_frozen_array,
    is_list,
    open_enum_args,
    parse_datetime,
    structure_bool,
    structure_float,
    structure_free_form,
    structure_int,
    structure_str,
    union_members,
)
from vogent_async._codec._sharing import is_frozen
from vogent_async._codec._source import Source
from vogent_async.models._shared import KEEPS_TUPLES, REPEATS

__all__ = ["REPEATED", "compile_structure"]

#: Distinct strings a `repeats` field keeps; later values are not kept (memory is bounded).
REPEATED = 64

Hook = Callable[[Any, Any], Any]
_MISSING = object()


def _can_skip_init(cls: type) -> bool:
    """Whether filling the slots of ``cls`` directly does all that ``cls(...)`` would.

    A slotted class whose ``__init__`` only stores its fields (no validator, no
    hook, a plain converter at most), and whose ``__setattr__`` is either attrs'
    frozen one (the slots are then filled through their descriptors) or
    ``object``'s own (a plain store, cheaper than the call to ``__init__``).
    """
    slots = cls.__dict__.get("__slots__")
    if slots is None or "__attrs_cached_hash__" in slots:
        return False
    plain_setattr: Any = object.__setattr__
    if not (is_frozen(cls) or cls.__setattr__ is plain_setattr):
        return False  # attrs runs converters or validators on setattr
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return False
    return all(
        a.init and a.validator is None and (a.converter is None or _plain(a.converter))
        for a in attrs.fields(cls)
    )


#: ``attrs.Converter`` (attrs 24.1+), a converter that may take the instance or field too.
_CONVERTER_OBJECT: Any = getattr(attrs, "Converter", ())


def _plain(converter: Any) -> bool:
    """A converter that takes the value alone (not an ``attrs.Converter`` taking more)."""
    return callable(converter) and not isinstance(converter, _CONVERTER_OBJECT)


def _must_convert(a: attrs.Attribute[Any]) -> bool:
    """Whether ``a``'s converter must run on the value decoded here.

    Not a `keeps_tuples` converter of an array field: the value is a tuple
    built here (or ``None``), which that converter returns as it is.
    """
    if a.converter is None:
        return False
    return not (
        getattr(a.converter, KEEPS_TUPLES, False)
        and all(m is type(None) or is_frozen_array(m) for m in union_members(a.type))
    )


class _Writer(Source):
    """Collects the generated lines and the names they refer to."""

    def __init__(self, checks: dict[Any, str]) -> None:
        super().__init__({"_expect": expect, "_MISSING": _MISSING})
        self.checks = checks  # `_scalar_checks` of the converter, worked out once a class


def _scalar_checks(conv: cattrs.Converter) -> dict[Any, str]:
    """The types whose hook, in ``conv``, returns a value of that exact type as it is."""
    ours = {str: structure_str, int: structure_int, bool: structure_bool}
    found = {tp: tp.__name__ for tp, hook in ours.items() if conv.get_structure_hook(tp) is hook}
    if conv.get_structure_hook(float) is structure_float:
        found[float] = "float"  # an int is converted by the hook
    if conv.get_structure_hook(dict[str, Any]) is structure_free_form:
        found[dict[str, Any]] = "dict"
    return found


def _convert_value(w: _Writer, var: str, tp: Any, conv: cattrs.Converter, depth: int) -> None:
    """Lines that turn the JSON value in ``var`` into a ``tp``, in place.

    Whatever is not the expected JSON type goes to the converter's hook for
    ``tp``, which raises (or converts, as an int for a float) exactly as it
    would have without this function.
    """
    if tp is Any:
        return
    members = union_members(tp)
    nullable = type(None) in members
    rest = [m for m in members if m is not type(None)]
    fallback = f"{var} = {w.name('h', conv.get_structure_hook(tp))}({var}, {w.name('t', tp)})"
    checks = w.checks
    enum = open_enum_args(tp)
    if enum is not None:
        w.emit(f"if type({var}) is str:", depth)
        w.emit(
            f"{var} = {w.name('m', dict(enum[0]._value2member_map_))}.get({var}, {var})", depth + 1
        )
        w.emit(f"elif {var} is not None:" if nullable else "else:", depth)
        w.emit(fallback, depth + 1)
        return
    inner = rest[0] if len(rest) == 1 else None
    if inner in checks:
        guard = f"{var} is not None and " if nullable else ""
        w.emit(f"if {guard}type({var}) is not {checks[inner]}:", depth)
        w.emit(fallback, depth + 1)
        return
    if inner is None:  # a union: its hook decides
        w.emit(fallback, depth)
        return
    if nullable:  # None passes here, not through a wrapper hook
        w.emit(f"if {var} is not None:", depth)
        depth += 1
        fallback = (
            f"{var} = {w.name('h', conv.get_structure_hook(inner))}({var}, {w.name('t', inner)})"
        )
    if inner is datetime and conv.get_structure_hook(datetime) is parse_datetime:
        w.emit(f"if type({var}) is str:", depth)
        w.emit(f"{var} = {w.name('iso', _fromisoformat)}({var})", depth + 1)
        w.emit(f"if {var}.tzinfo is None:", depth + 1)
        w.emit(f"raise ValueError('timestamp has no UTC offset: ' + str({var}))", depth + 2)
        w.emit("else:", depth)
        w.emit(fallback, depth + 1)
    elif is_list(inner):
        elem = (get_args(inner) or (Any,))[0]
        hook, elem_type = w.name("h", conv.get_structure_hook(elem)), w.name("t", elem)
        item = "x" if elem is Any else f"{hook}(x, {elem_type})"
        if elem in checks:  # a call only for an element of the wrong type
            item = f"x if type(x) is {checks[elem]} else {item}"
        wrap = "tuple" if is_frozen_array(inner) else ""
        w.emit(f"if type({var}) is list:", depth)
        w.emit(f"{var} = {wrap}([{item} for x in {var}])", depth + 1)
        w.emit("else:", depth)
        w.emit(fallback, depth + 1)
    else:
        w.emit(fallback, depth)


def compile_structure(
    cls: type[Any],
    conv: cattrs.Converter,
    key_of: Callable[[type, str], str],
    omit: set[str],
    *,
    share: bool = False,
) -> Hook | None:
    """A structure function for attrs class ``cls`` through ``conv``'s hooks.

    ``key_of(cls, name)`` is a field's JSON key; fields named in ``omit`` are not
    read (they keep their default). With ``share``, a string in a `repeats` field
    is the one kept for that value. Returns ``None`` for a class this cannot
    build exactly as cattrs would.
    """
    attrs.resolve_types(cls)
    fields = [a for a in attrs.fields(cls) if a.init]  # as cattrs: the rest is __init__'s
    direct = _can_skip_init(cls)
    w = _Writer(_scalar_checks(conv))
    w.names["_cls"] = cls
    w.emit("if type(o) is not dict:")
    w.emit("raise _expect('an object', o)", 2)
    w.emit("g = o.get")
    values: list[str] = []
    for i, a in enumerate(fields):
        var = f"v{i}"
        values.append(var)
        default = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                return None
            make = f"{w.name('f', default.factory)}()"
        else:
            make = w.name("d", default)
        if a.name in omit:
            if default is attrs.NOTHING:
                return None
            w.emit(f"{var} = {make}")
            continue
        key = repr(key_of(cls, a.name))
        if default is attrs.NOTHING:
            w.emit(f"{var} = o[{key}]")
            _convert_value(w, var, a.type, conv, 1)
        elif default is None and type(None) in union_members(a.type):
            w.emit(f"{var} = g({key})")
            _convert_value(w, var, a.type, conv, 1)
        else:
            w.emit(f"{var} = g({key}, _MISSING)")
            w.emit(f"if {var} is _MISSING:")
            w.emit(f"{var} = {make}", 2)
            w.emit("else:")
            _convert_value(w, var, a.type, conv, 2)
        if share and a.metadata.get(REPEATS):
            kept: dict[str, str] = {}
            k = w.name("r", kept)
            w.emit(f"if type({var}) is str:")
            w.emit(f"if len({k}) < {REPEATED}:", 2)
            w.emit(f"{var} = {k}.setdefault({var}, {var})", 3)
            w.emit("else:", 2)
            w.emit(f"{var} = {k}.get({var}, {var})", 3)
    if direct:
        w.emit("obj = _new(_cls)")
        w.names["_new"] = object.__new__
        frozen = is_frozen(cls)
        for a, var in zip(fields, values, strict=True):
            if _must_convert(a):  # as ``__init__`` would
                w.emit(f"{var} = {w.name('c', a.converter)}({var})")
            if frozen:
                w.emit(f"{w.name('s', getattr(cls, a.name).__set__)}(obj, {var})")
            else:
                w.emit(f"obj.{a.name} = {var}")
        w.emit("return obj")
    else:
        pairs = list(zip(fields, values, strict=True))
        args = ", ".join(
            [var for a, var in pairs if not a.kw_only]
            + [f"{a.alias}={var}" for a, var in pairs if a.kw_only]
        )
        w.emit(f"return _cls({args})")
    name = f"structure_{cls.__name__}"
    fn: Hook = w.define(f"{name}(o, _)", f"compiled {name} {cls.__module__}.{cls.__qualname__}")
    return fn
