"""`WireModel`: ``to_dict``, ``to_json`` and ``from_dict`` on every public model.

One base for all of them, with no state (``__slots__ = ()``) and no per-class
code: each method hands the model to the package's one converter
(`vogent_async._codec._converter`), so the JSON is the API's own form (camelCase keys,
timestamps as ISO 8601, enums as their values, a tagged union's ``type`` tag
written) and decoding runs the very checks a response goes through. The codec sits
above the models (it reads what they declare), so it hands itself over when it is
imported (`use_codec`, by `vogent_async._codec._wire`), which importing
`vogent_async` always does; the models import nothing of it.

``from_dict`` decodes with a converter that does not share subtrees (the
client's does, `vogent_async._codec._sharing`): the data is the caller's, who may
change it afterwards, and a sharing converter keeps the JSON it decoded to
compare later bodies with.
"""

from __future__ import annotations

import json
from typing import Any, Protocol, TypeVar

__all__ = ["WireCodec", "WireModel", "use_codec"]

_M = TypeVar("_M", bound="WireModel")


class WireCodec(Protocol):
    """What `WireModel` asks of the codec: both directions of the API's JSON."""

    def unstructure(self, obj: Any) -> dict[str, Any]:
        """``obj`` as JSON (a variant of a tagged union writes its tag)."""
        ...

    def structure(self, data: Any, cls: type[_M]) -> _M:
        """``data`` decoded as ``cls``, without sharing; raises `DataValidationError`."""
        ...


_CODEC: list[WireCodec] = []  # the one codec, handed over by vogent_async._codec


def use_codec(codec: WireCodec) -> None:
    """Make ``codec`` the one that every model's JSON helpers use."""
    _CODEC[:] = [codec]


class WireModel:
    """What every public model can do with its JSON; see `to_dict` and `from_dict`."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The model as the API's JSON: camelCase keys, as a request or response carries it.

        Fields left at their default (``None``, or `NOT_GIVEN` on an update) are
        left out, as the API leaves out empty fields; free-form objects (such as
        ``metadata``) are the model's own read-only ones, so copy one to change it.
        """
        return _CODEC[0].unstructure(self)

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
        return _CODEC[0].structure(data, cls)
