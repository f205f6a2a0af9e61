"""What the API groups' models share: the open string enum base, and ``type``-tagged unions.

A tagged union is a JSON object whose ``type`` key says which variant it is (a
transfer or an API function, a purchased or an imported phone number). A group
declares one with `tagged_union`; the converter structures it through cattrs'
tagged-union strategy. A tag this version does not know (or a missing one) is
kept as an `UnknownVariant` holding the raw object, never an error: the server
may add variants.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias, TypeVar

import attrs

from vogent_async.models._wire import WireModel

__all__ = ["UnknownVariant"]

#: A field metadata key: when true, the field is not part of the JSON at all.
LOCAL = "vogent_local"

#: A field metadata key: the field's JSON key, where it is not the camelCase of its
#: name (a request body whose argument the API names otherwise: ``output`` -> ``format``).
WIRE_NAME = "vogent_wire_name"

#: A field metadata key: when true, the field is sent even when it holds its default.
ALWAYS_SENT = "vogent_always_sent"


class StrEnum(str, enum.Enum):
    """An enum of API strings; ``str(member)`` is the value, as sent."""

    def __str__(self) -> str:
        return str(self.value)


#: Set on a converter by `keeps_tuples`.
KEEPS_TUPLES = "__vogent_keeps_tuples__"


def keeps_tuples(*converters: Callable[[Any], Any]) -> None:
    """Mark array fields' converters that return a tuple (or ``None``) as it is.

    Such a converter freezes a list a caller gives into a tuple. The compiled
    structure function (`vogent_async._codec._compiled`) builds the tuple from JSON
    itself, so it skips the call. (A call, not a decorator: attrs' mypy plugin
    reads a converter's types only from a plain function.)
    """
    for converter in converters:
        setattr(converter, KEEPS_TUPLES, True)


#: Field metadata: the field's strings repeat from object to object (a status, a voice id,
#: a prompt id), so a sharing converter keeps one string object per value (`repeats`).
REPEATS = "vogent_repeats"


def repeats() -> dict[str, bool]:
    """Field metadata for a string field whose few values recur across objects.

    A sharing converter hands out one string object per value, so a list of
    100,000 dials holds one ``"completed"``, not 100,000 (a cache per field, of
    at most `vogent_async._codec._compiled.REPEATED` values). Nothing a caller can
    observe changes: strings are immutable and equal either way.
    """
    return {REPEATS: True}


#: Field metadata: the field (a ``dict[str, Any]``) holds every JSON key the class does
#: not declare, as sent, and gives them back when the model is turned into JSON again.
KEEP_EXTRA = "vogent_keep_extra"


@attrs.frozen
class UnknownVariant(WireModel):
    """A variant of a ``type``-tagged union this version does not know, kept as sent.

    Attributes:
        type: The object's tag (``None`` when the object had none).
        raw: The whole JSON object, tag included, untouched.
    """

    type: str | None
    raw: dict[str, Any]


@attrs.frozen
class TaggedUnion:
    """One ``type``-tagged union: the JSON key holding the tag and the class of each tag."""

    tag_key: str
    variants: Mapping[str, type]


#: Every tagged union the models declare, keyed by the union type the fields are
#: annotated with (the known variants ``| UnknownVariant``). The converter reads it.
TAGGED_UNIONS: dict[Any, TaggedUnion] = {}


def tagged_union(annotation: Any, variants: Mapping[str, type], *, tag_key: str = "type") -> Any:
    """Declare ``annotation`` (``A | B | UnknownVariant``) a union tagged by ``tag_key``.

    Returns ``annotation`` so that a module can write
    ``Function = tagged_union(TransferFunction | APIFunction | UnknownVariant, {...})``.
    """
    TAGGED_UNIONS[annotation] = TaggedUnion(tag_key, dict(variants))
    return annotation


Fields: TypeAlias = Mapping[str, Any]
"""A mapping of a model's fields (snake_case or camelCase), accepted wherever the model is."""


# ------------------------------------------------------ request field converters

E = TypeVar("E", bound=enum.Enum)


def canonical(enum_cls: type[E], value: Any) -> E | Any:
    """``value`` as a member of ``enum_cls`` if it names one in any case, else unchanged.

    For a field converter (``return canonical(EvalRecordType, value)``); the
    field's `one_of` rule reports a value that names none.
    """
    if isinstance(value, str) and not isinstance(value, enum_cls):
        for member in enum_cls:
            if str(member.value).casefold() == value.casefold():
                return member
    return value


def listed(value: Any) -> Any:
    """A field converter: any iterable (not a string or mapping, read as one) as a list."""
    if value is None:  # the usual values, without the ABC checks
        return None
    if type(value) is list:
        return list(value)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value  # left for the field's rule to report
    return list(value)
