"""Listing on the fake: limits, filters, opaque cursors, stable pages under concurrent writes."""

from __future__ import annotations

import asyncio
import base64

import aiohttp
import pytest

from vogent_async.testing import FakeVogent

from .conftest import KEY, RawApi


async def test_limit_defaults_to_100_and_is_capped_at_the_server_maximum(
    api: RawApi, fake: FakeVogent
) -> None:
    """No limit gives 100 items, a limit of 7 gives 7, and 10,000 gives the maximum, 500."""
    fake.seed_jobs(620)

    default = await api.call("GET", "/batch_dial_jobs")
    seven = await api.call("GET", "/batch_dial_jobs", params={"limit": "7"})
    huge = await api.call("GET", "/batch_dial_jobs", params={"limit": "10000"})

    assert [len(r.body["data"]) for r in (default, seven, huge)] == [100, 7, 500]
    assert all(r.body["cursor"] for r in (default, seven, huge))


async def test_a_walk_yields_every_job_once_newest_first(api: RawApi, fake: FakeVogent) -> None:
    """Following cursors visits each job exactly once, newest first, and ends on a null cursor."""
    ids = fake.seed_jobs(345)

    jobs, pages = await api.walk("/batch_dial_jobs", limit="50")

    assert pages == 7
    assert [j["id"] for j in jobs] == ids[::-1]
    last = await api.call("GET", "/batch_dial_jobs", params={"limit": "345"})
    assert last.body["cursor"] is None


async def test_an_exact_multiple_ends_without_an_empty_page(api: RawApi, fake: FakeVogent) -> None:
    """When items divide evenly into pages, the last full page already has a null cursor."""
    fake.seed_jobs(200)

    _, pages = await api.walk("/batch_dial_jobs", limit="100")

    assert pages == 2


async def test_filters_select_by_status_agent_and_user(api: RawApi, fake: FakeVogent) -> None:
    """status, callAgentId and userId each filter, combine with AND, and page correctly."""
    fake.agents.seed(3)  # jobs are drawn over the fixture's agent and these
    fake.seed_jobs(400)
    everything, _ = await api.walk("/batch_dial_jobs", limit="500")
    agent, user = fake.agent_ids[1], fake.user_ids[2]
    owners = {j["id"]: u for u in fake.user_ids for j in (await _by_user(api, u))}

    active, _ = await api.walk("/batch_dial_jobs", status="ACTIVE", limit="9")
    by_agent, _ = await api.walk("/batch_dial_jobs", callAgentId=agent, limit="13")
    both, _ = await api.walk("/batch_dial_jobs", status="COMPLETE", callAgentId=agent, userId=user)

    assert active == [j for j in everything if j["status"] == "ACTIVE"]
    assert by_agent == [j for j in everything if j["callAgentId"] == agent]
    assert both == [
        j
        for j in everything
        if j["status"] == "COMPLETE" and j["callAgentId"] == agent and owners[j["id"]] == user
    ]
    assert active
    assert by_agent
    assert both
    assert len(owners) == 400


async def _by_user(api: RawApi, user: str) -> list[dict[str, object]]:
    jobs, _ = await api.walk("/batch_dial_jobs", userId=user, limit="500")
    return jobs


async def test_jobs_created_over_http_belong_to_the_keys_user(
    api: RawApi, fake: FakeVogent
) -> None:
    """A job created through the API is listed under the fake's user_id and no other."""
    job = await api.create()

    mine, _ = await api.walk("/batch_dial_jobs", userId=fake.user_id)
    theirs, _ = await api.walk("/batch_dial_jobs", userId=fake.user_ids[1])

    assert mine == [job]
    assert theirs == []


async def test_a_filter_matching_nothing_is_one_empty_last_page(api: RawApi) -> None:
    """An unmatched filter answers data [] with a null cursor."""
    reply = await api.call("GET", "/batch_dial_jobs", params={"callAgentId": "nobody"})

    assert reply.body == {"data": [], "cursor": None}


async def test_cursors_are_opaque_and_bound_to_their_listing(api: RawApi, fake: FakeVogent) -> None:
    """A cursor shows no offset, and a tampered one or one from another listing is a 400."""
    fake.seed_jobs(30)
    first = await api.call("GET", "/batch_dial_jobs", params={"limit": "10"})
    cursor = first.body["cursor"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))

    assert b"10" not in raw
    assert (10).to_bytes(8, "big") not in raw
    tampered = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    refusals = [
        await api.call("GET", "/batch_dial_jobs", params={"limit": "10", "cursor": tampered}),
        await api.call("GET", "/batch_dial_jobs", params={"status": "INIT", "cursor": cursor}),
        await api.call("GET", "/batch_dial_jobs", params={"cursor": cursor[:20]}),
    ]
    assert [r.status for r in refusals] == [400, 400, 400]
    assert "another listing" in refusals[1].body["error"]["message"]
    again = await api.call("GET", "/batch_dial_jobs", params={"limit": "10", "cursor": cursor})
    assert again.status == 200


