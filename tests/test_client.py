"""Client set-up and life cycle, and listing jobs through the whole stack."""

from __future__ import annotations

import gc
import logging
import re
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses

import vogent_async

from .conftest import API_KEY, BASE, job_json

JOBS = re.compile(re.escape(f"{BASE}/batch_dial_jobs") + r"(\?.*)?$")


def test_missing_key_says_how_to_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a key anywhere, construction fails with a message naming both ways to set it."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    with pytest.raises(vogent_async.MissingAPIKeyError, match="VOGENT_API_KEY"):
        vogent_async.Client()


def test_key_and_base_url_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """VOGENT_API_KEY and VOGENT_BASE_URL are the fallbacks; the default is the public API."""
    monkeypatch.setenv("VOGENT_API_KEY", API_KEY)
    monkeypatch.delenv("VOGENT_BASE_URL", raising=False)
    assert vogent_async.Client().base_url == "https://api.vogent.ai/api"
    monkeypatch.setenv("VOGENT_BASE_URL", "https://eu.example.test/api/")
    assert vogent_async.Client().base_url == "https://eu.example.test/api"


@pytest.mark.parametrize(
    "url",
    [
        "http://api.vogent.ai/api",
        "http://10.0.0.5:8080",
        "ftp://api.vogent.ai",
        "api.vogent.ai",
        "http://api.localhost/api",
        "http://evil.localhost:8080",
        "http://localhost.evil.test",
    ],
)
def test_insecure_base_url_is_refused(url: str) -> None:
    """A base URL that would send the key in clear text is refused before anything is sent.

    ``*.localhost`` names are refused too: they are resolved like any name, and the
    resolver may not send them to loopback.
    """
    with pytest.raises(vogent_async.InsecureTransportError):
        vogent_async.Client(API_KEY, base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/api",
        "http://localhost:1",
        "http://LOCALHOST:1",
        "http://[::1]:9/api",
        "http://127.8.9.1",
    ],
)
def test_plain_http_is_allowed_to_loopback(url: str) -> None:
    """``localhost`` and literal loopback addresses may use http:// (the fake runs there)."""
    assert vogent_async.Client(API_KEY, base_url=url).base_url == url.rstrip("/")


def test_repr_shows_the_url_never_the_key() -> None:
    """repr() names the base URL and hides the key."""
    client = vogent_async.Client(API_KEY, base_url=BASE)
    assert repr(client) == f"<vogent_async.Client base_url={BASE!r}>"
    assert API_KEY not in repr(client) + str(client)


def test_constructing_outside_a_loop_makes_no_session() -> None:
    """A client built in synchronous code (e.g. at import time) opens nothing yet."""
    client = vogent_async.Client(API_KEY, base_url=BASE)
    assert client._sender.session is None


async def test_close_is_idempotent_and_a_closed_client_sends_nothing(
    mocked: aioresponses,
) -> None:
    """close() may be called twice; afterwards every call raises ClientClosedError."""
    client = vogent_async.Client(API_KEY, base_url=BASE)
    mocked.get(JOBS, payload={"data": [], "cursor": None})
    assert await client.batch_dial_jobs.list().to_list() == []
    await client.close()
    await client.close()
    assert client.closed
    assert "closed" in repr(client)
    with pytest.raises(vogent_async.ClientClosedError):
        await client.batch_dial_jobs.list().to_list()
    assert sum(len(calls) for calls in mocked.requests.values()) == 1


async def test_callers_session_is_used_and_left_open(mocked: aioresponses) -> None:
    """A session passed in is used for requests and never closed by the client."""
    async with aiohttp.ClientSession() as session:
        mocked.get(JOBS, payload={"data": [job_json(1)], "cursor": None})
        async with vogent_async.Client(API_KEY, base_url=BASE, session=session) as client:
            jobs = await client.batch_dial_jobs.list().to_list()
            assert client._sender.session is session
        assert [j.id for j in jobs] == ["job_1"]
        assert not session.closed


async def test_dropping_an_open_client_warns(mocked: aioresponses) -> None:
    """A client garbage-collected with its session open emits a ResourceWarning."""
    mocked.get(JOBS, payload={"data": [], "cursor": None})
    client = vogent_async.Client(API_KEY, base_url=BASE)
    await client.batch_dial_jobs.list().to_list()
    session = client._sender.session
    assert session is not None
    with pytest.warns(ResourceWarning, match="unclosed <vogent_async.Client"):
        client.__del__()
    await session.close()
    del client
    gc.collect()


