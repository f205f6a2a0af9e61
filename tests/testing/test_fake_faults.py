"""Scripted faults and the request log, seen from plain HTTP."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from vogent_async.testing import FakeVogent

from .conftest import KEY, RawApi


async def test_a_status_fault_hits_times_requests_then_the_route_answers(
    api: RawApi, fake: FakeVogent
) -> None:
    """status=503, times=2 fails the next two requests of that route only, with Retry-After."""
    rule = fake.faults.add("GET /batch_dial_jobs", status=503, times=2, retry_after=3)
    job = await api.create()

    replies = [await api.call("GET", "/batch_dial_jobs") for _ in range(3)]

    assert [r.status for r in replies] == [503, 503, 200]
    assert replies[0].headers["Retry-After"] == "3"
    assert replies[0].body["error"]["code"] == "service_unavailable"
    assert replies[2].body["data"] == [job]
    assert rule.hits == 2
    assert not rule.active
    assert [r.fault for r in fake.requests] == [None, rule, rule, None]


async def test_after_lets_requests_through_before_the_fault(api: RawApi, fake: FakeVogent) -> None:
    """after=2 leaves the first two matching requests alone and fails the third."""
    fake.faults.add("GET /batch_dial_jobs", status=500, after=2)

    statuses = [(await api.call("GET", "/batch_dial_jobs")).status for _ in range(4)]

    assert statuses == [200, 200, 500, 200]


async def test_a_fault_without_a_route_hits_any_route_and_times_none_never_ends(
    api: RawApi, fake: FakeVogent
) -> None:
    """route=None matches every route, times=None keeps matching, and a custom body is sent."""
    fake.faults.add(
        status=429,
        times=None,
        retry_after="Wed, 21 Oct 2026 07:28:00 GMT",
        body={"message": "slow down"},
    )

    replies = [
        await api.call("GET", "/batch_dial_jobs"),
        await api.call("GET", "/batch_dial_jobs/x/dials"),
        await api.call("POST", "/batch_dial_jobs", json={}),
    ]

    assert {r.status for r in replies} == {429}
    assert {r.headers["Retry-After"] for r in replies} == {"Wed, 21 Oct 2026 07:28:00 GMT"}
    assert replies[0].body == {"message": "slow down"}
    fake.faults.clear()
    assert (await api.call("GET", "/batch_dial_jobs")).status == 200


async def test_a_status_fault_does_not_run_the_route(api: RawApi, fake: FakeVogent) -> None:
    """A create that got an injected 500 created nothing."""
    fake.faults.add("POST /batch_dial_jobs", status=500)

    reply = await api.call("POST", "/batch_dial_jobs", json={"name": "x"})

    assert reply.status == 500
    assert (await api.walk("/batch_dial_jobs"))[0] == []


async def test_delay_holds_the_answer_for_real_seconds(api: RawApi, fake: FakeVogent) -> None:
    """delay=0.2 answers normally, at least 0.2 s later."""
    fake.faults.add("GET /batch_dial_jobs", delay=0.2)

    started = time.monotonic()
    reply = await api.call("GET", "/batch_dial_jobs")

    assert reply.status == 200
    assert time.monotonic() - started >= 0.2


async def test_disconnect_runs_the_route_then_cuts_the_body(api: RawApi, fake: FakeVogent) -> None:
    """disconnect=True sends half the promised body and closes: the create still happened."""
    fake.faults.add("POST /batch_dial_jobs", disconnect=True)

    with pytest.raises(aiohttp.ClientPayloadError):
        await api.create()

    jobs, _ = await api.walk("/batch_dial_jobs")
    assert len(jobs) == 1
    record = fake.requests[0]
    assert record.status == 200
    assert record.response_body is not None
    assert json.dumps(jobs[0], separators=(",", ":")).encode().startswith(record.response_body)


async def test_malformed_sends_truncated_json_with_a_200(api: RawApi, fake: FakeVogent) -> None:
    """malformed=True answers 200 with the route's JSON cut in half."""
    fake.seed_jobs(3)
    fake.faults.add("GET /batch_dial_jobs", malformed=True)

    async with api._session.get(
        fake.base_url + "/batch_dial_jobs", headers={"Authorization": f"Bearer {KEY}"}
    ) as resp:
        text = await resp.text()

    assert resp.status == 200
    assert text.startswith('{"data":[{')
    with pytest.raises(ValueError, match=r"Unterminated|Expecting"):
        json.loads(text)
    with pytest.raises(ValueError, match=r"Unterminated|Expecting"):
        _ = fake.requests[-1].response


