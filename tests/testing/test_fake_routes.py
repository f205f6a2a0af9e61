"""Every Batch Dials route of the fake, over plain HTTP: shapes, statuses, errors."""

from __future__ import annotations

import pytest

from vogent_async.testing import FakeVogent

from ._openapi import batch_dial_routes, operation, paging
from .conftest import KEY, NOW, RawApi, job_input


def test_fake_serves_exactly_the_contract_batch_dial_routes() -> None:
    """The fake serves the Batch Dials group of the contract, no more, no less."""
    from vogent_async.testing._batch_dials import GROUP

    assert {route.key for route in GROUP.routes} == batch_dial_routes()


def test_every_route_is_named_and_paged_as_the_contract_says() -> None:
    """Each route's name is its operationId; paging and default limits are the contract's."""
    from vogent_async.testing._registry import ROUTES

    for route in ROUTES:
        declared = route.paging and (route.paging.items, route.paging.default_limit)
        assert route.name == operation(route.key)["operationId"], route.key
        assert declared == paging(route.key), route.key


async def test_create_returns_an_init_job_with_rows_queued(api: RawApi, fake: FakeVogent) -> None:
    """POST creates an INIT job echoing the input, without disableSchedule, rows queued."""
    job = await api.create(rows=4)

    assert job["status"] == "INIT"
    assert job["name"] == "Renewals March"
    assert job["callAgentId"] == "agent_renewals"
    assert job["maxConcurrentDials"] == 2
    assert job["fromPhoneNumberIds"] == ["pn_1", "pn_2"]
    assert job["createdAt"] == "2026-03-02T15:00:00.000Z"
    assert job["schedule"] == {
        "timezone": "America/New_York",
        "days": [{"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]}],
    }
    queue, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/queue")
    assert [row["toNumber"] for row in queue] == [f"+1555010{i:04d}" for i in range(4)]
    assert {row["batchDialJobId"] for row in queue} == {job["id"]}
    assert queue[0]["inputs"] == {"customer_name": "Customer 0"}
    assert fake.job(job["id"]) == job


async def test_get_returns_the_job_and_404s_an_unknown_id(api: RawApi) -> None:
    """GET /batch_dial_jobs/{id} answers the job, and 404 with a JSON error for no such id."""
    job = await api.create()

    found = await api.call("GET", f"/batch_dial_jobs/{job['id']}")
    missing = await api.call("GET", "/batch_dial_jobs/no-such-job")

    assert (found.status, found.body) == (200, job)
    assert missing.status == 404
    assert missing.body["error"]["code"] == "not_found"
    assert "no-such-job" in missing.body["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/batch_dial_jobs/nope", None),
        ("PUT", "/batch_dial_jobs/nope", {"maxConcurrentDials": 3}),
        ("GET", "/batch_dial_jobs/nope/queue", None),
        ("POST", "/batch_dial_jobs/nope/paused", {"paused": False}),
        ("GET", "/batch_dial_jobs/nope/dials", None),
    ],
)
async def test_every_job_route_404s_an_unknown_id(
    api: RawApi, method: str, path: str, body: object
) -> None:
    """Any route of a job that does not exist is a 404 with the fake's JSON error."""
    reply = await api.call(method, path, json=body)

    assert reply.status == 404
    assert reply.body["error"]["code"] == "not_found"


async def test_update_changes_only_the_fields_sent(api: RawApi) -> None:
    """PUT applies the given fields, leaves the rest, and schedule null clears the schedule."""
    job = await api.create()
    path = f"/batch_dial_jobs/{job['id']}"

    first = await api.call("PUT", path, json={"maxConcurrentDials": 7})
    second = await api.call("PUT", path, json={"schedule": None, "fromPhoneNumberIds": ["pn_2"]})

    assert first.status == 200
    assert first.body == {**job, "maxConcurrentDials": 7}
    assert second.body == {
        **job,
        "maxConcurrentDials": 7,
        "schedule": None,
        "fromPhoneNumberIds": ["pn_2"],
    }


