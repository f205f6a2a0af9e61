"""The checkpoint of an export: where it stands, written atomically, read back strictly.

A checkpoint is small JSON next to the part file. It is trusted to say how much
of the part file is whole pages and whether the export is finished, so reading
one checks every field's type and range: a checkpoint edited by hand, damaged,
or written by another version is refused with the reason, never half believed
(``"finished": "no"`` is not a finished export).
"""

from __future__ import annotations

import contextlib
import json
import os
import reprlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import attrs

__all__ = ["Checkpoint", "ExportError", "read_checkpoint", "sync", "sync_dir", "write_checkpoint"]

_VERSION = 1
_FORMATS = ("jsonl", "csv")


class ExportError(Exception):
    """The export cannot start or go on; the message says what to do."""


@attrs.frozen
class Checkpoint:
    """Where an export stands: everything before ``size`` in the part file is final.

    Attributes:
        job_id: The job being exported.
        format: ``"jsonl"`` or ``"csv"``.
        cursor: The cursor of the next page; ``None`` before the first page
            and after the last.
        size: Bytes of the part file that hold whole pages.
        count: Dials in those bytes.
        finished: Whether the last page is in (only the rename is left).
    """

    job_id: str
    format: str
    cursor: str | None
    size: int
    count: int
    finished: bool = False


def write_checkpoint(path: Path, state: Checkpoint) -> None:
    """Replace the checkpoint at ``path`` atomically and durably."""
    data = json.dumps({"version": _VERSION, **attrs.asdict(state)}, sort_keys=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(data + "\n")
        sync(fh)
    os.replace(tmp, path)


def read_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``, or ``None`` when there is none.

    Raises:
        ExportError: The file is unreadable, or not a checkpoint this version
            writes (a field missing, unknown, of the wrong type or out of range).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        raise ExportError(f"{path}: unreadable ({exc}); pass --force to start over") from None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        raise ExportError(f"{path}: not a checkpoint this version writes; pass --force")
    problems = _problems(data)
    if problems:
        raise ExportError(
            f"{path}: not a valid checkpoint ({'; '.join(problems)}); pass --force to start over"
        )
    del data["version"]
    return Checkpoint(**data)


def _problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with a checkpoint's fields, one phrase each (none: it is sound)."""
    checks: dict[str, tuple[Callable[[Any], bool], str]] = {
        "job_id": (lambda v: isinstance(v, str) and v != "", "a non-empty string"),
        "format": (lambda v: v in _FORMATS, "'jsonl' or 'csv'"),
        "cursor": (lambda v: v is None or isinstance(v, str), "a string or null"),
        "size": (lambda v: type(v) is int and v >= 0, "a whole number >= 0"),
        "count": (lambda v: type(v) is int and v >= 0, "a whole number >= 0"),
        "finished": (lambda v: type(v) is bool, "true or false"),
    }
    problems = [f"unknown field {name!r}" for name in sorted(data.keys() - checks - {"version"})]
    for name, (valid, expected) in checks.items():
        if name not in data:
            problems.append(f"{name} is missing")
        elif not valid(data[name]):
            problems.append(f"{name} must be {expected}, not {reprlib.repr(data[name])}")
    if not problems and data["finished"] and data["cursor"] is not None:
        problems.append("a finished export has no next cursor")
    return problems


def sync(fh: IO[Any]) -> None:
    """Flush ``fh`` to disk."""
    fh.flush()
    os.fsync(fh.fileno())


def sync_dir(path: Path) -> None:
    """Make a rename durable; some file systems cannot open a directory, which is fine."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
