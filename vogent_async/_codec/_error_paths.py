"""Where a body does not fit a model: cattrs' grouped errors as ``"<path>: <problem>"`` lines.

The detailed converter (`vogent_async._codec._converter`) raises cattrs' exception
groups, which note the attribute or index each failure came from; this walks
them into one line per leaf, the path in the API's JSON keys (``key_of``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cattrs.errors import ClassValidationError, IterableValidationError

__all__ = ["error_paths"]

KeyOf = Callable[[type[Any], str], str]


def error_paths(exc: BaseException, path: str, key_of: KeyOf) -> list[str]:
    """One ``"<path>: <problem>"`` line for each failure in ``exc``, below ``path``."""
    out: list[str] = []
    _walk(exc, path, key_of, out)
    return out


def _walk(exc: BaseException, path: str, key_of: KeyOf, out: list[str]) -> None:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key = key_of(exc.cl, note.name)
            _walk(sub, f"{path}.{key}" if path else key, key_of, out)
        for sub in without:
            _walk(sub, path, key_of, out)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            _walk(sub, f"{path}[{inote.index!r}]", key_of, out)
        for sub in without_i:
            _walk(sub, path, key_of, out)
    else:
        out.append(f"{path or '$'}: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required field is missing"
    return str(exc) or type(exc).__name__
