"""client.batch_dial_jobs against aioresponses: what is sent, what comes back, what is retried."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from yarl import URL

import vogent_async
from vogent_async import (
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    Dial,
    QueuedDial,
    Schedule,
    ScheduleDay,
    TimeSlot,
)

from .conftest import BASE, SleepRecorder, job_json
from .test_dial_models import EXPECTED_DIAL, dial_full

JOBS = f"{BASE}/batch_dial_jobs"
SCHEDULE = Schedule(
    timezone="America/New_York",
    days=[ScheduleDay(day_of_week=1, time_slots=[TimeSlot("09:00", "17:00")])],
)


def sent(mocked: aioresponses) -> list[tuple[str, str, Any]]:
    """Every request made, as (method, raw URL, decoded JSON body or None), in order."""
    calls = [
        (method, str(url), call.kwargs.get("data"))
        for (method, url), calls in mocked.requests.items()
        for call in calls
    ]
    return [(m, u, None if d is None else json.loads(d)) for m, u, d in calls]


def queued_json(n: int) -> dict[str, Any]:
    """A queued row as the contract documents it."""
    return {
        "id": f"spec_{n}",
        "toNumber": f"+1555000000{n}",
        "batchDialJobId": "job_1",
        "createdAt": "2025-11-02T09:30:00Z",
        "inputs": {"customer_name": f"C{n}"},
    }


def refused() -> aiohttp.ClientConnectorError:
    """A connection refused before anything was sent."""
    key = ConnectionKey("api.test.vogent", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))


async def create_job(client: vogent_async.Client, **changes: Any) -> BatchDialJob:
    """Create a one-row job with the arguments of the issue's example, changed as given."""
    args: dict[str, Any] = {
        "name": "Renewals November",
        "call_agent_id": "agent_1",
        "max_concurrent_dials": 5,
        "rows": [BatchDialRow("+15551234567", {"customer_name": "Ada"})],
        **changes,
    }
    return await client.batch_dial_jobs.create(**args)


# ------------------------------------------------------------------- create


