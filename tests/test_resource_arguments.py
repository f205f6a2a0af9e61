"""Arguments every resource method shares, checked at the door (issue 18, item 1).

Listings are lazy, so their arguments are checked when ``list*()`` is called,
not when iteration starts; nothing is ever sent for a bad one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

import vogent_async
from vogent_async import BatchDialJobStatus, InvalidRequestError

from .conftest import BASE, job_json

JOBS = f"{BASE}/batch_dial_jobs"
EMPTY: dict[str, Any] = {"data": [], "cursor": None}


@pytest.mark.parametrize(
    ("page_size", "error", "message"),
    [
        (0, ValueError, r"page_size must be an int >= 1, got 0"),
        (-1, ValueError, r"page_size must be an int >= 1, got -1"),
        (True, TypeError, r"page_size must be an int >= 1, got bool True"),
        (2.5, TypeError, r"page_size must be an int >= 1, got float 2\.5"),
        ("10", TypeError, r"page_size must be an int >= 1, got str '10'"),
    ],
)
async def test_page_size_must_be_a_positive_int(
    client: vogent_async.Client,
    mocked: aioresponses,
    page_size: Any,
    error: type[Exception],
    message: str,
) -> None:
    """list_dials(page_size=0 | -1 | True | 2.5) raises at once instead of sending limit=..."""
    jobs = client.batch_dial_jobs
    for listing in (jobs.list, lambda **o: jobs.list_dials("job_1", **o), client.models.list):
        with pytest.raises(error, match=message):
            listing(page_size=page_size)
    assert mocked.requests == {}


@pytest.mark.parametrize(
    "status", [BatchDialJobStatus.ACTIVE, "ACTIVE", "active", "Active", "aCtIvE"]
)
async def test_status_filter_takes_the_enum_or_a_value_in_any_case(
    client: vogent_async.Client, mocked: aioresponses, status: Any
) -> None:
    """status="active" is normalised to the API's ACTIVE."""
    mocked.get(re.compile(re.escape(JOBS) + r"\?.*"), payload=EMPTY)
    assert await client.batch_dial_jobs.list(status=status).to_list() == []
    ((_, url),) = mocked.requests
    assert dict(URL(url).query) == {"status": "ACTIVE"}


async def test_a_status_that_is_none_of_the_values_is_refused(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """An unknown status string is an InvalidRequestError listing the accepted values."""
    with pytest.raises(InvalidRequestError) as caught:
        client.batch_dial_jobs.list(status="running")
    assert caught.value.problems == (
        "status: expected one of 'INIT', 'ACTIVE', 'PAUSED', 'COMPLETE', 'CANCELLED' "
        "(any case), got 'running'",
    )
    assert mocked.requests == {}


@pytest.mark.parametrize("status", [1, True, b"ACTIVE", ["ACTIVE"]])
async def test_a_status_of_another_type_is_a_type_error(
    client: vogent_async.Client, mocked: aioresponses, status: Any
) -> None:
    """status=1 does not go to the server: TypeError naming the argument and the values."""
    with pytest.raises(TypeError, match=r"^status must be a BatchDialJobStatus or one of 'INIT'"):
        client.batch_dial_jobs.list(status=status)
    assert mocked.requests == {}


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"call_agent_id": ""}, "call_agent_id: expected a non-empty string, got str ''"),
        ({"user_id": 7}, "user_id: expected a non-empty string, got int 7"),
        (
            {"cursor": "c\ud800"},
            "cursor: not valid text: '\\ud800' at index 1 is a lone surrogate",
        ),
    ],
)
async def test_filters_and_cursors_must_be_text(
    client: vogent_async.Client, mocked: aioresponses, arguments: dict[str, Any], problem: str
) -> None:
    """An empty filter or cursor, or one that cannot be encoded, is refused at once."""
    with pytest.raises(InvalidRequestError) as caught:
        client.batch_dial_jobs.list(**arguments)
    assert caught.value.problems == (problem,)
    assert mocked.requests == {}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"max_items": -1}, ValueError),
        ({"max_pages": 1.5}, TypeError),
        ({"max_items": True}, TypeError),
        ({"timeout": 0}, ValueError),
        ({"max_retries": -5}, ValueError),
        ({"total_timeout": "5"}, TypeError),
        ({"extra_headers": {"Authorization": "Bearer other"}}, ValueError),
        ({"retries": 3}, TypeError),
    ],
)
async def test_paging_and_request_options_are_checked_when_listing(
    client: vogent_async.Client, mocked: aioresponses, arguments: dict[str, Any], error: type
) -> None:
    """A bad paging or per-call option fails list() itself, before any page is fetched."""
    with pytest.raises(error):
        client.batch_dial_jobs.list_queued("job_1", **arguments)
    assert mocked.requests == {}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [({"timeout": -1}, ValueError), ({"max_retries": 2.5}, TypeError), ({"nope": 1}, TypeError)],
)
async def test_request_options_are_checked_before_a_call_is_sent(
    client: vogent_async.Client, mocked: aioresponses, arguments: dict[str, Any], error: type
) -> None:
    """Every method checks its per-call options before anything is sent."""
    with pytest.raises(error):
        await client.batch_dial_jobs.get("job_1", **arguments)
    with pytest.raises(error):
        await client.batch_dial_jobs.pause("job_1", **arguments)
    assert mocked.requests == {}


async def test_the_options_of_0_1_keep_working(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """timeout=, max_retries= and total_timeout= by name, plus the new extra_headers."""
    mocked.get(f"{JOBS}/job_1", payload=job_json(1))
    job = await client.batch_dial_jobs.get(
        "job_1", timeout=5, max_retries=0, total_timeout=9.5, extra_headers={"X-Trace": "t-1"}
    )
    assert job.id == "job_1"
    ((_, calls),) = mocked.requests.items()
    assert calls[0].kwargs["headers"]["X-Trace"] == "t-1"
