"""``vogent-async dials export``: every completed dial to a file, resumable to identical bytes."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from vogent_async import Client
from vogent_async.testing import FakeVogent

from ..conftest import ctrl_c_reaches_it
from .conftest import SECRET_KEY, invoke

ROUTE = "GET /batch_dial_jobs/{id}/dials"


async def job_with_dials(fake: FakeVogent, n: int) -> str:
    """A job with ``n`` completed dials."""
    (job_id,) = fake.seed_jobs(1, status="ACTIVE")
    fake.seed_dials(job_id, n)
    return job_id


async def dial_ids(fake: FakeVogent, job_id: str) -> list[str]:
    """The ids the client lists for the job, in order."""
    async with Client(SECRET_KEY, base_url=fake.base_url) as client:
        return [d.id async for d in client.batch_dial_jobs.list_dials(job_id)]


async def test_export_to_jsonl(fake: FakeVogent) -> None:
    """Every dial lands in the JSON-lines file once, in listing order, with a summary."""
    job_id = await job_with_dials(fake, 23)
    result = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl", "--page-size", "5")
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in Path("d.jsonl").read_text("utf-8").splitlines()]
    assert [d["id"] for d in lines] == await dial_ids(fake, job_id)
    assert len(lines) == 23
    assert "Exported 23 dials to d.jsonl (5 pages in" in result.err
    assert "dials/s" in result.err
    assert sorted(os.listdir()) == ["d.jsonl"]


async def test_export_to_csv(fake: FakeVogent) -> None:
    """The CSV has a header and one parseable record per dial."""
    job_id = await job_with_dials(fake, 12)
    result = await invoke(fake, "dials", "export", job_id, "--out", "d.csv", "--page-size", "5")
    assert result.code == 0, result.err
    with open("d.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == await dial_ids(fake, job_id)
    assert all(r["status"] and r["agent_id"] for r in rows)


async def test_failed_export_resumes_to_an_identical_file(fake: FakeVogent) -> None:
    """An export cut off after 2 pages by server errors, resumed, equals one uninterrupted run."""
    job_id = await job_with_dials(fake, 27)
    whole = await invoke(
        fake, "dials", "export", job_id, "--out", "whole.jsonl", "--page-size", "5"
    )
    assert whole.code == 0, whole.err
    fake.faults.add(ROUTE, status=503, after=2, times=None)
    args = ["--max-retries", "0", "dials", "export", job_id, "--out", "d.jsonl", "--page-size", "5"]
    failed = await invoke(fake, *args)
    assert failed.code == 1
    assert "Stopped with 10 dials in d.jsonl.part" in failed.err
    assert failed.err.splitlines()[-1].startswith(f"Error: GET /batch_dial_jobs/{job_id}/dials")
    assert not Path("d.jsonl").exists()
    fake.faults.clear()
    fake.requests.clear()
    resumed = await invoke(fake, *args, "--resume")
    assert resumed.code == 0, resumed.err
    assert "Resuming after 10 dials." in resumed.err
    assert "Exported 27 dials to d.jsonl, resumed after 10" in resumed.err
    assert "cursor" in fake.requests[0].query  # continued, not started over
    assert Path("d.jsonl").read_bytes() == Path("whole.jsonl").read_bytes()
    assert sorted(os.listdir()) == ["d.jsonl", "whole.jsonl"]


async def test_resume_of_a_finished_export(fake: FakeVogent) -> None:
    """--resume after a complete export says so and fetches nothing."""
    job_id = await job_with_dials(fake, 3)
    await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl")
    fake.requests.clear()
    result = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl", "--resume")
    assert (result.code, fake.requests) == (0, [])
    assert "already complete" in result.err


async def test_existing_file_needs_force(fake: FakeVogent) -> None:
    """An existing target is kept unless --force; --resume with --force is a usage error."""
    job_id = await job_with_dials(fake, 3)
    Path("d.jsonl").write_text("keep me\n", encoding="utf-8")
    refused = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl")
    assert refused.code == 1
    assert refused.err.splitlines() == ["Error: d.jsonl exists; pass --force to replace it"]
    assert Path("d.jsonl").read_text("utf-8") == "keep me\n"
    both = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl", "--resume", "--force")
    assert both.code == 2
    forced = await invoke(fake, "dials", "export", job_id, "--out", "d.jsonl", "--force")
    assert forced.code == 0
    assert len(Path("d.jsonl").read_text("utf-8").splitlines()) == 3


async def test_unknown_suffix_is_refused_before_any_request(fake: FakeVogent) -> None:
    """A target that is neither .jsonl nor .csv is refused in one line."""
    result = await invoke(fake, "dials", "export", "job_1", "--out", "d.json")
    assert result.code == 1
    assert "must end in .jsonl, .ndjson or .csv" in result.err
    assert fake.requests == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
async def test_ctrl_c_stops_cleanly_and_resumes(fake: FakeVogent) -> None:
    """SIGINT mid-export exits 130 without a traceback, keeps whole pages, and resumes exactly."""
    job_id = await job_with_dials(fake, 30)
    whole = await invoke(
        fake, "dials", "export", job_id, "--out", "whole.jsonl", "--page-size", "5"
    )
    assert whole.code == 0
    stall = fake.faults.add(ROUTE, delay=30, after=3, times=1)  # the 4th page hangs
    args = ["dials", "export", job_id, "--out", "d.jsonl", "--page-size", "5"]
    code = "import sys; from vogent_async.cli import main; sys.exit(main())"
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, "--base-url", fake.base_url, *args,
        env={**os.environ, "VOGENT_API_KEY": SECRET_KEY},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        preexec_fn=ctrl_c_reaches_it,
    )  # fmt: skip
    for _ in range(400):  # up to 20 s for the child to start and reach the stalled page
        if stall.hits:
            break
        await asyncio.sleep(0.05)
    assert stall.hits == 1
    child.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(child.communicate(), 20)
    text = err.decode()
    assert child.returncode == 130, text
    assert "Traceback" not in text
    assert "Interrupted." in text
    assert "run the same command with --resume" in text
    assert not Path("d.jsonl").exists()
    checkpoint = json.loads(Path("d.jsonl.checkpoint").read_text("utf-8"))
    assert checkpoint["count"] == 15  # the 3 pages before the stalled one
    assert Path("d.jsonl.part").stat().st_size == checkpoint["size"]
    fake.faults.clear()
    resumed = await invoke(fake, *args, "--resume")
    assert resumed.code == 0, resumed.err
    assert Path("d.jsonl").read_bytes() == Path("whole.jsonl").read_bytes()
