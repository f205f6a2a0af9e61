"""Every API path is built here, from a template: ``path("/agents/{agent_id}", agent_id=x)``.

Each value fills exactly one segment: it is checked (a non-empty string, not
``.`` or ``..``, valid text) and quoted, so ``/``, ``?``, ``#`` or ``%`` in an
id can never reach another path. A bad id raises before anything is sent.
"""

from __future__ import annotations

import functools
import re
from typing import cast
from urllib.parse import quote

from vogent_async.errors import InvalidRequestError
from vogent_async.models._show import show, text_problem

__all__ = ["check_text", "optional_text", "path", "path_and_problems"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: What ``quote(value, safe="")`` leaves as it is: a value of only these needs no quoting.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


def path(template: str, **segments: object) -> str:
    """``template`` with each ``{name}`` replaced by the quoted value of ``name``.

    Raises:
        InvalidRequestError: Listing every value that cannot name a path segment.
    """
    built, problems = path_and_problems(template, **segments)
    if problems:
        raise InvalidRequestError(problems)
    return built


def path_and_problems(template: str, **segments: object) -> tuple[str, list[str]]:
    """`path` that returns the problems instead, to report them with a body's."""
    problems: list[str] = []
    parts = _parts(template)
    built = [parts[0]]
    for i in range(1, len(parts), 2):
        name = parts[i]
        value = segments[name]
        problem = _segment_problem(name, value)
        if problem is not None:
            problems.append(f"{name}: {problem}")
        elif _UNRESERVED.fullmatch(cast(str, value)):  # a str: checked above
            built.append(cast(str, value))
        else:
            built.append(quote(cast(str, value), safe=""))
        built.append(parts[i + 1])
    return "".join(built), problems


@functools.cache
def _parts(template: str) -> tuple[str, ...]:
    """``template`` split at its placeholders: literal, name, literal, ..., literal."""
    return tuple(_PLACEHOLDER.split(template))


def _segment_problem(name: str, value: object) -> str | None:
    if type(value) is not str or not value:
        return f"expected a non-empty string, got {show(value)}"
    if value in (".", ".."):
        noun = name.replace("_", " ")  # job_id: "not a job id"
        return f"{value!r} is a path segment, not {'an' if noun[0] in 'aeiou' else 'a'} {noun}"
    return text_problem(value)


def check_text(name: str, value: object) -> str:
    """Return ``value`` if it is a non-empty string that can be sent (a cursor, a filter).

    Raises:
        InvalidRequestError: Naming ``name`` and the problem.
    """
    problem = (
        f"expected a non-empty string, got {show(value)}"
        if type(value) is not str or not value
        else text_problem(value)
    )
    if problem is not None:
        raise InvalidRequestError([f"{name}: {problem}"])
    return cast(str, value)  # checked above


def optional_text(name: str, value: object) -> str | None:
    """`check_text`, with ``None`` (a filter left out) passed through."""
    return None if value is None else check_text(name, value)
