"""Search any object graph for a secret: attributes, mappings, sequences, causes."""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from typing import Any

_LEAVES = (int, float, bool, type(None), bytes, str)


def find_secret(obj: object, secret: str, *, max_depth: int = 8) -> list[str]:
    """Return the path to every place ``secret`` occurs in ``obj`` (empty when none).

    Exceptions are searched with their formatted traceback, ``__cause__`` and
    ``__context__``; other objects through ``vars()``/``__slots__``, mappings
    (keys and values) and sequences, down to ``max_depth`` levels.
    """
    found: list[str] = []
    seen: set[int] = set()
    _walk(obj, secret, "$", max_depth, seen, found)
    if isinstance(obj, BaseException):
        text = "".join(traceback.format_exception(obj))
        if secret in text:
            found.append("traceback text")
    return found


def _walk(
    obj: object, secret: str, path: str, depth: int, seen: set[int], found: list[str]
) -> None:
    if isinstance(obj, str | bytes):
        needle: Any = secret if isinstance(obj, str) else secret.encode()
        if needle in obj:
            found.append(path)
        return
    if isinstance(obj, _LEAVES) or depth < 0 or id(obj) in seen:
        return
    seen.add(id(obj))
    for text in (_safe(repr, obj), _safe(str, obj)):
        if secret in text:
            found.append(f"{path} (repr/str)")
            break
    for name, child in _children(obj):
        _walk(child, secret, f"{path}{name}", depth - 1, seen, found)


def _children(obj: object) -> Iterator[tuple[str, object]]:
    if isinstance(obj, BaseException):
        yield ".__cause__", obj.__cause__
        yield ".__context__", obj.__context__
        yield ".args", obj.args
    if isinstance(obj, Mapping) or (hasattr(obj, "items") and hasattr(obj, "keys")):
        try:
            pairs = list(obj.items())
        except Exception:  # an object that only looks like a mapping
            pairs = []
        for key, value in pairs:
            yield f"[{key!r}].key", key
            yield f"[{key!r}]", value
    elif isinstance(obj, list | tuple | set | frozenset):
        for i, value in enumerate(obj):
            yield f"[{i}]", value
    for name in _attribute_names(obj):
        try:
            yield f".{name}", getattr(obj, name)
        except Exception:  # a property that fails on a half-built object
            continue


def _attribute_names(obj: object) -> list[str]:
    names = list(getattr(obj, "__dict__", {}))
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return [n for n in names if n not in ("__weakref__", "__dict__")]


def _safe(fn: Any, obj: object) -> str:
    try:
        return str(fn(obj))
    except Exception:
        return ""
