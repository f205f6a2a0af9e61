"""Request bodies that are models, checked at the door before anything is sent.

Two walkers report every problem with its path, in the names the caller wrote
(``agent.default_versioned_prompt.name``): the rules the model's fields declare
(`vogent_async._validation`, e.g. a name must not be blank), and the types,
checked by encoding the body and decoding it again with the detailed converter
the responses use, so a wrong type however deep is found too.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from vogent_async._checks import raise_problems, show
from vogent_async._converter import Converter, SchemaMismatch
from vogent_async._validation import problems_in

__all__ = ["checked_body"]

_CAPITAL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def checked_body(converter: Converter, name: str, body: object, model: Any) -> Any:
    """``body`` as JSON if it is a ``model`` (or one of its union's classes) with no problem.

    Args:
        converter: The package's converter.
        name: The argument's name, the first segment of every problem's path.
        body: What the caller passed.
        model: The class, or the declared union, it must be.

    Raises:
        TypeError: ``body`` is not a ``model``.
        InvalidRequestError: Listing every problem.
    """
    accepted = get_args(model) or (model,)
    if not isinstance(body, accepted):
        names = " or ".join(cls.__name__ for cls in accepted)
        raise TypeError(f"{name} must be a {names}, got {show(body)}")
    problems = problems_in(body, name)
    try:
        data = converter.unstructure(body, model)
    except (AttributeError, TypeError, ValueError) as exc:  # a model where a scalar goes
        problems.append(f"{name}: cannot be encoded: {exc}")
    else:
        try:
            converter.structure(data, model)
        except SchemaMismatch as exc:
            found = {problem.split(":", 1)[0] for problem in problems}
            typed = (_snake(name, error) for error in exc.errors)
            problems.extend(p for p in typed if p.split(":", 1)[0] not in found)
    raise_problems(problems)
    return data


def _snake(name: str, error: str) -> str:
    """A converter path (``$.defaultVersionedPrompt.aiModelId: ...``) in Python's names."""
    where, _, problem = error.partition(": ")
    where = _CAPITAL.sub(lambda m: "_" + m.group(1).lower(), where.lstrip("$").lstrip("."))
    return f"{name}.{where}: {problem}" if where else f"{name}: {problem}"