async def test_create_posts_the_minimal_body(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """create POSTs camelCase JSON without the optionals it was not given, and decodes the job."""
    mocked.post(JOBS, payload=job_json(1, status="INIT", schedule=None))
    job = await create_job(client)
    assert sent(mocked) == [
        (
            "POST",
            JOBS,
            {
                "name": "Renewals November",
                "callAgentId": "agent_1",
                "maxConcurrentDials": 5,
                "rows": [{"toNumber": "+15551234567", "inputs": {"customer_name": "Ada"}}],
            },
        )
    ]
    assert job.id == "job_1"
    assert job.status is BatchDialJobStatus.INIT
    assert job.schedule is None


async def test_create_sends_every_optional(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Caller numbers, schedule and mapping rows in both spellings reach the body by API name."""
    mocked.post(JOBS, payload=job_json(2, status="INIT"))
    rows = ({"to_number": "+15550000001"}, {"toNumber": "+15550000002", "inputs": {"a": "b"}})
    job = await create_job(client, rows=rows, from_phone_number_ids=["pn_1"], schedule=SCHEDULE)
    ((_, _, body),) = sent(mocked)
    assert body["rows"] == [
        {"toNumber": "+15550000001"},
        {"toNumber": "+15550000002", "inputs": {"a": "b"}},
    ]
    assert body["fromPhoneNumberIds"] == ["pn_1"]
    assert body["schedule"] == {
        "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
        "timezone": "America/New_York",
    }
    assert job.schedule == SCHEDULE


async def test_create_reaches_the_server_once_on_500(
    client: vogent_async.Client, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    """A 500 may mean the job exists, so create is not retried: one request, then the error."""
    mocked.post(JOBS, status=500, payload={"error": "boom"}, repeat=True)
    with pytest.raises(vogent_async.InternalServerError) as caught:
        await create_job(client)
    assert caught.value.status_code == 500
    assert len(sent(mocked)) == 1
    assert sleeps.delays == []


async def test_create_is_not_retried_after_a_dropped_connection(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A connection lost after sending may have created the job, so it is not retried."""
    mocked.post(JOBS, exception=aiohttp.ServerDisconnectedError(), repeat=True)
    with pytest.raises(vogent_async.APIConnectionError):
        await create_job(client)
    assert len(sent(mocked)) == 1


async def test_create_is_retried_on_429(
    client: vogent_async.Client, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    """A 429 means the server did not act, so create is sent again after Retry-After."""
    mocked.post(JOBS, status=429, headers={"Retry-After": "2"})
    mocked.post(JOBS, payload=job_json(3, status="INIT"))
    job = await create_job(client)
    assert job.id == "job_3"
    bodies = [body for _, _, body in sent(mocked)]
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    # The server's Retry-After, not a backoff guess, waited once (in the shared pause).
    assert sleeps.delays == [pytest.approx(2.0, abs=0.1)]


async def test_create_honours_per_call_max_retries(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """max_retries=0 on the call turns off even the 429 retry; RateLimitError says when."""
    mocked.post(JOBS, status=429, headers={"Retry-After": "7"}, repeat=True)
    with pytest.raises(vogent_async.RateLimitError) as caught:
        await create_job(client, max_retries=0)
    assert caught.value.retry_after == 7.0
    assert len(sent(mocked)) == 1


async def test_create_is_retried_when_the_connection_was_refused(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A refused connection sent nothing, so create is tried again."""
    mocked.post(JOBS, exception=refused())
    mocked.post(JOBS, payload=job_json(4, status="INIT"))
    assert (await create_job(client)).id == "job_4"
    assert len(sent(mocked)) == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, vogent_async.BadRequestError),
        (401, vogent_async.AuthenticationError),
        (422, vogent_async.UnprocessableEntityError),
    ],
)
async def test_create_maps_rejections_to_error_classes(
    client: vogent_async.Client, mocked: aioresponses, status: int, error: type[Exception]
) -> None:
    """The API's rejections raise the error class of their status, after one request."""
    mocked.post(JOBS, status=status, payload={"message": "no"})
    with pytest.raises(error):
        await create_job(client)
    assert len(sent(mocked)) == 1


async def test_create_with_a_bad_response_names_the_field(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A 200 whose job does not fit the schema raises ResponseValidationError with the path."""
    mocked.post(JOBS, payload=job_json(5, maxConcurrentDials="five"))
    with pytest.raises(vogent_async.ResponseValidationError) as caught:
        await create_job(client)
    assert caught.value.errors[0].startswith("maxConcurrentDials: expected an integer")


# ------------------------------------------------------ get, update, pause


async def test_get_fetches_one_job(client: vogent_async.Client, mocked: aioresponses) -> None:
    """get sends GET /batch_dial_jobs/{id} with no body and decodes the job."""
    mocked.get(f"{JOBS}/job_7", payload=job_json(7))
    job = await client.batch_dial_jobs.get("job_7")
    assert sent(mocked) == [("GET", f"{JOBS}/job_7", None)]
    assert job.name == "Job 7"
    assert job.schedule == SCHEDULE


async def test_get_of_a_missing_job_raises_not_found(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A 404 raises NotFoundError."""
    mocked.get(f"{JOBS}/nope", status=404, payload={"message": "not found"})
    with pytest.raises(vogent_async.NotFoundError):
        await client.batch_dial_jobs.get("nope")


async def test_get_is_retried_on_500_and_honours_max_retries(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """GET is idempotent, so a 500 is retried; max_retries=0 on the call turns that off."""
    mocked.get(f"{JOBS}/job_8", status=500)
    mocked.get(f"{JOBS}/job_8", payload=job_json(8))
    assert (await client.batch_dial_jobs.get("job_8")).id == "job_8"
    assert len(sent(mocked)) == 2

    mocked.get(f"{JOBS}/job_9", status=500, repeat=True)
    with pytest.raises(vogent_async.InternalServerError):
        await client.batch_dial_jobs.get("job_9", max_retries=0)
    assert len(sent(mocked)) == 3


@pytest.mark.parametrize(
    ("job_id", "raw_path"),
    [
        ("a/b", "/batch_dial_jobs/a%2Fb"),
        ("../../agents?x=1#f", "/batch_dial_jobs/..%2F..%2Fagents%3Fx%3D1%23f"),
        ("job 1%2F", "/batch_dial_jobs/job%201%252F"),
    ],
)
async def test_job_ids_stay_inside_one_path_segment(
    client: vogent_async.Client, mocked: aioresponses, job_id: str, raw_path: str
) -> None:
    """'/', '?', '#', '%' and spaces in an id are quoted, so it can never reach another path."""
    url = URL(BASE + raw_path, encoded=True)
    mocked.get(url, payload=job_json(1))
    mocked.post(URL(BASE + raw_path + "/paused", encoded=True), payload=job_json(1))
    await client.batch_dial_jobs.get(job_id)
    await client.batch_dial_jobs.pause(job_id)
    (get_url, pause_url) = [URL(u, encoded=True) for _, u, _ in sent(mocked)]
    assert get_url.raw_path == "/api" + raw_path
    assert pause_url.raw_path == "/api" + raw_path + "/paused"
    assert get_url.raw_query_string == ""


async def test_update_sends_only_the_given_fields(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """update PUTs exactly the arguments passed: nothing else, and None only when passed."""
    mocked.put(f"{JOBS}/job_1", payload=job_json(1), repeat=True)
    jobs = client.batch_dial_jobs
    await jobs.update("job_1", max_concurrent_dials=3)
    await jobs.update("job_1", from_phone_number_ids=["pn_2", "pn_3"])
    await jobs.update("job_1", schedule=None)
    await jobs.update("job_1", schedule=SCHEDULE, max_concurrent_dials=1)
    assert [(m, body) for m, _, body in sent(mocked)] == [
        ("PUT", {"maxConcurrentDials": 3}),
        ("PUT", {"fromPhoneNumberIds": ["pn_2", "pn_3"]}),
        ("PUT", {"schedule": None}),
        (
            "PUT",
            {
                "maxConcurrentDials": 1,
                "schedule": {
                    "days": [
                        {"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}
                    ],
                    "timezone": "America/New_York",
                },
            },
        ),
    ]


async def test_update_with_nothing_to_change_sends_nothing(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """update(job_id) alone would send PUT {}: it is refused at the door instead."""
    with pytest.raises(vogent_async.InvalidRequestError) as caught:
        await client.batch_dial_jobs.update("job_1")
    assert caught.value.problems == (
        "nothing to change: give at least one of max_concurrent_dials, "
        "from_phone_number_ids, schedule",
    )
    assert mocked.requests == {}


async def test_update_returns_the_changed_job(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """The job the server answers with is decoded and returned."""
    mocked.put(f"{JOBS}/job_1", payload=job_json(1, maxConcurrentDials=9, status="PAUSED"))
    job = await client.batch_dial_jobs.update("job_1", max_concurrent_dials=9)
    assert job.max_concurrent_dials == 9
    assert job.status is BatchDialJobStatus.PAUSED


@pytest.mark.parametrize(("method", "paused"), [("pause", True), ("resume", False)])
async def test_pause_and_resume_post_the_paused_flag(
    client: vogent_async.Client, mocked: aioresponses, method: str, paused: bool
) -> None:
    """pause/resume POST {"paused": true|false} to /paused and decode the job."""
    status = "PAUSED" if paused else "ACTIVE"
    mocked.post(f"{JOBS}/job_1/paused", payload=job_json(1, status=status))
    job = await getattr(client.batch_dial_jobs, method)("job_1")
    assert sent(mocked) == [("POST", f"{JOBS}/job_1/paused", {"paused": paused})]
    assert job.status == BatchDialJobStatus(status)


async def test_resume_is_retried_on_503_as_it_is_idempotent(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Setting the paused flag twice is harmless, so a 503 is retried like a GET."""
    mocked.post(f"{JOBS}/job_1/paused", status=503)
    mocked.post(f"{JOBS}/job_1/paused", payload=job_json(1))
    job = await client.batch_dial_jobs.resume("job_1")
    assert job.status is BatchDialJobStatus.ACTIVE
    assert [body for _, _, body in sent(mocked)] == [{"paused": False}, {"paused": False}]


# ---------------------------------------------------------------- listings


async def test_list_queued_walks_every_page(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """list_queued GETs /queue with limit and each cursor until the cursor is null."""
    url = re.compile(re.escape(f"{JOBS}/job_1/queue") + r"\?.*")
    mocked.get(url, payload={"data": [queued_json(1), queued_json(2)], "cursor": "c/2"})
    mocked.get(url, payload={"data": [queued_json(3)], "cursor": None})
    rows = [row async for row in client.batch_dial_jobs.list_queued("job_1", page_size=2)]
    assert [r.id for r in rows] == ["spec_1", "spec_2", "spec_3"]
    assert isinstance(rows[0], QueuedDial)
    assert rows[0].inputs == {"customer_name": "C1"}
    urls = [URL(u) for _, u, _ in sent(mocked)]
    assert [u.path for u in urls] == ["/api/batch_dial_jobs/job_1/queue"] * 2
    assert [dict(u.query) for u in urls] == [{"limit": "2"}, {"cursor": "c/2", "limit": "2"}]


async def test_list_dials_decodes_full_dials(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """list_dials GETs /dials and yields Dial models, a minimal one and the full sample."""
    mocked.get(f"{JOBS}/job_1/dials", payload={"data": [{"id": "d0"}, dial_full()], "cursor": None})
    dials = await client.batch_dial_jobs.list_dials("job_1").to_list()
    assert dials == [Dial(id="d0"), EXPECTED_DIAL]
    assert sent(mocked) == [("GET", f"{JOBS}/job_1/dials", None)]


async def test_list_dials_resumes_from_a_cursor_and_stops_at_max_items(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """cursor= starts mid-listing and max_items stops without fetching another page."""
    mocked.get(
        f"{JOBS}/job_1/dials?cursor=saved",
        payload={"data": [{"id": "d1"}, {"id": "d2"}], "cursor": "next"},
    )
    pager = client.batch_dial_jobs.list_dials("job_1", cursor="saved", max_items=1)
    assert [d.id async for d in pager] == ["d1"]
    assert len(sent(mocked)) == 1


async def test_list_dials_names_the_bad_field_of_a_page(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A dial that does not fit the schema fails with its index and nested camelCase path."""
    bad = dial_full()
    bad["agent"]["transcriberParams"]["type"] = 7
    mocked.get(f"{JOBS}/job_1/dials", payload={"data": [{"id": "d0"}, bad], "cursor": None})
    with pytest.raises(vogent_async.ResponseValidationError) as caught:
        await client.batch_dial_jobs.list_dials("job_1").to_list()
    assert caught.value.errors == (
        "data[1].agent.transcriberParams.type: expected a string, got int 7",
    )


async def test_listings_send_nothing_until_iterated(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Calling list_queued or list_dials makes no request by itself."""
    client.batch_dial_jobs.list_queued("job_1")
    client.batch_dial_jobs.list_dials("job_1", page_size=10, prefetch=1)
    assert mocked.requests == {}


async def test_the_quickstart_campaign_runs_end_to_end(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """The README campaign: create a paused job, resume it, read its completed dials."""
    mocked.post(JOBS, payload=job_json(1, status="INIT"))
    mocked.post(f"{JOBS}/job_1/paused", payload=job_json(1, status="ACTIVE"))
    mocked.get(f"{JOBS}/job_1/dials", payload={"data": [dial_full()], "cursor": None})
    jobs = client.batch_dial_jobs
    job = await jobs.create(
        name="Renewals November",
        call_agent_id="agent_1",
        max_concurrent_dials=5,
        from_phone_number_ids=["pn_1"],
        schedule=SCHEDULE,
        rows=[BatchDialRow(to_number="+15551234567", inputs={"customer_name": "Ada"})],
    )
    assert job.status is BatchDialJobStatus.INIT
    job = await jobs.resume(job.id)
    assert job.status is BatchDialJobStatus.ACTIVE
    seen = [
        (d.to_number, d.status, d.duration_seconds, d.ai_result)
        async for d in jobs.list_dials(job.id)
    ]
    assert seen == [("+15551234567", "completed", 184, EXPECTED_DIAL.ai_result)]
    assert [m for m, _, _ in sent(mocked)] == ["POST", "POST", "GET"]
