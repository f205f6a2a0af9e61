"""Error messages that say what to do (issue 27, item 6)."""

from __future__ import annotations

import json

import pytest

import vogent_async
from vogent_async._transport._responses import status_error
from vogent_async.testing import FakeVogent


def test_a_422_states_the_servers_reason_once() -> None:
    """A detail the message already holds is not repeated in parentheses."""
    reason = "callAgentId: no agent with id 'a'"
    message = f"the request body is invalid: {reason}"
    body = json.dumps({"error": {"message": message, "details": [reason]}}).encode()

    error = status_error("POST", "/dials", 422, {}, body)

    assert str(error) == (
        "POST /dials failed with 422: the request body is invalid: "
        "callAgentId: no agent with id 'a'"
    )


def test_details_that_add_something_are_still_shown() -> None:
    body = b'{"message": "invalid", "details": ["name: required", "invalid"]}'

    error = status_error("POST", "/agents", 422, {}, body)

    assert str(error) == "POST /agents failed with 422: invalid (name: required)"


async def test_a_422_from_the_fake_names_the_reason_once(fake_vogent: FakeVogent) -> None:
    fake_vogent.agents.seed(1)  # from now on a job must name one of the fake's agents
    async with vogent_async.Client(api_key=fake_vogent.api_key, base_url=fake_vogent.base_url) as c:
        with pytest.raises(vogent_async.UnprocessableEntityError) as caught:
            await c.batch_dial_jobs.create(
                name="n",
                call_agent_id="agent_nobody",
                max_concurrent_dials=1,
                rows=[{"toNumber": "+15550100000"}],
            )
    assert str(caught.value).count("no agent with id 'agent_nobody'") == 1


async def test_a_plain_for_over_a_pager_says_to_use_async_for(fake_vogent: FakeVogent) -> None:
    async with vogent_async.Client(api_key=fake_vogent.api_key, base_url=fake_vogent.base_url) as c:
        pager = c.batch_dial_jobs.list()
        with pytest.raises(TypeError, match=r"'async for item in pager'.*not a plain 'for'"):
            for _ in pager:  # type: ignore[attr-defined]
                pass
        with pytest.raises(TypeError, match="async for"):
            list(pager)  # type: ignore[call-overload]
    assert fake_vogent.requests == []  # nothing was fetched


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.batch_dial_jobs.get("job_1"),
        lambda c: c.dials.get("dial_1"),
        lambda c: c.agents.get("agent_1"),
        lambda c: c.phone_numbers.search("415"),
        lambda c: c.batch_dial_jobs.list().to_list(),
    ],
)
async def test_a_404_under_a_root_without_api_says_so(
    fake_vogent: FakeVogent, call: object
) -> None:
    """Every route: the hint is in the transport, not in a method."""
    root = fake_vogent.base_url.removesuffix("/api")
    async with vogent_async.Client(api_key=fake_vogent.api_key, base_url=root) as c:
        with pytest.raises(vogent_async.NotFoundError) as caught:
            await call(c)  # type: ignore[operator]
    assert f"(the API root usually ends in /api: is the base URL {root} right?)" in str(
        caught.value
    )


async def test_a_404_under_the_api_root_has_no_hint(fake_vogent: FakeVogent) -> None:
    async with vogent_async.Client(api_key=fake_vogent.api_key, base_url=fake_vogent.base_url) as c:
        with pytest.raises(vogent_async.NotFoundError) as caught:
            await c.batch_dial_jobs.get("job_missing")
    assert "/api" not in str(caught.value)
