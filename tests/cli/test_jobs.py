"""``vogent-async jobs list/get/pause/resume/update`` against the fake server."""

from __future__ import annotations

import json

from vogent_async.testing import FakeVogent

from .conftest import invoke


async def test_list_prints_a_table_of_every_job(fake: FakeVogent) -> None:
    """The table shows each job's id, name, status and schedule, across pages."""
    ids = fake.seed_jobs(7, status="ACTIVE")
    result = await invoke(fake, "jobs", "list", "--page-size", "3")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["ID", "NAME", "STATUS"]
    assert sorted(line.split()[0] for line in lines[1:]) == sorted(ids)
    for job_id in ids:
        job = fake.job(job_id)
        row = next(line for line in lines if line.startswith(job_id))
        assert job["name"] in row
        assert "ACTIVE" in row
    assert len([r for r in fake.requests if r.route == "GET /batch_dial_jobs"]) == 3


async def test_list_json_streams_one_object_per_line(fake: FakeVogent) -> None:
    """--json prints one JSON object per job, with the filters sent as query parameters."""
    agent = fake.agent_ids[0]
    fake.seed_jobs(4, status="PAUSED", call_agent_id=agent)
    fake.seed_jobs(3, status="ACTIVE", call_agent_id=agent)
    result = await invoke(fake, "jobs", "list", "--status", "paused", "--agent", agent, "--json")
    assert result.code == 0, result.err
    jobs = [json.loads(line) for line in result.out.splitlines()]
    assert len(jobs) == 4
    assert {job["status"] for job in jobs} == {"PAUSED"}
    assert {job["callAgentId"] for job in jobs} == {agent}
    (request,) = fake.requests
    assert request.query == {"status": "PAUSED", "callAgentId": agent}


async def test_list_limit_stops_early(fake: FakeVogent) -> None:
    """--limit shows that many jobs and fetches no further page."""
    fake.seed_jobs(10)
    result = await invoke(fake, "jobs", "list", "--limit", "2", "--page-size", "2", "--json")
    assert len(result.out.splitlines()) == 2
    assert len(fake.requests) == 1


async def test_list_without_jobs_says_so(fake: FakeVogent) -> None:
    """An empty workspace prints a sentence, not an empty table."""
    result = await invoke(fake, "jobs", "list")
    assert (result.code, result.out.strip()) == (0, "No jobs.")


async def test_get_shows_one_job(fake: FakeVogent) -> None:
    """get shows the job's fields, its schedule as days and windows; --json the model."""
    (job_id,) = fake.seed_jobs(1, status="ACTIVE")
    body = fake.job(job_id)
    result = await invoke(fake, "jobs", "get", job_id)
    assert result.code == 0, result.err
    assert f"id                    {job_id}" in result.out
    assert body["name"] in result.out
    if body.get("schedule"):
        assert body["schedule"]["timezone"] + ":" in result.out
    as_json = json.loads((await invoke(fake, "jobs", "get", job_id, "--json")).out)
    assert as_json["id"] == job_id
    assert as_json["maxConcurrentDials"] == body["maxConcurrentDials"]


async def test_pause_and_resume_change_the_job(fake: FakeVogent) -> None:
    """pause and resume set the job's status on the server and print the new status."""
    (job_id,) = fake.seed_jobs(1, status="ACTIVE", rows=5)
    paused = await invoke(fake, "jobs", "pause", job_id)
    assert paused.code == 0, paused.err
    assert paused.out.split()[:2] == [job_id, "PAUSED"]
    assert fake.job(job_id)["status"] == "PAUSED"
    resumed = await invoke(fake, "jobs", "resume", job_id, "--json")
    assert json.loads(resumed.out)["status"] == "ACTIVE"
    assert fake.job(job_id)["status"] == "ACTIVE"
    sent = [r.json for r in fake.requests if r.route == "POST /batch_dial_jobs/{id}/paused"]
    assert sent == [{"paused": True}, {"paused": False}]


async def test_update_sends_only_what_was_given(fake: FakeVogent) -> None:
    """update --max-concurrent changes that field alone; the PUT body has nothing else."""
    (job_id,) = fake.seed_jobs(1, status="PAUSED")
    result = await invoke(fake, "jobs", "update", job_id, "--max-concurrent", "7")
    assert result.code == 0, result.err
    assert fake.job(job_id)["maxConcurrentDials"] == 7
    (put,) = [r for r in fake.requests if r.method == "PUT"]
    assert put.json == {"maxConcurrentDials": 7}


async def test_update_with_numbers_and_schedule(fake: FakeVogent) -> None:
    """--from-number (repeated) and --schedule FILE replace the pool and the schedule."""
    (job_id,) = fake.seed_jobs(1, status="PAUSED")
    number = {"type": "PSTN", "agentId": None}
    fake.phone_numbers.seed([{**number, "id": "pn_a", "number": "+15125550201"}])
    fake.phone_numbers.seed([{**number, "id": "pn_b", "number": "+15125550202"}])
    with open("week.json", "w", encoding="utf-8") as fh:
        json.dump({"timezone": "Europe/Paris", "days": [{"dayOfWeek": 6, "timeSlots": []}]}, fh)
    result = await invoke(
        fake, "jobs", "update", job_id, "--from-number", "pn_a", "--from-number", "pn_b",
        "--schedule", "week.json", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    (put,) = [r for r in fake.requests if r.method == "PUT"]
    assert put.json == {
        "fromPhoneNumberIds": ["pn_a", "pn_b"],
        "schedule": {"timezone": "Europe/Paris", "days": [{"dayOfWeek": 6, "timeSlots": []}]},
    }


async def test_update_without_a_change_is_a_usage_error(fake: FakeVogent) -> None:
    """update with no option exits 2 and sends nothing."""
    result = await invoke(fake, "jobs", "update", "job_1")
    assert result.code == 2
    assert "nothing to change" in result.err
    assert fake.requests == []
