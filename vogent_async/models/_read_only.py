"""Read-only JSON: free-form objects of models that many holders may share.

An `Agent` arrives in every dial of a job, the same each time; the converter
hands out one `Agent` for all of them (`vogent_async._codec._sharing`). That is safe
only if nothing in it can change, and its ``metadata`` is free-form JSON. So a
model's free-form field declared with ``converter=read_only_json`` holds a
deep, read-only copy: objects are a `dict` subclass and arrays a `list`
subclass whose changing methods raise `TypeError`.

Everything a reader does works as before: equality with plain dicts and lists,
``isinstance(x, dict)``, ``json.dumps``, pickling and copying. For a copy to
change, use ``dict(value)`` (shallow) or ``json.loads(json.dumps(value))``. (As
with any Python object, ``dict.__setitem__(value, ...)`` or an explicit
``value.__init__(...)`` still reach the storage: the guard is against mistakes,
not against intent.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn, overload

__all__ = ["ReadOnlyDict", "ReadOnlyList", "read_only_json"]


def _refuse(self: object, *args: object, **kwargs: object) -> NoReturn:
    name = type(self).__name__
    raise TypeError(
        f"this {name} is read-only: it may be shared by many models; "
        "change a copy (dict(value) or list(value)) instead"
    )


class ReadOnlyDict(dict[str, Any]):
    """A JSON object that cannot change; its arrays and objects cannot either."""

    __slots__ = ()

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:  # pickle and copy without __setitem__
        return (ReadOnlyDict, (dict(self),))


class ReadOnlyList(list[Any]):
    """A JSON array that cannot change; its arrays and objects cannot either."""

    __slots__ = ()

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyList, (list(self),))


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _freeze(value: Any) -> Any:
    kind = type(value)
    if kind in _LEAVES or kind is ReadOnlyDict or kind is ReadOnlyList:
        return value  # a read-only container is read-only all the way down
    # Scalars only (the usual case): one C-level copy, no call per value.
    if kind is list or kind is tuple:
        flat = _LEAVES.issuperset(map(type, value))
        return ReadOnlyList(value if flat else [_freeze(v) for v in value])
    if kind is dict or isinstance(value, Mapping):
        flat = _LEAVES.issuperset(map(type, value.values()))
        return ReadOnlyDict(value if flat else {k: _freeze(v) for k, v in value.items()})
    return value


@overload
def read_only_json(value: Mapping[str, Any]) -> Mapping[str, Any]: ...
@overload
def read_only_json(value: None) -> None: ...
def read_only_json(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A field converter: a deep read-only copy of a JSON object (``None`` stays ``None``)."""
    return None if value is None else _freeze(value)
