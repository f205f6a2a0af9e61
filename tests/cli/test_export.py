"""The resumable export writer: whole pages on disk, a checkpoint after each, an atomic finish."""

from __future__ import annotations

import asyncio
import csv
import json
import tempfile
from collections.abc import AsyncGenerator, Sequence
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vogent_async import Agent, Dial, DialRecording, DialSystemResultType, Page
from vogent_async.cli._export import (
    DialsFile,
    ExportError,
    ExportFormat,
    PageWalk,
    export_format,
    run_export,
)


def dial(n: int) -> Dial:
    """A dial with nested data, timestamps, an enum and text that needs CSV quoting."""
    return Dial(
        id=f"dial_{n}",
        to_number=f"+1555000{n:04d}",
        agent=Agent(id="agent_1", name="Ava, the agent", language="en-US"),
        recordings=(DialRecording(f"https://rec.test/{n}.wav"),),
        duration_seconds=n,
        inputs={"name": f'Ada "{n}"', "note": "line one\nline two"},
        status="completed",
        ended_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        system_result_type=DialSystemResultType.AGENT_HANGUP if n % 2 else "NEW_KIND",
    )


class Listing:
    """A fake dials listing: pages of the given sizes, cursors ``c1``, ``c2``, ..."""

    def __init__(self, sizes: Sequence[int], fail_after: int | None = None) -> None:
        self.pages: list[list[Dial]] = []
        n = 0
        for size in sizes:
            self.pages.append([dial(n + i) for i in range(size)])
            n += size
        self.fail_after = fail_after
        self.fetched: list[str | None] = []

    def walk(self, cursor: str | None) -> AsyncGenerator[Page[Dial], None]:
        """Walk from ``cursor``; raise after ``fail_after`` pages of this walk."""

        async def pages() -> AsyncGenerator[Page[Dial], None]:
            index = 0 if cursor is None else int(cursor[1:])
            served = 0
            while True:
                if self.fail_after is not None and served == self.fail_after:
                    raise ConnectionError("the network went away")
                self.fetched.append(cursor if served == 0 else f"c{index}")
                last = index == len(self.pages) - 1
                yield Page(self.pages[index], None if last else f"c{index + 1}")
                served += 1
                if last:
                    return
                index += 1

        return pages()


def export(
    out: Path, walk: PageWalk, *, resume: bool = False, force: bool = False
) -> tuple[bool, int]:
    """Open the target and run the export to the end; return (started, count)."""
    target = DialsFile(out, "job_1", export_format(out))
    if not target.open(resume=resume, force=force):
        return False, target.state.count
    try:
        result = asyncio.run(run_export(target, walk))
    finally:
        target.close()
    return True, result.count


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_export_writes_every_dial_and_leaves_no_work_files(tmp_path: Path, suffix: str) -> None:
    """A full run writes the target and removes the part and checkpoint files."""
    out = tmp_path / f"dials{suffix}"
    assert export(out, Listing([3, 0, 2]).walk) == (True, 5)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_jsonl_lines_are_the_models_as_json(tmp_path: Path) -> None:
    """Each line is one dial's `to_dict`: the API's camelCase, None left out, ISO times."""
    out = tmp_path / "dials.jsonl"
    export(out, Listing([2]).walk)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["dial_0", "dial_1"]
    assert lines[1]["systemResultType"] == "AGENT_HANGUP"
    assert lines[0]["systemResultType"] == "NEW_KIND"
    assert lines[0]["endedAt"] == "2025-01-02T03:04:05+00:00"
    assert lines[0]["agent"] == {"id": "agent_1", "name": "Ava, the agent", "language": "en-US"}
    assert "startedAt" not in lines[0]
    assert [Dial.from_dict(line).id for line in lines] == ["dial_0", "dial_1"]  # reads back


def test_csv_cells_round_trip(tmp_path: Path) -> None:
    """The CSV has the header once and reads back with quotes and newlines intact."""
    out = tmp_path / "dials.csv"
    export(out, Listing([1, 1]).walk)
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["dial_0", "dial_1"]
    assert json.loads(rows[1]["inputs"]) == {"name": 'Ada "1"', "note": "line one\nline two"}
    assert rows[1]["agent_name"] == "Ava, the agent"
    assert rows[1]["recording_urls"] == "https://rec.test/1.wav"
    assert rows[0]["started_at"] == ""


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_interrupted_export_resumes_to_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    """A run that fails after two pages, resumed, gives the uninterrupted file exactly."""
    whole = tmp_path / f"whole{suffix}"
    export(whole, Listing([2, 3, 1, 4]).walk)
    out = tmp_path / f"dials{suffix}"
    with pytest.raises(ConnectionError):
        export(out, Listing([2, 3, 1, 4], fail_after=2).walk)
    assert not out.exists()  # the target never holds a partial export
    listing = Listing([2, 3, 1, 4])
    assert export(out, listing.walk, resume=True) == (True, 10)
    assert listing.fetched == ["c2", "c3"]  # only the pages not yet written
    assert out.read_bytes() == whole.read_bytes()


def test_resume_drops_a_page_half_written_when_the_process_died(tmp_path: Path) -> None:
    """Bytes after the last checkpoint (a torn page) are cut off before continuing."""
    whole = tmp_path / "whole.jsonl"
    export(whole, Listing([2, 2, 2]).walk)
    out = tmp_path / "dials.jsonl"
    with pytest.raises(ConnectionError):
        export(out, Listing([2, 2, 2], fail_after=1).walk)
    with (tmp_path / "dials.jsonl.part").open("ab") as part:
        part.write(b'{"id":"dial_2","to_num')  # as if killed in the middle of a write
    export(out, Listing([2, 2, 2]).walk, resume=True)
    assert out.read_bytes() == whole.read_bytes()


