"""Read a job's weekly `Schedule` from a JSON file.

The file holds the object the API documents, with camelCase keys as in the API
reference or snake_case as in Python::

    {"timezone": "America/New_York",
     "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}]}

The shape is checked here (keys, types); the values (a known timezone, ``HH:MM``
times, a weekday 0-6) are checked by the client before it sends anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import cattrs
from cattrs.v import format_exception

from vogent_async import Schedule

__all__ = ["ScheduleFileError", "read_schedule"]

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


class ScheduleFileError(Exception):
    """The schedule file cannot be read or does not hold a schedule.

    Attributes:
        problems: Every problem, each as ``"<key path>: <what is wrong>"``.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def read_schedule(path: Path) -> Schedule:
    """Read and decode the schedule in ``path``.

    Raises:
        ScheduleFileError: The file is unreadable, not JSON, or not a schedule.
    """
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise ScheduleFileError(path, [str(exc.strerror or exc)]) from None
    except ValueError as exc:
        raise ScheduleFileError(path, [f"not valid JSON: {exc}"]) from None
    if not isinstance(data, dict):
        raise ScheduleFileError(path, [f"expected a JSON object, got {type(data).__name__}"])
    try:
        return _CONVERTER.structure(_snake_keys(data), Schedule)
    except cattrs.BaseValidationError as exc:
        found = cattrs.transform_error(exc, path="schedule", format_exception=_describe)
        raise ScheduleFileError(path, [_key_first(line) for line in found]) from None


def _describe(exc: BaseException, kind: type[Any] | None) -> str:
    if isinstance(exc, AttributeError):  # cattrs read the keys of a non-object
        return "expected an object"
    return format_exception(exc, kind)


def _key_first(line: str) -> str:
    """``"invalid value ... @ schedule.days[0]"`` as ``"schedule.days[0]: invalid value ..."``."""
    message, _, where = line.rpartition(" @ ")
    return f"{where}: {message}" if message else line


def _snake_keys(value: Any) -> Any:
    """Rename camelCase keys to snake_case all the way down; keys only, never values."""
    if isinstance(value, dict):
        return {_CAMEL.sub(r"_\1", k).lower(): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def _strict(kind: type[Any]) -> Any:
    """A structure hook that accepts ``kind`` as is and never coerces ("1" is not 1)."""

    def structure(value: Any, _: type[Any]) -> Any:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return value

    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, bool):
        converter.register_structure_hook(kind, _strict(kind))
    return converter


_CONVERTER = _make_converter()
