"""``vogent-async jobs create``: a rows file checked whole, then one POST, or nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vogent_async import BatchDialRow, InvalidRequestError
from vogent_async.cli._create import _report_invalid
from vogent_async.cli._rows import parse_rows
from vogent_async.testing import FakeVogent

from .conftest import invoke

SCHEDULE = {
    "timezone": "America/New_York",
    "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
}


def posts(fake: FakeVogent) -> list[object]:
    """The bodies of the POST /batch_dial_jobs requests the fake received."""
    return [r.json for r in fake.requests if r.route == "POST /batch_dial_jobs"]


def create_args(agent: str, rows: str, *extra: str) -> list[str]:
    """The arguments of a create command."""
    return [
        "jobs", "create", "--name", "Renewals 2025-06", "--agent", agent,
        "--max-concurrent", "3", "--rows", rows, *extra,
    ]  # fmt: skip


async def test_create_from_csv_with_schedule(fake: FakeVogent) -> None:
    """A CSV and a schedule file become one POST with rows, inputs and the schedule."""
    Path("rows.csv").write_text(
        "to_number,name\n+15551234567,Ada\n+15557654321,Bob\n", encoding="utf-8"
    )
    Path("week.json").write_text(json.dumps(SCHEDULE), encoding="utf-8")
    agent = fake.agent_ids[0]
    fake.phone_numbers.seed(
        [{"id": "pn_1", "number": "+15125550201", "type": "PSTN", "agentId": None}]
    )
    args = create_args(agent, "rows.csv", "--schedule", "week.json", "--from-number", "pn_1")
    result = await invoke(fake, *args)
    assert result.code == 0, result.err
    assert posts(fake) == [
        {
            "name": "Renewals 2025-06",
            "callAgentId": agent,
            "maxConcurrentDials": 3,
            "rows": [
                {"toNumber": "+15551234567", "inputs": {"name": "Ada"}},
                {"toNumber": "+15557654321", "inputs": {"name": "Bob"}},
            ],
            "fromPhoneNumberIds": ["pn_1"],
            "schedule": SCHEDULE,
        }
    ]
    job_id = result.out.split("Created job ")[1].split()[0]
    assert fake.job(job_id)["status"] == "INIT"
    assert fake.progress(job_id).queued == 2
    assert f"vogent-async jobs resume {job_id}" in result.out


async def test_create_from_jsonl_and_start(fake: FakeVogent) -> None:
    """A JSON-lines file works the same; --start resumes the new job at once."""
    Path("rows.jsonl").write_text(
        '{"to_number": "+15551234567", "inputs": {"plan": "Gold"}}\n{"toNumber": "+15557654321"}\n',
        encoding="utf-8",
    )
    result = await invoke(fake, *create_args(fake.agent_ids[0], "rows.jsonl", "--start", "--json"))
    assert result.code == 0, result.err
    job = json.loads(result.out)
    assert job["status"] == "ACTIVE"
    (body,) = posts(fake)
    assert body["rows"] == [  # type: ignore[index]
        {"toNumber": "+15551234567", "inputs": {"plan": "Gold"}},
        {"toNumber": "+15557654321"},
    ]


async def test_every_bad_row_is_printed_and_nothing_is_sent(fake: FakeVogent) -> None:
    """Each bad row is reported as FILE:LINE; the exit is 1 and the fake saw no POST."""
    Path("rows.csv").write_text(
        "to_number,name\n"
        "+15551234567,Ada\n"
        "555-1234,Bob\n"
        ",Cy\n"
        "+15551234568,Di,extra\n"
        "+15551234569,Eve\n",
        encoding="utf-8",
    )
    result = await invoke(fake, *create_args(fake.agent_ids[0], "rows.csv"))
    assert result.code == 1
    assert result.err.splitlines() == [
        "rows.csv:3: to_number '555-1234' is not E.164 (like +15551234567)",
        "rows.csv:4: to_number is missing or empty",
        "rows.csv:5: 3 fields, but the header has 2",
        "Error: rows.csv: 3 bad row(s); nothing was sent",
    ]
    assert fake.requests == []


async def test_bad_schedule_file_sends_nothing(fake: FakeVogent) -> None:
    """A schedule file of the wrong shape is reported by key path before anything is sent."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    Path("week.json").write_text('{"timezone": "UTC", "days": [{"dayOfWeek": "mon"}]}')
    result = await invoke(fake, *create_args("agent_1", "rows.csv", "--schedule", "week.json"))
    assert result.code == 1
    assert "week.json: schedule.days[0].day_of_week: invalid value for type" in result.err
    assert result.err.splitlines()[-1] == "Error: week.json: not a valid schedule; nothing was sent"
    assert fake.requests == []