def test_close_cuts_the_part_file_back_to_the_checkpoint(tmp_path: Path) -> None:
    """close() after a failure leaves only whole pages in the part file."""
    out = tmp_path / "dials.jsonl"
    target = DialsFile(out, "job_1", "jsonl")
    target.open(resume=False, force=False)
    target.write_page([dial(0)], "c1")
    size = target.part.stat().st_size
    assert target._file is not None
    target._file.write(b"half a page")
    target.close()
    assert target.part.stat().st_size == size


def test_finished_checkpoint_only_renames(tmp_path: Path) -> None:
    """Killed after the last page but before the rename: resume finishes without fetching."""
    out = tmp_path / "dials.jsonl"
    target = DialsFile(out, "job_1", "jsonl")
    target.open(resume=False, force=False)
    target.write_page([dial(0)], None)
    target.close()
    listing = Listing([5])
    assert export(out, listing.walk, resume=True) == (True, 1)
    assert listing.fetched == []
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_resume_of_a_complete_export_does_nothing(tmp_path: Path) -> None:
    """--resume on a finished file reports it complete and fetches nothing."""
    out = tmp_path / "dials.jsonl"
    export(out, Listing([2]).walk)
    before = out.read_bytes()
    assert export(out, Listing([9]).walk, resume=True)[0] is False
    assert out.read_bytes() == before


def test_resume_without_checkpoint_starts_over(tmp_path: Path) -> None:
    """--resume with no checkpoint (nothing committed yet) exports from the start."""
    out = tmp_path / "dials.jsonl"
    (tmp_path / "dials.jsonl.part").write_bytes(b"torn")
    assert export(out, Listing([1, 1]).walk, resume=True) == (True, 2)


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    """A finished target or an interrupted export is refused unless --force or --resume."""
    out = tmp_path / "dials.jsonl"
    export(out, Listing([1]).walk)
    with pytest.raises(ExportError, match="exists; pass --force"):
        export(out, Listing([1]).walk)
    assert export(out, Listing([2]).walk, force=True) == (True, 2)
    other = tmp_path / "other.jsonl"
    with pytest.raises(ConnectionError):
        export(other, Listing([1, 1], fail_after=1).walk)
    with pytest.raises(ExportError, match=r"interrupted export.*--resume"):
        export(other, Listing([1, 1]).walk)
    assert export(other, Listing([1, 1]).walk, force=True) == (True, 2)


def test_checkpoint_of_another_job_is_refused(tmp_path: Path) -> None:
    """Resuming with another job id or format than the checkpoint's is an error."""
    out = tmp_path / "dials.jsonl"
    with pytest.raises(ConnectionError):
        export(out, Listing([1, 1], fail_after=1).walk)
    target = DialsFile(out, "job_2", "jsonl")
    with pytest.raises(ExportError, match="job 'job_1'"):
        target.open(resume=True, force=False)


@pytest.mark.parametrize("content", ["not json", '{"version": 99}', '{"version": 1, "job": "x"}'])
def test_damaged_checkpoint_is_an_error(tmp_path: Path, content: str) -> None:
    """A checkpoint that cannot be read is reported, never guessed at."""
    out = tmp_path / "dials.jsonl"
    (tmp_path / "dials.jsonl.checkpoint").write_text(content, encoding="utf-8")
    (tmp_path / "dials.jsonl.part").write_bytes(b"")
    with pytest.raises(ExportError, match="checkpoint"):
        DialsFile(out, "job_1", "jsonl").open(resume=True, force=False)


def test_part_shorter_than_checkpoint_is_an_error(tmp_path: Path) -> None:
    """A part file cut below its checkpoint cannot be resumed safely."""
    out = tmp_path / "dials.jsonl"
    with pytest.raises(ConnectionError):
        export(out, Listing([2, 1], fail_after=1).walk)
    (tmp_path / "dials.jsonl.part").write_bytes(b"{}")
    with pytest.raises(ExportError, match="shorter than its checkpoint"):
        DialsFile(out, "job_1", "jsonl").open(resume=True, force=False)


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.csv", "csv")]
)
def test_export_format_from_suffix(name: str, fmt: ExportFormat) -> None:
    """The export format follows the target's suffix."""
    assert export_format(Path(name)) == fmt


def test_export_format_refuses_other_suffixes() -> None:
    """A target named .json or .txt is refused: the format would be a guess."""
    with pytest.raises(ExportError, match=r"\.jsonl, \.ndjson or \.csv"):
        export_format(Path("dials.json"))


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 4), min_size=1, max_size=6),
    failures=st.lists(st.integers(0, 3), max_size=4),
    fmt=st.sampled_from([".jsonl", ".csv"]),
)
def test_any_sequence_of_interruptions_gives_the_same_file(
    sizes: list[int], failures: list[int], fmt: str
) -> None:
    """However often and wherever an export is cut off, resuming ends in identical bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        whole = Path(tmp) / f"whole{fmt}"
        export(whole, Listing(sizes).walk)
        out = Path(tmp) / f"dials{fmt}"
        for fail_after in failures:
            try:
                export(out, Listing(sizes, fail_after=fail_after).walk, resume=True)
            except ConnectionError:
                continue
            break
        export(out, Listing(sizes).walk, resume=True)
        assert out.read_bytes() == whole.read_bytes()
