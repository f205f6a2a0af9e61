"""The package's one converter between API JSON (camelCase) and attrs models (snake_case).

Every model goes through hook factories registered here once; there is no
per-class decoding code (the ``to_dict``/``from_dict`` every model has come from
one base, `vogent_async.models._wire.WireModel`, which calls this converter).
A model's JSON keys are its attribute names in camelCase, unless the class
says it is snake_case on the wire (webhook payloads are; `SNAKE_CASE_WIRE`):
the rule belongs to the class, since a snake_case webhook payload embeds
camelCase REST models (a dial, its transcript). A field with
``metadata={LOCAL: True}`` is never read or written.

Two cattrs converters are built from the same factories: a fast one for the
hot path, and a twin with detailed validation that only runs after the fast
one failed, to say *where* the body is wrong.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from vogent_async._codec._cattrs_hooks import (
    expect,
    is_free_form,
    is_list,
    not_given_hook,
    open_enum_args,
    open_enum_hook,
    optional_hook,
    optional_of,
    parse_datetime,
    strict_list_factory,
    structure_any,
    structure_base64,
    structure_bool,
    structure_float,
    structure_free_form,
    structure_int,
    structure_str,
    unstructure_base64,
    unstructure_datetime,
    unstructure_open_enum,
    without_not_given,
)
from vogent_async._codec._compiled import compile_structure
from vogent_async._codec._error_paths import error_paths
from vogent_async._codec._naming import SNAKE_CASE_WIRE as SNAKE_CASE_WIRE
from vogent_async._codec._naming import extra_field, omitted, renames
from vogent_async._codec._naming import to_camel as to_camel
from vogent_async._codec._naming import wire_name as wire_name
from vogent_async._codec._sharing import share_hook, worth_sharing
from vogent_async._codec._unions import is_tagged_union, structure_unknown, tagged_union_hooks
from vogent_async.models._shared import LOCAL as LOCAL  # webhooks read it here
from vogent_async.models._shared import (
    StrEnum,
    UnknownVariant,
)

T = TypeVar("T")


class SchemaMismatch(Exception):
    """Data did not fit a model; ``errors`` holds one ``"<path>: <problem>"`` line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


# ------------------------------------------------------------- attrs classes


def _structure_attrs_factory(
    cls: type[Any], conv: cattrs.Converter, *, share: bool = False
) -> Callable[[Any, Any], Any]:
    extra = extra_field(cls)
    if not conv.detailed_validation:
        compiled = compile_structure(cls, conv, wire_name, omitted(cls), share=share)
        if compiled is not None:  # it checks for a dict itself
            return compiled if extra is None else _keeping_extra(compiled, cls, extra)
    inner = make_dict_structure_fn(cls, conv, **renames(cls))
    if extra is not None:
        return _keeping_extra(inner, cls, extra)
    if not conv.detailed_validation and any(a.default is attrs.NOTHING for a in attrs.fields(cls)):
        return inner  # a required ``o["key"]`` already fails on anything but a dict

    def structure_object(value: Any, type_: Any) -> Any:
        if type(value) is not dict:
            raise expect("an object", value)
        return inner(value, type_)

    return structure_object


def _keeping_extra(
    inner: Callable[[Any, Any], Any], cls: type[Any], extra: str
) -> Callable[[Any, Any], Any]:
    known = {wire_name(cls, a.name) for a in attrs.fields(cls)}

    def structure_keeping_extra(value: Any, type_: Any) -> Any:
        if type(value) is not dict:
            raise expect("an object", value)
        obj = inner(value, type_)
        kept = {k: v for k, v in value.items() if k not in known}
        if kept:
            object.__setattr__(obj, extra, kept)  # frozen: set once, while it is still new
        return obj

    return structure_keeping_extra


def _unstructure_attrs_factory(
    cls: type[Any], conv: cattrs.Converter
) -> Callable[[Any], dict[str, Any]]:
    inner = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **renames(cls))
    extra = extra_field(cls)
    if extra is None:
        return inner

    def unstructure_with_extra(obj: Any) -> dict[str, Any]:
        return {**getattr(obj, extra), **inner(obj)}

    return unstructure_with_extra


