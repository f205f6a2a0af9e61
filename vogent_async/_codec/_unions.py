"""``type``-tagged unions (functions, phone-number creation, TTS messages...).

A union registered in `vogent_async.models._shared.TAGGED_UNIONS` is decoded by
cattrs' tagged-union strategy over its known variants; an object whose tag no
variant claims becomes `UnknownVariant` (kept whole, written back as it came),
never an error.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, get_args

import cattrs
from cattrs.strategies import configure_tagged_union

from vogent_async._codec._cattrs_hooks import expect, optional_of
from vogent_async.models._shared import TAGGED_UNIONS, UnknownVariant

__all__ = ["is_tagged_union", "structure_unknown", "tagged_union_hooks"]


def structure_unknown(value: dict[str, Any], _: Any) -> UnknownVariant:
    """An object whose tag no variant claims, kept whole."""
    tag = value.get("type")  # a dict: structure_tagged checked
    return UnknownVariant(tag if type(tag) is str else None, value)


def _tagged_union_args(tp: Any) -> tuple[Any, bool] | None:
    """The declared union ``tp`` is (or is ``| None`` of), and whether None is allowed."""
    if tp in TAGGED_UNIONS:
        return tp, False
    inner = optional_of(tp)
    if inner is None:  # ``A | B | UnknownVariant | None`` flattens: drop the None
        members = [a for a in get_args(tp) if a is not type(None)]
        inner = functools.reduce(operator.or_, members) if len(members) > 1 else None
    return (inner, True) if inner is not None and inner in TAGGED_UNIONS else None


def is_tagged_union(tp: Any) -> bool:
    """Whether ``tp`` is a registered tagged union, or ``| None`` of one."""
    return _tagged_union_args(tp) is not None


def tagged_union_hooks(
    tp: Any, conv: cattrs.Converter
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], Any]]:
    """cattrs' tagged-union strategy over the known variants; anything else is kept raw."""
    found = _tagged_union_args(tp)
    assert found is not None
    union, nullable = found
    spec = TAGGED_UNIONS[union]
    tags = {cls: tag for tag, cls in spec.variants.items()}
    known = functools.reduce(operator.or_, spec.variants.values())
    configure_tagged_union(
        known, conv, tag_generator=tags.__getitem__, tag_name=spec.tag_key, default=UnknownVariant
    )
    structure_known, unstructure_known = (
        conv.get_structure_hook(known),
        conv.get_unstructure_hook(known),
    )

    def structure_tagged(value: Any, _: Any) -> Any:
        if value is None and nullable:
            return None
        if type(value) is not dict:
            raise expect("an object", value)
        return structure_known(value, known)

    def unstructure_tagged(value: Any) -> Any:
        if value is None:
            return None
        return dict(value.raw) if type(value) is UnknownVariant else unstructure_known(value)

    return structure_tagged, unstructure_tagged