async def test_repeat_cursor_echoes_the_request_cursor_and_skips_first_pages(
    api: RawApi, fake: FakeVogent
) -> None:
    """repeat_cursor answers a cursor request with that same cursor; a first page is left alone."""
    fake.seed_jobs(30)
    rule = fake.faults.add("GET /batch_dial_jobs", repeat_cursor=True)

    first = await api.call("GET", "/batch_dial_jobs", params={"limit": "10"})
    cursor = first.body["cursor"]
    second = await api.call("GET", "/batch_dial_jobs", params={"limit": "10", "cursor": cursor})

    assert rule.hits == 1
    assert second.body["cursor"] == cursor
    assert len(second.body["data"]) == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"route": "GET /batch_dial_job"}, "unknown route"),
        ({"route": "GET /batch_dial_jobs", "status": 200}, "400-599"),
        ({"route": "GET /batch_dial_jobs", "status": 503, "malformed": True}, "choose one"),
        ({"route": "GET /batch_dial_jobs"}, "needs"),
        ({"route": "GET /batch_dial_jobs/{id}", "repeat_cursor": True}, "paginated"),
        ({"route": "GET /batch_dial_jobs", "retry_after": 2, "delay": 1}, "go with status"),
        ({"route": "GET /batch_dial_jobs", "status": 500, "times": 0}, "times"),
    ],
)
async def test_contradictory_rules_are_refused(
    fake: FakeVogent, kwargs: dict[str, object], message: str
) -> None:
    """Faults.add raises ValueError for a typo'd route or a rule that cannot be applied."""
    with pytest.raises(ValueError, match=message):
        fake.faults.add(**kwargs)  # type: ignore[arg-type]
    assert len(fake.faults) == 0


async def test_requests_are_recorded_with_the_token_redacted(api: RawApi, fake: FakeVogent) -> None:
    """The log keeps method, API path, route, query, redacted headers, JSON body and status."""
    job = await api.create(rows=1)
    await api.call("GET", f"/batch_dial_jobs/{job['id']}/dials", params={"limit": "5"})
    await api.call("GET", "/batch_dial_jobs", key="wrong")

    create, dials, refused = fake.requests
    assert (create.method, create.path, create.route, create.status) == (
        "POST",
        "/batch_dial_jobs",
        "POST /batch_dial_jobs",
        200,
    )
    assert create.json["rows"] == [
        {"toNumber": "+15550100000", "inputs": {"customer_name": "Customer 0"}}
    ]
    assert create.response == job
    assert dials.path == f"/batch_dial_jobs/{job['id']}/dials"
    assert dials.route == "GET /batch_dial_jobs/{id}/dials"
    assert dials.query == {"limit": "5"}
    assert refused.status == 401
    for record in fake.requests:
        assert record.headers["Authorization"] == "Bearer [redacted]"
        assert KEY not in repr(record)
        assert "wrong" not in repr(record)


async def test_recording_can_be_turned_off() -> None:
    """record_requests=False keeps no log (for long benchmarks)."""
    async with FakeVogent(record_requests=False) as fake, aiohttp.ClientSession() as session:
        async with session.get(fake.base_url + "/batch_dial_jobs") as resp:
            assert resp.status == 401
        assert fake.requests == []


async def test_the_log_keeps_only_the_last_request_log_size_records() -> None:
    """With request_log_size=3, five requests leave the last three, oldest first."""
    async with FakeVogent(request_log_size=3) as fake, aiohttp.ClientSession() as session:
        for n in range(5):
            async with session.get(f"{fake.base_url}/batch_dial_jobs/{n}") as resp:
                assert resp.status == 401
        assert [r.path for r in fake.requests] == [f"/batch_dial_jobs/{n}" for n in (2, 3, 4)]
    with pytest.raises(ValueError, match="request_log_size must be >= 1 or None, got 0"):
        FakeVogent(request_log_size=0)


async def test_clearing_the_log_mid_request_keeps_later_records_intact(
    api: RawApi, fake: FakeVogent
) -> None:
    """A request answered after requests.clear() does not overwrite a newer record."""
    fake.faults.add("GET /batch_dial_jobs", delay=0.3)
    slow = asyncio.ensure_future(api.call("GET", "/batch_dial_jobs"))
    while not fake.requests:
        await asyncio.sleep(0.01)

    fake.requests.clear()
    await api.call("GET", "/batch_dial_jobs/nope")
    await slow

    assert [(r.path, r.status) for r in fake.requests] == [("/batch_dial_jobs/nope", 404)]
