"""The fake as a sandbox: a running clock, and the control plane under ``/_fake``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

import vogent_async
from vogent_async.testing import FakeVogent
from vogent_async.webhooks import DialUpdated

from ..webhooks._serve import Received, serve_receiver
from ..webhooks.conftest import SECRET
from .conftest import AGENT as HELD_AGENT
from .conftest import KEY, RawApi

AGENT = {"id": "agent_1", "name": "Renewals", "language": "en-US"}
NUMBER = {"id": "pn_sandbox", "number": "+15550100001", "type": "PSTN", "agentId": None}
TO = "+15551230000"
FAST = 20_000.0  # fake seconds per real second: the longest call ends in a few ticks


async def _place_call(fake: FakeVogent) -> str:
    fake.seed_groups({"agents": [AGENT], "phone_numbers": [NUMBER]})
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
        session = await client.dials.create(
            call_agent_id="agent_1", to_number=TO, from_number_id="pn_sandbox"
        )
    return session.dial_id


async def _until(check: Any, ticks: int = 400) -> None:
    """Wait (in real time) until ``check()`` is true, for at most ``ticks`` short sleeps."""
    for _ in range(ticks):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


async def test_the_clock_stands_still_unless_given_a_speed() -> None:
    """By default only the test moves time; speed=N moves it with real time."""
    async with FakeVogent(speed=0) as frozen, FakeVogent(speed=FAST) as running:
        start_frozen, start_running = frozen.now, running.now
        await _until(lambda: running.now > start_running)
        assert frozen.now == start_frozen
    assert (frozen.speed, running.speed) == (0.0, FAST)
    with pytest.raises(ValueError, match="speed must be a finite number, 0 or more, got -1"):
        FakeVogent(speed=-1)


async def test_a_placed_call_ends_and_its_webhooks_arrive_on_a_running_clock() -> None:
    """Nobody advances the clock: the call ends by itself and its final status is delivered."""
    received = Received()
    async with (
        serve_receiver("aiohttp", SECRET, received) as url,
        FakeVogent(speed=FAST, webhook_url=url, webhook_secret=SECRET) as fake,
    ):
        dial_id = await _place_call(fake)
        finals = ("completed", "no-answer", "busy", "failed")
        await _until(
            lambda: any(isinstance(e, DialUpdated) and e.status in finals for e in received)
        )
    assert {getattr(event, "dial_id", None) for event in received} == {dial_id}


@pytest.fixture
async def control(fake: FakeVogent) -> AsyncIterator[RawApi]:
    """Raw HTTP to the fake's server root, where ``/_fake/...`` lives."""
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, fake.base_url.removesuffix("/api"))


async def test_advance_moves_the_clock_and_ends_the_call(fake: FakeVogent, control: RawApi) -> None:
    """POST /_fake/advance ends what is due and answers how many, and the new time."""
    dial_id = await _place_call(fake)
    before = fake.now

    reply = await control.call("POST", "/_fake/advance", json={"seconds": 3600})

    assert reply.status == 200, reply.body
    now = fake.now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert reply.body == {"finished": 1, "now": now}
    assert (fake.now - before).total_seconds() == 3600
    dial = (await control.call("GET", f"/api/dials/{dial_id}")).body
    assert dial["status"] not in ("queued", "ringing", "in-progress")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"seconds": -1}, "seconds must be a finite number, 0 or more, got -1"),
        ({"seconds": "10"}, "seconds must be a finite number, 0 or more, got '10'"),
        ({}, "seconds must be a finite number, 0 or more, got None"),
        ([10], 'expected a JSON object, {"seconds": N}'),
        ({"seconds": 1e300}, "seconds must be at most 3153600000 (a century), got 1e+300"),
    ],
)
async def test_a_bad_advance_is_a_400_saying_what_is_wrong(
    control: RawApi, body: Any, words: str
) -> None:
    """The body is checked before the clock moves."""
    reply = await control.call("POST", "/_fake/advance", json=body)
    assert (reply.status, reply.body["error"]["message"]) == (400, words)


async def test_the_control_plane_takes_the_api_key(control: RawApi) -> None:
    """Without the key, or with another, every control route is 401."""
    for key in (None, "wrong"):
        for method, path in [("POST", "/_fake/advance"), ("GET", "/_fake/faults")]:
            reply = await control.call(method, path, json={"seconds": 1}, key=key)
            assert reply.status == 401, (method, path, key)
    reply = await control.call("POST", "/_fake/advance", data=b"{", key=KEY)
    assert (reply.status, reply.body["error"]["message"]) == (
        400,
        "the request body is not valid JSON",
    )


async def test_seed_adds_wire_bodies_the_api_then_serves(control: RawApi) -> None:
    """POST /_fake/seed/{group} seeds the group and answers the new ids."""
    reply = await control.call("POST", "/_fake/seed/phone_numbers", json=[NUMBER])
    assert (reply.status, reply.body) == (200, {"ids": ["pn_sandbox"]})
    listed = await control.call("GET", "/api/phone_numbers")
    assert NUMBER["number"] in [n["number"] for n in listed.body["data"]]


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/_fake/seed/nope", [], 404, "no group 'nope' to seed; the groups are: agents, "),
        ("/_fake/seed/agents", {"id": "a"}, 400, "agents: expected a JSON array of objects"),
        ("/_fake/seed/agents", [AGENT, 3], 400, "agents[1]: expected an object, got a number"),
        (
            "/_fake/seed/agents",
            [AGENT, AGENT],
            400,
            "agents.seed: item 1: id: 'agent_1' is already",
        ),
    ],
)
async def test_a_refused_seed_is_an_error_saying_what_is_wrong(
    control: RawApi, path: str, body: Any, status: int, words: str
) -> None:
    """An unknown group is 404; a body that is not a list of good items is 400."""
    reply = await control.call("POST", path, json=body)
    assert reply.status == status
    assert reply.body["error"]["message"].startswith(words), reply.body