async def test_paused_route_moves_the_status(api: RawApi) -> None:
    """paused=false starts an INIT job, paused=true pauses it, paused=false resumes it."""
    job = await api.create()
    path = f"/batch_dial_jobs/{job['id']}/paused"

    statuses = []
    for paused in (False, True, False):
        reply = await api.call("POST", path, json={"paused": paused})
        statuses.append(reply.body["status"])

    assert statuses == ["ACTIVE", "PAUSED", "ACTIVE"]


@pytest.mark.parametrize("key", [None, "wrong-key", KEY + "x", ""])
async def test_a_missing_or_wrong_key_is_401_on_every_route(api: RawApi, key: str | None) -> None:
    """Without the exact bearer token every route answers 401 and changes nothing."""
    job = await api.create()
    calls = [
        ("GET", "/batch_dial_jobs", None),
        ("POST", "/batch_dial_jobs", job_input()),
        ("GET", f"/batch_dial_jobs/{job['id']}", None),
        ("PUT", f"/batch_dial_jobs/{job['id']}", {"maxConcurrentDials": 9}),
        ("GET", f"/batch_dial_jobs/{job['id']}/queue", None),
        ("POST", f"/batch_dial_jobs/{job['id']}/paused", {"paused": False}),
        ("GET", f"/batch_dial_jobs/{job['id']}/dials", None),
    ]
    for method, path, body in calls:
        reply = await api.call(method, path, json=body, key=key)
        assert reply.status == 401, (method, path)
        assert reply.body["error"]["code"] == "unauthorized"
    after = await api.call("GET", f"/batch_dial_jobs/{job['id']}")
    assert after.body == job
    assert len((await api.walk("/batch_dial_jobs"))[0]) == 1


async def test_the_key_must_be_sent_as_a_bearer_token(api: RawApi, fake: FakeVogent) -> None:
    """The key in another scheme or header is refused: Bearer is the contract's auth."""
    async with api._session.get(
        fake.base_url + "/batch_dial_jobs", headers={"Authorization": f"Basic {KEY}"}
    ) as basic:
        assert basic.status == 401
    url = fake.base_url + "/batch_dial_jobs"
    async with api._session.get(url, headers={"api_key": KEY}) as alt:
        assert alt.status == 401


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "-3"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"status": "RUNNING"}, "status"),
        ({"status": "active"}, "status"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "A" * 48}, "cursor"),
    ],
)
async def test_invalid_list_parameters_are_400(
    api: RawApi, params: dict[str, str], message: str
) -> None:
    """A bad limit, status or cursor is a 400 whose message names the parameter."""
    reply = await api.call("GET", "/batch_dial_jobs", params=params)

    assert reply.status == 400
    assert reply.body["error"]["code"] == "invalid_request"
    assert message in reply.body["error"]["message"]


async def test_a_body_that_is_not_json_is_400(api: RawApi) -> None:
    """Every route with a body answers 400 to bytes that are not JSON."""
    job = await api.create()
    for method, path in [
        ("POST", "/batch_dial_jobs"),
        ("PUT", f"/batch_dial_jobs/{job['id']}"),
        ("POST", f"/batch_dial_jobs/{job['id']}/paused"),
    ]:
        reply = await api.call(method, path, data=b'{"name": ')
        assert reply.status == 400, path
        assert "not valid JSON" in reply.body["error"]["message"]


async def test_an_invalid_job_is_422_listing_every_problem(api: RawApi) -> None:
    """A create body breaking several rules is a 422 naming each field path at once."""
    body = job_input(2, name="", maxConcurrentDials=0)
    body["rows"][1] = {"toNumber": "555-0100", "inputs": {"n": 1}}
    body["schedule"]["timezone"] = "Mars/Olympus"
    body["schedule"]["days"][0] = {
        "dayOfWeek": 7,
        "timeSlots": [{"startTime": "17:00", "endTime": "09:00"}],
    }

    reply = await api.call("POST", "/batch_dial_jobs", json=body)

    assert reply.status == 422
    details = reply.body["error"]["details"]
    assert details == [
        "maxConcurrentDials: expected an integer >= 1",
        "name: required, a non-empty string",
        "rows[1].toNumber: expected an E.164 number such as +15551234567",
        "rows[1].inputs.n: expected a string",
        "schedule.days[0].dayOfWeek: expected an integer 0 (Sunday) to 6",
        "schedule.days[0].timeSlots[0]: expected endTime after startTime",
        "schedule.timezone: expected an IANA timezone such as America/New_York",
    ]
    assert reply.body["error"]["message"] == (
        "the request body is invalid: maxConcurrentDials: expected an integer >= 1 (and 6 more)"
    )
    assert (await api.walk("/batch_dial_jobs"))[0] == []


