"""Read the rows of a new job from a CSV or JSON-lines file, and say what is wrong where.

The whole file is read and checked before anything is sent: every problem is
collected with the 1-based line it starts on, so an operator fixes the file in
one pass. The checks are the file's own (its structure, a ``to_number`` on each
row, text values) plus the API's E.164 rule; `Client.batch_dial_jobs.create`
checks the rows again, and its `InvalidRequestError` paths (``rows[<index>]``)
map back to lines with `RowsFile.line_of`.

CSV: a header row with a ``to_number`` column; every other column is a prompt
input of that name, its cells sent as text (an empty cell is an empty string).
JSON lines: one object per line, ``{"to_number": "+1...", "inputs": {...}}``
(``toNumber`` is accepted as well); blank lines are skipped in both formats.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from vogent_async import BatchDialRow

__all__ = ["Format", "RowProblem", "RowsFile", "RowsFileError", "guess_format", "read_rows"]

Format = Literal["csv", "jsonl"]

_SUFFIXES: dict[str, Format] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: E.164 as the API takes it: ``+``, a country code not starting with 0, 8 to 15 digits.
_E164 = re.compile(r"\+[1-9][0-9]{7,14}").fullmatch
_NUMBER_KEYS = ("to_number", "toNumber")


class RowsFileError(Exception):
    """The rows file cannot be read at all (missing, unreadable, unknown format)."""


@attrs.frozen
class RowProblem:
    """One thing wrong with the file, at the line where its row starts."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@attrs.frozen
class RowsFile:
    """What a rows file holds: the good rows, each with its line, and every problem.

    Attributes:
        rows: The rows that passed every check, in file order.
        lines: The line each of ``rows`` starts on.
        problems: Every problem found, in file order; empty when the file is good.
    """

    rows: list[BatchDialRow]
    lines: list[int]
    problems: list[RowProblem]

    def line_of(self, index: int) -> int | None:
        """The line of ``rows[index]``, or ``None`` when there is no such row."""
        return self.lines[index] if 0 <= index < len(self.lines) else None


def guess_format(path: Path) -> Format:
    """Tell the format from the file name: ``.csv``, or ``.jsonl``/``.ndjson``.

    Raises:
        RowsFileError: Another suffix; pass the format explicitly then.
    """
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise RowsFileError(
            f"{path}: cannot tell the format from the suffix {path.suffix!r}; "
            "use .csv, .jsonl or .ndjson, or pass --format"
        )
    return fmt


def read_rows(path: Path, fmt: Format | None = None) -> RowsFile:
    """Read and check every row of ``path``.

    Args:
        path: The CSV or JSON-lines file.
        fmt: Its format; guessed from the suffix when ``None``.

    Returns:
        The rows, their lines and every problem found.

    Raises:
        RowsFileError: The file cannot be read or its format is unknown.
    """
    fmt = fmt or guess_format(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RowsFileError(f"{path}: {exc.strerror or exc}") from None
    return parse_rows(raw, fmt)


def parse_rows(raw: bytes, fmt: Format) -> RowsFile:
    """Check the bytes of a rows file; `read_rows` without the file system."""
    result = RowsFile([], [], [])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.problems.append(RowProblem(line, "not UTF-8 text; save the file as UTF-8"))
        return result
    records = _csv_records(text, result) if fmt == "csv" else _jsonl_records(text, result)
    for line, number, inputs in records:
        if _check_row(line, number, inputs, result.problems):
            result.rows.append(BatchDialRow(number, inputs or None))
            result.lines.append(line)
    if not result.rows and not result.problems:
        result.problems.append(RowProblem(1, "no rows: the file has nothing to dial"))
    return result


def _check_row(line: int, number: Any, inputs: dict[str, Any], problems: list[RowProblem]) -> bool:
    ok = True
    if not isinstance(number, str) or not number.strip():
        problems.append(RowProblem(line, "to_number is missing or empty"))
        ok = False
    elif _E164(number) is None:
        problems.append(RowProblem(line, f"to_number {number!r} is not E.164 (like +15551234567)"))
        ok = False
    for name, value in inputs.items():
        if not isinstance(value, str):
            shown = json.dumps(value)
            problems.append(
                RowProblem(line, f"input {name!r} must be text, got {shown} (quote it)")
            )
            ok = False
    return ok


# ------------------------------------------------------------------------ CSV


def _csv_records(text: str, result: RowsFile) -> Iterator[tuple[int, Any, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    number_at = 0
    end = 0  # the last physical line the reader consumed
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if not fields or fields == [""]:
                continue  # a blank line
            if header is None:
                header, number_at = fields, _check_header(start, fields, result.problems)
                if number_at < 0:
                    return
                continue
            if len(fields) != len(header):
                result.problems.append(
                    RowProblem(start, f"{len(fields)} fields, but the header has {len(header)}")
                )
                continue
            inputs = {
                name: cell
                for i, (name, cell) in enumerate(zip(header, fields, strict=True))
                if i != number_at
            }
            yield start, fields[number_at].strip(), inputs
    except csv.Error as exc:
        result.problems.append(RowProblem(end + 1, f"not valid CSV: {exc}"))


def _check_header(line: int, header: list[str], problems: list[RowProblem]) -> int:
    """Return the index of the ``to_number`` column, or -1 after reporting the header."""
    before = len(problems)
    seen: set[str] = set()
    for i, name in enumerate(header):
        if not name.strip():
            problems.append(RowProblem(line, f"column {i + 1} of the header has no name"))
        elif name in seen:
            problems.append(RowProblem(line, f"column {name!r} appears twice in the header"))
        seen.add(name)
    if "to_number" not in seen:
        shown = ", ".join(repr(h) for h in header)
        problems.append(RowProblem(line, f"the header has no 'to_number' column (got {shown})"))
    return header.index("to_number") if len(problems) == before else -1


# ----------------------------------------------------------------- JSON lines


def _jsonl_records(text: str, result: RowsFile) -> Iterator[tuple[int, Any, dict[str, Any]]]:
    for line, source in enumerate(text.splitlines(), start=1):
        if not source.strip():
            continue
        try:
            row = json.loads(source, parse_constant=_reject_constant)
        except ValueError as exc:
            result.problems.append(RowProblem(line, f"not valid JSON: {_json_reason(exc)}"))
            continue
        record = _unpack_object(line, row, result.problems)
        if record is not None:
            yield line, record[0], record[1]


def _unpack_object(
    line: int, row: Any, problems: list[RowProblem]
) -> tuple[Any, dict[str, Any]] | None:
    if not isinstance(row, dict):
        problems.append(RowProblem(line, f"expected a JSON object, got {_json_kind(row)}"))
        return None
    unknown = sorted(k for k in row if k not in (*_NUMBER_KEYS, "inputs"))
    if unknown:
        shown = ", ".join(repr(k) for k in unknown)
        problems.append(RowProblem(line, f"unknown key(s) {shown}; expected to_number and inputs"))
        return None
    if all(k in row for k in _NUMBER_KEYS):
        problems.append(RowProblem(line, "give to_number or toNumber, not both"))
        return None
    inputs = row.get("inputs", {})
    if inputs is None:
        inputs = {}
    if not isinstance(inputs, dict):
        problems.append(RowProblem(line, f"inputs must be an object, got {_json_kind(inputs)}"))
        return None
    return row.get("to_number", row.get("toNumber")), inputs


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _json_reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    return str(exc)


def _json_kind(value: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number")
