"""Reading a new job's rows from CSV and JSON lines, with every problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vogent_async import BatchDialRow
from vogent_async.cli._rows import RowsFileError, guess_format, parse_rows, read_rows


def problems(raw: str, fmt: str) -> list[str]:
    """The problems of a rows file, as printed."""
    return [str(p) for p in parse_rows(raw.encode(), fmt).problems]  # type: ignore[arg-type]


def test_csv_columns_become_inputs() -> None:
    """A CSV row's to_number is the number and every other column an input, as text."""
    raw = "name,to_number,plan\nAda,+15551234567,Gold\nBob, +15557654321 ,\n"
    result = parse_rows(raw.encode(), "csv")
    assert result.problems == []
    assert result.rows == [
        BatchDialRow("+15551234567", {"name": "Ada", "plan": "Gold"}),
        BatchDialRow("+15557654321", {"name": "Bob", "plan": ""}),
    ]
    assert result.lines == [2, 3]


def test_csv_with_only_numbers_sends_no_inputs() -> None:
    """A CSV with just a to_number column gives rows without inputs."""
    result = parse_rows(b"to_number\r\n+15551234567\r\n", "csv")
    assert result.rows == [BatchDialRow("+15551234567", None)]


def test_csv_lines_count_quoted_newlines_and_blank_lines() -> None:
    """A row's line is where it starts, past multi-line cells and blank lines."""
    raw = 'to_number,note\n+15551234567,"two\nlines"\n\n+1555,x\n'
    assert problems(raw, "csv") == ["line 5: to_number '+1555' is not E.164 (like +15551234567)"]


def test_csv_reports_every_bad_row() -> None:
    """Every bad row is reported with its line, and only the good rows are kept."""
    raw = (
        "to_number,name\n"
        "+15551234567,Ada\n"
        ",Bob\n"
        "5551234567,Cy\n"
        "+15551234568,Di,extra\n"
        "+15551234569,Eve\n"
    )
    result = parse_rows(raw.encode(), "csv")
    assert [str(p) for p in result.problems] == [
        "line 3: to_number is missing or empty",
        "line 4: to_number '5551234567' is not E.164 (like +15551234567)",
        "line 5: 3 fields, but the header has 2",
    ]
    assert result.lines == [2, 6]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("phone,name", "line 1: the header has no 'to_number' column (got 'phone', 'name')"),
        ("to_number,name,name", "line 1: column 'name' appears twice in the header"),
        ("to_number,,x", "line 1: column 2 of the header has no name"),
    ],
)
def test_csv_header_problems(header: str, expected: str) -> None:
    """A header without to_number, with a repeated or a blank name, is reported at line 1."""
    assert problems(f"{header}\n+15551234567,a,b\n", "csv")[0] == expected


def test_csv_syntax_error_is_reported_at_its_line() -> None:
    """A quote left open is reported, not raised."""
    found = problems('to_number\n+15551234567\n"+1555\n', "csv")
    assert len(found) == 1
    assert found[0].startswith("line 3: not valid CSV")


def test_utf8_bom_is_accepted_and_other_encodings_are_reported() -> None:
    """A UTF-8 BOM (spreadsheet export) is dropped; Latin-1 bytes name their line."""
    assert parse_rows(b"\xef\xbb\xbfto_number\n+15551234567\n", "csv").problems == []
    assert problems_bytes(b"to_number,name\n+15551234567,Jos\xe9\n", "csv") == [
        "line 2: not UTF-8 text; save the file as UTF-8"
    ]


def problems_bytes(raw: bytes, fmt: str) -> list[str]:
    """The problems of raw bytes, as printed."""
    return [str(p) for p in parse_rows(raw, fmt).problems]  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_file_without_rows_is_a_problem(fmt: str) -> None:
    """An empty file (or a bare header) has nothing to dial, which is an error."""
    raw = "to_number\n" if fmt == "csv" else "\n\n"
    assert problems(raw, fmt) == ["line 1: no rows: the file has nothing to dial"]


def test_jsonl_rows() -> None:
    """Each JSON line is a row; toNumber is accepted; blank lines are skipped."""
    raw = (
        '{"to_number": "+15551234567", "inputs": {"name": "Ada"}}\n'
        "\n"
        '{"toNumber": "+15557654321"}\n'
        '{"to_number": "+15557654322", "inputs": null}\n'
    )
    result = parse_rows(raw.encode(), "jsonl")
    assert result.problems == []
    assert result.rows == [
        BatchDialRow("+15551234567", {"name": "Ada"}),
        BatchDialRow("+15557654321", None),
        BatchDialRow("+15557654322", None),
    ]
    assert result.lines == [1, 3, 4]


def test_jsonl_reports_every_bad_line() -> None:
    """Each kind of bad JSON line is reported at its line number."""
    raw = "\n".join(
        [
            '{"to_number": "+15551234567"}',
            '{"to_number": "+1555123',
            '["+15551234567"]',
            '{"to_number": "+15551234567", "name": "Ada"}',
            '{"to_number": "+15551234567", "toNumber": "+15551234567"}',
            '{"to_number": "+15551234567", "inputs": ["a"]}',
            '{"to_number": "+15551234567", "inputs": {"age": 42}}',
            '{"to_number": NaN}',
            '{"inputs": {}}',
        ]
    )
    assert problems(raw, "jsonl") == [
        "line 2: not valid JSON: Unterminated string starting at (column 15)",
        "line 3: expected a JSON object, got an array",
        "line 4: unknown key(s) 'name'; expected to_number and inputs",
        "line 5: give to_number or toNumber, not both",
        "line 6: inputs must be an object, got an array",
        "line 7: input 'age' must be text, got 42 (quote it)",
        "line 8: not valid JSON: NaN is not a JSON value",
        "line 9: to_number is missing or empty",
    ]


@pytest.mark.parametrize(
    ("name", "fmt"), [("rows.csv", "csv"), ("R.JSONL", "jsonl"), ("a.ndjson", "jsonl")]
)
def test_format_from_suffix(name: str, fmt: str) -> None:
    """The format follows the file's suffix, in any case."""
    assert guess_format(Path(name)) == fmt


def test_unknown_suffix_and_missing_file_are_file_errors(tmp_path: Path) -> None:
    """A file that cannot be read at all raises RowsFileError with a readable reason."""
    with pytest.raises(RowsFileError, match="cannot tell the format"):
        guess_format(Path("rows.txt"))
    with pytest.raises(RowsFileError, match="No such file"):
        read_rows(tmp_path / "missing.csv")


def test_read_rows_reads_the_file(tmp_path: Path) -> None:
    """read_rows reads a file from disk and tells its format from the name."""
    path = tmp_path / "rows.jsonl"
    path.write_text('{"to_number": "+15551234567"}\n', encoding="utf-8")
    assert read_rows(path).rows == [BatchDialRow("+15551234567")]


def test_line_of_maps_row_indexes_back_to_lines() -> None:
    """line_of turns an index into rows (as the client's errors name it) into a line."""
    result = parse_rows(b"to_number\n\n+15551234567\n+15551234568\n", "csv")
    assert (result.line_of(0), result.line_of(1), result.line_of(2)) == (3, 4, None)
