"""``dials export`` with hostile data or damaged files: valid output, clear errors, no debris."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest

from vogent_async.cli._checkpoint import ExportError
from vogent_async.cli._export import DialsFile
from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, RawAPI, Result, invoke

DIALS = "/batch_dial_jobs/job_1/dials"


async def export_from(api: RawAPI, *args: str) -> Result:
    """``dials export job_1 *args`` against ``api``."""
    prefix = ["--api-key", SECRET_KEY, "--base-url", api.base_url]
    return await invoke(None, *prefix, "dials", "export", "job_1", *args)


def page(*dials: dict[str, Any]) -> str:
    """One last page of dials as JSON text."""
    return json.dumps({"data": list(dials), "cursor": None})


async def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(raw_api: RawAPI) -> None:
    """Cells starting with = + - @ tab or CR get a leading quote; plain numbers stay as they are."""
    formula = '=HYPERLINK("https://evil.test","x")'
    dial = {
        "id": "dial_1",
        "toNumber": "+15551234567",
        "status": formula,
        "agent": {"id": "agent_1", "name": "@SUM(1+1)", "language": "en"},
        "voiceId": "-2+3",
        "dialTaskId": "\tx",
        "fromNumberId": "\r=1",
        "versionedPromptId": "+1 =cmd",
        "durationSeconds": -5,
    }
    raw_api.answer(DIALS, page(dial))
    result = await export_from(raw_api, "--out", "d.csv")
    assert result.code == 0, result.err
    with open("d.csv", newline="", encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    assert row["to_number"] == "+15551234567"
    assert row["duration_seconds"] == "-5"
    assert row["status"] == "'" + formula
    assert row["agent_name"] == "'@SUM(1+1)"
    assert row["voice_id"] == "'-2+3"
    assert row["dial_task_id"] == "'\tx"
    assert row["from_number_id"] == "'\r=1"
    assert row["versioned_prompt_id"] == "'+1 =cmd"
    assert row["id"] == "dial_1"


#: A dial as a JSON parser without orjson lets through: NaN, Infinity, lone surrogates.
LOOSE_DIAL = (
    '{"id": "dial_1", "aiResult": {"score": NaN, "range": [-Infinity, 1.5]},'
    ' "inputs": {"name": "Ada \\ud800"},'
    ' "agent": {"id": "a", "name": "x\\udc00y", "language": "en"}}'
)


@pytest.fixture
def without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse responses with the standard library, as without the ``speedups`` extra."""
    monkeypatch.setattr("vogent_async._transport._responses._loads", json.loads)


@pytest.mark.usefixtures("without_orjson")
async def test_nan_and_lone_surrogates_keep_the_jsonl_valid(raw_api: RawAPI) -> None:
    """Non-finite numbers are written as null; lone surrogates as \\uXXXX escapes of themselves."""
    raw_api.answer(DIALS, f'{{"data": [{LOOSE_DIAL}], "cursor": null}}')
    result = await export_from(raw_api, "--out", "d.jsonl")
    assert result.code == 0, result.err
    text = Path("d.jsonl").read_bytes().decode("utf-8")  # strict: valid UTF-8
    (line,) = text.splitlines()
    dial = json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert dial["aiResult"] == {"score": None, "range": [None, 1.5]}
    assert dial["inputs"] == {"name": "Ada \ud800"}
    assert dial["agent"]["name"] == "x\udc00y"


@pytest.mark.usefixtures("without_orjson")
async def test_nan_and_lone_surrogates_keep_the_csv_valid(raw_api: RawAPI) -> None:
    """In CSV, JSON cells escape a lone surrogate, plain cells show U+FFFD, NaN becomes null."""
    raw_api.answer(DIALS, f'{{"data": [{LOOSE_DIAL}], "cursor": null}}')
    result = await export_from(raw_api, "--out", "d.csv")
    assert result.code == 0, result.err
    with open("d.csv", newline="", encoding="utf-8", errors="strict") as fh:
        (row,) = csv.DictReader(fh)
    assert json.loads(row["ai_result"]) == {"score": None, "range": [None, 1.5]}
    assert json.loads(row["inputs"]) == {"name": "Ada \ud800"}
    assert row["agent_name"] == "x\ufffdy"


def checkpoint(**changes: object) -> dict[str, object]:
    """A sound checkpoint of ``d.jsonl`` for job_1, with ``changes``."""
    fields: dict[str, object] = {"version": 1, "job_id": "job_1", "format": "jsonl"}
    fields.update(cursor="c1", size=3, count=1, finished=False)
    fields.update(changes)
    return fields


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"finished": "no"}, "finished must be true or false, not 'no'"),
        ({"finished": 0}, "finished must be true or false"),
        ({"size": "3"}, "size must be a whole number >= 0, not '3'"),
        ({"size": -1}, "size must be a whole number >= 0"),
        ({"count": True}, "count must be a whole number >= 0"),
        ({"count": 1.0}, "count must be a whole number >= 0"),
        ({"cursor": 5}, "cursor must be a string or null"),
        ({"job_id": ""}, "job_id must be a non-empty string"),
        ({"format": "xml"}, "format must be 'jsonl' or 'csv'"),
        ({"extra": 1}, "unknown field 'extra'"),
        ({"count": None, "size": None}, "size must be"),
        ({"finished": True}, "a finished export has no next cursor"),
    ],
)
def test_a_checkpoint_with_wrong_fields_is_refused(
    tmp_path: Path, changes: dict[str, object], named: str
) -> None:
    """Each field's type and range is checked; the error names the field and what it must be."""
    Path("d.jsonl.part").write_text("{}\n", encoding="utf-8")
    Path("d.jsonl.checkpoint").write_text(json.dumps(checkpoint(**changes)), encoding="utf-8")
    with pytest.raises(ExportError, match="not a valid checkpoint") as caught:
        DialsFile(Path("d.jsonl"), "job_1", "jsonl").open(resume=True, force=False)
    assert named in str(caught.value)


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    """A checkpoint without ``count`` says so."""
    fields = checkpoint()
    del fields["count"]
    Path("d.jsonl.checkpoint").write_text(json.dumps(fields), encoding="utf-8")
    with pytest.raises(ExportError, match="count is missing"):
        DialsFile(Path("d.jsonl"), "job_1", "jsonl").open(resume=True, force=False)