async def test_values_the_client_rejects_are_reported_and_nothing_is_sent(
    fake: FakeVogent,
) -> None:
    """A schedule with an unknown timezone, caught by the client's checks, sends nothing."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    Path("week.json").write_text(json.dumps({**SCHEDULE, "timezone": "Mars/Olympus"}))
    result = await invoke(fake, *create_args("agent_1", "rows.csv", "--schedule", "week.json"))
    assert result.code == 1
    assert "schedule.timezone: not a known IANA timezone: 'Mars/Olympus'" in result.err
    assert result.err.splitlines()[-1] == "Error: 1 invalid argument(s); nothing was sent"
    assert fake.requests == []


def test_client_row_problems_are_shown_at_their_file_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The client's rows[i] paths are turned back into the file's line numbers."""
    rows = parse_rows(b"to_number\n\n+15551234567\n+15551234568\n", "csv")
    error = InvalidRequestError(
        ["rows[1].to_number: expected E.164, got 'x'", "name: must not be empty"]
    )
    with pytest.raises(Exception, match="2 invalid argument"):
        _report_invalid(error, Path("r.csv"), rows)
    assert capsys.readouterr().err.splitlines() == [
        "r.csv:4: to_number: expected E.164, got 'x'",
        "name: must not be empty",
    ]
    assert rows.rows[1] == BatchDialRow("+15551234568")


async def test_missing_rows_file_is_one_line(fake: FakeVogent) -> None:
    """A rows file that does not exist is reported in one line with exit 1."""
    result = await invoke(fake, *create_args("agent_1", "nope.csv"))
    assert result.code == 1
    assert result.err.splitlines() == ["Error: nope.csv: No such file or directory"]


async def test_server_refusal_is_one_line(fake: FakeVogent) -> None:
    """A 422 from the API (concurrency above the workspace limit) is one line, exit 1."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    args = create_args(fake.agent_ids[0], "rows.csv")
    args[args.index("3")] = "500"
    result = await invoke(fake, *args)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith("Error: POST /batch_dial_jobs failed with 422")


async def test_ambiguous_failure_says_the_job_may_exist(fake: FakeVogent) -> None:
    """A 500 on create is not retried, and the line says to look for the job first."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    fake.faults.add("POST /batch_dial_jobs", status=500)
    result = await invoke(fake, *create_args("agent_7", "rows.csv"))
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "failed with 500" in line
    assert "may have been created all the same" in line
    assert "vogent-async jobs list --agent agent_7" in line
    assert len(posts(fake)) == 1


async def test_a_failed_start_says_the_job_exists_and_how_to_start_it(fake: FakeVogent) -> None:
    """--start failing after the create names the new job and the command, not the route."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    fake.faults.add("POST /batch_dial_jobs/{id}/paused", status=404, body={"message": "gone"})
    result = await invoke(fake, *create_args(fake.agent_ids[0], "rows.csv", "--start"))
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith("Error: job ")
    job_id = line.split()[2]
    assert "was created but not started (starting it failed with 404" in line
    assert "/paused" not in line, line
    assert line.endswith(f"; start it with: vogent-async jobs resume {job_id}")
    assert fake.job(job_id)["status"] == "INIT"