def _build(*, detailed: bool, share: bool = False) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(datetime, parse_datetime)
    conv.register_structure_hook(bytes, structure_base64)
    # A `Mapping` field is read-only JSON: its converter (`read_only_json`) copies the object.
    conv.register_structure_hook_func(
        lambda t: t in (dict[str, Any], Mapping[str, Any]), structure_free_form
    )
    conv.register_structure_hook_func(lambda t: t is Any, structure_any)
    conv.register_unstructure_hook(datetime, unstructure_datetime)
    conv.register_unstructure_hook(bytes, unstructure_base64)
    # Free-form objects are JSON already: sent as given, not walked key by key.
    # `identity` lets generated code inline the field (a 100,000-row job body
    # spent most of its time walking row inputs).
    conv.register_unstructure_hook_func(is_free_form, identity)
    # So is an optional field whose value is sent as it is (a str, a number, JSON):
    # None or the value, inlined too, where cattrs would call a wrapper per field.
    conv.register_unstructure_hook_func(
        lambda t: (
            optional_of(t) is not None and conv.get_unstructure_hook(optional_of(t)) is identity
        ),
        identity,
    )
    conv.register_structure_hook_factory(lambda t: open_enum_args(t) is not None, open_enum_hook)
    conv.register_unstructure_hook_func(
        lambda t: open_enum_args(t) is not None, unstructure_open_enum
    )
    conv.register_structure_hook_factory(is_list, strict_list_factory)
    conv.register_structure_hook_factory(
        attrs.has, lambda t: _structure_attrs_factory(t, conv, share=share)
    )
    if not detailed:
        conv.register_structure_hook_factory(lambda t: optional_of(t) is not None, optional_hook)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)
    conv.register_structure_hook(UnknownVariant, structure_unknown)
    conv.register_unstructure_hook(UnknownVariant, lambda v: dict(v.raw))  # as it came
    # An enum member is written as its value (cattrs would pass a ``str`` enum's through).
    conv.register_unstructure_hook(StrEnum, operator.attrgetter("value"))
    # Declared in the models' modules (`vogent_async.models._shared.tagged_union`).
    conv.register_structure_hook_factory(is_tagged_union, lambda t: tagged_union_hooks(t, conv)[0])
    conv.register_unstructure_hook_factory(
        is_tagged_union, lambda t: tagged_union_hooks(t, conv)[1]
    )
    # Request bodies (`AgentUpdate`, ...): a field given is structured as its type without NotGiven.
    conv.register_structure_hook_factory(
        lambda t: without_not_given(t) is not None, lambda t: not_given_hook(t, conv)
    )
    conv.register_unstructure_hook_factory(  # and sent as that type (an enum as its value)
        lambda t: without_not_given(t) is not None,
        lambda t: conv.get_unstructure_hook(without_not_given(t)),
    )
    if share:  # registered last, so it wins over the attrs and tuple hooks it wraps
        conv.register_structure_hook_factory(
            worth_sharing,
            lambda t: share_hook(t, _structure_attrs_factory(t, conv, share=True), wire_name),
        )
    return conv


class Converter:
    """Structures API JSON into models and models back into API JSON.

    Build it once; hooks are generated on first use of each type and cached.
    With ``share`` (the default), an immutable subtree equal to one decoded a
    moment ago is that same object (`vogent_async._codec._sharing`); the JSON given to
    `structure` is then kept for comparison, so it must not be changed afterwards.
    """

    def __init__(self, *, share: bool = True) -> None:
        self._fast = _build(detailed=False, share=share)
        self._detailed = _build(detailed=True)
        self._share = share
        self._item_hooks: dict[Any, Callable[[Any, Any], Any]] = {}

    def structure(self, data: Any, cls: type[T], *, path: str = "") -> T:
        """Build a ``cls`` from freshly decoded JSON (not changed afterwards).

        Raises:
            SchemaMismatch: naming every field path that does not fit.
        """
        try:
            return self._fast.structure(data, cls)
        except Exception:
            raise SchemaMismatch(self._explain(data, cls, path)) from None

    def structurer(self, cls: type[T], *, path: str = "") -> Callable[[Any], T]:
        """`structure` into ``cls``, its hook looked up once, for a hot path: ``f(data)``.

        For a stream of distinct entities (webhook events), as a listing's items: the
        object itself is not looked up for sharing, its parts still are.
        """
        hook = self._item_hooks.get(cls) or self._item_hook(cls)

        def structure(data: Any) -> T:
            try:
                built: T = hook(data, cls)
            except Exception:
                raise SchemaMismatch(self._explain(data, cls, path)) from None
            return built

        return structure

    def structure_list(self, items: Any, cls: type[T], *, path: str) -> list[T]:
        """Build a listing's items; errors are reported as ``path[i].field``.

        The items of one listing are distinct entities (each has its own id), so
        they are not looked up for sharing themselves; their parts still are.
        """
        build = self._item_hooks.get(cls) or self._item_hook(cls)
        try:
            if type(items) is not list:
                raise expect("an array", items)
            return [build(item, cls) for item in items]
        except Exception:
            raise SchemaMismatch(self._explain(items, list[cls], path)) from None  # type: ignore[valid-type]

    def _item_hook(self, cls: Any) -> Callable[[Any, Any], Any]:
        shared = self._share and worth_sharing(cls)
        hook = _structure_attrs_factory(cls, self._fast, share=True) if shared else None
        self._item_hooks[cls] = hook or self._fast.get_structure_hook(cls)
        return self._item_hooks[cls]

    def unstructure(self, obj: Any, as_type: Any = None) -> Any:
        """Turn a model (or a list of them) into JSON-ready data with camelCase keys.

        ``as_type`` names the declared type when it is not ``obj``'s class: a tagged
        union, so that the ``type`` tag is written.
        """
        return self._fast.unstructure(obj, unstructure_as=as_type)

    def _explain(self, data: Any, tp: Any, path: str) -> list[str]:
        try:
            self._detailed.structure(data, tp)
        except Exception as exc:
            return error_paths(exc, path, wire_name)
        return [f"{path or '$'}: does not fit {getattr(tp, '__name__', tp)}"]


CONVERTER = Converter()
"""The package's converter, built once: clients and the webhook decoder share its hook caches."""
