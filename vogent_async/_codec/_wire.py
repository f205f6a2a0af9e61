"""The codec's side of every model's JSON helpers (`WireModel.to_dict`, ``from_dict``).

Imported by this package, it hands `WIRE` to `vogent_async.models._wire.use_codec`, so
that the models, which sit below the codec, never import it. ``from_dict`` decodes with
a converter that does not share subtrees (the client's does, `_sharing`): the data is
the caller's, who may change it afterwards.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from vogent_async._codec._converter import CONVERTER, Converter, SchemaMismatch
from vogent_async.errors import DataValidationError
from vogent_async.models._shared import TAGGED_UNIONS
from vogent_async.models._wire import use_codec

__all__ = ["WIRE"]

_T = TypeVar("_T")


class _Wire:
    def unstructure(self, obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = CONVERTER.unstructure(obj, _declared(type(obj)))
        return data

    def structure(self, data: Any, cls: type[_T]) -> _T:
        try:
            return _plain_converter().structure(data, cls)
        except SchemaMismatch as exc:
            shown = "; ".join(exc.errors[:5]) + ("; ..." if len(exc.errors) > 5 else "")
            raise DataValidationError(
                f"{cls.__name__}.from_dict: the data does not fit {cls.__name__}: {shown}",
                errors=exc.errors,
            ) from None


@functools.cache
def _plain_converter() -> Converter:
    return Converter(share=False)


_DECLARED: dict[type, Any] = {}


def _declared(cls: type) -> Any:
    """The tagged union ``cls`` is a variant of (its ``type`` tag is written then), else None."""
    if cls not in _DECLARED:
        unions = (u for u, spec in TAGGED_UNIONS.items() if cls in spec.variants.values())
        _DECLARED[cls] = next(unions, None)
    return _DECLARED[cls]


WIRE = _Wire()
use_codec(WIRE)
