"""`WireModel`: ``to_dict``, ``to_json`` and ``from_dict`` on every public model.

One base for all of them, with no state (``__slots__ = ()``) and no per-class
code: each method hands the model to the package's one converter
(`vogent_async._codec._converter`), so the JSON is the API's own form (camelCase keys,
timestamps as ISO 8601, enums as their values, a tagged union's ``type`` tag
written) and decoding runs the very checks a response goes through.

``from_dict`` decodes with a converter that does not share subtrees (the
client's does, `vogent_async._codec._sharing`): the data is the caller's, who may
change it afterwards, and a sharing converter keeps the JSON it decoded to
compare later bodies with.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from vogent_async._codec._converter import Converter

__all__ = ["WireModel"]

_M = TypeVar("_M", bound="WireModel")


class WireModel:
    """What every public model can do with its JSON; see `to_dict` and `from_dict`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The model as the API's JSON: camelCase keys, as a request or response carries it.

        Fields left at their default (``None``, or `NOT_GIVEN` on an update) are
        left out, as the API leaves out empty fields; free-form objects (such as
        ``metadata``) are the model's own read-only ones, so copy one to change it.
        """
        data: dict[str, Any] = _shared_converter().unstructure(self, _declared(type(self)))
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """`to_dict` as JSON text (compact unless ``indent`` is given); non-ASCII kept as is."""
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, separators=separators)

    @classmethod
    def from_dict(cls: type[_M], data: Any) -> _M:
        """Decode the API's JSON (camelCase keys, as `to_dict` gives it) into this model.

        The same checks and field paths as a response body: ``Model.from_dict(m.to_dict())``
        equals ``m``.

        Raises:
            DataValidationError: ``data`` does not fit; ``errors`` names each field path.
        """
        from vogent_async._codec._converter import SchemaMismatch
        from vogent_async.errors import DataValidationError

        try:
            return _plain_converter().structure(data, cls)
        except SchemaMismatch as exc:
            shown = "; ".join(exc.errors[:5]) + ("; ..." if len(exc.errors) > 5 else "")
            raise DataValidationError(
                f"{cls.__name__}.from_dict: the data does not fit {cls.__name__}: {shown}",
                errors=exc.errors,
            ) from None


def _shared_converter() -> Converter:
    from vogent_async._codec._converter import CONVERTER

    return CONVERTER


@functools.cache
def _plain_converter() -> Converter:
    from vogent_async._codec._converter import Converter

    return Converter(share=False)


_DECLARED: dict[type, Any] = {}


def _declared(cls: type) -> Any:
    """The tagged union ``cls`` is a variant of (its ``type`` tag is written then), else None."""
    if cls not in _DECLARED:
        from vogent_async.models._shared import TAGGED_UNIONS

        unions = (u for u, spec in TAGGED_UNIONS.items() if cls in spec.variants.values())
        _DECLARED[cls] = next(unions, None)
    return _DECLARED[cls]