def test_a_deeply_nested_checkpoint_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    """JSON nested too deep for the parser is reported like any unreadable checkpoint."""
    Path("d.jsonl.checkpoint").write_text("[" * 200_000, encoding="utf-8")
    with pytest.raises(ExportError, match="unreadable"):
        DialsFile(Path("d.jsonl"), "job_1", "jsonl").open(resume=True, force=False)


async def test_finished_no_is_not_taken_for_a_finished_export(fake: FakeVogent) -> None:
    """--resume with ``"finished": "no"`` exits 1 with one line, not 0 with a truncated file."""
    Path("d.jsonl.part").write_text("{}\n", encoding="utf-8")
    damaged = checkpoint(job_id="job_x", cursor=None, finished="no")
    Path("d.jsonl.checkpoint").write_text(json.dumps(damaged), encoding="utf-8")
    result = await invoke(fake, "dials", "export", "job_x", "--out", "d.jsonl", "--resume")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "finished must be true or false" in line
    assert "--force" in line
    assert not Path("d.jsonl").exists()
    assert fake.requests == []


@pytest.mark.parametrize("out", ["d.jsonl", "d.csv"])
async def test_a_mistyped_job_id_leaves_nothing_behind(fake: FakeVogent, out: str) -> None:
    """A 404 before the first page removes the part and checkpoint; the job was not found."""
    result = await invoke(fake, "dials", "export", "job_typo", "--out", out)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith("Error: job job_typo was not found; nothing was written")
    assert "--resume" not in result.err
    assert os.listdir() == []
    (job_id,) = fake.seed_jobs(1)
    again = await invoke(fake, "dials", "export", job_id, "--out", out)  # no --force needed
    assert again.code == 0, again.err


async def test_any_failure_before_the_first_page_leaves_nothing(fake: FakeVogent) -> None:
    """A 401 on the first page is reported as such, with no files and no --resume advice."""
    (job_id,) = fake.seed_jobs(1)
    result = await invoke(
        fake, "--api-key", "sk-wrong-key-123", "dials", "export", job_id, "--out", "d.csv",
        key=False,
    )  # fmt: skip
    assert result.code == 1
    assert "401" in result.err
    assert "--resume" not in result.err
    assert os.listdir() == []


async def test_summary_counts_in_words_on_one_line(fake: FakeVogent, tmp_path: Path) -> None:
    """One dial in one page reads "1 dial ... 1 page"; a long path does not wrap the line."""
    (job_id,) = fake.seed_jobs(1)
    fake.seed_dials(job_id, 1)
    folder = tmp_path / ("a-rather-long-folder-name-" * 4)
    folder.mkdir()
    out = str(folder / "d.jsonl")
    result = await invoke(fake, "dials", "export", job_id, "--out", out)
    assert result.code == 0, result.err
    (line,) = result.err.splitlines()
    assert line.startswith(f"Exported 1 dial to {out} (1 page in ")
    assert line.endswith(" dials/s).")


@pytest.mark.usefixtures("without_orjson")
async def test_a_cursor_that_cannot_be_sent_is_one_line(raw_api: RawAPI) -> None:
    """A next cursor holding a lone surrogate stops the export in one line, first page kept."""
    first = '{"data": [{"id": "dial_1"}], "cursor": "c\\ud800"}'
    raw_api.answer(DIALS, first)
    result = await export_from(raw_api, "--out", "d.jsonl")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines()[-1].startswith("Error: ")  # the client's or the CLI's words
    saved = json.loads(Path("d.jsonl.checkpoint").read_text("utf-8"))
    assert (saved["count"], saved["cursor"]) == (1, "c\ud800")


async def test_a_job_id_of_undecodable_bytes_is_a_usage_error(fake: FakeVogent) -> None:
    """Bytes the shell passed that are not UTF-8 are refused before any file or request."""
    result = await invoke(fake, "dials", "export", "job_\udcff", "--out", "d.jsonl")
    assert result.code == 2
    assert "holds bytes that are not UTF-8 text" in result.err
    assert os.listdir() == []
    assert fake.requests == []


async def test_a_404_after_the_first_page_keeps_the_pages(fake: FakeVogent) -> None:
    """A job gone mid-export is not "not found": the pages so far stay, resumable."""
    (job_id,) = fake.seed_jobs(1)
    fake.seed_dials(job_id, 10)
    fake.faults.add("GET /batch_dial_jobs/{id}/dials", status=404, after=1)
    result = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl", "--page-size", "5")
    assert result.code == 1
    assert "was not found; nothing was written" not in result.err
    assert "Stopped with 5 dials in d.jsonl.part" in result.err
    assert sorted(os.listdir()) == ["d.jsonl.checkpoint", "d.jsonl.part"]
