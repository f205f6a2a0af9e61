"""Models as plain data for JSON lines and CSV: one rule for every attrs class.

JSON output is each model's `to_dict`: the API's own camelCase JSON, with
timestamps as ISO 8601 and enum members as their API value, so a line reads back
with ``Model.from_dict``. CSV output of dials is a
fixed set of flat columns; nested data (inputs, AI result, transcript) goes in
as compact JSON text so nothing is lost.

Whatever the server sent, the output stays valid and safe:

- JSON escapes control characters, bidi overrides and lone surrogates as
  ``\\uXXXX``, so it is valid UTF-8 that a terminal shows inertly and that
  decodes back to the very same text; a number that is not finite (``NaN``,
  ``Infinity``, which JSON cannot hold) is written as ``null``.
- A CSV cell that a spreadsheet would run as a formula (it starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, unless
  it is a plain number such as ``+15551234567`` or ``-2.5``; a lone surrogate
  becomes U+FFFD and a number that is not finite an empty cell.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from vogent_async import Dial
from vogent_async.cli._terminal import UNSAFE_CHARACTERS
from vogent_async.models._wire import WireModel

__all__ = ["DIAL_COLUMNS", "csv_line", "dial_cells", "json_line", "json_text", "record"]

#: Raw in JSON text only inside strings, where ``\\uXXXX`` stands for them exactly.
_JSON_ESCAPED = re.compile(f"[{UNSAFE_CHARACTERS}\u2028\u2029]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

#: The columns of a dials CSV export, in order.
DIAL_COLUMNS: tuple[str, ...] = (
    "id",
    "to_number",
    "status",
    "system_result_type",
    "duration_seconds",
    "started_at",
    "ended_at",
    "created_at",
    "updated_at",
    "agent_id",
    "agent_name",
    "from_number_id",
    "dial_task_id",
    "voice_id",
    "versioned_prompt_id",
    "recording_urls",
    "inputs",
    "ai_result",
    "transcript",
)


def record(instance: WireModel) -> dict[str, Any]:
    """A model as the API's JSON (`WireModel.to_dict`): what the API sent, no more."""
    return instance.to_dict()


def json_line(instance: Any) -> str:
    """One model as one line of compact JSON, newline included."""
    return json_text(record(instance)) + "\n"


def json_text(value: Any) -> str:
    """Compact JSON, safe to print and to encode as UTF-8; ``NaN`` and infinities as ``null``."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a float JSON cannot hold
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def dial_cells(dial: Dial) -> list[str]:
    """The `DIAL_COLUMNS` cells of one dial, as text (empty for a missing value)."""
    agent = dial.agent
    urls = " ".join(r.url for r in dial.recordings or ())
    transcript = [record(item) for item in dial.transcript] if dial.transcript else None
    values: tuple[Any, ...] = (
        dial.id,
        dial.to_number,
        dial.status,
        dial.system_result_type,
        dial.duration_seconds,
        dial.started_at,
        dial.ended_at,
        dial.created_at,
        dial.updated_at,
        agent.id if agent else None,
        agent.name if agent else None,
        dial.from_number_id,
        dial.dial_task_id,
        dial.voice_id,
        dial.versioned_prompt_id,
        urls or None,
        _compact(dial.inputs),
        _compact(dial.ai_result),
        _compact(transcript),
    )
    return [_cell(value) for value in values]


def csv_line(cells: Sequence[str]) -> str:
    """One CSV record (RFC 4180 quoting, ``\\r\\n`` ending)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def _plain(_: Any, __: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _compact(value: Any) -> str | None:
    return None if value is None else json_text(value)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = value if isinstance(value, str) else str(_plain(None, None, value))
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text  # a spreadsheet shows it as text instead of running it
    return text
