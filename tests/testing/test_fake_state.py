"""The fake's state machine and clock: queued rows become dials, jobs complete, pause holds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from vogent_async.testing import FakeVogent, JobProgress

from .conftest import RawApi


async def _resume(api: RawApi, job_id: str, paused: bool = False) -> str:
    reply = await api.call("POST", f"/batch_dial_jobs/{job_id}/paused", json={"paused": paused})
    status: str = reply.body["status"]
    return status


async def test_an_init_job_does_not_dial_however_long_the_clock_runs(
    api: RawApi, fake: FakeVogent
) -> None:
    """Time passing does nothing to a job nobody resumed."""
    job = await api.create(rows=5)

    assert fake.advance(3600) == 0
    assert fake.finish_dials(10) == 0
    assert fake.progress(job["id"]) == JobProgress(queued=5, in_progress=0, completed=0)
    assert fake.job(job["id"])["status"] == "INIT"


async def test_resume_starts_max_concurrent_dials_and_hides_them_from_both_lists(
    api: RawApi, fake: FakeVogent
) -> None:
    """A resumed job has maxConcurrentDials rows in progress, in neither /queue nor /dials."""
    job = await api.create(rows=6, maxConcurrentDials=2)

    assert await _resume(api, job["id"]) == "ACTIVE"

    assert fake.progress(job["id"]) == JobProgress(queued=4, in_progress=2, completed=0)
    queue, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/queue")
    dials, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/dials")
    assert [row["toNumber"] for row in queue] == [f"+1555010{i:04d}" for i in range(2, 6)]
    assert dials == []


async def test_finish_dials_completes_in_order_and_never_exceeds_the_concurrency(
    api: RawApi, fake: FakeVogent
) -> None:
    """Dial by dial, at most maxConcurrentDials are in progress, until the job is COMPLETE."""
    job = await api.create(rows=9, maxConcurrentDials=3)
    await _resume(api, job["id"])

    seen = []
    while fake.job(job["id"])["status"] == "ACTIVE":
        progress = fake.progress(job["id"])
        assert progress.in_progress <= 3
        assert progress.queued + progress.in_progress + progress.completed == 9
        seen.append(progress.completed)
        assert fake.finish_dials(1) == 1

    assert seen == list(range(9))
    assert fake.progress(job["id"]) == JobProgress(queued=0, in_progress=0, completed=9)
    assert fake.job(job["id"])["status"] == "COMPLETE"
    dials, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/dials")
    assert sorted(d["toNumber"] for d in dials) == [f"+1555010{i:04d}" for i in range(9)]
    assert [d["endedAt"] for d in dials] == sorted(d["endedAt"] for d in dials)
    assert fake.finish_dials(5) == 0


async def test_advance_finishes_only_the_dials_due_and_moves_the_clock(
    api: RawApi, fake: FakeVogent
) -> None:
    """advance(s) finishes the dials that end within s seconds; each ends by the new now."""
    job = await api.create(rows=40, maxConcurrentDials=4)
    await _resume(api, job["id"])
    start = fake.now

    done = fake.advance(120)

    assert fake.now == start + timedelta(seconds=120)
    dials, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/dials")
    assert len(dials) == done == fake.progress(job["id"]).completed
    assert all(_parse(d["endedAt"]) <= fake.now for d in dials)
    fake.advance(24 * 3600)
    assert fake.progress(job["id"]) == JobProgress(queued=0, in_progress=0, completed=40)
    assert fake.job(job["id"])["status"] == "COMPLETE"


async def test_pause_stops_new_dials_but_lets_calls_in_progress_finish(
    api: RawApi, fake: FakeVogent
) -> None:
    """A paused job starts no new dial; the ones already ringing still end; resume continues."""
    job = await api.create(rows=10, maxConcurrentDials=2)
    await _resume(api, job["id"])
    fake.finish_dials(3)

    assert await _resume(api, job["id"], paused=True) == "PAUSED"
    fake.advance(24 * 3600)

    assert fake.progress(job["id"]) == JobProgress(queued=5, in_progress=0, completed=5)
    assert fake.job(job["id"])["status"] == "PAUSED"
    assert await _resume(api, job["id"]) == "ACTIVE"
    fake.advance(24 * 3600)
    assert fake.job(job["id"])["status"] == "COMPLETE"


async def test_a_concurrency_change_applies_at_the_next_resume(
    api: RawApi, fake: FakeVogent
) -> None:
    """PUT maxConcurrentDials shows at once but, as the guide says, works after pause/resume."""
    job = await api.create(rows=20, maxConcurrentDials=1)
    await _resume(api, job["id"])

    reply = await api.call("PUT", f"/batch_dial_jobs/{job['id']}", json={"maxConcurrentDials": 5})
    assert reply.body["maxConcurrentDials"] == 5
    assert fake.progress(job["id"]).in_progress == 1

    await _resume(api, job["id"], paused=True)
    await _resume(api, job["id"])
    assert fake.progress(job["id"]).in_progress == 5


@pytest.mark.parametrize(("status", "paused"), [("INIT", True), ("COMPLETE", False)])
async def test_pause_requests_that_do_not_apply_leave_the_job_alone(
    api: RawApi, fake: FakeVogent, status: str, paused: bool
) -> None:
    """Pausing an INIT job or resuming a COMPLETE one answers the job unchanged."""
    job = await api.create(rows=1)
    if status == "COMPLETE":
        await _resume(api, job["id"])
        fake.finish_dials(1)

    assert await _resume(api, job["id"], paused=paused) == status


async def test_dials_look_like_real_calls(api: RawApi, fake: FakeVogent) -> None:
    """Answered dials carry a transcript, recording, aiResult and duration; others do not."""
    job = await api.create(rows=200, maxConcurrentDials=10)
    await _resume(api, job["id"])
    fake.finish_dials(200)

    dials, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/dials")
    answered = [d for d in dials if d["status"] == "completed"]
    missed = [d for d in dials if d["status"] != "completed"]
    assert answered
    assert missed
    assert {d["status"] for d in missed} <= {"no-answer", "busy", "failed"}
    for dial in answered:
        assert dial["durationSeconds"] > 0
        assert dial["transcript"][0]["speaker"] == "AI"
        assert dial["recordings"][0]["url"].endswith(".wav")
        assert "outcome" in dial["aiResult"]
        assert _parse(dial["startedAt"]) < _parse(dial["endedAt"])
    for dial in missed:
        assert dial["durationSeconds"] == 0
        assert "transcript" not in dial
        assert "aiResult" not in dial
    assert {d["agent"]["id"] for d in dials} == {"agent_renewals"}
    assert {d["fromNumberId"] for d in dials} <= {"pn_1", "pn_2"}
    assert any(item.get("detailType") == "function" for d in answered for item in d["transcript"])


async def test_seed_jobs_makes_the_asked_jobs_and_the_same_data_for_the_same_seed() -> None:
    """seed_jobs honours status, agent, user and rows, and a seed reproduces the data."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    async with FakeVogent(seed=3, now=now) as one, FakeVogent(seed=3, now=now) as two:
        ids = one.seed_jobs(50)
        assert ids == two.seed_jobs(50)
        assert [one.job(i) for i in ids] == [two.job(i) for i in ids]
        one.agents.seed([{"id": "agent_x", "name": "X", "language": "en"}])
        active = one.seed_jobs(4, status="ACTIVE", call_agent_id="agent_x", user_id="u", rows=6)

    jobs = [one.job(i) for i in ids]
    assert {j["status"] for j in jobs} == {"INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED"}
    assert [j["createdAt"] for j in jobs] == sorted(j["createdAt"] for j in jobs)
    assert all(_parse(j["createdAt"]) < now for j in jobs)
    for job_id in active:
        assert one.job(job_id)["callAgentId"] == "agent_x"
        progress = one.progress(job_id)
        assert progress.queued + progress.in_progress == 6