async def test_fault_rules_are_added_listed_and_cleared(control: RawApi) -> None:
    """POST /_fake/faults scripts what fake.faults.add does; GET lists, DELETE clears."""
    rule = {"route": "GET /phone_numbers", "status": 503, "retryAfter": 2}
    added = await control.call("POST", "/_fake/faults", json=rule)
    failed = await control.call("GET", "/api/phone_numbers")
    passed = await control.call("GET", "/api/phone_numbers")
    listed = await control.call("GET", "/_fake/faults")
    cleared = await control.call("DELETE", "/_fake/faults")

    assert added.status == 200, added.body
    assert added.body == {
        "route": "GET /phone_numbers",
        "status": 503,
        "times": 1,
        "after": 0,
        "retryAfter": 2,
        "delay": 0.0,
        "disconnect": False,
        "malformed": False,
        "repeatCursor": False,
        "body": None,
        "hits": 0,
    }
    assert (failed.status, failed.headers["Retry-After"], passed.status) == (503, "2", 200)
    assert [r["hits"] for r in listed.body["faults"]] == [1]
    assert cleared.body == {"removed": 1}
    assert (await control.call("GET", "/_fake/faults")).body == {"faults": []}


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            {"status": "503"},
            "invalid fault rule: status: expected an error status 400-599, got '503'",
        ),
        (
            {"status": True},
            "invalid fault rule: status: expected an error status 400-599, got True",
        ),
        ({"statu": 503}, "unknown field 'statu' in the fault rule; the fields: route, status, "),
        ({"route": "GET /nope", "status": 500}, "unknown route 'GET /nope'; known routes: "),
        ({"route": "GET /agents"}, "a rule needs status, disconnect, malformed, repeat_cursor"),
        ("503", "expected a JSON object, a fault rule"),
    ],
)
async def test_a_bad_fault_rule_is_a_400_saying_what_is_wrong(
    control: RawApi, fake: FakeVogent, rule: Any, words: str
) -> None:
    """Types are checked field by field, then the rule as the in-process fake checks it."""
    reply = await control.call("POST", "/_fake/faults", json=rule)
    assert reply.status == 400
    assert reply.body["error"]["message"].startswith(words), reply.body
    assert len(fake.faults) == 0


JOB = {
    "id": "job_1",
    "name": "Renewals March",
    "status": "COMPLETE",
    "maxConcurrentDials": 5,
    "callAgentId": HELD_AGENT,
    "createdAt": "2026-03-01T09:00:00.000Z",
    "schedule": None,
}


async def test_batch_dial_jobs_are_seeded_from_their_wire_bodies(
    control: RawApi, fake: FakeVogent
) -> None:
    """POST /_fake/seed/batch_dial_jobs takes BatchDialJob bodies, listed as given."""
    reply = await control.call("POST", "/_fake/seed/batch_dial_jobs", json=[JOB])
    assert (reply.status, reply.body) == (200, {"ids": ["job_1"]})
    assert (await control.call("GET", "/api/batch_dial_jobs/job_1")).body == JOB
    [drawn] = fake.seed_jobs([{k: v for k, v in JOB.items() if k not in ("id", "createdAt")}])
    assert fake.job(drawn)["createdAt"] == "2026-03-02T15:00:00.000Z"  # the fake's now
    listed = (await control.call("GET", "/api/batch_dial_jobs")).body["data"]
    assert [job["id"] for job in listed] == [drawn, "job_1"]  # newest first


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "DONE"}, "item 0: status: expected one of INIT, ACTIVE, PAUSED, COMPLETE"),
        ({"maxConcurrentDials": "5"}, "item 0: maxConcurrentDials: expected an integer"),
        ({"callAgentId": "agent_typo"}, "item 0: callAgentId: no agent with id 'agent_typo'"),
        ({"createdAt": "March"}, "item 0: createdAt: expected an RFC 3339 date-time, got 'March'"),
    ],
)
async def test_a_job_body_the_client_cannot_read_is_refused(
    control: RawApi, fake: FakeVogent, change: dict[str, Any], words: str
) -> None:
    """Nothing is seeded: the 400 names the group, the item and the field."""
    reply = await control.call("POST", "/_fake/seed/batch_dial_jobs", json=[{**JOB, **change}])
    assert reply.status == 400
    assert reply.body["error"]["message"].startswith(f"batch_dial_jobs.seed: {words}"), reply.body
    twice = await control.call("POST", "/_fake/seed/batch_dial_jobs", json=[JOB, JOB])
    assert (
        twice.body["error"]["message"]
        == "batch_dial_jobs.seed: item 1: id: 'job_1' is already taken"
    )
    assert (await control.call("GET", "/api/batch_dial_jobs")).body["data"] == []