async def test_a_cursor_from_another_server_is_refused(api: RawApi, fake: FakeVogent) -> None:
    """Two fakes with the same seed still sign cursors with different keys."""
    fake.seed_jobs(30)
    async with FakeVogent(api_key=KEY, seed=7) as other, aiohttp.ClientSession() as session:
        other.seed_jobs(30)
        foreign = RawApi(session, other.base_url)
        cursor = (await foreign.call("GET", "/batch_dial_jobs", params={"limit": "5"})).body[
            "cursor"
        ]

    reply = await api.call("GET", "/batch_dial_jobs", params={"cursor": cursor})

    assert reply.status == 400


async def test_a_dials_cursor_only_works_for_its_own_job(api: RawApi, fake: FakeVogent) -> None:
    """The dials cursor of one job is refused on another job's dials and on its queue."""
    one, two = fake.seed_jobs(2, status="COMPLETE")
    fake.seed_dials(one, 20)
    fake.seed_dials(two, 20)
    cursor = (await api.call("GET", f"/batch_dial_jobs/{one}/dials", params={"limit": "5"})).body[
        "cursor"
    ]

    other_job = await api.call("GET", f"/batch_dial_jobs/{two}/dials", params={"cursor": cursor})
    other_route = await api.call("GET", f"/batch_dial_jobs/{one}/queue", params={"cursor": cursor})

    assert other_job.status == 400
    assert other_route.status == 400


async def test_pages_stay_stable_while_jobs_are_created_concurrently(
    api: RawApi, fake: FakeVogent
) -> None:
    """Jobs created during a walk never shift it: every earlier job is seen exactly once."""
    before = fake.seed_jobs(300)

    async def create_many() -> None:
        for _ in range(40):
            await api.create(rows=1)
            await asyncio.sleep(0)

    (seen, _), _ = await asyncio.gather(api.walk("/batch_dial_jobs", limit="20"), create_many())

    ids = [j["id"] for j in seen]
    assert len(ids) == len(set(ids))
    assert set(before) <= set(ids)
    assert [i for i in ids if i in set(before)] == before[::-1]


async def test_jobs_seeded_in_the_past_mid_walk_cause_no_duplicates(
    api: RawApi, fake: FakeVogent
) -> None:
    """Seeding older jobs between two pages neither repeats nor drops the ones already listed."""
    original = fake.seed_jobs(60)
    first = await api.call("GET", "/batch_dial_jobs", params={"limit": "25"})

    boundary = first.body["data"][-1]["createdAt"]
    added = fake.seed_jobs(60, spacing=30)
    rest, _ = await api.walk("/batch_dial_jobs", cursor=first.body["cursor"], limit="25")

    ids = [j["id"] for j in first.body["data"] + rest]
    assert len(ids) == len(set(ids))
    assert set(original) <= set(ids)
    older = {i for i in added if fake.job(i)["createdAt"] < boundary}
    assert set(ids) - set(original) == older  # the walk reaches new jobs below its position
    assert older


async def test_the_queue_cursor_survives_rows_being_dialled_between_pages(
    api: RawApi, fake: FakeVogent
) -> None:
    """Rows leaving the queue mid-walk do not make the next queue page skip waiting rows."""
    job = await api.create(rows=30, maxConcurrentDials=5)
    path = f"/batch_dial_jobs/{job['id']}/queue"
    first = await api.call("GET", path, params={"limit": "10"})
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": False})
    fake.finish_dials(8)

    rest, _ = await api.walk(path, cursor=first.body["cursor"], limit="10")

    numbers = [row["toNumber"] for row in first.body["data"] + rest]
    assert len(numbers) == len(set(numbers))
    assert [row["toNumber"] for row in rest] == [f"+1555010{i:04d}" for i in range(13, 30)]


@pytest.mark.parametrize("route", ["queue", "dials"])
async def test_job_listings_page_in_order(api: RawApi, fake: FakeVogent, route: str) -> None:
    """Queue and dials walk every item once in their listing order, across many pages."""
    job = await api.create(rows=230, maxConcurrentDials=10)
    if route == "dials":
        await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": False})
        fake.finish_dials(230)

    items, pages = await api.walk(f"/batch_dial_jobs/{job['id']}/{route}", limit="40")

    assert pages == 6
    assert len({item["id"] for item in items}) == 230