async def test_seed_dials_appends_finished_dials_and_rejects_an_unknown_job(
    api: RawApi, fake: FakeVogent
) -> None:
    """seed_dials adds n listed dials to one job; an unknown job id is a KeyError."""
    [job_id] = fake.seed_jobs(1, status="COMPLETE")

    fake.seed_dials(job_id, 250)

    dials, pages = await api.walk(f"/batch_dial_jobs/{job_id}/dials")
    assert len(dials) == 250
    assert pages == 3
    assert len({d["id"] for d in dials}) == 250
    assert all(_parse(d["endedAt"]) <= fake.now for d in dials)
    with pytest.raises(KeyError):
        fake.seed_dials("nope", 1)


def test_bad_arguments_are_refused() -> None:
    """The fake refuses settings and clock moves that make no sense."""
    with pytest.raises(ValueError, match="api_key"):
        FakeVogent(api_key="")
    with pytest.raises(ValueError, match="page_size"):
        FakeVogent(default_page_size=600, max_page_size=500)
    with pytest.raises(ValueError, match="aware"):
        FakeVogent(now=datetime(2026, 1, 1))
    fake = FakeVogent()
    with pytest.raises(ValueError, match="forward"):
        fake.advance(-1)
    with pytest.raises(ValueError, match="unknown status"):
        fake.seed_jobs(1, status="RUNNING")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_the_old_awaited_run_dials_still_works_with_a_deprecation_warning(
    api: RawApi, fake: FakeVogent
) -> None:
    """``await fake.run_dials(n)`` finishes dials as before and points to finish_dials."""
    job = await api.create(rows=4, maxConcurrentDials=4)
    await _resume(api, job["id"])

    with pytest.warns(DeprecationWarning, match="finish_dials"):
        done = await fake.run_dials(3)

    assert done == 3
    assert fake.progress(job["id"]).completed == 3
    with pytest.raises(ValueError, match="n must be >= 0"):
        fake.finish_dials(-1)