async def test_list_sends_filters_only_when_given(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Filters map to the API's query names; unset ones are not sent."""
    mocked.get(JOBS, payload={"data": [], "cursor": None})
    mocked.get(JOBS, payload={"data": [], "cursor": None})
    await client.batch_dial_jobs.list().to_list()
    await client.batch_dial_jobs.list(
        status=vogent_async.BatchDialJobStatus.PAUSED,
        call_agent_id="ag/1",
        user_id="u1",
        page_size=50,
    ).to_list()
    first, second = [url for (_, url), calls in mocked.requests.items() for _ in calls]
    assert dict(first.query) == {}
    assert dict(second.query) == {
        "limit": "50",
        "status": "PAUSED",
        "callAgentId": "ag/1",
        "userId": "u1",
    }


async def test_list_applies_per_call_overrides_to_every_page(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """max_retries given to list() applies to each page request."""
    mocked.get(JOBS, payload={"data": [job_json(1)], "cursor": "p2"})
    mocked.get(JOBS, status=503)
    pager = client.batch_dial_jobs.list(max_retries=0, timeout=3.0)
    with pytest.raises(vogent_async.InternalServerError):
        await pager.to_list()
    assert sum(len(calls) for calls in mocked.requests.values()) == 2


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"data": []}, "cursor: required field is missing"),
        ({"cursor": None}, "data: required field is missing"),
        ({"data": [], "cursor": 7}, "cursor: expected a non-empty string or null"),
        ({"data": [], "cursor": ""}, "cursor: expected a non-empty string or null"),
        ({"data": {}, "cursor": None}, "data: expected an array"),
        ([], "$: expected an object"),
        (
            {"data": [job_json(0), job_json(1, maxConcurrentDials="x")], "cursor": None},
            "data[1].maxConcurrentDials: expected an integer",
        ),
    ],
)
async def test_page_that_does_not_fit_raises_validation_error(
    client: vogent_async.Client, mocked: aioresponses, body: Any, problem: str
) -> None:
    """A list page off the contract raises ResponseValidationError naming the path."""
    mocked.get(JOBS, payload=body)
    with pytest.raises(vogent_async.ResponseValidationError) as info:
        await client.batch_dial_jobs.list().to_list()
    assert any(e.startswith(problem) for e in info.value.errors), info.value.errors
    assert problem.split(":")[0] in str(info.value)
    assert info.value.status_code == 200
    assert info.value.body  # the raw body is kept for diagnosis


async def test_invalid_json_page_raises_validation_error(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """A truncated JSON page is a ResponseValidationError, not a JSONDecodeError."""
    mocked.get(JOBS, body='{"data": [{"id": "j', content_type="application/json")
    with pytest.raises(vogent_async.ResponseValidationError, match="not valid JSON"):
        await client.batch_dial_jobs.list().to_list()


async def test_unknown_fields_and_enum_values_are_tolerated(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """New server fields and statuses decode instead of failing the page."""
    mocked.get(
        JOBS,
        payload={
            "data": [job_json(1, status="ARCHIVED", rowsTotal=10)],
            "cursor": None,
            "total": 1,
        },
    )
    (job,) = await client.batch_dial_jobs.list().to_list()
    assert job.status == "ARCHIVED"


async def test_the_key_never_appears_in_errors_or_logs(
    client: vogent_async.Client, mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    """Errors (message, headers, body, causes) and DEBUG logs never contain the key."""
    caplog.set_level(logging.DEBUG)
    mocked.get(
        JOBS,
        status=401,
        payload={"message": "bad key"},
        headers={"WWW-Authenticate": f"Bearer {API_KEY}", "X-Request-Id": "r1"},
    )
    with pytest.raises(vogent_async.AuthenticationError) as info:
        await client.batch_dial_jobs.list().to_list()
    error = info.value
    texts = [str(error), repr(error), repr(error.headers), repr(error.body), repr(error.__cause__)]
    texts += [r.getMessage() for r in caplog.records]
    assert all(API_KEY not in text for text in texts)
    assert error.headers == {"Content-Type": "application/json", "X-Request-Id": "r1"}