_ROW = {"toNumber": "+15550100000"}
_BASE = {"callAgentId": "a", "name": "n", "maxConcurrentDials": 1, "rows": [_ROW]}


@pytest.mark.parametrize(
    "body",
    [
        [],
        {k: v for k, v in _BASE.items() if k != "rows"},
        {**_BASE, "rows": []},
        {**_BASE, "rows": ["+15550100000"]},
        {**_BASE, "maxConcurrentDials": 51},
        {**_BASE, "maxConcurrentDials": True},
        {**_BASE, "callAgentId": 5},
        {**_BASE, "fromPhoneNumberIds": "pn_1"},
    ],
)
async def test_create_bodies_breaking_the_schema_are_422(api: RawApi, body: object) -> None:
    """Missing, empty, mistyped or over-limit create fields are refused with 422."""
    reply = await api.call("POST", "/batch_dial_jobs", json=body)

    assert reply.status == 422
    assert reply.body["error"]["details"]


async def test_invalid_update_and_pause_bodies_are_422(api: RawApi) -> None:
    """PUT with a bad field and /paused without a boolean are 422s that change nothing."""
    job = await api.create()

    update = await api.call(
        "PUT", f"/batch_dial_jobs/{job['id']}", json={"maxConcurrentDials": 0, "schedule": "x"}
    )
    pause = await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": "no"})

    assert update.status == 422
    assert update.body["error"]["details"] == [
        "maxConcurrentDials: expected an integer >= 1",
        "schedule: expected an object",
    ]
    assert pause.status == 422
    assert pause.body["error"]["details"] == ["paused: expected true or false"]
    assert (await api.call("GET", f"/batch_dial_jobs/{job['id']}")).body == job


async def test_unknown_paths_and_methods_answer_json_errors(api: RawApi) -> None:
    """A path the API lacks is a JSON 404, a method it lacks a JSON 405."""
    missing = await api.call("GET", "/nowhere")
    wrong_method = await api.call("DELETE", "/batch_dial_jobs")

    assert missing.status == 404
    assert missing.body["error"]["code"] == "not_found"
    assert wrong_method.status == 405
    assert wrong_method.body["error"]["code"] == "method_not_allowed"


async def test_base_url_and_clock(fake: FakeVogent) -> None:
    """The fake listens on 127.0.0.1 under /api, and its clock starts where it was told."""
    assert fake.base_url.startswith("http://127.0.0.1:")
    assert fake.base_url.endswith("/api")
    assert fake.now == NOW
    assert "127.0.0.1" in repr(fake)
    assert KEY not in repr(fake)


async def test_a_closed_fake_refuses_connections_and_has_no_url() -> None:
    """After the block the port is closed and base_url says the fake is not started."""
    import aiohttp

    async with FakeVogent() as fake:
        url = fake.base_url
    with pytest.raises(RuntimeError, match="not started"):
        _ = fake.base_url
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(url + "/batch_dial_jobs")


def test_a_route_table_keeps_method_path_name_and_paging_on_the_handler() -> None:
    """Each decorator registers its route and hands the handler back unchanged."""
    from vogent_async.testing._routing import Call, Paging, RouteTable

    routes = RouteTable()

    async def handler(call: Call) -> None:
        """A handler."""

    for register in (
        routes.get("/things", name="listThings", paging=Paging("things", 10)),
        routes.post("/things", name="createThing"),
        routes.put("/things/{id}", name="updateThing"),
        routes.delete("/things/{id}", name="deleteThing"),
    ):
        assert register(handler) is handler

    assert [(r.key, r.name, r.paging) for r in routes] == [
        ("GET /things", "listThings", Paging("things", 10)),
        ("POST /things", "createThing", None),
        ("PUT /things/{id}", "updateThing", None),
        ("DELETE /things/{id}", "deleteThing", None),
    ]
