"""The real client against the fake over HTTP: walks, filters, the life cycle of a campaign."""

from __future__ import annotations

import vogent_async
from vogent_async import BatchDialJobStatus, BatchDialRow, Dial, Schedule, ScheduleDay, TimeSlot
from vogent_async.testing import FakeVogent, JobProgress

from .conftest import AGENT


async def test_a_walk_of_hundreds_of_jobs_follows_every_cursor(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """350 jobs at 40 a page: 9 requests, each job once, newest first, cursors sent verbatim."""
    ids = fake.seed_jobs(350)

    jobs = [job async for job in fake_client.batch_dial_jobs.list(page_size=40)]

    assert [job.id for job in jobs] == ids[::-1]
    assert len(fake.requests) == 9
    assert all(r.query["limit"] == "40" for r in fake.requests)
    sent = [r.query.get("cursor") for r in fake.requests]
    returned = [r.response["cursor"] for r in fake.requests]
    assert sent == [None, *returned[:-1]]
    assert returned[-1] is None


async def test_a_walk_resumes_from_a_saved_cursor(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """A page's next_cursor, given back to list(cursor=...), continues right after that page."""
    ids = fake.seed_jobs(120)
    pages = fake_client.batch_dial_jobs.list(page_size=50).pages()
    first = await pages.__anext__()
    await pages.aclose()

    rest = await fake_client.batch_dial_jobs.list(cursor=first.next_cursor).to_list()

    assert [j.id for j in [*first.items, *rest]] == ids[::-1]


async def test_filters_reach_the_server_and_select_the_same_jobs(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """status, call_agent_id and user_id are sent as the contract names them and filter."""
    fake.seed_jobs(300)
    agent, user = fake.agent_ids[0], fake.user_ids[1]

    jobs = await fake_client.batch_dial_jobs.list(
        status=BatchDialJobStatus.COMPLETE, call_agent_id=agent, user_id=user, page_size=10
    ).to_list()

    assert jobs
    assert {(j.status, j.call_agent_id) for j in jobs} == {(BatchDialJobStatus.COMPLETE, agent)}
    assert fake.requests[0].query == {
        "limit": "10",
        "status": "COMPLETE",
        "callAgentId": agent,
        "userId": user,
    }
    everything = await fake_client.batch_dial_jobs.list(user_id=user, page_size=500).to_list()
    assert [j for j in everything if j.status == "COMPLETE" and j.call_agent_id == agent] == jobs


async def test_a_campaign_runs_from_create_to_complete(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """create -> resume -> dials -> COMPLETE, each step seen through the client's models."""
    jobs = fake_client.batch_dial_jobs
    rows, schedule = _campaign_inputs()
    [function] = fake.functions.seed(1)
    agent = {"id": "agent_7", "name": "Renewals", "language": "en", "defaultExtractorId": "ex_7"}
    fake.agents.seed([{**agent, "linkedFunctionDefinitions": [{"functionDefinitionId": function}]}])

    job = await jobs.create(
        name="Renewals",
        call_agent_id="agent_7",
        max_concurrent_dials=5,
        rows=rows,
        from_phone_number_ids=["pn_1"],
        schedule=schedule,
    )
    assert job.status == BatchDialJobStatus.INIT
    assert job.schedule == schedule
    assert len(await jobs.list_queued(job.id, page_size=100).to_list()) == 250

    job = await jobs.resume(job.id)
    assert job.status == BatchDialJobStatus.ACTIVE
    fake.finish_dials(100)
    midway = await jobs.list_dials(job.id, page_size=30).to_list()
    queued = await jobs.list_queued(job.id).to_list()
    assert len(midway) == 100
    assert len(queued) == 250 - 100 - fake.progress(job.id).in_progress

    job = await jobs.pause(job.id)
    fake.advance(3600)
    assert (await jobs.get(job.id)).status == BatchDialJobStatus.PAUSED
    await jobs.resume(job.id)
    fake.advance(24 * 3600)

    done = await jobs.get(job.id)
    dials = await jobs.list_dials(job.id, page_size=60).to_list()
    assert done.status == BatchDialJobStatus.COMPLETE
    assert fake.progress(job.id) == JobProgress(queued=0, in_progress=0, completed=250)
    assert sorted(d.to_number or "" for d in dials) == sorted(
        [f"+1555020{i:04d}" for i in range(150)] + [f"+1555030{i:04d}" for i in range(100)]
    )
    assert await jobs.list_queued(job.id).to_list() == []
    _assert_realistic(dials)


def _campaign_inputs() -> tuple[list[BatchDialRow | dict[str, str]], Schedule]:
    rows: list[BatchDialRow | dict[str, str]] = [
        BatchDialRow(to_number=f"+1555020{i:04d}", inputs={"customer_name": f"C{i}"})
        for i in range(150)
    ]
    rows += [{"toNumber": f"+1555030{i:04d}"} for i in range(100)]
    schedule = Schedule(
        days=[ScheduleDay(day_of_week=d, time_slots=[TimeSlot("09:00", "17:00")]) for d in (1, 2)],
        timezone="Europe/London",
    )
    return rows, schedule


def _assert_realistic(dials: list[Dial]) -> None:
    answered = [d for d in dials if d.status == "completed"]
    assert answered
    assert len(answered) < len(dials)
    for dial in answered:
        assert dial.agent is not None
        assert dial.agent.id == "agent_7"
        assert dial.transcript
        assert dial.transcript[0].speaker == "AI"
        assert dial.ai_result
        assert "interested" in dial.ai_result  # a field of the agent's extractor
        assert dial.started_at
        assert dial.ended_at
        assert dial.started_at < dial.ended_at
        assert dial.from_number_id == "pn_1"
    assert any(d.inputs == {"customer_name": "C0"} for d in dials)
    items = [item for d in answered for item in d.transcript or []]
    assert any(item.function_calls for item in items)
    assert any(item.node_transition for item in items)


async def test_update_sends_only_the_given_fields(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """update(max_concurrent_dials=...) sends that key alone, and the others stay as they were."""
    job = await fake_client.batch_dial_jobs.create(
        name="J",
        call_agent_id=AGENT,
        max_concurrent_dials=1,
        rows=[{"toNumber": "+15550100000"}],
        from_phone_number_ids=["pn_1"],
    )

    updated = await fake_client.batch_dial_jobs.update(job.id, max_concurrent_dials=4)

    assert fake.requests[-1].json == {"maxConcurrentDials": 4}
    assert updated.max_concurrent_dials == 4
    assert updated.from_phone_number_ids == ("pn_1",)
