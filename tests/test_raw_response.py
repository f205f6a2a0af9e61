"""with_raw_response: status and headers of a successful call, for any method (issue 18, item 7)."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from aioresponses import aioresponses

import vogent_async
from vogent_async import BatchDialJob, BatchDialJobStatus, RawResponse, with_raw_response

from .conftest import BASE, job_json

JOBS = f"{BASE}/batch_dial_jobs"


async def test_a_call_returns_status_headers_and_the_result(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """The wrapped method takes the same arguments and returns the parsed job alongside."""
    mocked.get(f"{JOBS}/job_1", payload=job_json(1), headers={"X-Request-Id": "req-1"})
    raw = await with_raw_response(client.batch_dial_jobs.get)("job_1", max_retries=0)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-1"  # looked up case-insensitively
    assert isinstance(raw.parsed, BatchDialJob)
    assert raw.parsed.id == "job_1"


async def test_the_response_is_the_one_after_retries(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A retried call reports the successful attempt, not the failed one."""
    mocked.post(f"{JOBS}/job_1/paused", status=503, headers={"X-Attempt": "1"})
    mocked.post(f"{JOBS}/job_1/paused", status=202, payload=job_json(1), headers={"X-Attempt": "2"})
    raw = await with_raw_response(client.batch_dial_jobs.resume)("job_1")
    assert (raw.status_code, raw.headers["X-Attempt"]) == (202, "2")


async def test_concurrent_calls_each_get_their_own_response(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """The slot lives in the task's context, so parallel calls never see each other's."""
    for n in range(5):
        mocked.get(f"{JOBS}/job_{n}", payload=job_json(n), headers={"X-Job": str(n)})
    get = with_raw_response(client.batch_dial_jobs.get)
    raws = await asyncio.gather(*(get(f"job_{n}") for n in range(5)))
    assert [(r.headers["X-Job"], r.parsed.id) for r in raws] == [
        (str(n), f"job_{n}") for n in range(5)
    ]


async def test_without_the_wrapper_nothing_is_kept(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Plain calls are unchanged and a failed wrapped call raises the API error as usual."""
    mocked.get(f"{JOBS}/job_1", payload=job_json(1))
    mocked.get(f"{JOBS}/nope", status=404, payload={"message": "not found"})
    assert (await client.batch_dial_jobs.get("job_1")).id == "job_1"
    with pytest.raises(vogent_async.NotFoundError):
        await with_raw_response(client.batch_dial_jobs.get)("nope")


async def test_a_method_that_sends_nothing_is_a_type_error() -> None:
    """Wrapping something that never calls the API says so instead of inventing a status."""

    async def local() -> int:
        return 1

    with pytest.raises(TypeError, match=r"local made no API request"):
        await with_raw_response(local)()


def test_status_enum_is_the_typed_status() -> None:
    """status_enum gives the enum for a known status and None for one added later."""
    from vogent_async._client import _CONVERTER

    known = _CONVERTER.structure(job_json(1, status="PAUSED"), BatchDialJob)
    later = _CONVERTER.structure(job_json(2, status="ARCHIVED"), BatchDialJob)
    assert known.status_enum is BatchDialJobStatus.PAUSED
    assert (later.status, later.status_enum) == ("ARCHIVED", None)


async def test_a_method_that_walks_a_listing_reports_its_last_response(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """agents.get reads pages until it finds the agent: the raw response is the last page's."""
    samples = Path(__file__).parent / "samples" / "agents"
    agent = json.loads((samples / "list_agents.response.json").read_text())["data"][0]
    agents = re.compile(re.escape(f"{BASE}/agents") + r"\?.*")
    other = {**agent, "id": "agent_other"}
    mocked.get(agents, payload={"data": [other], "cursor": "c1"}, headers={"X-Page": "1"})
    mocked.get(agents, payload={"data": [agent], "cursor": None}, headers={"X-Page": "2"})

    raw = await with_raw_response(client.agents.get)(agent["id"])

    assert raw.headers["X-Page"] == "2"
    assert raw.parsed.id == agent["id"]
